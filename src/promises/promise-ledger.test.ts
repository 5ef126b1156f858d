import { beforeEach, describe, expect, it } from 'vitest';
import { PromiseLedger } from './promise-ledger.js';
import { DAY, EventLog, HOUR, iso, MINUTE, T0 } from './promise-test-support.js';
import type { PromiseChange, PromiseRecord } from './promise-types.js';

const CUS = 'cus_1';
const due = T0 + 2 * DAY;
const grace = 60 * MINUTE;
const deadline = due + grace;
const refundKept = { kept_by: { event: 'Refund Issued', refund_id: 'R-1', min_amount: 20 }, grace_minutes: 60, campaign_id: 'spring' };

const summary = (c: PromiseChange[]): string[] => c.map((x) => `${x.promise.id}:${x.from ?? 'new'}→${x.to}`);
/** As stored: JSON leaves out the fields a record holds as undefined. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));
const statusOf = (l: PromiseLedger, id: string): string | undefined => l.get(id)?.status;

let log: EventLog;
let ledger: PromiseLedger;
/** The moving clock: every step ticks the ledger, as the lead's timer would. */
let now: number;
const advanceTo = (t: number): PromiseRecord[] => {
  now = t;
  return ledger.tick(now);
};

beforeEach(() => {
  log = new EventLog();
  ledger = new PromiseLedger();
  now = T0;
  ledger.tick(now);
});

describe('making promises', () => {
  it('records a Promise Made event with the owner as department, grace in ms and the matcher', () => {
    const ev = log.made('P-1', due, T0, { ...refundKept, description: 'Refund by Wednesday' }, 'service');
    expect(summary(ledger.applyEvent(ev, CUS))).toEqual(['P-1:new→open']);
    expect(plain(ledger.get('P-1'))).toStrictEqual({
      id: 'P-1', customerId: CUS, type: 'refund', department: 'billing', owner: 'billing',
      origin: { kind: 'event', ref: `src_test/${ev.messageId}` }, madeAt: T0, termsAt: T0, dueAt: due, graceMs: grace,
      status: 'open', history: [{ at: T0, kind: 'made', by: ev.seq, dueAt: due }],
      keptBy: { event: 'Refund Issued', refundId: 'R-1', minAmount: 20 }, campaignId: 'spring', description: 'Refund by Wednesday',
    });
  });

  it('an agent\'s promise written as Promise Made with work_item_id has the work item as origin', () => {
    ledger.applyEvent(log.made('prm_1', due, T0, { owner: 'service', type: 'callback', work_item_id: 'wi_7' }), CUS);
    expect(ledger.get('prm_1')?.origin).toStrictEqual({ kind: 'work_item', ref: 'wi_7' });
  });

  it('files a promise owned by a person under the sending department', () => {
    ledger.applyEvent(log.made('P-1', due, T0, { owner: 'Alice Martin' }, 'sales'), CUS);
    expect(ledger.get('P-1')).toMatchObject({ department: 'sales', owner: 'Alice Martin' });
  });

  it('ignores a Made without a parseable due time, a non-track call and an event without a time', () => {
    ledger.applyEvent(log.made('P-1', due, T0, { due_at: 'someday' }), CUS);
    const page = { ...log.made('P-2', due, T0), type: 'page' as const };
    ledger.applyEvent(page, CUS);
    ledger.applyEvent({ ...log.made('P-3', due, T0), timestamp: Number.NaN }, CUS);
    expect(ledger.stats().records).toBe(0);
  });

  it('a promise made by a direct call (work item, campaign)', () => {
    const changes = ledger.make({
      id: 'wi-9/callback', customerId: CUS, type: 'callback', department: 'service', origin: { kind: 'work_item', ref: 'wi-9' },
      madeAt: T0, dueAt: T0 + 4 * HOUR, keptBy: { event: 'Contact Made', ticketId: 'T-9' },
    });
    expect(summary(changes)).toEqual(['wi-9/callback:new→open']);
    expect(ledger.get('wi-9/callback')).toMatchObject({ owner: 'service', graceMs: 0, history: [{ at: T0, kind: 'made', by: 'call', dueAt: T0 + 4 * HOUR }] });
    ledger.applyEvent(log.track('Contact Made', { channel: 'phone', ticket_id: 'T-9' }, T0 + HOUR), CUS);
    expect(statusOf(ledger, 'wi-9/callback')).toBe('kept');
    expect(() => ledger.make({ id: 'x', customerId: CUS, type: 't', department: 'd', origin: { kind: 'campaign', ref: 'c' }, madeAt: T0, dueAt: Number.NaN })).toThrow(RangeError);
  });

  it('a promise made with its deadline already behind the clock is broken at once', () => {
    advanceTo(T0 + 10 * DAY);
    const changes = ledger.applyEvent(log.made('P-1', due, T0), CUS);
    expect(summary(changes)).toEqual(['P-1:new→broken']);
    expect(ledger.get('P-1')).toMatchObject({ closedAt: due, closedBy: 'clock' });
  });
});

describe('kept, on a moving clock', () => {
  beforeEach(() => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
  });

  it('is kept by the matching event before due; later ticks leave it kept', () => {
    expect(advanceTo(T0 + DAY)).toEqual([]);
    const ev = log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, now, 'billing');
    expect(summary(ledger.applyEvent(ev, CUS))).toEqual(['P-1:open→kept']);
    expect(ledger.get('P-1')).toMatchObject({ status: 'kept', closedAt: T0 + DAY, closedBy: ev.seq });
    expect(advanceTo(T0 + 30 * DAY)).toEqual([]);
    expect(statusOf(ledger, 'P-1')).toBe('kept');
  });

  it('grace: the proof inside the grace period keeps it, the clock breaks it only after due + grace', () => {
    expect(advanceTo(deadline)).toEqual([]); // at the deadline it is still on time
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, due + 59 * MINUTE), CUS);
    expect(statusOf(ledger, 'P-1')).toBe('kept');
  });

  it.each([
    ['wrong id', { refund_id: 'R-2', amount: 25 }],
    ['amount too small', { refund_id: 'R-1', amount: 19.99 }],
    ['no amount', { refund_id: 'R-1' }],
  ])('is not kept by a non-matching event (%s)', (_n, props) => {
    ledger.applyEvent(log.track('Refund Issued', props, T0 + HOUR), CUS);
    ledger.applyEvent(log.track('Refund Requested', { refund_id: 'R-1', amount: 25 }, T0 + HOUR), CUS);
    expect(statusOf(ledger, 'P-1')).toBe('open');
  });

  it('does not match another customer\'s events', () => {
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + HOUR), 'cus_2');
    expect(statusOf(ledger, 'P-1')).toBe('open');
  });

  it('explicit Promise Kept keeps it; the kept_by proof afterwards changes nothing', () => {
    ledger.applyEvent(log.track('Promise Kept', { promise_id: 'P-1' }, T0 + HOUR), CUS);
    expect(ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + 2 * HOUR), CUS)).toEqual([]);
    expect(ledger.get('P-1')?.history.map((h) => h.kind)).toEqual(['made', 'kept']);
  });
});

describe('broken, on a moving clock', () => {
  beforeEach(() => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
    ledger.applyEvent(log.made('P-2', due + DAY, T0, refundKept), CUS);
  });

  it('a tick breaks exactly the promises whose deadline passed, once', () => {
    expect(advanceTo(due)).toEqual([]);
    expect(advanceTo(deadline)).toEqual([]);
    expect(advanceTo(deadline + 1).map((r) => r.id)).toEqual(['P-1']);
    expect(advanceTo(deadline + 2)).toEqual([]);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedAt: deadline, closedBy: 'clock' });
    expect(ledger.get('P-1')?.history.at(-1)).toStrictEqual({ at: deadline, kind: 'broken', by: 'clock' });
    expect(advanceTo(deadline + DAY + 1).map((r) => r.id)).toEqual(['P-2']);
    expect(ledger.stats().open).toBe(0);
  });

  it('a clock that goes back breaks nothing and does not move the clock', () => {
    advanceTo(due);
    expect(ledger.tick(T0)).toEqual([]);
    expect(ledger.lastTick).toBe(due);
  });

  it('late fulfilment: the proof after the deadline is noted, the promise stays broken', () => {
    advanceTo(deadline + HOUR);
    const changes = ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, deadline + 30 * MINUTE), CUS);
    expect(summary(changes)).toEqual(['P-2:open→kept']); // P-1 stays broken: no change
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedBy: 'clock', fulfilledLateAt: deadline + 30 * MINUTE });
    expect(ledger.get('P-1')?.history.map((h) => h.kind)).toEqual(['made', 'broken', 'fulfilled_late']);
  });

  it('a late proof before the tick breaks the promise itself (event time decides, not the tick)', () => {
    const changes = ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, deadline + 1), CUS);
    expect(summary(changes)).toEqual(['P-1:open→broken', 'P-2:open→kept']);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedAt: deadline, closedBy: 'clock', fulfilledLateAt: deadline + 1 });
    expect(advanceTo(deadline + HOUR)).toEqual([]);
  });

  it('proof timestamped before the deadline that arrives after the tick overturns the clock break', () => {
    advanceTo(deadline + 5 * MINUTE);
    const changes = ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, due + 10 * MINUTE), CUS);
    expect(summary(changes)).toEqual(['P-1:broken→kept', 'P-2:open→kept']);
    expect(ledger.get('P-1')?.history.map((h) => h.kind)).toEqual(['made', 'kept']);
  });

  it('explicit Promise Broken closes it with the reason; a later Promise Kept on time overrules', () => {
    const ev = log.track('Promise Broken', { promise_id: 'P-1', reason: 'stock' }, T0 + HOUR);
    expect(summary(ledger.applyEvent(ev, CUS))).toEqual(['P-1:open→broken']);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', reason: 'stock', closedAt: T0 + HOUR, closedBy: ev.seq });
    // the automatic proof does not overrule a person's statement
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + 2 * HOUR), CUS);
    expect(statusOf(ledger, 'P-1')).toBe('broken');
    ledger.applyEvent(log.track('Promise Kept', { promise_id: 'P-1' }, T0 + 3 * HOUR), CUS);
    expect(ledger.get('P-1')).toMatchObject({ status: 'kept', closedAt: T0 + 3 * HOUR });
    expect(ledger.get('P-1')?.reason).toBeUndefined();
  });

  it('a later Promise Broken overrules an automatic kept; an older one does not', () => {
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + 2 * HOUR), CUS);
    ledger.applyEvent(log.track('Promise Broken', { promise_id: 'P-1' }, T0 + HOUR), CUS);
    expect(statusOf(ledger, 'P-1')).toBe('kept');
    ledger.applyEvent(log.track('Promise Broken', { promise_id: 'P-1', reason: 'wrong amount' }, T0 + 3 * HOUR), CUS);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', reason: 'wrong amount' });
  });

  it('the ledger\'s own Promise Broken, written back at the tick time, only adds the reason', () => {
    const [broken] = advanceTo(deadline + 5 * MINUTE);
    expect(broken?.id).toBe('P-1');
    const echo = log.track('Promise Broken', { promise_id: 'P-1', reason: 'not kept by the due time' }, now, 'billing');
    expect(ledger.applyEvent(echo, CUS)).toEqual([]);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedBy: 'clock', closedAt: deadline, reason: 'not kept by the due time' });
    // proof stamped before the deadline can still overturn the clock's break
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, due), CUS);
    expect(ledger.get('P-1')).toMatchObject({ status: 'kept', closedAt: due });
  });

  it('written back at the deadline instead, it becomes an explicit break that proof no longer overturns', () => {
    advanceTo(deadline + 5 * MINUTE);
    const echo = log.track('Promise Broken', { promise_id: 'P-1', reason: 'not kept by the due time' }, deadline, 'billing');
    expect(ledger.applyEvent(echo, CUS)).toEqual([]);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedBy: echo.seq, closedAt: deadline });
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, due), CUS);
    expect(statusOf(ledger, 'P-1')).toBe('broken');
  });

  it('a Promise Kept stamped after the deadline is a late fulfilment, not a keep', () => {
    advanceTo(deadline + DAY);
    ledger.applyEvent(log.track('Promise Kept', { promise_id: 'P-1' }, deadline + 2 * HOUR), CUS);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', fulfilledLateAt: deadline + 2 * HOUR });
  });
});

describe('renegotiated', () => {
  beforeEach(() => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
  });

  it('before due: renegotiated with proactive notice, a successor carries the new due and the matcher', () => {
    advanceTo(T0 + DAY);
    const newDue = T0 + 9 * DAY;
    const ev = log.track('Promise Renegotiated', { promise_id: 'P-1', new_due_at: iso(newDue) }, now);
    expect(summary(ledger.applyEvent(ev, CUS))).toEqual(['P-1:open→renegotiated', 'P-1~1:new→open']);
    expect(ledger.get('P-1')).toMatchObject({ status: 'renegotiated', closedAt: now, closedBy: ev.seq, renegotiatedTo: 'P-1~1', proactiveNotice: true });
    expect(ledger.get('P-1~1')).toMatchObject({ status: 'open', dueAt: newDue, graceMs: grace, madeAt: now, renegotiatedFrom: 'P-1', campaignId: 'spring', keptBy: { event: 'Refund Issued', refundId: 'R-1', minAmount: 20 } });
    // the old deadline passes: nothing breaks
    expect(advanceTo(deadline + DAY)).toEqual([]);
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, now), CUS);
    expect([statusOf(ledger, 'P-1'), statusOf(ledger, 'P-1~1')]).toEqual(['renegotiated', 'kept']);
  });

  it('events naming the original id reach the current promise; a second renegotiation makes ~2', () => {
    ledger.renegotiate('P-1', T0 + 5 * DAY, T0 + HOUR);
    ledger.applyEvent(log.track('Promise Renegotiated', { promise_id: 'P-1', new_due_at: iso(T0 + 7 * DAY) }, T0 + 2 * HOUR), CUS);
    expect(ledger.get('P-1~1')).toMatchObject({ status: 'renegotiated', renegotiatedTo: 'P-1~2', renegotiatedFrom: 'P-1' });
    expect(ledger.current('P-1')?.id).toBe('P-1~2');
    ledger.applyEvent(log.track('Promise Cancelled', { promise_id: 'P-1' }, T0 + 3 * HOUR), CUS);
    expect(statusOf(ledger, 'P-1~2')).toBe('cancelled');
  });

  it('renegotiated inside the grace period: renegotiated, but not a proactive notice', () => {
    ledger.renegotiate('P-1', T0 + 5 * DAY, due + 30 * MINUTE);
    expect(ledger.get('P-1')).toMatchObject({ status: 'renegotiated' });
    expect(ledger.get('P-1')?.proactiveNotice).toBeUndefined();
  });

  it('after the deadline: the promise stays broken and the new date is a new promise', () => {
    advanceTo(deadline + DAY);
    const changes = ledger.renegotiate('P-1', T0 + 9 * DAY, now);
    expect(summary(changes)).toEqual(['P-1~1:new→open']);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', closedBy: 'clock', renegotiatedTo: 'P-1~1' });
  });

  it('a kept promise cannot be renegotiated', () => {
    ledger.close('P-1', 'kept', T0 + HOUR);
    expect(ledger.renegotiate('P-1', T0 + 9 * DAY, T0 + 2 * HOUR)).toEqual([]);
    expect(ledger.get('P-1~1')).toBeUndefined();
  });
});

describe('cancelled', () => {
  beforeEach(() => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
  });

  it('before the deadline: cancelled, and the clock leaves it alone', () => {
    expect(summary(ledger.cancel('P-1', T0 + DAY))).toEqual(['P-1:open→cancelled']);
    expect(advanceTo(deadline + DAY)).toEqual([]);
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, now), CUS);
    expect(ledger.get('P-1')).toMatchObject({ status: 'cancelled', closedAt: T0 + DAY, closedBy: 'call' });
  });

  it('after the deadline the promise is already broken', () => {
    advanceTo(deadline + HOUR);
    expect(ledger.applyEvent(log.track('Promise Cancelled', { promise_id: 'P-1' }, now), CUS)).toEqual([]);
    expect(statusOf(ledger, 'P-1')).toBe('broken');
  });

  it('a cancellation stamped before the deadline that arrives after the tick still cancels', () => {
    advanceTo(deadline + HOUR);
    expect(summary(ledger.applyEvent(log.track('Promise Cancelled', { promise_id: 'P-1' }, due - HOUR), CUS))).toEqual(['P-1:broken→cancelled']);
  });
});

describe('proactive notice', () => {
  beforeEach(() => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
    ledger.applyEvent(log.made('P-2', due, T0, refundKept), CUS);
  });

  it('a notice before due is proactive; after due it is not', () => {
    ledger.noteProactiveNotice('P-1', due - HOUR);
    ledger.noteProactiveNotice('P-2', due + MINUTE);
    advanceTo(deadline + 1);
    expect(ledger.get('P-1')).toMatchObject({ status: 'broken', proactiveNotice: true });
    expect(ledger.get('P-2')?.proactiveNotice).toBeUndefined();
  });

  it('from the log: a Contact Made about the promise with purpose promise_notice', () => {
    ledger.applyEvent(log.track('Contact Made', { channel: 'email', purpose: 'promise_notice', promise_id: 'P-1' }, T0 + DAY), CUS);
    expect(ledger.get('P-1')?.proactiveNotice).toBe(true);
    expect(ledger.get('P-1')?.history.at(-1)).toMatchObject({ kind: 'notice', proactive: true });
  });
});

describe('idempotence and order', () => {
  it('the same event twice changes nothing the second time', () => {
    const made = log.made('P-1', due, T0, refundKept);
    const kept = log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + HOUR);
    ledger.applyEvent(made, CUS);
    ledger.applyEvent(kept, CUS);
    const before = JSON.stringify(ledger.toJSON());
    expect(ledger.applyEvent(made, CUS)).toEqual([]);
    expect(ledger.applyEvent(kept, CUS)).toEqual([]);
    expect(JSON.stringify(ledger.toJSON())).toBe(before);
  });

  it('a re-sent Made with the same terms adds nothing; new terms move the deadline', () => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS);
    ledger.applyEvent(log.made('P-1', due, T0 + HOUR, refundKept), CUS);
    expect(ledger.get('P-1')?.history).toHaveLength(1);
    ledger.applyEvent(log.made('P-1', due + DAY, T0 + 2 * HOUR, refundKept), CUS);
    expect(ledger.get('P-1')).toMatchObject({ dueAt: due + DAY, termsAt: T0 + 2 * HOUR, madeAt: T0 });
    expect(advanceTo(deadline + HOUR)).toEqual([]);
    // an older re-send does not undo newer terms
    ledger.applyEvent(log.made('P-1', due, T0 + HOUR + 1, refundKept), CUS);
    expect(ledger.get('P-1')?.dueAt).toBe(due + DAY);
    expect(advanceTo(deadline + DAY + 1).map((r) => r.id)).toEqual(['P-1']);
  });

  it('an explicit outcome that arrives before its Promise Made applies once the promise is known', () => {
    ledger.applyEvent(log.track('Promise Kept', { promise_id: 'P-1' }, T0 + HOUR), CUS);
    expect(ledger.stats().pendingIds).toBe(1);
    expect(summary(ledger.applyEvent(log.made('P-1', due, T0, refundKept), CUS))).toEqual(['P-1:new→kept']);
    expect(ledger.stats().pendingIds).toBe(0);
  });

  it('a Made for an id already filed under another customer is ignored and counted', () => {
    ledger.applyEvent(log.made('P-1', due, T0), CUS);
    ledger.applyEvent(log.made('P-1', due + DAY, T0 + 1), 'cus_2');
    expect(ledger.get('P-1')).toMatchObject({ customerId: CUS, dueAt: due });
    expect(ledger.stats().conflicts).toBe(1);
  });

  it('after a merge the promises follow the customer', () => {
    ledger.applyEvent(log.made('P-1', due, T0, refundKept), 'cus_old');
    expect(ledger.moveCustomer('cus_old', CUS)).toBe(1);
    ledger.applyEvent(log.track('Refund Issued', { refund_id: 'R-1', amount: 25 }, T0 + HOUR), CUS);
    expect(ledger.get('P-1')).toMatchObject({ customerId: CUS, status: 'kept' });
    expect(ledger.list({ customerId: 'cus_old' }).items).toEqual([]);
  });
});

describe('queries and persistence', () => {
  beforeEach(() => {
    for (let i = 0; i < 25; i++) {
      const customer = `cus_${i % 3}`;
      ledger.applyEvent(log.made(`P-${String(i).padStart(2, '0')}`, T0 + (i % 5) * DAY + DAY, T0, { owner: i % 2 === 0 ? 'billing' : 'logistics', type: i % 2 === 0 ? 'refund' : 'delivery', ...(i < 10 ? { campaign_id: 'spring' } : {}) }), customer);
    }
  });

  it('lists with filters, ordered by due time then id, in pages', () => {
    const all: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = ledger.list({ department: 'billing', limit: 4, ...(cursor === undefined ? {} : { cursor }) });
      all.push(...page.items.map((r) => r.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    const expected = ledger.all().filter((r) => r.department === 'billing').sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1)).map((r) => r.id);
    expect(all).toEqual(expected);
    expect(all).toHaveLength(13);
    expect(ledger.list({ customerId: 'cus_1', type: 'delivery', campaignId: 'spring' }).items.map((r) => r.id)).toEqual(['P-01', 'P-07']);
    expect(ledger.list({ dueFrom: T0 + 2 * DAY, dueTo: T0 + 3 * DAY }).items.map((r) => r.dueAt)).toEqual(new Array(5).fill(T0 + 2 * DAY));
    advanceTo(T0 + 2 * DAY + 1);
    expect(ledger.list({ status: 'broken' }).items).toHaveLength(10); // due on days 1 and 2
    expect(() => ledger.list({ cursor: 'not-a-cursor' })).toThrow(RangeError);
  });

  it('a snapshot revives to an equal ledger that goes on the same way', () => {
    advanceTo(T0 + 2 * DAY + 1);
    ledger.renegotiate('P-03', T0 + 9 * DAY, T0 + DAY);
    const revived = PromiseLedger.fromJSON(JSON.stringify(ledger.toJSON()));
    if (revived === null) throw new Error('snapshot did not load');
    expect(plain(revived.toJSON())).toStrictEqual(plain(ledger.toJSON()));
    expect({ ...revived.stats(), heapEntries: 0 }).toStrictEqual({ ...ledger.stats(), heapEntries: 0 }); // the revived heap has no stale entries
    for (const l of [ledger, revived]) l.tick(T0 + 4 * DAY + 1);
    expect(JSON.stringify(revived.toJSON())).toBe(JSON.stringify(ledger.toJSON()));
    expect(PromiseLedger.fromJSON({ version: 99 })).toBeNull();
    expect(PromiseLedger.fromJSON('{')).toBeNull();
  });

  it('hands out the records changed since the last call', () => {
    expect(ledger.takeDirty()).toHaveLength(25);
    expect(ledger.takeDirty()).toHaveLength(0);
    advanceTo(T0 + DAY + 1);
    expect(ledger.takeDirty().map((r) => r.id).sort()).toEqual(['P-00', 'P-05', 'P-10', 'P-15', 'P-20']);
  });
});
