/**
 * Properties of capable-to-promise over generated weeks (fast-check): the miss share is a
 * share, every order is accounted for, and more capacity (or stock) never makes more orders
 * miss with first-in-first-out shipping. ATP promising never promises beyond ATP.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capableToPromise, type DeliveryPromiseInput, promiseOrder } from './promising.js';

const days = fc.integer({ min: 1, max: 21 });
const plan = days.chain((n) =>
  fc.record({
    orders: fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: n, maxLength: n }),
    capacity: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 250, noNaN: true })), { minLength: n, maxLength: n }),
    receipts: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })), { minLength: n, maxLength: n }),
    onHand: fc.double({ min: 0, max: 3000, noNaN: true }),
    unitsPerOrder: fc.double({ min: 0.5, max: 3, noNaN: true }),
    slackDays: fc.integer({ min: 0, max: 3 }),
    afterCutoffShare: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true })),
    priority: fc.constantFrom('oldest-first' as const, 'on-time-first' as const),
  }),
);

describe('capable-to-promise properties', () => {
  it('the miss share is in [0, 1] and every order is on time, late or pending', () => {
    fc.assert(
      fc.property(plan, (input) => {
        const r = capableToPromise(input);
        expect(r.missShare).toBeGreaterThanOrEqual(0);
        expect(r.missShare).toBeLessThanOrEqual(1);
        expect(r.shippedOnTime + r.late + r.pending).toBeCloseTo(r.demanded, 6);
        const shipped = r.days.reduce((a, d) => a + d.shipped, 0);
        expect(shipped + (r.days.at(-1)?.backlog ?? 0)).toBeCloseTo(r.demanded, 6);
        for (const d of r.days) {
          expect(d.shipped).toBeLessThanOrEqual(d.capacity + 1e-9);
          expect(d.shipped).toBeLessThanOrEqual(d.stockOrders + 1e-9);
          expect(d.backlog).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('first in, first out: more capacity on any day never raises the miss share', () => {
    fc.assert(
      fc.property(plan, fc.nat(), fc.double({ min: 0, max: 200, noNaN: true }), (input, at, extra) => {
        const base: DeliveryPromiseInput = { ...input, priority: 'oldest-first' };
        const day = at % input.capacity.length;
        const more = input.capacity.map((c, i) => (i === day ? c + extra : c));
        const before = capableToPromise(base);
        const after = capableToPromise({ ...base, capacity: more });
        expect(after.late).toBeLessThanOrEqual(before.late + 1e-6);
        expect(after.shippedOnTime).toBeGreaterThanOrEqual(before.shippedOnTime - 1e-6);
        if (before.pending === 0 && after.pending === 0) expect(after.missShare).toBeLessThanOrEqual(before.missShare + 1e-9);
      }),
      { numRuns: 400 },
    );
  });

  it('more stock on hand never raises the miss share (first in, first out)', () => {
    fc.assert(
      fc.property(plan, fc.double({ min: 0, max: 1000, noNaN: true }), (input, extra) => {
        const base: DeliveryPromiseInput = { ...input, priority: 'oldest-first' };
        const before = capableToPromise(base);
        const after = capableToPromise({ ...base, onHand: input.onHand + extra });
        expect(after.late).toBeLessThanOrEqual(before.late + 1e-6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('promising from ATP', () => {
  it('a promised order never takes a period below zero nor changes the other periods', () => {
    const qty = fc.integer({ min: 0, max: 30 });
    fc.assert(
      fc.property(fc.array(qty, { minLength: 1, maxLength: 12 }), fc.array(qty, { maxLength: 12 }), fc.integer({ min: 1, max: 20 }), fc.nat(), (supply, demand, q, w) => {
        const wanted = w % supply.length;
        const r = promiseOrder(supply, demand.slice(0, supply.length), q, wanted);
        if (r.promisedPeriod === null) {
          expect(r.atpBefore.every((x) => x < q)).toBe(true);
          return;
        }
        const p = r.promisedPeriod;
        expect(r.atpBefore[p]).toBeGreaterThanOrEqual(q);
        r.atpAfter.forEach((x, t) => expect(x).toBe(t === p ? (r.atpBefore[t] as number) - q : r.atpBefore[t]));
        if (!r.ok) expect(r.atpBefore.slice(0, p).every((x) => x < q)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
