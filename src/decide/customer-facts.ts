/**
 * The customer facts policy rules test (open complaint, late shipment, …), read straight from
 * the live CustomerState. Two entry points per fact: `factHolds` is the hot path (no
 * allocation, a few null checks for a customer with nothing open), `describeFact` runs only
 * when a rule fires and writes the plain-English text and the evidence (ids, event seqs) the
 * reason cites.
 */
import type { CustomerState } from '../state/state-types.js';
import { BROKEN_PROMISE_WINDOW_MS } from '../state/summary.js';
import type { Fact } from './policy-schema.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** When a rule gives no `within`: the summary's 30 days for broken promises and recent orders, else any time. */
export function defaultWithinMs(fact: Fact): number {
  return fact === 'promise_broken_recently' || fact === 'recent_order' ? BROKEN_PROMISE_WINDOW_MS : Number.POSITIVE_INFINITY;
}

/** A fact that holds, as a reason cites it. */
export interface FactMatch {
  /** The department whose record it is ("unknown" when the record does not say). */
  department: string;
  /** e.g. "Open complaint C-1 (opened 2 days ago by service)". */
  text: string;
  evidence: string[];
}

/**
 * Whether `fact` holds for the customer at `now`. `olderThanMs`: an open item must have been
 * open (or, for shipments and promises, past due) at least this long. `withinMs`: a past
 * moment must lie at most this far back.
 */
export function factHolds(s: CustomerState, fact: Fact, now: number, olderThanMs: number, withinMs: number): boolean {
  const cutoff = now - olderThanMs;
  switch (fact) {
    case 'open_complaint': {
      const list = s.complaints;
      if (list !== null) for (let i = 0; i < list.length; i++) if ((list[i]?.openedAt ?? now) <= cutoff) return true;
      return false;
    }
    case 'late_shipment': {
      const list = s.shipments;
      if (list !== null) for (let i = 0; i < list.length; i++) if (isLate(list[i]?.eta ?? null, now, cutoff)) return true;
      return false;
    }
    case 'pending_refund': {
      const list = s.refunds;
      if (list !== null) for (let i = 0; i < list.length; i++) if ((list[i]?.requestedAt ?? now) <= cutoff) return true;
      return false;
    }
    case 'open_dispute': {
      const list = s.disputes;
      if (list !== null) for (let i = 0; i < list.length; i++) if ((list[i]?.openedAt ?? now) <= cutoff) return true;
      return false;
    }
    case 'open_ticket': {
      const list = s.tickets;
      if (list !== null) for (let i = 0; i < list.length; i++) if ((list[i]?.openedAt ?? now) <= cutoff) return true;
      return false;
    }
    case 'promise_overdue': {
      const list = s.promises?.open;
      if (list !== undefined) for (let i = 0; i < list.length; i++) if (isOverdue(list[i], now, cutoff)) return true;
      return false;
    }
    case 'promise_broken_recently': {
      const at = s.promises?.lastBrokenAt ?? null;
      return at !== null && at <= now && now - at <= withinMs;
    }
    case 'detractor':
      return isRecent(detractorAnswer(s), now, withinMs);
    case 'promoter':
      return s.nps !== null && s.nps.score >= 9 && isRecent(s.nps, now, withinMs);
    case 'recent_order': {
      const at = s.orders?.lastOrderAt ?? null;
      return at !== null && at <= now && now - at <= withinMs;
    }
  }
}

/** The reason text and evidence of a fact that holds; null when it does not. */
export function describeFact(s: CustomerState, fact: Fact, now: number, olderThanMs: number, withinMs: number): FactMatch | null {
  if (!factHolds(s, fact, now, olderThanMs, withinMs)) return null;
  const cutoff = now - olderThanMs;
  switch (fact) {
    case 'open_complaint':
      return items((s.complaints ?? []).filter((c) => c.openedAt <= cutoff), (c) => ({
        department: c.department,
        text: `Open complaint ${c.id} (opened ${ago(c.openedAt, now)} by ${c.department}${c.causedBy === undefined ? '' : `, about ${c.causedBy}`})`,
        evidence: c.ticketId !== undefined && c.ticketId !== c.id ? [c.id, c.ticketId] : [c.id],
      }));
    case 'late_shipment':
      return items((s.shipments ?? []).filter((x) => isLate(x.eta, now, cutoff)), (x) => ({
        department: x.department,
        text: `Late shipment ${x.id} (${x.orderId === undefined ? '' : `order ${x.orderId}, `}due ${ago(x.eta ?? now, now)}${x.delayedCount > 0 ? `, delayed ${times(x.delayedCount)}` : ''})`,
        evidence: x.orderId === undefined ? [x.id] : [x.id, x.orderId],
      }));
    case 'pending_refund':
      return items((s.refunds ?? []).filter((r) => r.requestedAt <= cutoff), (r) => ({
        department: r.department,
        text: `Pending refund ${r.id} (${r.orderId === undefined ? '' : `order ${r.orderId}, `}amount ${r.amount}, requested ${ago(r.requestedAt, now)} via ${r.department})`,
        evidence: r.orderId === undefined ? [r.id] : [r.id, r.orderId],
      }));
    case 'open_dispute':
      return items((s.disputes ?? []).filter((d) => d.openedAt <= cutoff), (d) => ({
        department: d.department,
        text: `Open dispute ${d.id} (${d.orderId === undefined ? '' : `order ${d.orderId}, `}opened ${ago(d.openedAt, now)} via ${d.department})`,
        evidence: d.orderId === undefined ? [d.id] : [d.id, d.orderId],
      }));
    case 'open_ticket':
      return items((s.tickets ?? []).filter((t) => t.openedAt <= cutoff), (t) => ({
        department: t.department,
        text: `Open ticket ${t.id} (opened ${ago(t.openedAt, now)} by ${t.department})`,
        evidence: [t.id],
      }));
    case 'promise_overdue':
      return items((s.promises?.open ?? []).filter((p) => isOverdue(p, now, cutoff)), (p) => ({
        department: p.department,
        text: `Overdue promise ${p.id} (${p.type}, owner ${p.owner}, due ${ago(p.dueAt, now)})`,
        evidence: [p.id],
      }));
    case 'promise_broken_recently': {
      const at = s.promises?.lastBrokenAt ?? now;
      const recent = s.promises?.recent ?? [];
      let broken = undefined;
      for (const c of recent) if (c.outcome === 'broken' && (broken === undefined || c.at >= broken.at)) broken = c;
      if (broken === undefined) return { department: 'unknown', text: `A promise broken ${ago(at, now)}`, evidence: [] };
      const detail = [broken.type, broken.owner === undefined ? undefined : `owner ${broken.owner}`].filter((x) => x !== undefined).join(', ');
      return { department: broken.department ?? broken.owner ?? 'unknown', text: `Promise ${broken.id}${detail === '' ? '' : ` (${detail})`} broken ${ago(broken.at, now)}`, evidence: [broken.id] };
    }
    case 'detractor':
    case 'promoter': {
      const answer = fact === 'promoter' ? s.nps : detractorAnswer(s);
      if (answer === null) return null;
      const survey = answer === s.nps ? 'NPS' : 'CSAT';
      return { department: 'unknown', text: `${fact === 'promoter' ? 'Promoter' : 'Detractor'} answer (${survey} ${answer.score}, given ${ago(answer.at, now)})`, evidence: [`event:${answer.seq}`] };
    }
    case 'recent_order': {
      const o = s.orders;
      if (o === null || o.lastOrderAt === null) return null;
      return { department: 'unknown', text: `Ordered ${ago(o.lastOrderAt, now)} (${o.count} order${o.count === 1 ? '' : 's'} in all)`, evidence: [] };
    }
  }
}

function isLate(eta: number | null, now: number, cutoff: number): boolean {
  // A shipment is late once its ETA has passed (as summary.ts says); olderThan asks for more.
  return eta !== null && eta < now && eta <= cutoff;
}

function isOverdue(p: { dueAt: number; graceMinutes: number } | undefined, now: number, cutoff: number): boolean {
  if (p === undefined) return false;
  const deadline = p.dueAt + p.graceMinutes * MINUTE;
  return now > deadline && deadline <= cutoff;
}

function isRecent(answer: { at: number } | null, now: number, withinMs: number): boolean {
  return answer !== null && answer.at <= now && now - answer.at <= withinMs;
}

/** The newer of the detractor answers (NPS ≤ 6, CSAT ≤ 2), as summary.ts defines them. */
function detractorAnswer(s: CustomerState): { score: number; at: number; seq: number } | null {
  const nps = s.nps !== null && s.nps.score <= 6 ? s.nps : null;
  const csat = s.csat !== null && s.csat.score <= 2 ? s.csat : null;
  if (nps === null) return csat;
  if (csat === null) return nps;
  return csat.at > nps.at ? csat : nps;
}

/** One match for several items: the first is named, the rest counted, all cited. */
function items<T>(list: T[], one: (item: T) => FactMatch): FactMatch | null {
  const first = list[0];
  if (first === undefined) return null;
  const match = one(first);
  if (list.length === 1) return match;
  for (let i = 1; i < list.length; i++) match.evidence.push(...one(list[i] as T).evidence);
  match.text += ` and ${list.length - 1} more`;
  return match;
}

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/** "just now", "5 minutes ago", "3 hours ago", "2 days ago" (and "in 3 hours" for the future). */
export function ago(at: number, now: number): string {
  const d = now - at;
  const abs = Math.abs(d);
  let words: string;
  if (abs < MINUTE) return 'just now';
  if (abs < HOUR) words = plural(Math.floor(abs / MINUTE), 'minute');
  else if (abs < 2 * DAY) words = plural(Math.floor(abs / HOUR), 'hour');
  else words = plural(Math.floor(abs / DAY), 'day');
  return d >= 0 ? `${words} ago` : `in ${words}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
