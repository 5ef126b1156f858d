/**
 * Inventory engines against REFERENCE D: projected available balance, ATP (vector I1),
 * APICS discrete ATP (I3), Poisson stock-out (I5), newsvendor (I6) and safety stock.
 */
import { describe, expect, it } from 'vitest';
import {
  atp,
  daysOfSupply,
  discreteAtp,
  newsvendor,
  newsvendorCost,
  poissonStockForService,
  poissonStockoutProbability,
  projectBalance,
  projectBySku,
  safetyStock,
} from './inventory.js';
import { normalLoss, normalPdf } from './probability.js';

describe('projected available balance', () => {
  it('PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ; first negative day, worst shortfall, recovery', () => {
    // on hand 100; demand 30 a day; 40 arrive on day 4
    const p = projectBalance({ onHand: 100, receipts: [0, 0, 0, 0, 40, 0, 0], demand: [30, 30, 30, 30, 30, 30, 30] });
    expect(p.pab).toEqual([70, 40, 10, -20, -10, -40, -70]);
    expect(p.stockoutDay).toBe(3);
    expect(p.recoveryDay).toBeNull();
    expect(p.shortfall).toBe(70);
    expect(p.lowestBalance).toBe(-70);
    expect(p.lowestDay).toBe(6);
    expect(p.daysOfSupply).toBeCloseTo(100 / 30, 12);
  });

  it('a receipt that covers the backlog is the recovery day; missing days count as zero', () => {
    const p = projectBalance({ onHand: 10, receipts: [0, 0, 50], demand: [8, 8, 8, 8] });
    expect(p.pab).toEqual([2, -6, 36, 28]);
    expect(p.stockoutDay).toBe(1);
    expect(p.recoveryDay).toBe(2);
    expect(p.shortfall).toBe(6);
  });

  it('never negative: no stock-out, no shortfall; rounding noise is not a stock-out', () => {
    const p = projectBalance({ onHand: 0.3, receipts: [], demand: [0.1, 0.1, 0.1] });
    expect(p.stockoutDay).toBeNull();
    expect(p.shortfall).toBe(0);
    expect(projectBalance({ onHand: 5, receipts: [], demand: [] })).toMatchObject({ pab: [], stockoutDay: null, lowestDay: -1, lowestBalance: 5 });
    expect(() => projectBalance({ onHand: 5, receipts: [-1], demand: [] })).toThrow(RangeError);
  });

  it('days of supply = available / daily demand', () => {
    expect(daysOfSupply(450, 30)).toBe(15);
    expect(daysOfSupply(450, 0)).toBe(Infinity);
    expect(daysOfSupply(-5, 10)).toBe(0);
  });

  it('per SKU: each node and the pooled total, and stock stranded at one node', () => {
    const [kit, mug] = projectBySku([
      { sku: 'KIT', node: 'lyon', onHand: 20, receipts: [], demand: [10, 10, 10] },
      { sku: 'KIT', node: 'lille', onHand: 100, receipts: [0, 5], demand: [10, 10, 10] },
      { sku: 'MUG', node: 'lyon', onHand: 5, receipts: [], demand: [3, 3] },
    ]);
    expect(kit?.nodes.map((n) => [n.node, n.stockoutDay])).toEqual([
      ['lyon', 2],
      ['lille', null],
    ]);
    expect(kit?.total.pab).toEqual([100, 85, 65]);
    expect(kit?.strandedNodes).toEqual(['lyon']);
    expect(mug?.total).toMatchObject({ stockoutDay: 1, shortfall: 1 });
    expect(mug?.strandedNodes).toEqual([]);
  });
});

describe('ATP with backward consumption (vector I1, Oracle)', () => {
  const supply = [6, 4, 2, 4, 8, 4, 4, 4];
  const demand = [6, 2, 3, 6, 6, 1, 2, 2];

  it('gives 0 0 0 −1 2 3 2 2', () => {
    expect(atp(supply, demand)).toEqual([0, 0, 0, -1, 2, 3, 2, 2]);
  });

  it('consumes the nearest earlier period first and never forward', () => {
    // period 2 short 3: takes 1 from period 1 (nearest), then 2 from period 0
    expect(atp([5, 1, 0, 4], [0, 0, 3, 1])).toEqual([3, 0, 0, 3]);
    // a shortfall in period 0 stays there, even with plenty later
    expect(atp([0, 10], [2, 0])).toEqual([-2, 10]);
    // with no demand, ATP is the supply
    expect(atp([3, 0, 7], [])).toEqual([3, 0, 7]);
  });
});

describe('APICS discrete ATP (vector I3)', () => {
  it('64 on hand, orders 33 and 20 before the next receipt → ATP₁ = 11', () => {
    expect(discreteAtp(64, [0, 0, 80], [33, 20, 10])).toEqual([11, null, 70]);
  });

  it('0 on hand, lot of 75, orders 52 and 35 → ATP₁ = −12 (already over-promised)', () => {
    expect(discreteAtp(0, [75, 0, 0, 75], [52, 35, 0, 10])).toEqual([-12, null, null, 65]);
  });

  it('the first period always has an ATP; the others only when a receipt is scheduled', () => {
    expect(discreteAtp(10, [], [])).toEqual([10]);
    expect(discreteAtp(10, [0, 20, 0, 30], [5, 5, 5, 5])).toEqual([5, 10, null, 25]);
  });
});

describe('Poisson stock-out (vector I5)', () => {
  it('55 on hand, Poisson(45) demand → P(stock-out) = 0.0626', () => {
    expect(poissonStockoutProbability(55, 45)).toBeCloseTo(0.0626, 4);
    expect(poissonStockoutProbability(55, 45)).toBeCloseTo(0.06255849601658912, 13);
  });

  it('stock for 95 % cycle service is 56, for 99 % it is 61', () => {
    expect(poissonStockForService(45, 0.95)).toBe(56);
    expect(poissonStockForService(45, 0.99)).toBe(61);
    expect(() => poissonStockForService(45, 1)).toThrow(RangeError);
  });
});

describe('newsvendor (vector I6)', () => {
  const input = { mean: 120, sd: 10, holdingCost: 2, shortageCost: 18 };

  it('h = 2, p = 18, N(120, 10) → order up to 132.8155, expected cost 35.0997', () => {
    const r = newsvendor(input);
    expect(r.criticalRatio).toBeCloseTo(0.9, 15);
    expect(r.orderUpTo).toBeCloseTo(132.8155, 4);
    expect(r.expectedCost).toBeCloseTo(35.0997, 4);
  });

  it('σ·(h + p)·φ(z*) is the general cost formula at the optimum, and the optimum is a minimum', () => {
    const r = newsvendor(input);
    const general = newsvendorCost(r.orderUpTo, input);
    expect(general).toBeCloseTo(r.expectedCost, 12);
    expect(general).toBeCloseTo(10 * (2 * (r.z + normalLoss(r.z)) + 18 * normalLoss(r.z)), 12);
    expect(r.expectedCost).toBeCloseTo(10 * 20 * normalPdf(r.z), 12);
    for (const dq of [-3, -0.5, 0.5, 3]) expect(newsvendorCost(r.orderUpTo + dq, input)).toBeGreaterThan(general);
    // expected leftover − expected shortage = Q − μ
    expect(r.expectedLeftover - r.expectedShortage).toBeCloseTo(r.orderUpTo - 120, 12);
  });

  it('checks its costs', () => {
    expect(() => newsvendor({ ...input, holdingCost: 0 })).toThrow(RangeError);
    expect(newsvendorCost(110, { ...input, sd: 0 })).toBe(180);
  });
});

describe('safety stock', () => {
  it('z·√(L·σ_d² + d̄²·σ_L²)', () => {
    // d̄ = 100/day, σ_d = 20, L = 9 days, σ_L = 2 days, 95 % → z = 1.6449
    const r = safetyStock({ serviceLevel: 0.95, demandMean: 100, demandSd: 20, leadTimeDays: 9, leadTimeSd: 2 });
    expect(r.sigmaLeadTime).toBeCloseTo(Math.sqrt(9 * 400 + 10000 * 4), 12); // √43600 = 208.81
    expect(r.z).toBeCloseTo(1.6448536269514722, 13);
    expect(r.safetyStock).toBeCloseTo(1.6448536269514722 * Math.sqrt(43600), 9);
    expect(r.reorderPoint).toBeCloseTo(900 + r.safetyStock, 9);
    expect(r.cycleServiceLevel).toBeCloseTo(0.95, 13);
    expect(r.expectedShortagePerCycle).toBeCloseTo(Math.sqrt(43600) * normalLoss(r.z), 12);
  });

  it('with a fixed lead time it is z·σ_d·√L; z may be given directly', () => {
    const r = safetyStock({ z: 2, demandMean: 50, demandSd: 10, leadTimeDays: 4 });
    expect(r.safetyStock).toBeCloseTo(40, 12);
    expect(r.expectedShortagePerCycle).toBeCloseTo(20 * 0.008490702616829637, 12);
    expect(() => safetyStock({ demandMean: 50, demandSd: 10, leadTimeDays: 4 })).toThrow(RangeError);
  });
});
