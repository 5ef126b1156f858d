/**
 * What each catalogued track event does to the customer state (src/core/catalogue.ts names the
 * events and their snake_case properties). One handler per event name; a name without a handler
 * drives no state beyond the generic effects in customer-state.ts.
 *
 * The handlers live by event category: order-effects.ts (orders, refunds, disputes),
 * contact-effects.ts (email, contacts), consent-effects.ts, ticket-effects.ts (tickets,
 * complaints) and shipment-effects.ts; the few one-liners for surveys, promises and the
 * lifecycle are below. This module joins them into the one lookup table.
 */
import type { CustomerState } from './state-types.js';
import { CONSENT_EFFECTS } from './consent-effects.js';
import { CONTACT_EFFECTS } from './contact-effects.js';
import type { EffectHandler, EffectTable } from './effect-support.js';
import { ORDER_EFFECTS } from './order-effects.js';
import { closePromise, makePromise, renegotiatePromise } from './promise-effects.js';
import { SHIPMENT_EFFECTS } from './shipment-effects.js';
import { TICKET_EFFECTS } from './ticket-effects.js';
import { idOf, isNewer, parseTime, text, type Obj } from './values.js';

export { applyConsentMap, setConsent } from './consent-effects.js';
export { contactKind } from './contact-effects.js';

const SURVEY_EFFECTS: EffectTable = [
  ['Survey Answered', (s, p, _d, at, seq) => {
    const kind = p['survey'];
    if (kind !== 'nps' && kind !== 'csat') return;
    const score = p['score'];
    if (typeof score !== 'number' || !(score >= 0 && score <= 10)) return;
    const current = s[kind];
    if (current !== null && !isNewer(at, seq, current.at, current.seq)) return;
    const comment = text(p['comment'], 280);
    s[kind] = comment === undefined ? { score: score + 0, at, seq } : { score: score + 0, at, seq, comment };
  }],
];

/** The promise ledger itself is promise-effects.ts; these only read the event. */
const PROMISE_EFFECTS: EffectTable = [
  ['Promise Made', (s, p, d, at) => makePromise(s, p, d, at)],
  ['Promise Kept', (s, p, _d, at) => explicitOutcome(s, p, 'kept', at)],
  ['Promise Broken', (s, p, _d, at) => explicitOutcome(s, p, 'broken', at)],
  ['Promise Cancelled', (s, p, _d, at) => explicitOutcome(s, p, 'cancelled', at)],
  ['Promise Renegotiated', (s, p) => {
    const id = idOf(p['promise_id']);
    const due = parseTime(p['new_due_at']);
    if (id !== undefined && due !== null) renegotiatePromise(s, id, due);
  }],
];

// Lead Created only counts.
const LIFECYCLE_EFFECTS: EffectTable = [
  ['Customer Churned', (s, _p, _d, at) => {
    if (s.churnedAt === null || at > s.churnedAt) s.churnedAt = at;
  }],
];

const handlers = new Map<string, EffectHandler>([
  ...ORDER_EFFECTS,
  ...CONTACT_EFFECTS,
  ...TICKET_EFFECTS,
  ...SHIPMENT_EFFECTS,
  ...SURVEY_EFFECTS,
  ...PROMISE_EFFECTS,
  ...CONSENT_EFFECTS,
  ...LIFECYCLE_EFFECTS,
]);

/** Applies the catalogue effect of a track event, if its name has one. */
export function applyCatalogueEffect(s: CustomerState, event: string, p: Obj, department: string, at: number, seq: number): void {
  const handler = handlers.get(event);
  if (handler !== undefined) handler(s, p, department, at, seq);
}

function explicitOutcome(s: CustomerState, p: Obj, outcome: 'kept' | 'broken' | 'cancelled', at: number): void {
  const id = idOf(p['promise_id']);
  if (id !== undefined) closePromise(s, id, outcome, at);
}
