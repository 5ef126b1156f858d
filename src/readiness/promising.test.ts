/**
 * Promising: a new order against ATP (vector I1) and capable-to-promise for a delivery promise
 * over a hand-worked week with a closed weekend.
 */
import { describe, expect, it } from 'vitest';
import { capableToPromise, promiseOrder } from './promising.js';

describe('promising an order from ATP (vector I1)', () => {
  const supply = [6, 4, 2, 4, 8, 4, 4, 4];
  const demand = [6, 2, 3, 6, 6, 1, 2, 2];

  it('an order of 3 in period 7 fails; the earliest period is 6; ATP after is 0 0 0 −1 2 0 2 2', () => {
    // Periods 1–8 of the Oracle table are indices 0–7.
    const r = promiseOrder(supply, demand, 3, 6);
    expect(r.ok).toBe(false);
    expect(r.earliestPeriod).toBe(5);
    expect(r.promisedPeriod).toBe(5);
    expect(r.atpBefore).toEqual([0, 0, 0, -1, 2, 3, 2, 2]);
    expect(r.atpAfter).toEqual([0, 0, 0, -1, 2, 0, 2, 2]);
  });

  it('an order the wanted period covers is placed there', () => {
    const r = promiseOrder(supply, demand, 2, 6);
    expect(r).toMatchObject({ ok: true, earliestPeriod: 4, promisedPeriod: 6 });
    expect(r.atpAfter).toEqual([0, 0, 0, -1, 2, 3, 0, 2]);
  });

  it('an order no period covers cannot be placed', () => {
    const r = promiseOrder(supply, demand, 4, 1);
    expect(r).toMatchObject({ ok: false, earliestPeriod: null, promisedPeriod: null });
    expect(r.atpAfter).toEqual(r.atpBefore);
    expect(() => promiseOrder(supply, demand, 1, 8)).toThrow(RangeError);
    expect(() => promiseOrder(supply, demand, 0, 1)).toThrow(RangeError);
  });
});

describe('capable-to-promise: next-day delivery', () => {
  // Mon … Sun, Mon. The node is closed at the weekend.
  const orders = [100, 100, 100, 100, 100, 80, 60, 120];
  const capacity = [120, 120, 120, 120, 120, 0, 0, 150];

  it('first in, first out: the weekend’s orders miss, and push Monday’s late too', () => {
    const r = capableToPromise({ orders, capacity, onHand: 10_000 });
    // Mon–Fri: 100 ordered, 120 slots → all ship the same day.
    // Sat, Sun: no slots → 80 and 60 late, backlog 140.
    // Mon: 150 slots ship the 140 backlog first (late), then 10 of Monday's 120 → 110 late.
    expect(r.days.map((d) => d.shippedOnTime)).toEqual([100, 100, 100, 100, 100, 0, 0, 10]);
    expect(r.days.map((d) => d.shippedLate)).toEqual([0, 0, 0, 0, 0, 0, 0, 140]);
    expect(r.days.map((d) => d.late)).toEqual([0, 0, 0, 0, 0, 80, 60, 110]);
    expect(r.days.map((d) => d.backlog)).toEqual([0, 0, 0, 0, 0, 80, 140, 110]);
    expect(r.days.map((d) => d.limitedBy)).toEqual(['demand', 'demand', 'demand', 'demand', 'demand', 'capacity', 'capacity', 'capacity']);
    expect(r.demanded).toBe(760);
    expect(r.late).toBe(250);
    expect(r.missShare).toBeCloseTo(250 / 760, 12);
    expect(r.firstLateDay).toBe(5);
    expect(r.pending).toBe(0);
  });

  it('on-time-first ships Monday’s orders before the weekend backlog', () => {
    const r = capableToPromise({ orders, capacity, onHand: 10_000, priority: 'on-time-first' });
    // Mon: 120 of Monday on time, then 30 of Saturday's backlog.
    expect(r.days[7]).toMatchObject({ shippedOnTime: 120, shippedLate: 30, late: 0, backlog: 110 });
    expect(r.late).toBe(140);
    expect(r.missShare).toBeCloseTo(140 / 760, 12);
  });

  it('stock at the node limits too (2 units an order, 900 units, 300 arrive on Monday)', () => {
    const r = capableToPromise({ orders, capacity, onHand: 900, unitsPerOrder: 2, receipts: [0, 0, 0, 0, 0, 0, 0, 300] });
    // Mon–Thu ship 400 orders (800 units); Friday has 100 units = 50 orders → 50 late.
    // Weekend closed → 80 + 60 late. Monday: 300 units = 150 orders, 150 slots: all go to the
    // backlog (50 Fri + 80 Sat + 20 Sun), so Monday's 120 miss.
    expect(r.days.map((d) => d.stockOrders)).toEqual([450, 350, 250, 150, 50, 0, 0, 150]);
    expect(r.days[4]).toMatchObject({ shippedOnTime: 50, late: 50, limitedBy: 'stock' });
    expect(r.days.map((d) => d.late)).toEqual([0, 0, 0, 0, 50, 80, 60, 120]);
    expect(r.late).toBe(310);
    expect(r.days[7]?.backlog).toBe(160);
  });

  it('two-day slack: Saturday’s orders may still ship on Monday', () => {
    const r = capableToPromise({ orders, capacity, onHand: 10_000, slackDays: 2 });
    // Sat (day 5) deadline Mon (day 7): Monday's 150 slots ship Sat 80 on time, Sun 60 on time, 10 of Mon.
    expect(r.days[7]).toMatchObject({ shippedOnTime: 150, shippedLate: 0 });
    expect(r.days.map((d) => d.late)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    // Sun's and Mon's deadlines are after the horizon: 110 of Monday's orders are pending.
    expect(r.pending).toBe(110);
    expect(r.missShare).toBe(0);
  });

  it('orders after the cut-off count on the next day', () => {
    const r = capableToPromise({ orders: [100, 100, 100], capacity: [100, 100, 100], onHand: 1000, afterCutoffShare: 0.2 });
    expect(r.days.map((d) => d.demanded)).toEqual([80, 100, 100]);
    expect(r.late).toBe(0);
  });

  it('checks its inputs', () => {
    expect(() => capableToPromise({ orders: [1], capacity: [-1], onHand: 0 })).toThrow(RangeError);
    expect(() => capableToPromise({ orders: [1], capacity: [1], onHand: 0, unitsPerOrder: 0 })).toThrow(RangeError);
    expect(() => capableToPromise({ orders: [1], capacity: [1], onHand: 0, slackDays: 0.5 })).toThrow(RangeError);
    expect(capableToPromise({ orders: [], capacity: [], onHand: 0 })).toMatchObject({ demanded: 0, missShare: 0, firstLateDay: null });
  });
});
