/**
 * Properties of the promise ledger over random logs and clock moves (fast-check):
 *
 * - rebuilding by replaying the log in order and ticking once to the last clock gives the live
 *   ledger, whatever ticks came between the events (and whatever other tick schedule is used);
 * - a snapshot revived mid-way goes on exactly like the live ledger;
 * - after a tick no open promise is past its deadline; a tick returns exactly the open promises
 *   whose deadline passed; the open count, and the changes reported, follow the records.
 *
 * Event times are not in log order (late webhooks, backfills), ids and customers come from small
 * sets so that events interact, and the proof events use the ids the promises name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { event } from '../state/test-events.js';
import { PromiseLedger } from './promise-ledger.js';
import { DAY, HOUR, iso, T0 } from './promise-test-support.js';
import type { PromiseChange, PromiseRecord } from './promise-types.js';

type Step = { kind: 'event'; name: string; props: JsonObject; at: number; customer: string } | { kind: 'tick'; by: number };

const SPAN = 12 * DAY;
const time = fc.integer({ min: 0, max: SPAN }).map((d) => T0 + d);
const promiseId = fc.constantFrom('P-1', 'P-2', 'P-3', 'P-4');
const customer = fc.constantFrom('cus_1', 'cus_1', 'cus_2');
const refundId = fc.constantFrom('R-1', 'R-2');

const keptBy: fc.Arbitrary<JsonObject> = fc.oneof(
  fc.record({ event: fc.constant('Refund Issued'), refund_id: refundId, min_amount: fc.constantFrom(10, 30) }, { requiredKeys: ['event', 'refund_id'] }),
  fc.record({ event: fc.constant('Shipment Delivered'), order_id: fc.constantFrom('O-1', 'O-2') }),
);

const eventStep = (name: string, props: fc.Arbitrary<JsonObject>): fc.Arbitrary<Step> =>
  fc.record({ props, at: time, customer }).map((x) => ({ kind: 'event' as const, name, props: x.props, at: x.at, customer: x.customer }));

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: eventStep('Promise Made', fc.record({
    promise_id: promiseId, type: fc.constantFrom('refund', 'delivery'), owner: fc.constantFrom('billing', 'logistics', 'Alice'),
    due_at: time.map(iso), grace_minutes: fc.constantFrom(0, 30, 240), kept_by: keptBy, campaign_id: fc.constant('spring'),
  }, { requiredKeys: ['promise_id', 'type', 'owner', 'due_at'] })) },
  { weight: 3, arbitrary: eventStep('Refund Issued', fc.record({ refund_id: refundId, amount: fc.constantFrom(5, 20, 50) }, { requiredKeys: ['refund_id'] })) },
  { weight: 2, arbitrary: eventStep('Shipment Delivered', fc.record({ order_id: fc.constantFrom('O-1', 'O-2'), shipment_id: fc.constant('S-1') })) },
  { weight: 1, arbitrary: eventStep('Promise Kept', fc.record({ promise_id: promiseId })) },
  { weight: 1, arbitrary: eventStep('Promise Broken', fc.record({ promise_id: promiseId, reason: fc.constantFrom('stock', 'carrier') }, { requiredKeys: ['promise_id'] })) },
  { weight: 1, arbitrary: eventStep('Promise Cancelled', fc.record({ promise_id: promiseId })) },
  { weight: 2, arbitrary: eventStep('Promise Renegotiated', fc.record({ promise_id: promiseId, new_due_at: time.map(iso) })) },
  { weight: 1, arbitrary: eventStep('Contact Made', fc.record({ channel: fc.constant('email'), purpose: fc.constant('promise_notice'), promise_id: promiseId })) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 * DAY }).map((by) => ({ kind: 'tick' as const, by })) },
);

/** The steps as logged events (seq = log position) and the clock after each tick. */
function materialise(steps: Step[]): Array<{ ev: TuttiEvent; customer: string } | { tick: number }> {
  let seq = 0;
  let clock = T0;
  return steps.map((s) => {
    if (s.kind === 'tick') {
      clock += s.by;
      return { tick: clock };
    }
    return { ev: event(s.name, s.props, { at: s.at, seq: ++seq, department: 'service' }), customer: s.customer };
  });
}

const plain = (l: PromiseLedger): unknown => JSON.parse(JSON.stringify(l.toJSON()));
const deadline = (r: PromiseRecord): number => r.dueAt + r.graceMs;

function statuses(l: PromiseLedger): Map<string, string> {
  return new Map(l.all().map((r) => [r.id, r.status]));
}

function checkChanges(before: Map<string, string>, l: PromiseLedger, changes: PromiseChange[]): void {
  const after = statuses(l);
  const expected = [...after].filter(([id, st]) => before.get(id) !== st).map(([id, st]) => `${id}:${before.get(id) ?? 'new'}→${st}`).sort();
  expect(changes.map((c) => `${c.promise.id}:${c.from ?? 'new'}→${c.to}`).sort()).toEqual(expected);
}

const logArb = fc.array(step, { minLength: 1, maxLength: 60 });

describe('promise ledger properties', () => {
  it('replaying the log and ticking once equals the live ledger, whatever the tick schedule', () => {
    fc.assert(fc.property(logArb, fc.array(fc.boolean(), { maxLength: 60 }), (steps, otherTicks) => {
      const items = materialise(steps);
      const live = new PromiseLedger();
      const otherSchedule = new PromiseLedger();
      let lastTick: number | null = null;
      items.forEach((item, i) => {
        if ('tick' in item) {
          live.tick(item.tick);
          lastTick = item.tick;
          // another schedule: ticks only some of the time, never beyond the live clock
          if (otherTicks[i] === true) otherSchedule.tick(item.tick);
        } else {
          live.applyEvent(item.ev, item.customer);
          otherSchedule.applyEvent(item.ev, item.customer);
        }
      });
      const replay = new PromiseLedger();
      for (const item of items) if ('ev' in item) replay.applyEvent(item.ev, item.customer);
      if (lastTick !== null) {
        replay.tick(lastTick);
        otherSchedule.tick(lastTick);
      }
      expect(plain(replay)).toStrictEqual(plain(live));
      expect(plain(otherSchedule)).toStrictEqual(plain(live));
      expect(replay.stats().open).toBe(live.stats().open);
    }), { numRuns: 400 });
  });

  it('a snapshot revived mid-way goes on exactly like the live ledger', () => {
    fc.assert(fc.property(logArb, fc.nat(), (steps, cut) => {
      const items = materialise(steps);
      const k = cut % (items.length + 1);
      const live = new PromiseLedger();
      const apply = (l: PromiseLedger, item: (typeof items)[number]): void => {
        if ('tick' in item) l.tick(item.tick);
        else l.applyEvent(item.ev, item.customer);
      };
      items.slice(0, k).forEach((it) => apply(live, it));
      const revived = PromiseLedger.fromJSON(JSON.stringify(live.toJSON()));
      if (revived === null) throw new Error('snapshot did not load');
      // replaying what the snapshot already holds is skipped (seq), then both go on
      for (const it of items) {
        if ('ev' in it) revived.applyEvent(it.ev, it.customer);
      }
      items.slice(k).forEach((it) => {
        if ('tick' in it) revived.tick(it.tick);
      });
      items.slice(k).forEach((it) => apply(live, it));
      // the revived one saw events and ticks in another interleaving: equal by the first property
      expect(plain(revived)).toStrictEqual(plain(live));
    }), { numRuns: 200 });
  });

  it('ticks break exactly what is due; open counts and reported changes follow the records', () => {
    fc.assert(fc.property(logArb, (steps) => {
      const l = new PromiseLedger();
      for (const item of materialise(steps)) {
        const before = statuses(l);
        if ('tick' in item) {
          const due = l.all().filter((r) => r.status === 'open' && deadline(r) < item.tick).map((r) => r.id).sort();
          const broken = l.tick(item.tick);
          expect(broken.map((r) => r.id).sort()).toEqual(due);
          for (const r of broken) expect(r).toMatchObject({ status: 'broken', closedBy: 'clock', closedAt: deadline(r) });
        } else {
          checkChanges(before, l, l.applyEvent(item.ev, item.customer));
        }
        const open = l.all().filter((r) => r.status === 'open');
        expect(l.stats().open).toBe(open.length);
        for (const r of open) expect(deadline(r)).toBeGreaterThanOrEqual(l.lastTick);
        for (const r of l.all()) {
          if (r.status !== 'open') expect(r.closedAt).toBeTypeOf('number');
          if (r.status === 'kept' && r.closedBy !== 'clock') expect(r.closedAt as number).toBeLessThanOrEqual(deadline(r));
          if (r.renegotiatedTo !== undefined) expect(l.get(r.renegotiatedTo)?.renegotiatedFrom).toBe(r.id);
        }
      }
    }), { numRuns: 300 });
  });

  it('the same event applied twice is a no-op', () => {
    fc.assert(fc.property(logArb, (steps) => {
      const once = new PromiseLedger();
      const twice = new PromiseLedger();
      for (const item of materialise(steps)) {
        if ('tick' in item) {
          once.tick(item.tick);
          twice.tick(item.tick);
        } else {
          once.applyEvent(item.ev, item.customer);
          twice.applyEvent(item.ev, item.customer);
          expect(twice.applyEvent(item.ev, item.customer)).toEqual([]);
        }
      }
      expect(plain(twice)).toStrictEqual(plain(once));
    }), { numRuns: 150 });
  });
});

describe('a long run', () => {
  it('many promises over a month, ticked hourly, equal a replay ticked once', () => {
    const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { numRuns: 1, seed: 42 })[0] ?? 1;
    let x = rng;
    const rand = (): number => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    const live = new PromiseLedger();
    const events: Array<{ ev: TuttiEvent; customer: string }> = [];
    let seq = 0;
    let clock = T0;
    const push = (name: string, props: JsonObject, at: number, customer: string): void => {
      const ev = event(name, props, { at, seq: ++seq });
      events.push({ ev, customer });
      live.applyEvent(ev, customer);
    };
    for (let h = 0; h < 30 * 24; h++) {
      clock += HOUR;
      for (let j = 0; j < 5; j++) {
        const id = `P-${h}-${j}`;
        const customer = `cus_${Math.floor(rand() * 50)}`;
        push('Promise Made', { promise_id: id, type: 'refund', owner: 'billing', due_at: iso(clock + rand() * 3 * DAY), grace_minutes: 30, kept_by: { event: 'Refund Issued', refund_id: id } }, clock - rand() * HOUR, customer);
        const r = rand();
        if (r < 0.7) push('Refund Issued', { refund_id: `P-${Math.max(0, h - Math.floor(rand() * 80))}-${j}`, amount: 10 }, clock - rand() * 5 * HOUR, customer);
        else if (r < 0.75) push('Promise Renegotiated', { promise_id: id, new_due_at: iso(clock + 5 * DAY) }, clock, customer);
        else if (r < 0.78) push('Promise Cancelled', { promise_id: `P-${Math.max(0, h - 3)}-${j}` }, clock, customer);
      }
      live.tick(clock);
    }
    const replay = new PromiseLedger();
    for (const { ev, customer } of events) replay.applyEvent(ev, customer);
    replay.tick(clock);
    expect(plain(replay)).toStrictEqual(plain(live));
    const st = live.all().reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(Object.keys(st).sort()).toEqual(['broken', 'cancelled', 'kept', 'open', 'renegotiated']);
  });
});
