/**
 * The shapes of the customer state (see customer-state.ts for how events fold into it). Kept
 * apart so the effect modules can share them without import cycles.
 */
/** Bumped whenever the shape changes; a snapshot with another version is rebuilt from the log. */
export const STATE_VERSION = 2;

export const LIMITS = {
  traits: 20,
  traitText: 256,
  consentPurposes: 32,
  recentContacts: 20,
  recentPromises: 10,
  tombstones: 20,
  contactTallies: 64,
  openItems: 100,
  resolutions: 8,
} as const;

export type TraitValue = string | number | boolean;

export interface OpenTicket {
  id: string;
  openedAt: number;
  department: string;
  /** A ticket opened (or updated) with complaint: true is also an open complaint. */
  complaint: boolean;
  subject?: string;
  priority?: string;
}

export interface OpenComplaint {
  id: string;
  openedAt: number;
  department: string;
  ticketId?: string;
  reason?: string;
  severity?: string;
  /** The department the complaint is about. */
  causedBy?: string;
  /** Present when the complaint comes from a ticket flagged complaint (id = ticket id); it closes with the ticket. */
  viaTicket?: true;
}

export interface PendingShipment {
  id: string;
  orderId?: string;
  /** Null when a delay was reported before the dispatch event arrived. */
  dispatchedAt: number | null;
  /** The promised delivery time; null when no parseable ETA arrived. */
  eta: number | null;
  /** Timestamp of the event that set `eta` (latest wins). */
  etaAt: number;
  delayedCount: number;
  department: string;
}

export interface PendingRefund {
  id: string;
  orderId?: string;
  amount: number;
  requestedAt: number;
  department: string;
}

export interface OpenDispute {
  id: string;
  orderId?: string;
  amount?: number;
  openedAt: number;
  department: string;
}

/** The event that proves a promise kept (catalogue `kept_by`, camel-cased). */
export interface KeptBy {
  event: string;
  orderId?: string;
  shipmentId?: string;
  refundId?: string;
  ticketId?: string;
  minAmount?: number;
}

export interface OpenPromise {
  id: string;
  type: string;
  owner: string;
  dueAt: number;
  graceMinutes: number;
  madeAt: number;
  department: string;
  keptBy?: KeptBy;
  campaignId?: string;
  /** Earliest matching kept_by event that came after due + grace: the promise was fulfilled late. */
  lateMatchAt?: number;
}

export type PromiseOutcome = 'kept' | 'broken' | 'cancelled';

export interface ClosedPromise {
  id: string;
  outcome: PromiseOutcome;
  at: number;
  /** Present when the promise was known open before it closed. */
  type?: string;
  owner?: string;
  department?: string;
  dueAt?: number;
}

export interface PromiseLedger {
  open: OpenPromise[];
  kept: number;
  broken: number;
  renegotiated: number;
  cancelled: number;
  lastBrokenAt: number | null;
  /** The last closed promises, oldest first. Also stops a late `Promise Made` from reopening one. */
  recent: ClosedPromise[];
}

export interface SurveyAnswer {
  score: number;
  at: number;
  seq: number;
  comment?: string;
}

export interface ConsentFact {
  /** Lower-cased purpose (marketing, email, analytics, …). */
  purpose: string;
  granted: boolean;
  at: number;
  seq: number;
  department: string;
}

/** Outbound contacts per department and channel. */
export interface ContactTally {
  department: string;
  channel: string;
  count: number;
  lastAt: number;
}

/** What kind of contact it was. Shared: one frozen object per distinct kind across all customers. */
export interface ContactKind {
  readonly department: string;
  readonly channel: string;
  /** The event that recorded it: `Email Delivered` or `Contact Made`. */
  readonly event: string;
  readonly purpose?: string;
  /** The contact names the Tutti decision that allowed it (`decision_id`); caps count that decision's reservation instead. */
  readonly viaDecision?: true;
}

/**
 * The last outbound contacts, oldest first, as parallel arrays: `at[i]` is the time of contact
 * `kind[i]`. (A packed array of doubles and pointers to shared kinds cost 16 bytes a contact;
 * an object per contact would cost about 80.) `recentContactList` gives them as objects.
 */
export interface RecentContacts {
  at: number[];
  kind: ContactKind[];
}

/** One recent contact as an object (see recentContactList). */
export interface RecentContact extends ContactKind {
  at: number;
}

export interface OrderStats {
  count: number;
  revenue: number;
  lastOrderAt: number | null;
  cancelled: number;
  /** Money refunded: Order Refunded totals plus Refund Issued amounts. */
  refunded: number;
}

export type TombstoneKind = 'ticket' | 'complaint' | 'shipment' | 'refund' | 'dispute';

/** A close that arrived before its open: the open, if it comes and is not newer, is ignored. */
export interface Tombstone {
  kind: TombstoneKind;
  id: string;
  at: number;
}

/** What a cool-down starts from: the kinds of resolution the state remembers. */
export const RESOLUTIONS = ['complaint_resolved', 'ticket_resolved', 'dispute_resolved'] as const;
export type ResolutionKind = (typeof RESOLUTIONS)[number];

/** One resolution: which item, when (event time), by which department and which log entry. */
export interface Resolution {
  kind: ResolutionKind;
  id: string;
  at: number;
  department: string;
  seq: number;
}

/** One customer's live state. Plain JSON; every field present, null when empty. */
export interface CustomerState {
  version: number;
  customerId: string;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  /** Greatest log position applied; a snapshot resumes after it. */
  lastSeq: number;
  eventCount: number;
  eventsByDepartment: Record<string, number> | null;
  /** Latest scalar traits (at most LIMITS.traits keys); `timezone` is kept apart. */
  traits: Record<string, TraitValue> | null;
  /** Timestamp and seq of the newest event that set traits. */
  traitsAt: number | null;
  traitsSeq: number;
  /** Canonical IANA name from traits.timezone or context.timezone. */
  timezone: string | null;
  timezoneAt: number | null;
  timezoneSeq: number;
  tickets: OpenTicket[] | null;
  complaints: OpenComplaint[] | null;
  shipments: PendingShipment[] | null;
  refunds: PendingRefund[] | null;
  disputes: OpenDispute[] | null;
  promises: PromiseLedger | null;
  /** Latest answer per survey type. */
  nps: SurveyAnswer | null;
  csat: SurveyAnswer | null;
  consent: ConsentFact[] | null;
  contacts: ContactTally[] | null;
  /** The last LIMITS.recentContacts outbound contacts, oldest first. */
  recentContacts: RecentContacts | null;
  orders: OrderStats | null;
  churnedAt: number | null;
  tombstones: Tombstone[] | null;
  /**
   * The last resolutions of complaints, tickets and disputes, oldest first (at most
   * LIMITS.resolutions). Open items are forgotten when they close, so the moment of closing
   * is kept here: contact cool-downs start from it.
   */
  resolutions: Resolution[] | null;
}
