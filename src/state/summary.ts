/**
 * The customer summary: the read model the API returns for a customer's live state. Pure:
 * `now` is an argument, so ages, lateness and overdue promises are computed for any instant
 * (a simulation can ask "as of" a past or future time).
 */
import { type CustomerState, type PromiseOutcome, recentContactList, type SurveyAnswer, type TraitValue } from './customer-state.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MINUTE = 60_000;
/** REFERENCE F: a promise broken in the last 30 days is a hard trigger. */
export const BROKEN_PROMISE_WINDOW_MS = 30 * DAY;

/** Short codes for the facts other modules act on (contact suppression, health triggers). */
export type SummaryFlag =
  | 'open_ticket'
  | 'open_complaint'
  | 'late_shipment'
  | 'pending_refund'
  | 'open_dispute'
  | 'promise_overdue'
  | 'promise_broken_recently'
  | 'promises_broken_in_row'
  | 'detractor'
  | 'churned';

export interface TicketSummary {
  ticketId: string;
  openedAt: string | null;
  ageHours: number;
  department: string;
  complaint: boolean;
  subject?: string;
  priority?: string;
}

export interface ComplaintSummary {
  complaintId: string;
  openedAt: string | null;
  ageHours: number;
  department: string;
  ticketId?: string;
  reason?: string;
  severity?: string;
  causedBy?: string;
}

export interface ShipmentSummary {
  shipmentId: string;
  orderId?: string;
  dispatchedAt: string | null;
  eta: string | null;
  late: boolean;
  /** Hours past the ETA; 0 when not late. */
  lateByHours: number;
  delayedCount: number;
  department: string;
}

export interface RefundSummary {
  refundId: string;
  orderId?: string;
  amount: number;
  requestedAt: string | null;
  ageHours: number;
  department: string;
}

export interface DisputeSummary {
  disputeId: string;
  orderId?: string;
  amount?: number;
  openedAt: string | null;
  ageHours: number;
  department: string;
}

export interface OpenPromiseSummary {
  promiseId: string;
  type: string;
  owner: string;
  department: string;
  madeAt: string | null;
  dueAt: string | null;
  graceMinutes: number;
  /** Past due + grace and still open. */
  overdue: boolean;
  overdueByHours: number;
  /** The kept_by event arrived, but after the deadline. */
  fulfilledLateAt?: string;
  keptBy?: { event: string; orderId?: string; shipmentId?: string; refundId?: string; ticketId?: string; minAmount?: number };
  campaignId?: string;
}

export interface ClosedPromiseSummary {
  promiseId: string;
  outcome: PromiseOutcome;
  at: string | null;
  type?: string;
  owner?: string;
  department?: string;
  dueAt?: string | null;
}

export interface PromisesSummary {
  open: OpenPromiseSummary[];
  kept: number;
  broken: number;
  renegotiated: number;
  cancelled: number;
  /** kept / (kept + broken), or null when none closed either way. */
  keptRate: number | null;
  lastBrokenAt: string | null;
  /** Recently closed promises, newest first. */
  recent: ClosedPromiseSummary[];
}

export interface SurveySummary {
  score: number;
  at: string | null;
  comment?: string;
  /** NPS ≤ 6 or CSAT ≤ 2. */
  detractor: boolean;
}

export interface ContactSummary {
  count: number;
  lastAt: string | null;
}

export interface RecentContactSummary {
  at: string | null;
  department: string;
  channel: string;
  event: string;
  purpose?: string;
}

export interface CustomerSummary {
  customerId: string;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  eventCount: number;
  eventsByDepartment: Record<string, number>;
  traits: Record<string, TraitValue>;
  timezone: string | null;
  tickets: TicketSummary[];
  complaints: ComplaintSummary[];
  shipments: ShipmentSummary[];
  refunds: RefundSummary[];
  disputes: DisputeSummary[];
  promises: PromisesSummary;
  surveys: { nps: SurveySummary | null; csat: SurveySummary | null };
  /** Purpose → latest consent. A purpose never mentioned is absent (the policy decides the default). */
  consent: Record<string, { granted: boolean; at: string | null; department: string }>;
  /** Department → channel → outbound contacts. */
  contacts: Record<string, Record<string, ContactSummary>>;
  /** The latest outbound contacts, newest first. */
  recentContacts: RecentContactSummary[];
  orders: { count: number; revenue: number; lastOrderAt: string | null; cancelled: number; refunded: number };
  churnedAt: string | null;
  flags: SummaryFlag[];
}

/** ms → ISO 8601, or null for a value no Date can hold. */
function iso(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(ms).toISOString();
}

/** Hours from `from` to `now`, one decimal, never negative (an item stamped after `now` is 0 old). */
function hoursSince(from: number, now: number): number {
  const h = (now - from) / HOUR;
  return Number.isFinite(h) && h > 0 ? Math.round(h * 10) / 10 : 0;
}

function isDetractor(kind: 'nps' | 'csat', score: number): boolean {
  return kind === 'nps' ? score <= 6 : score <= 2;
}

function survey(kind: 'nps' | 'csat', a: SurveyAnswer | null): SurveySummary | null {
  if (a === null) return null;
  const out: SurveySummary = { score: a.score, at: iso(a.at), detractor: isDetractor(kind, a.score) };
  if (a.comment !== undefined) out.comment = a.comment;
  return out;
}

/**
 * A plain record. The reducer never stores a `__proto__` key, so assignment is safe; reads go
 * through Object.hasOwn because keys such as `constructor` are legal department names.
 */
function record<V>(): Record<string, V> {
  return {};
}

/** The read model of one customer's state as of `now` (ms). */
export function summarize(state: CustomerState, now: number): CustomerSummary {
  const flags: SummaryFlag[] = [];

  const tickets: TicketSummary[] = (state.tickets ?? []).map((t) => {
    const out: TicketSummary = { ticketId: t.id, openedAt: iso(t.openedAt), ageHours: hoursSince(t.openedAt, now), department: t.department, complaint: t.complaint };
    if (t.subject !== undefined) out.subject = t.subject;
    if (t.priority !== undefined) out.priority = t.priority;
    return out;
  });

  const complaints: ComplaintSummary[] = (state.complaints ?? []).map((c) => {
    const out: ComplaintSummary = { complaintId: c.id, openedAt: iso(c.openedAt), ageHours: hoursSince(c.openedAt, now), department: c.department };
    if (c.ticketId !== undefined) out.ticketId = c.ticketId;
    if (c.reason !== undefined) out.reason = c.reason;
    if (c.severity !== undefined) out.severity = c.severity;
    if (c.causedBy !== undefined) out.causedBy = c.causedBy;
    return out;
  });

  const shipments: ShipmentSummary[] = (state.shipments ?? []).map((s) => {
    const late = s.eta !== null && s.eta < now;
    const out: ShipmentSummary = {
      shipmentId: s.id,
      dispatchedAt: iso(s.dispatchedAt),
      eta: iso(s.eta),
      late,
      lateByHours: late && s.eta !== null ? hoursSince(s.eta, now) : 0,
      delayedCount: s.delayedCount,
      department: s.department,
    };
    if (s.orderId !== undefined) out.orderId = s.orderId;
    return out;
  });

  const refunds: RefundSummary[] = (state.refunds ?? []).map((r) => {
    const out: RefundSummary = { refundId: r.id, amount: r.amount, requestedAt: iso(r.requestedAt), ageHours: hoursSince(r.requestedAt, now), department: r.department };
    if (r.orderId !== undefined) out.orderId = r.orderId;
    return out;
  });

  const disputes: DisputeSummary[] = (state.disputes ?? []).map((d) => {
    const out: DisputeSummary = { disputeId: d.id, openedAt: iso(d.openedAt), ageHours: hoursSince(d.openedAt, now), department: d.department };
    if (d.orderId !== undefined) out.orderId = d.orderId;
    if (d.amount !== undefined) out.amount = d.amount;
    return out;
  });

  const promises = summarizePromises(state, now);

  const surveys = {
    nps: survey('nps', state.nps),
    csat: survey('csat', state.csat),
  };

  const consent = record<{ granted: boolean; at: string | null; department: string }>();
  for (const c of state.consent ?? []) consent[c.purpose] = { granted: c.granted, at: iso(c.at), department: c.department };

  const contacts = record<Record<string, ContactSummary>>();
  for (const t of state.contacts ?? []) {
    let byChannel = Object.hasOwn(contacts, t.department) ? contacts[t.department] : undefined;
    if (byChannel === undefined) {
      byChannel = record<ContactSummary>();
      contacts[t.department] = byChannel;
    }
    byChannel[t.channel] = { count: t.count, lastAt: iso(t.lastAt) };
  }

  const recentContacts: RecentContactSummary[] = [];
  const recent = recentContactList(state);
  for (let i = recent.length - 1; i >= 0; i--) {
    const c = recent[i];
    if (c === undefined) continue;
    const out: RecentContactSummary = { at: iso(c.at), department: c.department, channel: c.channel, event: c.event };
    if (c.purpose !== undefined) out.purpose = c.purpose;
    recentContacts.push(out);
  }

  const o = state.orders;
  const orders = { count: o?.count ?? 0, revenue: o?.revenue ?? 0, lastOrderAt: iso(o?.lastOrderAt), cancelled: o?.cancelled ?? 0, refunded: o?.refunded ?? 0 };

  const eventsByDepartment = record<number>();
  if (state.eventsByDepartment !== null) Object.assign(eventsByDepartment, state.eventsByDepartment);
  const traits = record<TraitValue>();
  if (state.traits !== null) Object.assign(traits, state.traits);

  if (tickets.length > 0) flags.push('open_ticket');
  if (complaints.length > 0) flags.push('open_complaint');
  if (shipments.some((s) => s.late)) flags.push('late_shipment');
  if (refunds.length > 0) flags.push('pending_refund');
  if (disputes.length > 0) flags.push('open_dispute');
  if (promises.open.some((p) => p.overdue)) flags.push('promise_overdue');
  const lastBroken = state.promises?.lastBrokenAt ?? null;
  if (lastBroken !== null && now - lastBroken <= BROKEN_PROMISE_WINDOW_MS) flags.push('promise_broken_recently');
  if (brokenTwiceInRow(state)) flags.push('promises_broken_in_row');
  if (surveys.nps?.detractor === true || surveys.csat?.detractor === true) flags.push('detractor');
  if (state.churnedAt !== null && !(o !== null && o.lastOrderAt !== null && o.lastOrderAt > state.churnedAt)) flags.push('churned');

  return {
    customerId: state.customerId,
    firstSeenAt: iso(state.firstSeenAt),
    lastSeenAt: iso(state.lastSeenAt),
    eventCount: state.eventCount,
    eventsByDepartment,
    traits,
    timezone: state.timezone,
    tickets,
    complaints,
    shipments,
    refunds,
    disputes,
    promises,
    surveys,
    consent,
    contacts,
    recentContacts,
    orders,
    churnedAt: iso(state.churnedAt),
    flags,
  };
}

function summarizePromises(state: CustomerState, now: number): PromisesSummary {
  const led = state.promises;
  if (led === null) return { open: [], kept: 0, broken: 0, renegotiated: 0, cancelled: 0, keptRate: null, lastBrokenAt: null, recent: [] };
  const open = led.open.map((p) => {
    const deadline = p.dueAt + p.graceMinutes * MINUTE;
    const overdue = now > deadline;
    const out: OpenPromiseSummary = {
      promiseId: p.id,
      type: p.type,
      owner: p.owner,
      department: p.department,
      madeAt: iso(p.madeAt),
      dueAt: iso(p.dueAt),
      graceMinutes: p.graceMinutes,
      overdue,
      overdueByHours: overdue ? hoursSince(deadline, now) : 0,
    };
    if (p.lateMatchAt !== undefined) {
      const late = iso(p.lateMatchAt);
      if (late !== null) out.fulfilledLateAt = late;
    }
    if (p.keptBy !== undefined) out.keptBy = { ...p.keptBy };
    if (p.campaignId !== undefined) out.campaignId = p.campaignId;
    return out;
  });
  const recent: ClosedPromiseSummary[] = [];
  for (let i = led.recent.length - 1; i >= 0; i--) {
    const c = led.recent[i];
    if (c === undefined) continue;
    const out: ClosedPromiseSummary = { promiseId: c.id, outcome: c.outcome, at: iso(c.at) };
    if (c.type !== undefined) out.type = c.type;
    if (c.owner !== undefined) out.owner = c.owner;
    if (c.department !== undefined) out.department = c.department;
    if (c.dueAt !== undefined) out.dueAt = iso(c.dueAt);
    recent.push(out);
  }
  const decided = led.kept + led.broken;
  return {
    open,
    kept: led.kept,
    broken: led.broken,
    renegotiated: led.renegotiated,
    cancelled: led.cancelled,
    keptRate: decided > 0 ? led.kept / decided : null,
    lastBrokenAt: iso(led.lastBrokenAt),
    recent,
  };
}

/** REFERENCE F: two broken promises in a row (the last two closed kept-or-broken) is a pattern to escalate. */
function brokenTwiceInRow(state: CustomerState): boolean {
  const recent = state.promises?.recent;
  if (recent === undefined) return false;
  const decided = recent.filter((c) => c.outcome !== 'cancelled').sort((a, b) => a.at - b.at);
  const last = decided[decided.length - 1];
  const before = decided[decided.length - 2];
  return last?.outcome === 'broken' && before?.outcome === 'broken';
}
