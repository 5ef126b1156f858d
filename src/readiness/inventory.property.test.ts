/**
 * Properties of the balance and ATP engines over generated plans (fast-check): more receipts
 * never make the balance worse; ATP never promises more than was supplied, conserves the net
 * quantity and only leaves a shortfall where no earlier period had any to give.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atp, projectBalance } from './inventory.js';

const qty = fc.integer({ min: 0, max: 60 });
const series = (min: number, max: number) => fc.array(qty, { minLength: min, maxLength: max });

describe('projected available balance', () => {
  it('is monotone in receipts: more received never lowers a balance, brings a stock-out forward or adds shortfall', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), series(1, 30), series(1, 30), fc.nat({ max: 29 }), fc.integer({ min: 1, max: 50 }), (onHand, receipts, demand, day, extra) => {
        const base = projectBalance({ onHand, receipts, demand });
        const more = receipts.slice();
        while (more.length <= day) more.push(0);
        more[day] = (more[day] ?? 0) + extra;
        const after = projectBalance({ onHand, receipts: more, demand });
        for (let t = 0; t < Math.max(base.pab.length, after.pab.length); t++) {
          expect(after.pab[t] ?? Infinity).toBeGreaterThanOrEqual(base.pab[t] ?? -Infinity);
        }
        expect(after.shortfall).toBeLessThanOrEqual(base.shortfall);
        if (base.stockoutDay === null) expect(after.stockoutDay).toBeNull();
        else if (after.stockoutDay !== null) expect(after.stockoutDay).toBeGreaterThanOrEqual(base.stockoutDay);
      }),
      { numRuns: 300 },
    );
  });

  it('the last balance is on hand + Σ receipts − Σ demand', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), series(1, 30), series(1, 30), (onHand, receipts, demand) => {
        const p = projectBalance({ onHand, receipts, demand });
        const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
        expect(p.pab.at(-1)).toBe(onHand + sum(receipts) - sum(demand));
      }),
    );
  });
});

describe('ATP with backward consumption', () => {
  it('never exceeds supply, per period or cumulatively, nor the projected balance', () => {
    fc.assert(
      fc.property(series(1, 20), series(0, 20), (supply, demand) => {
        const a = atp(supply, demand);
        let cumAtp = 0;
        let cumSupply = 0;
        let balance = 0;
        for (let t = 0; t < a.length; t++) {
          const x = a[t] as number;
          expect(x).toBeLessThanOrEqual(supply[t] ?? 0);
          cumAtp += x;
          cumSupply += supply[t] ?? 0;
          balance += (supply[t] ?? 0) - (demand[t] ?? 0);
          expect(cumAtp).toBeLessThanOrEqual(cumSupply);
          expect(cumAtp).toBeLessThanOrEqual(balance);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('conserves Σ supply − Σ demand, and a negative ATP has no positive ATP before it', () => {
    fc.assert(
      fc.property(series(1, 20), series(0, 20), (supply, demand) => {
        const a = atp(supply, demand);
        const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);
        expect(sum(a)).toBe(sum(supply) - sum(demand));
        a.forEach((x, t) => {
          if (x < 0) for (let j = 0; j < t; j++) expect(a[j]).toBeLessThanOrEqual(0);
        });
      }),
      { numRuns: 300 },
    );
  });
});
