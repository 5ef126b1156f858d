/**
 * Promise metrics (REFERENCE F) over ledger records, pure.
 *
 * - Kept rate = kept / (kept + broken) over the promises *due* in a period (dueAt in
 *   [from, to)); the strict rate counts renegotiated as broken: kept / (kept + broken +
 *   renegotiated). Cancelled promises count in neither; open ones are reported as pending.
 *   A promise fulfilled late is broken (its late fulfilment is counted apart). A renegotiated
 *   promise's successor is a promise of its own, counted in the period its new due falls in.
 *   Worked example: 1,000 due, 930 on time, 40 late, 20 renegotiated, 10 cancelled →
 *   930/970 = 95.9 %, strict 930/990 = 93.9 %.
 * - Proactive-notice rate: of the promises broken or renegotiated, the share where the customer
 *   was told before due.
 * - Repeat breakers: customers whose last promises decided (kept or broken, in decision order)
 *   end with at least two broken in a row — the collections escalation pattern.
 * - Forward load: open promises due per day per department.
 */
import type { PromiseRecord } from './promise-types.js';

const DAY = 86_400_000;

export interface RateRow {
  /** Promises due in the period. */
  due: number;
  kept: number;
  broken: number;
  renegotiated: number;
  cancelled: number;
  /** Still open (due in the future, or not yet ticked past). */
  open: number;
  /** Broken ones whose proof arrived after the deadline. */
  fulfilledLate: number;
  /** Broken or renegotiated ones where the customer was told before due. */
  proactiveNotices: number;
  /** kept / (kept + broken); null when nothing was decided. */
  keptRate: number | null;
  /** kept / (kept + broken + renegotiated); null when nothing was decided. */
  strictRate: number | null;
  /** proactiveNotices / (broken + renegotiated); null when nothing slipped. */
  proactiveNoticeRate: number | null;
}

export interface RatesReport {
  from: number;
  to: number;
  overall: RateRow;
  byDepartment: Record<string, RateRow>;
  byType: Record<string, RateRow>;
  /** Only promises that carry a campaign id. */
  byCampaign: Record<string, RateRow>;
}

/** The counts behind a RateRow. */
export interface RateCounts {
  due: number;
  kept: number;
  broken: number;
  renegotiated: number;
  cancelled: number;
  open: number;
  fulfilledLate: number;
  proactiveNotices: number;
}

const emptyCounts = (): RateCounts => ({ due: 0, kept: 0, broken: 0, renegotiated: 0, cancelled: 0, open: 0, fulfilledLate: 0, proactiveNotices: 0 });

function add(t: RateCounts, r: PromiseRecord): void {
  t.due++;
  t[r.status]++;
  if (r.status === 'broken' && r.fulfilledLateAt !== undefined) t.fulfilledLate++;
  if ((r.status === 'broken' || r.status === 'renegotiated') && r.proactiveNotice === true) t.proactiveNotices++;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The rates of one tally (also usable on hand-made counts). */
export function rateRow(t: RateCounts): RateRow {
  return {
    ...t,
    keptRate: ratio(t.kept, t.kept + t.broken),
    strictRate: ratio(t.kept, t.kept + t.broken + t.renegotiated),
    proactiveNoticeRate: ratio(t.proactiveNotices, t.broken + t.renegotiated),
  };
}

function bump(groups: Map<string, RateCounts>, key: string, r: PromiseRecord): void {
  let t = groups.get(key);
  if (t === undefined) {
    t = emptyCounts();
    groups.set(key, t);
  }
  add(t, r);
}

function rows(groups: Map<string, RateCounts>): Record<string, RateRow> {
  const out: Record<string, RateRow> = Object.create(null) as Record<string, RateRow>;
  for (const key of [...groups.keys()].sort()) out[key] = rateRow(groups.get(key) as RateCounts);
  return out;
}

/** Kept, strict and proactive-notice rates for promises due in [from, to), overall and by department, type and campaign. */
export function promiseRates(records: Iterable<PromiseRecord>, from: number, to: number): RatesReport {
  const overall = emptyCounts();
  const byDepartment = new Map<string, RateCounts>();
  const byType = new Map<string, RateCounts>();
  const byCampaign = new Map<string, RateCounts>();
  for (const r of records) {
    if (r.dueAt < from || r.dueAt >= to) continue;
    add(overall, r);
    bump(byDepartment, r.department, r);
    bump(byType, r.type, r);
    if (r.campaignId !== undefined) bump(byCampaign, r.campaignId, r);
  }
  return { from, to, overall: rateRow(overall), byDepartment: rows(byDepartment), byType: rows(byType), byCampaign: rows(byCampaign) };
}

export interface RepeatBreaker {
  customerId: string;
  /** Broken promises at the end of the customer's decided promises, without a kept one between. */
  brokenInRow: number;
  /** The broken promises of that run, oldest first. */
  promiseIds: string[];
  lastBrokenAt: number;
}

/**
 * Customers whose decided promises (kept or broken; cancelled and renegotiated ones decide
 * nothing) end with at least `minInRow` broken, ordered by decision time (closedAt, then id).
 * Sorted by run length, then most recent break. `asOf` ignores decisions after it.
 */
export function repeatBreakers(records: Iterable<PromiseRecord>, options: { minInRow?: number; asOf?: number } = {}): RepeatBreaker[] {
  const minInRow = Math.max(1, options.minInRow ?? 2);
  const asOf = options.asOf ?? Number.POSITIVE_INFINITY;
  const decided = new Map<string, PromiseRecord[]>();
  for (const r of records) {
    if ((r.status !== 'kept' && r.status !== 'broken') || r.closedAt === undefined || r.closedAt > asOf) continue;
    const list = decided.get(r.customerId);
    if (list === undefined) decided.set(r.customerId, [r]);
    else list.push(r);
  }
  const out: RepeatBreaker[] = [];
  for (const [customerId, list] of decided) {
    list.sort((a, b) => (a.closedAt as number) - (b.closedAt as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    let i = list.length;
    while (i > 0 && list[i - 1]?.status === 'broken') i--;
    const run = list.slice(i);
    if (run.length < minInRow) continue;
    out.push({ customerId, brokenInRow: run.length, promiseIds: run.map((r) => r.id), lastBrokenAt: run[run.length - 1]?.closedAt as number });
  }
  return out.sort((a, b) => b.brokenInRow - a.brokenInRow || b.lastBrokenAt - a.lastBrokenAt || (a.customerId < b.customerId ? -1 : 1));
}

export interface ForwardLoad {
  /** Day starts as YYYY-MM-DD (UTC, shifted by `offsetMs`). */
  days: string[];
  /** Open promises due per day, by department (departments sorted). */
  byDepartment: Record<string, number[]>;
  total: number[];
  /** Open promises already past due at `from` (overdue, not yet broken by a tick), by department. */
  overdue: Record<string, number>;
}

/**
 * Open promises due per day per department for `days` days from the day containing `from`.
 * Days are UTC days unless `offsetMs` moves them (e.g. +3,600,000 for a UTC+1 business day).
 */
export function forwardLoad(records: Iterable<PromiseRecord>, options: { from: number; days: number; offsetMs?: number }): ForwardLoad {
  const offset = options.offsetMs ?? 0;
  const n = Math.max(0, Math.floor(options.days));
  const firstDay = Math.floor((options.from + offset) / DAY);
  const days: string[] = [];
  for (let d = 0; d < n; d++) days.push(new Date((firstDay + d) * DAY).toISOString().slice(0, 10));
  const load = new Map<string, number[]>();
  const overdue = new Map<string, number>();
  const total = new Array<number>(n).fill(0);
  for (const r of records) {
    if (r.status !== 'open') continue;
    if (r.dueAt < options.from) {
      overdue.set(r.department, (overdue.get(r.department) ?? 0) + 1);
      continue;
    }
    const d = Math.floor((r.dueAt + offset) / DAY) - firstDay;
    if (d < 0 || d >= n) continue;
    let row = load.get(r.department);
    if (row === undefined) {
      row = new Array<number>(n).fill(0);
      load.set(r.department, row);
    }
    row[d] = (row[d] ?? 0) + 1;
    total[d] = (total[d] ?? 0) + 1;
  }
  const byDepartment: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  for (const k of [...load.keys()].sort()) byDepartment[k] = load.get(k) as number[];
  const overdueOut: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const k of [...overdue.keys()].sort()) overdueOut[k] = overdue.get(k) as number;
  return { days, byDepartment, total, overdue: overdueOut };
}
