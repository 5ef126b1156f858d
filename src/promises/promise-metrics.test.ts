import { describe, expect, it } from 'vitest';
import type { TuttiEvent } from '../core/event.js';
import { PromiseLedger } from './promise-ledger.js';
import { forwardLoad, promiseRates, rateRow, repeatBreakers } from './promise-metrics.js';
import { DAY, EventLog, HOUR, iso, MINUTE, T0 } from './promise-test-support.js';
import type { PromiseRecord } from './promise-types.js';

const pct = (x: number | null): string => (x === null ? 'n/a' : (100 * x).toFixed(1));

describe('REFERENCE F worked example, through the ledger on a moving clock', () => {
  // 1,000 promises due in one week: 930 kept on time, 40 fulfilled late, 20 renegotiated
  // before due (to after the week), 10 cancelled. Ten of the late ones were announced.
  const from = T0 + DAY;
  const to = T0 + 8 * DAY;
  const log = new EventLog();
  const timed: Array<{ at: number; ev: () => TuttiEvent; customer: string }> = [];
  const ledger = new PromiseLedger();
  const customerOf = (i: number): string => `cus_${i % 300}`;

  for (let i = 0; i < 1000; i++) {
    const due = from + Math.floor((i * (7 * DAY - 12 * HOUR)) / 1000) + 6 * HOUR;
    const id = `P-${i}`;
    const refund = `R-${i}`;
    const owner = i % 2 === 0 ? 'billing' : 'logistics';
    const customer = customerOf(i);
    const madeAt = T0 + (i % 24) * MINUTE;
    timed.push({ at: madeAt, customer, ev: () => log.made(id, due, madeAt, { owner, type: i % 2 === 0 ? 'refund' : 'delivery', grace_minutes: 30, kept_by: { event: 'Refund Issued', refund_id: refund }, ...(i % 4 === 0 ? { campaign_id: 'spring' } : {}) }) });
    if (i < 930) timed.push({ at: due - 3 * HOUR, customer, ev: () => log.track('Refund Issued', { refund_id: refund, amount: 10 }, due - 3 * HOUR, 'billing') });
    else if (i < 970) {
      if (i < 940) timed.push({ at: due - DAY, customer, ev: () => log.track('Contact Made', { channel: 'email', purpose: 'promise_notice', promise_id: id }, due - DAY) });
      timed.push({ at: due + 2 * DAY, customer, ev: () => log.track('Refund Issued', { refund_id: refund, amount: 10 }, due + 2 * DAY, 'billing') });
    } else if (i < 990) timed.push({ at: due - 2 * HOUR, customer, ev: () => log.track('Promise Renegotiated', { promise_id: id, new_due_at: iso(to + 5 * DAY) }, due - 2 * HOUR) });
    else timed.push({ at: due - 5 * HOUR, customer, ev: () => log.track('Promise Cancelled', { promise_id: id }, due - 5 * HOUR) });
  }
  timed.sort((a, b) => a.at - b.at);
  // The clock moves in 15-minute ticks; events are applied as their time comes.
  let next = 0;
  let broken = 0;
  for (let now = T0; now <= to + 4 * DAY; now += 15 * MINUTE) {
    while (next < timed.length && (timed[next]?.at ?? Infinity) <= now) {
      const t = timed[next++];
      if (t !== undefined) ledger.applyEvent(t.ev(), t.customer);
    }
    broken += ledger.tick(now).length;
  }

  it('counts 930 kept, 40 broken (fulfilled late), 20 renegotiated, 10 cancelled: 95.9 % and strict 93.9 %', () => {
    expect(broken).toBe(40);
    const { overall } = promiseRates(ledger.all(), from, to);
    expect(overall).toMatchObject({ due: 1000, kept: 930, broken: 40, renegotiated: 20, cancelled: 10, open: 0, fulfilledLate: 40, proactiveNotices: 30 });
    expect(pct(overall.keptRate)).toBe('95.9');
    expect(pct(overall.strictRate)).toBe('93.9');
    expect(overall.keptRate).toBe(930 / 970);
    expect(overall.strictRate).toBe(930 / 990);
    expect(overall.proactiveNoticeRate).toBe(30 / 60);
  });

  it('groups by department, type and campaign add up to the whole', () => {
    const r = promiseRates(ledger.all(), from, to);
    expect(Object.keys(r.byDepartment)).toEqual(['billing', 'logistics']);
    const sum = (rows: Record<string, { due: number; kept: number }>): number[] => [Object.values(rows).reduce((s, x) => s + x.due, 0), Object.values(rows).reduce((s, x) => s + x.kept, 0)];
    expect(sum(r.byDepartment)).toEqual([1000, 930]);
    expect(sum(r.byType)).toEqual([1000, 930]);
    expect(r.byDepartment['billing']).toStrictEqual(r.byType['refund']);
    expect(r.byCampaign['spring']?.due).toBe(250);
  });

  it('the successors of the renegotiated promises are due after the week, and make the forward load', () => {
    expect(promiseRates(ledger.all(), to, to + 30 * DAY).overall).toMatchObject({ due: 20, open: 20, keptRate: null });
    const load = forwardLoad(ledger.all(), { from: to, days: 7 });
    expect(load.days[0]).toBe(iso(to).slice(0, 10));
    expect(load.total).toEqual([0, 0, 0, 0, 0, 20, 0]);
    expect(load.byDepartment).toEqual({ billing: [0, 0, 0, 0, 0, 10, 0], logistics: [0, 0, 0, 0, 0, 10, 0] });
  });

  it('rates from hand counts (the formula alone)', () => {
    const row = rateRow({ due: 1000, kept: 930, broken: 40, renegotiated: 20, cancelled: 10, open: 0, fulfilledLate: 40, proactiveNotices: 0 });
    expect([pct(row.keptRate), pct(row.strictRate), pct(row.proactiveNoticeRate)]).toEqual(['95.9', '93.9', '0.0']);
    expect(rateRow({ due: 3, kept: 0, broken: 0, renegotiated: 0, cancelled: 3, open: 0, fulfilledLate: 0, proactiveNotices: 0 }).keptRate).toBeNull();
  });
});

describe('repeat breakers', () => {
  let n = 0;
  const rec = (customerId: string, status: PromiseRecord['status'], closedAt: number): PromiseRecord => ({
    id: `P-${++n}`, customerId, type: 'payment', department: 'billing', owner: 'billing', origin: { kind: 'event', ref: 'x' },
    madeAt: T0, termsAt: T0, dueAt: closedAt, graceMs: 0, status, closedAt, closedBy: 'clock', history: [],
  });

  it('finds customers whose decided promises end with two or more broken in a row', () => {
    const records = [
      rec('a', 'broken', T0 + 3 * DAY), rec('a', 'kept', T0 + DAY), rec('a', 'broken', T0 + 2 * DAY), // kept, broken, broken
      rec('b', 'broken', T0 + DAY), rec('b', 'kept', T0 + 2 * DAY), // the last one kept
      rec('c', 'broken', T0 + DAY), rec('c', 'broken', T0 + 2 * DAY), rec('c', 'broken', T0 + 3 * DAY), rec('c', 'cancelled', T0 + 4 * DAY),
      rec('d', 'broken', T0 + DAY), rec('d', 'renegotiated', T0 + 2 * DAY), // one broken only
      rec('e', 'open', T0),
    ];
    const out = repeatBreakers(records);
    expect(out.map((x) => [x.customerId, x.brokenInRow, x.lastBrokenAt])).toEqual([['c', 3, T0 + 3 * DAY], ['a', 2, T0 + 3 * DAY]]);
    expect(out[1]?.promiseIds).toEqual(['P-3', 'P-1']);
    expect(repeatBreakers(records, { asOf: T0 + 2 * DAY }).map((x) => x.customerId)).toEqual(['c']);
    expect(repeatBreakers(records, { minInRow: 1 }).map((x) => x.customerId)).toEqual(['c', 'a', 'd']);
  });

  it('from the ledger: two promises broken by the clock in a row', () => {
    const log = new EventLog();
    const ledger = new PromiseLedger();
    ledger.applyEvent(log.made('P-1', T0 + DAY, T0), 'cus_1');
    ledger.applyEvent(log.made('P-2', T0 + 2 * DAY, T0), 'cus_1');
    ledger.applyEvent(log.made('P-3', T0 + DAY, T0), 'cus_2');
    ledger.tick(T0 + 3 * DAY);
    expect(repeatBreakers(ledger.all()).map((x) => [x.customerId, x.promiseIds])).toEqual([['cus_1', ['P-1', 'P-2']]]);
  });
});

describe('forward load', () => {
  it('counts open promises per day and department, past-due ones apart, in the given day offset', () => {
    const ledger = new PromiseLedger();
    const mk = (id: string, department: string, dueAt: number): void => {
      ledger.make({ id, customerId: 'c', type: 'visit', department, origin: { kind: 'work_item', ref: id }, madeAt: T0 - DAY, dueAt });
    };
    const day0 = Date.UTC(2025, 0, 6);
    mk('a', 'service', day0 + 10 * HOUR);
    mk('b', 'service', day0 + 23.5 * HOUR); // 23:30 UTC: next day in UTC+1
    mk('c', 'logistics', day0 + DAY + HOUR);
    mk('d', 'logistics', day0 + 9 * DAY);
    mk('e', 'service', day0 - HOUR);
    ledger.close('a', 'kept', T0);
    const utc = forwardLoad(ledger.all(), { from: day0, days: 3 });
    expect(utc).toEqual({ days: ['2025-01-06', '2025-01-07', '2025-01-08'], byDepartment: { logistics: [0, 1, 0], service: [1, 0, 0] }, total: [1, 1, 0], overdue: { service: 1 } });
    const plusOne = forwardLoad(ledger.all(), { from: day0, days: 3, offsetMs: HOUR });
    expect(plusOne.byDepartment).toEqual({ logistics: [0, 1, 0], service: [0, 1, 0] });
  });
});
