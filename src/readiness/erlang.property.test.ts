/**
 * Properties of the Erlang engines over generated loads (fast-check): service level rises and
 * P(wait) falls with every extra agent, abandonment only helps P(wait), no NaN up to 5,000
 * Erlangs, and the staffing search returns the minimum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erlangA } from './erlang-a.js';
import { erlangB, erlangC, type ErlangCResult } from './erlang.js';
import { findMinimumAgents } from './erlang-staffing.js';

const load = fc.double({ min: 0.01, max: 5000, noNaN: true });
const aht = fc.integer({ min: 10, max: 1800 });
const target = fc.integer({ min: 0, max: 120 });
const patience = fc.integer({ min: 5, max: 1800 });

function stable(r: ErlangCResult) {
  if (r.overloaded) throw new Error('overloaded');
  return r;
}

describe('Erlang properties', () => {
  it('Erlang C: SL rises and P(wait) falls with N (N > A)', () => {
    fc.assert(
      fc.property(load, aht, target, fc.integer({ min: 1, max: 60 }), (a, h, t, extra) => {
        const n = Math.floor(a) + extra;
        const here = stable(erlangC(n, a, h, t));
        const more = stable(erlangC(n + 1, a, h, t));
        expect(more.serviceLevel).toBeGreaterThanOrEqual(here.serviceLevel - 1e-12);
        expect(more.pWait).toBeLessThanOrEqual(here.pWait + 1e-12);
      }),
    );
  });

  it('Erlang A: SL rises and P(wait) falls with N, including N < A', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 2000, noNaN: true }), aht, target, patience, fc.double({ min: 0.5, max: 1.3, noNaN: true }), (a, h, t, p, f) => {
        const n = Math.max(1, Math.round(a * f));
        const here = erlangA({ agents: n, load: a, ahtSeconds: h, targetSeconds: t, patienceSeconds: p });
        const more = erlangA({ agents: n + 1, load: a, ahtSeconds: h, targetSeconds: t, patienceSeconds: p });
        expect(more.serviceLevel).toBeGreaterThanOrEqual(here.serviceLevel - 1e-9);
        expect(more.pWait).toBeLessThanOrEqual(here.pWait + 1e-9);
        expect(more.pAbandon).toBeLessThanOrEqual(here.pAbandon + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('Erlang A waits no more often than Erlang C for the same N > A', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 2000, noNaN: true }), aht, target, patience, fc.integer({ min: 1, max: 40 }), (a, h, t, p, extra) => {
        const n = Math.floor(a) + extra;
        const c = stable(erlangC(n, a, h, t));
        const ea = erlangA({ agents: n, load: a, ahtSeconds: h, targetSeconds: t, patienceSeconds: p });
        expect(ea.pWait).toBeLessThanOrEqual(c.pWait + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('no NaN anywhere for loads up to 5,000 Erlangs', () => {
    fc.assert(
      fc.property(load, aht, target, patience, fc.double({ min: 0.05, max: 3, noNaN: true }), (a, h, t, p, f) => {
        const n = Math.max(1, Math.round(a * f));
        const b = erlangB(n, a);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(1);
        const c = erlangC(n, a, h, t);
        for (const v of Object.values(c)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        const ea = erlangA({ agents: n, load: a, ahtSeconds: h, targetSeconds: t, patienceSeconds: p });
        for (const v of [ea.pWait, ea.pAbandon, ea.serviceLevel, ea.asaSeconds, ea.occupancy]) expect(Number.isFinite(v)).toBe(true);
        for (const v of [ea.pWait, ea.pAbandon, ea.serviceLevel]) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('the search returns the minimum: N meets the target, N − 1 does not (or is below the occupancy floor)', () => {
    fc.assert(
      fc.property(load, aht, target, fc.double({ min: 0.05, max: 0.99, noNaN: true }), fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }), (a, h, t, sl, occ) => {
        const r = findMinimumAgents({ load: a, ahtSeconds: h, targetSeconds: t, targetServiceLevel: sl, maxOccupancy: occ });
        expect(r.serviceLevel).toBeGreaterThanOrEqual(sl);
        if (occ !== undefined) expect(r.occupancy).toBeLessThanOrEqual(occ + 1e-9);
        const below = erlangC(r.agents - 1, a, h, t);
        const belowFloor = occ !== undefined && a / (r.agents - 1) > occ;
        if (!below.overloaded && !belowFloor) expect(below.serviceLevel).toBeLessThan(sl);
        expect(r.curve.some((p) => p.agents === r.agents)).toBe(true);
      }),
    );
  });
});
