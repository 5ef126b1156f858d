/**
 * What each catalogued track event does to the customer state (src/core/catalogue.ts names the
 * events and their snake_case properties). One handler per event name; a name without a handler
 * drives no state beyond the generic effects in customer-state.ts.
 */
import {
  type ContactKind,
  type CustomerState,
  LIMITS,
  type OpenComplaint,
  type OpenTicket,
  type OrderStats,
  type PendingShipment,
  type TombstoneKind,
} from './state-types.js';
import { closePromise, makePromise, renegotiatePromise } from './promise-effects.js';
import { addMoney, appended, idOf, isNewer, isObject, label, nonNegative, parseTime, removedAt, text, type Obj } from './values.js';

type Handler = (s: CustomerState, p: Obj, department: string, at: number, seq: number) => void;

/** Ticket or complaint statuses that mean "closed" in the usual help-desk tools. */
const CLOSED_STATUSES = new Set(['resolved', 'closed', 'solved', 'done', 'cancelled', 'canceled']);
const SEVERITIES = new Set(['low', 'medium', 'high']);

const handlers = new Map<string, Handler>([
  // Orders
  ['Order Completed', (s, p, _d, at) => {
    const o = orders(s);
    o.count++;
    o.revenue = addMoney(o.revenue, nonNegative(p['revenue']) ?? nonNegative(p['total']) ?? 0);
    if (o.lastOrderAt === null || at > o.lastOrderAt) o.lastOrderAt = at;
  }],
  ['Order Cancelled', (s) => {
    orders(s).cancelled++;
  }],
  ['Order Refunded', (s, p) => {
    const o = orders(s);
    o.refunded = addMoney(o.refunded, nonNegative(p['total']) ?? nonNegative(p['revenue']) ?? 0);
    // "Counts as a refund issued": it settles any refund pending on that order.
    const orderId = idOf(p['order_id']);
    if (orderId !== undefined && s.refunds !== null) {
      s.refunds = s.refunds.filter((r) => r.orderId !== orderId);
      if (s.refunds.length === 0) s.refunds = null;
    }
  }],
  // Email and contacts
  ['Email Delivered', (s, p, d, at) => recordContact(s, d, 'email', label(p['purpose']), 'Email Delivered', at)],
  ['Email Marked as Spam', (s, _p, d, at, seq) => setConsent(s, 'email', false, d, at, seq)],
  ['Unsubscribed', (s, p, d, at, seq) => setConsent(s, label(p['purpose']) ?? 'marketing', false, d, at, seq)],
  ['Contact Made', (s, p, d, at) => {
    const direction = p['direction'];
    if (direction !== undefined && direction !== 'outbound') return;
    const channel = label(p['channel']);
    if (channel !== undefined) recordContact(s, d, channel, label(p['purpose']), 'Contact Made', at);
  }],
  // Tickets and complaints
  ['Ticket Opened', (s, p, d, at) => {
    const id = idOf(p['ticket_id']);
    if (id === undefined || isBuried(s, 'ticket', id, at)) return;
    const ticket = upsertTicket(s, id, d, at);
    if (ticket === null) return;
    if (at < ticket.openedAt) ticket.openedAt = at;
    const subject = text(p['subject'], 120);
    if (subject !== undefined) ticket.subject = subject;
    const priority = text(p['priority'], 32);
    if (priority !== undefined) ticket.priority = priority;
    if (p['complaint'] === true) markTicketComplaint(s, ticket, text(p['category'], 120), at);
  }],
  ['Ticket Updated', (s, p, d, at) => {
    const id = idOf(p['ticket_id']);
    if (id === undefined) return;
    if (isClosedStatus(p['status'])) {
      resolveTicket(s, id, at);
      return;
    }
    if (isBuried(s, 'ticket', id, at)) return;
    const ticket = upsertTicket(s, id, d, at);
    if (ticket === null) return;
    const priority = text(p['priority'], 32);
    if (priority !== undefined) ticket.priority = priority;
    if (p['complaint'] === true) markTicketComplaint(s, ticket, text(p['category'], 120), at);
    else if (p['complaint'] === false) {
      ticket.complaint = false;
      dropTicketComplaint(s, id);
    }
  }],
  ['Ticket Resolved', (s, p, _d, at) => {
    const id = idOf(p['ticket_id']);
    if (id !== undefined) resolveTicket(s, id, at);
  }],
  ['Complaint Opened', (s, p, d, at) => openComplaint(s, p, d, at)],
  ['Complaint Updated', (s, p, d, at) => {
    if (isClosedStatus(p['status'])) {
      const id = idOf(p['complaint_id']);
      if (id !== undefined) resolveComplaint(s, id, at);
      return;
    }
    openComplaint(s, p, d, at);
  }],
  ['Complaint Resolved', (s, p, _d, at) => {
    const id = idOf(p['complaint_id']);
    if (id !== undefined) resolveComplaint(s, id, at);
  }],
  // Shipments
  ['Shipment Dispatched', (s, p, d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined || isBuried(s, 'shipment', id, at)) return;
    const shipment = upsertShipment(s, id, idOf(p['order_id']), d, at);
    if (shipment === null) return;
    if (shipment.dispatchedAt === null || at < shipment.dispatchedAt) shipment.dispatchedAt = at;
    setEta(shipment, parseTime(p['eta']), at);
  }],
  ['Shipment Delayed', (s, p, d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined || isBuried(s, 'shipment', id, at)) return;
    const shipment = upsertShipment(s, id, idOf(p['order_id']), d, at);
    if (shipment === null) return;
    shipment.delayedCount++;
    setEta(shipment, parseTime(p['new_eta']), at);
  }],
  ['Shipment Delivered', (s, p, _d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined) return;
    const list = s.shipments;
    const i = list === null ? -1 : list.findIndex((x) => x.id === id);
    if (i < 0 || list === null) bury(s, 'shipment', id, at);
    else s.shipments = removedAt(list, i);
  }],
  // Refunds and disputes
  ['Refund Requested', (s, p, d, at) => {
    const id = idOf(p['refund_id']);
    if (id === undefined || isBuried(s, 'refund', id, at)) return;
    const amount = nonNegative(p['amount']);
    const existing = s.refunds?.find((r) => r.id === id);
    if (existing !== undefined) {
      if (at < existing.requestedAt) existing.requestedAt = at;
      if (amount !== undefined) existing.amount = amount;
      return;
    }
    const orderId = idOf(p['order_id']);
    const refund = orderId === undefined
      ? { id, amount: amount ?? 0, requestedAt: at, department: d }
      : { id, orderId, amount: amount ?? 0, requestedAt: at, department: d };
    if ((s.refunds?.length ?? 0) < LIMITS.openItems) s.refunds = appended(s.refunds, refund);
  }],
  ['Refund Issued', (s, p, _d, at) => {
    const id = idOf(p['refund_id']);
    if (id === undefined) return;
    const list = s.refunds;
    const i = list === null ? -1 : list.findIndex((r) => r.id === id);
    const pending = i < 0 || list === null ? undefined : list[i];
    const o = orders(s);
    o.refunded = addMoney(o.refunded, nonNegative(p['amount']) ?? pending?.amount ?? 0);
    if (pending === undefined || list === null) bury(s, 'refund', id, at);
    else s.refunds = removedAt(list, i);
  }],
  ['Dispute Opened', (s, p, d, at) => {
    const id = idOf(p['dispute_id']);
    if (id === undefined || isBuried(s, 'dispute', id, at)) return;
    const amount = nonNegative(p['amount']);
    const existing = s.disputes?.find((x) => x.id === id);
    if (existing !== undefined) {
      if (at < existing.openedAt) existing.openedAt = at;
      if (amount !== undefined) existing.amount = amount;
      return;
    }
    const orderId = idOf(p['order_id']);
    const dispute: { id: string; orderId?: string; amount?: number; openedAt: number; department: string } = { id, openedAt: at, department: d };
    if (orderId !== undefined) dispute.orderId = orderId;
    if (amount !== undefined) dispute.amount = amount;
    if ((s.disputes?.length ?? 0) < LIMITS.openItems) s.disputes = appended(s.disputes, dispute);
  }],
  ['Dispute Resolved', (s, p, _d, at) => {
    const id = idOf(p['dispute_id']);
    if (id === undefined) return;
    const list = s.disputes;
    const i = list === null ? -1 : list.findIndex((x) => x.id === id);
    if (i < 0 || list === null) bury(s, 'dispute', id, at);
    else s.disputes = removedAt(list, i);
  }],
  // Surveys
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
  // Promises
  ['Promise Made', (s, p, d, at) => makePromise(s, p, d, at)],
  ['Promise Kept', (s, p, _d, at) => explicitOutcome(s, p, 'kept', at)],
  ['Promise Broken', (s, p, _d, at) => explicitOutcome(s, p, 'broken', at)],
  ['Promise Cancelled', (s, p, _d, at) => explicitOutcome(s, p, 'cancelled', at)],
  ['Promise Renegotiated', (s, p) => {
    const id = idOf(p['promise_id']);
    const due = parseTime(p['new_due_at']);
    if (id !== undefined && due !== null) renegotiatePromise(s, id, due);
  }],
  // Consent and lifecycle
  ['Consent Updated', (s, p, d, at, seq) => {
    const purposes = p['purposes'];
    if (isObject(purposes)) applyConsentMap(s, purposes, d, at, seq);
  }],
  ['Customer Churned', (s, _p, _d, at) => {
    if (s.churnedAt === null || at > s.churnedAt) s.churnedAt = at;
  }],
  // 'Segment Consent Preference Updated' carries its purposes in context (handled for every
  // event); Email Opened / Link Clicked / Bounced and Lead Created only count.
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

function isClosedStatus(v: unknown): boolean {
  return typeof v === 'string' && CLOSED_STATUSES.has(v.toLowerCase());
}

function orders(s: CustomerState): OrderStats {
  return (s.orders ??= { count: 0, revenue: 0, lastOrderAt: null, cancelled: 0, refunded: 0 });
}

function isBuried(s: CustomerState, kind: TombstoneKind, id: string, at: number): boolean {
  const list = s.tombstones;
  if (list === null) return false;
  for (const t of list) if (t.kind === kind && t.id === id && t.at >= at) return true;
  return false;
}

function bury(s: CustomerState, kind: TombstoneKind, id: string, at: number): void {
  const list = s.tombstones;
  if (list !== null) {
    for (const t of list) {
      if (t.kind === kind && t.id === id) {
        if (at > t.at) t.at = at;
        return;
      }
    }
  }
  const next = appended(list, { kind, id, at });
  s.tombstones = next.length > LIMITS.tombstones ? next.slice(1) : next;
}

function recordContact(s: CustomerState, department: string, channel: string, purpose: string | undefined, event: string, at: number): void {
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
  const kind = contactKind(department, channel, event, purpose);
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

function upsertTicket(s: CustomerState, id: string, department: string, at: number): OpenTicket | null {
  const existing = s.tickets?.find((t) => t.id === id);
  if (existing !== undefined) return existing;
  if ((s.tickets?.length ?? 0) >= LIMITS.openItems) return null;
  const ticket: OpenTicket = { id, openedAt: at, department, complaint: false };
  s.tickets = appended(s.tickets, ticket);
  return ticket;
}

function markTicketComplaint(s: CustomerState, ticket: OpenTicket, reason: string | undefined, at: number): void {
  ticket.complaint = true;
  const list = s.complaints;
  if (list !== null) {
    for (const c of list) {
      if (c.id === ticket.id || c.ticketId === ticket.id) {
        if (c.viaTicket === true && at < c.openedAt) c.openedAt = at;
        return;
      }
    }
  }
  const complaint: OpenComplaint = reason === undefined
    ? { id: ticket.id, openedAt: at, department: ticket.department, ticketId: ticket.id, viaTicket: true }
    : { id: ticket.id, openedAt: at, department: ticket.department, ticketId: ticket.id, reason, viaTicket: true };
  if ((list?.length ?? 0) < LIMITS.openItems) s.complaints = appended(list, complaint);
}

function dropTicketComplaint(s: CustomerState, ticketId: string): void {
  const list = s.complaints;
  if (list === null) return;
  const i = list.findIndex((c) => c.viaTicket === true && c.ticketId === ticketId);
  if (i >= 0) s.complaints = removedAt(list, i);
}

function resolveTicket(s: CustomerState, id: string, at: number): void {
  const list = s.tickets;
  const i = list === null ? -1 : list.findIndex((t) => t.id === id);
  if (i < 0 || list === null) bury(s, 'ticket', id, at);
  else s.tickets = removedAt(list, i);
  dropTicketComplaint(s, id);
}

/** Complaint Opened and Complaint Updated: create the complaint or refresh its details. */
function openComplaint(s: CustomerState, p: Obj, department: string, at: number): void {
  const id = idOf(p['complaint_id']);
  if (id === undefined || isBuried(s, 'complaint', id, at)) return;
  const ticketId = idOf(p['ticket_id']);
  const reason = text(p['reason'], 120);
  const severity = typeof p['severity'] === 'string' && SEVERITIES.has(p['severity']) ? p['severity'] : undefined;
  const causedBy = label(p['caused_by']);
  let list = s.complaints;
  // An explicit complaint about a ticket replaces the one the ticket's complaint flag raised.
  if (list !== null && ticketId !== undefined) {
    const j = list.findIndex((c) => c.viaTicket === true && c.ticketId === ticketId && c.id !== id);
    if (j >= 0) list = s.complaints = removedAt(list, j);
  }
  const i = list === null ? -1 : list.findIndex((c) => c.id === id);
  const prior = i < 0 || list === null ? undefined : list[i];
  const complaint: OpenComplaint = { id, openedAt: prior === undefined || at < prior.openedAt ? at : prior.openedAt, department: prior?.department ?? department };
  const tid = ticketId ?? prior?.ticketId;
  if (tid !== undefined) complaint.ticketId = tid;
  const r = reason ?? prior?.reason;
  if (r !== undefined) complaint.reason = r;
  const sev = severity ?? prior?.severity;
  if (sev !== undefined) complaint.severity = sev;
  const cb = causedBy ?? prior?.causedBy;
  if (cb !== undefined) complaint.causedBy = cb;
  // Rebuilt rather than patched: an explicit event drops the viaTicket marker without `delete`.
  if (prior === undefined || list === null) {
    if ((list?.length ?? 0) < LIMITS.openItems) s.complaints = appended(list, complaint);
  }
  else list[i] = complaint;
}

function resolveComplaint(s: CustomerState, id: string, at: number): void {
  const list = s.complaints;
  const i = list === null ? -1 : list.findIndex((c) => c.id === id);
  if (i < 0 || list === null) bury(s, 'complaint', id, at);
  else s.complaints = removedAt(list, i);
}

function upsertShipment(s: CustomerState, id: string, orderId: string | undefined, department: string, at: number): PendingShipment | null {
  const existing = s.shipments?.find((x) => x.id === id);
  if (existing !== undefined) {
    if (existing.orderId === undefined && orderId !== undefined) existing.orderId = orderId;
    return existing;
  }
  if ((s.shipments?.length ?? 0) >= LIMITS.openItems) return null;
  const shipment: PendingShipment = orderId === undefined
    ? { id, dispatchedAt: null, eta: null, etaAt: at, delayedCount: 0, department }
    : { id, orderId, dispatchedAt: null, eta: null, etaAt: at, delayedCount: 0, department };
  s.shipments = appended(s.shipments, shipment);
  return shipment;
}

/** The ETA from the newest event that gave a parseable one. */
function setEta(shipment: PendingShipment, eta: number | null, at: number): void {
  if (eta === null) return;
  if (shipment.eta === null || at >= shipment.etaAt) {
    shipment.eta = eta;
    shipment.etaAt = at;
  }
}

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

const kinds = new Map<string, ContactKind>();
const KIND_CAP = 50_000;

/** The shared, frozen kind object for these values (bounded cache; past it, a fresh object). */
export function contactKind(department: string, channel: string, event: string, purpose: string | undefined): ContactKind {
  const key = purpose === undefined ? `${department}\u0000${channel}\u0000${event}` : `${department}\u0000${channel}\u0000${event}\u0000${purpose}`;
  const hit = kinds.get(key);
  if (hit !== undefined) return hit;
  const kind: ContactKind = Object.freeze(purpose === undefined ? { department, channel, event } : { department, channel, event, purpose });
  if (kinds.size < KIND_CAP) kinds.set(key, kind);
  return kind;
}
