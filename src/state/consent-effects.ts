/**
 * Consent: Unsubscribed and Consent Updated, and the per-purpose consent facts that Email
 * Marked as Spam and Segment's consent preferences (customer-state.ts) also write.
 */
import { type CustomerState, LIMITS } from './state-types.js';
import type { EffectTable } from './effect-support.js';
import { appended, isNewer, isObject, label, type Obj } from './values.js';

/** Handlers for the consent category. */
export const CONSENT_EFFECTS: EffectTable = [
  ['Unsubscribed', (s, p, d, at, seq) => setConsent(s, label(p['purpose']) ?? 'marketing', false, d, at, seq)],
  ['Consent Updated', (s, p, d, at, seq) => {
    const purposes = p['purposes'];
    if (isObject(purposes)) applyConsentMap(s, purposes, d, at, seq);
  }],
  // 'Segment Consent Preference Updated' carries its purposes in context (handled for every
  // event by customer-state.ts), so it has no handler here.
];

/** Consent per purpose: latest (timestamp, seq) wins. */
export function setConsent(state: CustomerState, purpose: string, granted: boolean, department: string, at: number, seq: number): void {
  const list = state.consent;
  if (list !== null) {
    for (const fact of list) {
      if (fact.purpose !== purpose) continue;
      if (!isNewer(at, seq, fact.at, fact.seq)) return;
      fact.granted = granted;
      fact.at = at;
      fact.seq = seq;
      fact.department = department;
      return;
    }
    if (list.length >= LIMITS.consentPurposes) return;
  }
  state.consent = appended(list, { purpose, granted, at, seq, department });
}

/** A purpose → boolean map (Consent Updated properties.purposes, Segment categoryPreferences). */
export function applyConsentMap(state: CustomerState, map: Obj, department: string, at: number, seq: number): void {
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    const granted = map[key];
    if (typeof granted !== 'boolean') continue;
    const purpose = label(key);
    if (purpose !== undefined) setConsent(state, purpose, granted, department, at, seq);
  }
}
