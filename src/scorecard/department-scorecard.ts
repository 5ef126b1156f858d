/**
 * The department scorecard (DESIGN 3.6): per department, and per campaign, over [from, to),
 * what it won and what it cost the relationship — side by side, so the hunters and the farmers
 * are on one page. Read from the scorecard ledger (ledger.ts) in three passes over its columns.
 *
 * Attribution rules (each fact counts once unless said otherwise; windows look back from the
 * fact's time and include facts before the period):
 *
 * Won
 * - An order with a campaign_id is the campaign's, and the campaign's department's (the one that
 *   sent most of the campaign's emails and contacts, else captured its leads, else marketing).
 * - Otherwise, an order placed within 7 days after an outbound sales contact (Contact Made by a
 *   sales department — `salesDepartments`, default sales) is sales', and that contact's
 *   campaign's if it named one; the latest such contact wins.
 * - Otherwise it is direct: nobody's contact brought it (`direct`).
 * - Revenue follows its order (properties.revenue, else total). A lead is the department's that
 *   captured it, and its campaign_id's.
 *
 * Cost
 * - A complaint with caused_by is that department's. Otherwise it goes to the department of the
 *   latest outbound contact or late shipment (logistics — whoever holds the shipment) in the 14
 *   days before it; none: `unattributed`. It is a campaign's when the contact it was attributed
 *   to (for caused_by, that department's latest contact in the 14 days) named the campaign.
 * - A promise broken in the period is its owner's (and its campaign's): kept late or never, it
 *   broke at due + grace; a Promise Broken event breaks it at the event's time. An open promise
 *   whose deadline passed within the period (and before `now`) counts as broken.
 * - An unsubscribe (Unsubscribed, Email Marked as Spam) naming a campaign is the campaign's and
 *   its department's; otherwise the department (and campaign) of the latest email delivered in
 *   the 7 days before it; otherwise the department that recorded it.
 * - A churned customer (Customer Churned) is a customer lost by every department, and every
 *   campaign, that contacted them in the 30 days before — once each; none: `unattributed`.
 *
 * `contacts` is the number of outbound actions (Email Delivered, Contact Made outbound) in the
 * period: the reach behind the figures. `complaintsHandled` counts the complaints raised through
 * a department's own systems (service's helpdesk, mostly): the workload others cause it.
 */
import { STANDARD_DEPARTMENTS } from '../core/departments.js';
import { CustomerRoots, type IdentityView } from './customer-roots.js';
import { FACT, type FactColumns, HOLD_KINDS } from './fact-columns.js';
import type { ScorecardLedger } from './ledger.js';

const DAY = 86_400_000;
const ORDER_WINDOW = 7 * DAY;
const COMPLAINT_WINDOW = 14 * DAY;
const UNSUBSCRIBE_WINDOW = 7 * DAY;
const CHURN_WINDOW = 30 * DAY;
const LATE_SHIPMENT = HOLD_KINDS.indexOf('late_shipment');

export interface Won {
  orders: number;
  revenue: number;
  leads: number;
}

export interface Cost {
  complaints: number;
  promisesBroken: number;
  unsubscribes: number;
  customersLost: number;
}

export interface ScorecardLine {
  contacts: number;
  won: Won;
  cost: Cost;
}

export interface DepartmentLine extends ScorecardLine {
  department: string;
  /** Complaints raised through this department's own systems (its workload, not its cost). */
  complaintsHandled: number;
}

export interface CampaignLine extends ScorecardLine {
  campaignId: string;
  department: string;
}

export interface DepartmentScorecard {
  from: string;
  to: string;
  departments: DepartmentLine[];
  campaigns: CampaignLine[];
  /** Orders no contact or campaign brought. */
  direct: { orders: number; revenue: number };
  /** Costs no department's contact explains. */
  unattributed: { complaints: number; customersLost: number };
  totals: ScorecardLine;
  /** The attribution rules, in words. */
  rules: string[];
}

export interface ScorecardOptions {
  /** Departments whose outbound contacts earn the orders that follow (default ['sales']). */
  salesDepartments?: string[];
}

export const SCORECARD_RULES = [
  'Order with campaign_id → that campaign and its department (the one sending most of its contacts).',
  'Other order within 7 days after an outbound sales contact → sales (latest contact); else direct.',
  'Lead → the department that captured it (and its campaign_id).',
  'Complaint → caused_by; else the department of the latest outbound contact or late shipment in the 14 days before; else unattributed.',
  'Promise broken → its owner; broken at due + grace when kept late or never, or when Promise Broken says so.',
  'Unsubscribe → its campaign_id; else the latest email delivered in the 7 days before; else the department that recorded it.',
  'Customer lost → every department and campaign with an outbound contact in the 30 days before the churn record.',
];

const iso = (ms: number): string => new Date(ms).toISOString();
const line = (): ScorecardLine => ({ contacts: 0, won: { orders: 0, revenue: 0, leads: 0 }, cost: { complaints: 0, promisesBroken: 0, unsubscribes: 0, customersLost: 0 } });
const cents = (x: number): number => Math.round(x * 100) / 100;

/**
 * Contacts or late shipments per customer, copied out of the ledger for the look-backs: one
 * linked list per customer in typed arrays (no object per touch, no Map per customer — a year
 * of a million customers' contacts would otherwise keep the garbage collector busy).
 */
class Touches {
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  at = new Float64Array(1024);
  dept = new Uint8Array(1024);
  camp = new Int32Array(1024);
  email = new Uint8Array(1024);
  private size = 0;

  constructor(customers: number) {
    this.head = new Int32Array(customers).fill(-1);
  }

  add(c: number, at: number, dept: number, camp: number, email: boolean): void {
    const i = this.size++;
    if (i >= this.next.length) this.grow();
    this.at[i] = at;
    this.dept[i] = dept;
    this.camp[i] = camp;
    this.email[i] = email ? 1 : 0;
    this.next[i] = this.head[c]!;
    this.head[c] = i;
  }

  /** The latest touch of customer `c` in [t − window, t), only emails if `emailOnly`, only department `dept` if ≥ 0; -1 when none. */
  latest(c: number, t: number, window: number, emailOnly = false, dept = -1): number {
    if (c < 0 || c >= this.head.length) return -1;
    let best = -1;
    for (let i = this.head[c]!; i >= 0; i = this.next[i]!) {
      const x = this.at[i]!;
      if (x >= t || x < t - window || (emailOnly && this.email[i] === 0) || (dept >= 0 && this.dept[i] !== dept)) continue;
      if (best < 0 || x > this.at[best]!) best = i;
    }
    return best;
  }

  /** Every touch of customer `c` (indexes). */
  *of(c: number): Generator<number> {
    if (c < 0 || c >= this.head.length) return;
    for (let i = this.head[c]!; i >= 0; i = this.next[i]!) yield i;
  }

  private grow(): void {
    const n = this.next.length * 2;
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T, make: (k: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.next = g(this.next, (k) => new Int32Array(k));
    this.at = g(this.at, (k) => new Float64Array(k));
    this.dept = g(this.dept, (k) => new Uint8Array(k));
    this.camp = g(this.camp, (k) => new Int32Array(k));
    this.email = g(this.email, (k) => new Uint8Array(k));
  }
}

/** The lines being filled: per department, per campaign, and the two catch-alls. */
class Tally {
  readonly depts = new Map<number, ScorecardLine>();
  readonly camps = new Map<number, ScorecardLine>();
  readonly handled = new Map<number, number>();
  readonly direct = { orders: 0, revenue: 0 };
  readonly unattributed = { complaints: 0, customersLost: 0 };
  churned = 0;

  constructor(private readonly ledger: ScorecardLedger, private readonly marketing: number) {}

  dept(d: number): ScorecardLine {
    let l = this.depts.get(d);
    if (l === undefined) this.depts.set(d, (l = line()));
    return l;
  }

  camp(c: number): ScorecardLine {
    let l = this.camps.get(c);
    if (l === undefined) this.camps.set(c, (l = line()));
    return l;
  }

  /** The department a campaign belongs to (marketing when the ledger cannot tell). */
  campaignDept(c: number): number {
    const d = this.ledger.campaignDepartment(c);
    return d >= 0 ? d : this.marketing;
  }
}

/** Everything one scorecard query shares between its passes. */
interface Query {
  ledger: ScorecardLedger;
  roots: CustomerRoots;
  from: number;
  to: number;
  tally: Tally;
  /** Customers (flag by index) whose costs need their recent contacts: complaints, churn, unsubscribes without a campaign. */
  needsHistory: Uint8Array;
  salesContacts: Touches;
  contactsOf: Touches;
  lateOf: Touches;
}

/** Pass 1: the customers whose costs need their recent contacts; churn records counted. */
function findHistoryNeeds(q: Query, segments: FactColumns[]): void {
  const { from, to, roots, needsHistory, tally } = q;
  for (const seg of segments) {
    const { kind, ts, prof, camp, size } = seg;
    for (let i = 0; i < size; i++) {
      const t = ts[i]!;
      if (t < from || t >= to) continue;
      const k = kind[i]!;
      if (k === FACT.churn) tally.churned++;
      if (k === FACT.complaint || k === FACT.churn || (k === FACT.unsubscribe && camp[i] === 0)) needsHistory[roots.resolve(prof[i]!)] = 1;
    }
  }
}

/**
 * Pass 2: contacts per department and campaign in the period; every sales contact that may have
 * brought an order; the recent contacts of the customers that need them.
 */
function collectContacts(q: Query, sales: Uint8Array, email: number): void {
  const { from, to, roots, needsHistory, tally, salesContacts, contactsOf } = q;
  const start = from - CHURN_WINDOW;
  const salesFrom = from - ORDER_WINDOW;
  const perDept = new Float64Array(256);
  const perCamp = new Float64Array(q.ledger.campaigns.size + 1);
  for (const seg of q.ledger.actions.segmentsIn(start, to)) {
    const { ts, prof, dept, aux, camp, size } = seg;
    for (let i = 0; i < size; i++) {
      const t = ts[i]!;
      if (t < start || t >= to) continue;
      const d = dept[i]!;
      const cp = camp[i]!;
      if (t >= from) {
        perDept[d]!++;
        perCamp[cp]!++;
      }
      const isEmail = aux[i] === email;
      if (t >= salesFrom && !isEmail && sales[d] === 1) salesContacts.add(roots.resolve(prof[i]!), t, d, cp, false);
      const c = roots.peek(prof[i]!);
      if (c >= 0 && needsHistory[c] === 1) contactsOf.add(c, t, d, cp, isEmail);
    }
  }
  for (let d = 0; d < perDept.length; d++) if (perDept[d]! > 0) tally.dept(d).contacts += perDept[d]!;
  for (let c = 1; c < perCamp.length; c++) if (perCamp[c]! > 0) tally.camp(c).contacts += perCamp[c]!;
}

/** Late shipments that began in the complaint window, for the customers that need them (undelivered ones too). */
function collectLateShipments(q: Query): void {
  const { from, to, roots, needsHistory, lateOf } = q;
  const start = from - COMPLAINT_WINDOW;
  const { ts, prof, dept, aux, size } = q.ledger.holds;
  for (let i = 0; i < size; i++) {
    const t = ts[i]!;
    if (aux[i] !== LATE_SHIPMENT || t < start || t >= to) continue;
    const c = roots.peek(prof[i]!);
    if (c >= 0 && needsHistory[c] === 1) lateOf.add(c, t, dept[i]!, 0, false);
  }
  for (const h of q.ledger.pendingLateShipments(to)) {
    const c = h.start >= start ? roots.peek(h.prof) : -1;
    if (c >= 0 && needsHistory[c] === 1) lateOf.add(c, h.start, h.dept, 0, false);
  }
}

function attributeOrder(q: Query, t: number, customer: number, revenue: number, cp: number): void {
  const { tally } = q;
  let owner = -1;
  let via = 0;
  if (cp > 0) {
    owner = tally.campaignDept(cp);
    via = cp;
  } else {
    const s = q.salesContacts;
    const contact = s.latest(customer, t, ORDER_WINDOW);
    if (contact >= 0) {
      owner = s.dept[contact]!;
      via = s.camp[contact]!;
    }
  }
  if (owner < 0) {
    tally.direct.orders++;
    tally.direct.revenue += revenue;
    return;
  }
  const w = tally.dept(owner).won;
  w.orders++;
  w.revenue += revenue;
  if (via > 0) {
    const cw = tally.camp(via).won;
    cw.orders++;
    cw.revenue += revenue;
  }
}

function attributeComplaint(q: Query, t: number, customer: number, cause: number): void {
  const { tally, contactsOf: cs, lateOf: ls } = q;
  if (cause >= 0) {
    tally.dept(cause).cost.complaints++;
    const contact = cs.latest(customer, t, COMPLAINT_WINDOW, false, cause);
    if (contact >= 0 && cs.camp[contact]! > 0) tally.camp(cs.camp[contact]!).cost.complaints++;
    return;
  }
  const contact = cs.latest(customer, t, COMPLAINT_WINDOW);
  const late = ls.latest(customer, t, COMPLAINT_WINDOW);
  if (contact >= 0 && (late < 0 || cs.at[contact]! >= ls.at[late]!)) {
    tally.dept(cs.dept[contact]!).cost.complaints++;
    if (cs.camp[contact]! > 0) tally.camp(cs.camp[contact]!).cost.complaints++;
  } else if (late >= 0) {
    tally.dept(ls.dept[late]!).cost.complaints++;
  } else {
    tally.unattributed.complaints++;
  }
}

function attributeUnsubscribe(q: Query, t: number, customer: number, d: number, cp: number): void {
  const { tally } = q;
  if (cp > 0) {
    tally.dept(tally.campaignDept(cp)).cost.unsubscribes++;
    tally.camp(cp).cost.unsubscribes++;
    return;
  }
  const cs = q.contactsOf;
  const mail = cs.latest(customer, t, UNSUBSCRIBE_WINDOW, true);
  if (mail < 0) {
    tally.dept(d).cost.unsubscribes++;
    return;
  }
  tally.dept(cs.dept[mail]!).cost.unsubscribes++;
  if (cs.camp[mail]! > 0) tally.camp(cs.camp[mail]!).cost.unsubscribes++;
}

function attributeChurn(q: Query, t: number, customer: number): void {
  const { tally } = q;
  const seenD = new Set<number>();
  const seenC = new Set<number>();
  const cs = q.contactsOf;
  for (const i of cs.of(customer)) {
    const x = cs.at[i]!;
    if (x >= t || x < t - CHURN_WINDOW) continue;
    seenD.add(cs.dept[i]!);
    if (cs.camp[i]! > 0) seenC.add(cs.camp[i]!);
  }
  if (seenD.size === 0) tally.unattributed.customersLost++;
  for (const x of seenD) tally.dept(x).cost.customersLost++;
  for (const x of seenC) tally.camp(x).cost.customersLost++;
}

/** Pass 3: the period's outcomes, attributed. */
function attribute(q: Query, segments: FactColumns[]): void {
  const { from, to, roots, tally } = q;
  for (const seg of segments) {
    const { kind, ts, prof, dept, aux, camp, num, size } = seg;
    for (let i = 0; i < size; i++) {
      const t = ts[i]!;
      if (t < from || t >= to) continue;
      const d = dept[i]!;
      const cp = camp[i]!;
      switch (kind[i]!) {
        case FACT.order:
          attributeOrder(q, t, cp > 0 ? -1 : roots.peek(prof[i]!), num[i]!, cp);
          break;
        case FACT.lead:
          tally.dept(d).won.leads++;
          if (cp > 0) tally.camp(cp).won.leads++;
          break;
        case FACT.complaint:
          tally.handled.set(d, (tally.handled.get(d) ?? 0) + 1);
          attributeComplaint(q, t, roots.peek(prof[i]!), aux[i]! - 1);
          break;
        case FACT.unsubscribe:
          attributeUnsubscribe(q, t, roots.peek(prof[i]!), d, cp);
          break;
        case FACT.churn:
          attributeChurn(q, t, roots.peek(prof[i]!));
          break;
        case FACT.broken:
          tally.dept(d).cost.promisesBroken++;
          if (cp > 0) tally.camp(cp).cost.promisesBroken++;
          break;
        default:
          break;
      }
    }
  }
}

/** Won and cost per department and campaign over [from, to); `now` decides which open promises are overdue. */
export function departmentScorecard(ledger: ScorecardLedger, identity: IdentityView, from: number, to: number, now: number, options: ScorecardOptions = {}, roots: CustomerRoots = new CustomerRoots(ledger, identity)): DepartmentScorecard {
  const sales = new Uint8Array(256);
  for (const d of options.salesDepartments ?? ['sales']) {
    const i = ledger.departments.find(d);
    if (i >= 0) sales[i] = 1;
  }
  const tally = new Tally(ledger, ledger.departments.find('marketing'));
  // Customer indexes never exceed the profiles known: one flag each.
  const customers = ledger.profileCount + 1;
  const needsHistory = new Uint8Array(customers);
  const q: Query = { ledger, roots, from, to, tally, needsHistory, salesContacts: new Touches(customers), contactsOf: new Touches(customers), lateOf: new Touches(customers) };
  const outcomes = ledger.outcomes.segmentsIn(from, to);
  findHistoryNeeds(q, outcomes);
  collectContacts(q, sales, ledger.channels.find('email'));
  collectLateShipments(q);
  attribute(q, outcomes);
  for (const b of ledger.overduePromises(from, Math.min(to, now))) {
    tally.dept(b.owner).cost.promisesBroken++;
    if (b.camp > 0) tally.camp(b.camp).cost.promisesBroken++;
  }
  return summarise(ledger, tally, from, to);
}

function summarise(ledger: ScorecardLedger, tally: Tally, from: number, to: number): DepartmentScorecard {
  const { depts, camps, handled, direct, unattributed } = tally;
  const totals = line();
  for (const l of depts.values()) {
    totals.contacts += l.contacts;
    totals.won.orders += l.won.orders;
    totals.won.revenue += l.won.revenue;
    totals.won.leads += l.won.leads;
    totals.cost.promisesBroken += l.cost.promisesBroken;
    totals.cost.unsubscribes += l.cost.unsubscribes;
    totals.cost.complaints += l.cost.complaints;
  }
  totals.won.orders += direct.orders;
  totals.won.revenue = cents(totals.won.revenue + direct.revenue);
  totals.cost.complaints += unattributed.complaints;
  // A customer lost counts once in the totals, though several departments may share it.
  totals.cost.customersLost = tally.churned;
  for (const l of [...depts.values(), ...camps.values()]) l.won.revenue = cents(l.won.revenue);

  const order = [...STANDARD_DEPARTMENTS.map((n) => ledger.departments.find(n)).filter((i) => i >= 0)];
  for (const i of [...depts.keys(), ...handled.keys()].sort((a, b) => ledger.departments.name(a).localeCompare(ledger.departments.name(b)))) if (!order.includes(i)) order.push(i);
  return {
    from: iso(from),
    to: iso(to),
    departments: order.map((i) => ({ department: ledger.departments.name(i), ...(depts.get(i) ?? line()), complaintsHandled: handled.get(i) ?? 0 })),
    campaigns: [...camps.entries()]
      .map(([c, l]) => ({ campaignId: ledger.campaigns.name(c - 1), department: ledger.departments.name(tally.campaignDept(c)), ...l }))
      .sort((a, b) => a.campaignId.localeCompare(b.campaignId)),
    direct: { orders: direct.orders, revenue: cents(direct.revenue) },
    unattributed: { ...unattributed },
    totals,
    rules: SCORECARD_RULES,
  };
}
