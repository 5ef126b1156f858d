/**
 * Contacts: Email Delivered and outbound Contact Made feed the per-department contact tallies
 * and the recent-contacts list that contact-pressure rules read; Email Marked as Spam withdraws
 * email consent. Email Opened / Link Clicked / Bounced only count (no handler).
 */
import { type ContactKind, type CustomerState, LIMITS } from './state-types.js';
import { setConsent } from './consent-effects.js';
import type { EffectTable } from './effect-support.js';
import { appended, label } from './values.js';

/** Handlers for the email and contact categories. */
export const CONTACT_EFFECTS: EffectTable = [
  ['Email Delivered', (s, p, d, at) => recordContact(s, d, 'email', label(p['purpose']), 'Email Delivered', at, viaDecision(p))],
  ['Email Marked as Spam', (s, _p, d, at, seq) => setConsent(s, 'email', false, d, at, seq)],
  ['Contact Made', (s, p, d, at) => {
    const direction = p['direction'];
    if (direction !== undefined && direction !== 'outbound') return;
    const channel = label(p['channel']);
    if (channel !== undefined) recordContact(s, d, channel, label(p['purpose']), 'Contact Made', at, viaDecision(p));
  }],
];

/** A contact that names the Tutti decision that allowed it: that decision's cap reservation already counts it. */
function viaDecision(p: Record<string, unknown>): boolean {
  return typeof p['decision_id'] === 'string' && p['decision_id'] !== '';
}

function recordContact(s: CustomerState, department: string, channel: string, purpose: string | undefined, event: string, at: number, decided: boolean): void {
  const tallies = s.contacts;
  let found = false;
  if (tallies !== null) {
    for (const t of tallies) {
      if (t.department === department && t.channel === channel) {
        t.count++;
        if (at > t.lastAt) t.lastAt = at;
        found = true;
        break;
      }
    }
  }
  if (!found && (tallies?.length ?? 0) < LIMITS.contactTallies) s.contacts = appended(tallies, { department, channel, count: 1, lastAt: at });

  // Recent contacts stay sorted by time, so an old contact arriving late lands in its place
  // (or falls off the front of a full list). Times and (shared) kinds sit in parallel arrays:
  // 16 bytes a contact instead of ~80 for an object with a boxed timestamp.
  const kind = contactKind(department, channel, event, purpose, decided);
  const recent = s.recentContacts;
  if (recent === null) {
    s.recentContacts = { at: [at], kind: [kind] };
    return;
  }
  const times = recent.at;
  let i = times.length;
  while (i > 0 && (times[i - 1] ?? 0) > at) i--;
  const full = times.length >= LIMITS.recentContacts;
  if (full && i === 0) return;
  const from = full ? 1 : 0;
  if (i === times.length) {
    recent.at = (full ? times.slice(1) : times).concat([at]);
    recent.kind = (full ? recent.kind.slice(1) : recent.kind).concat([kind]);
  } else {
    recent.at = times.slice(from, i).concat([at], times.slice(i));
    recent.kind = recent.kind.slice(from, i).concat([kind], recent.kind.slice(i));
  }
}

const kinds = new Map<string, ContactKind>();
const KIND_CAP = 50_000;

/** The shared, frozen kind object for these values (bounded cache; past it, a fresh object). */
export function contactKind(department: string, channel: string, event: string, purpose: string | undefined, viaDecision = false): ContactKind {
  const key = `${department}\u0000${channel}\u0000${event}\u0000${purpose ?? ''}\u0000${viaDecision ? 1 : 0}`;
  const hit = kinds.get(key);
  if (hit !== undefined) return hit;
  const base = purpose === undefined ? { department, channel, event } : { department, channel, event, purpose };
  const kind: ContactKind = Object.freeze(viaDecision ? { ...base, viaDecision: true as const } : base);
  if (kinds.size < KIND_CAP) kinds.set(key, kind);
  return kind;
}
