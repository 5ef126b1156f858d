/**
 * Erlang A against REFERENCE C vectors E5 and E9. The definitions that reproduce them (module
 * comment of erlang-a.ts): P(abandon) = θ·E[Q]/λ, ASA = E[Q]/λ over all arrivals, occupancy =
 * A·(1 − P(abandon))/N, SL(T) = answered within T over all arrivals (abandoners in the denominator).
 */
import { describe, expect, it } from 'vitest';
import { erlangA, ErlangAStateLimitError } from './erlang-a.js';
import { erlangC } from './erlang.js';
import { evaluateRoster, findMinimumAgents } from './erlang-staffing.js';

describe('Erlang A', () => {
  it('E5: E1 with mean patience 5 min, N = 14', () => {
    const r = erlangA({ agents: 14, load: 10, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 300 });
    expect(r.pWait).toBeCloseTo(0.14526, 5);
    expect(r.pAbandon).toBeCloseTo(0.013984, 6);
    expect(r.occupancy).toBeCloseTo(0.704297, 6);
    expect(r.asaSeconds).toBeCloseTo(4.195, 3);
    expect(r.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(r.overloaded).toBe(false);
  });

  it('E9: overload, 250 calls / h, AHT 6 min (A = 25), N = 22, patience 2 min', () => {
    const r = erlangA({ agents: 22, load: 25, ahtSeconds: 360, targetSeconds: 20, patienceSeconds: 120 });
    expect(r.overloaded).toBe(true);
    expect(r.pWait).toBeCloseTo(0.586, 3);
    expect(r.pAbandon).toBeCloseTo(0.174, 3);
    expect(r.asaSeconds).toBeCloseTo(20.8, 1);
    const n26 = erlangA({ agents: 26, load: 25, ahtSeconds: 360, targetSeconds: 20, patienceSeconds: 120 });
    expect(n26.pAbandon).toBeCloseTo(0.081, 3);
  });

  it('keeps Little’s law and flow balance: ASA = P(abandon) × patience, carried load = A·(1 − P(abandon))', () => {
    const r = erlangA({ agents: 40, load: 45, ahtSeconds: 300, targetSeconds: 30, patienceSeconds: 90 });
    expect(r.asaSeconds).toBeCloseTo(r.pAbandon * 90, 9);
    expect(r.occupancy * 40).toBeCloseTo(45 * (1 - r.pAbandon), 9);
    expect(r.occupancy).toBeLessThanOrEqual(1);
  });

  it('tends to Erlang C as patience grows', () => {
    const c = erlangC(1010, 1000, 180, 20);
    if (c.overloaded) throw new Error('unexpected');
    const a = erlangA({ agents: 1010, load: 1000, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 1e9 });
    expect(a.pWait).toBeCloseTo(c.pWait, 5);
    expect(a.serviceLevel).toBeCloseTo(c.serviceLevel, 5);
    expect(a.asaSeconds).toBeCloseTo(c.asaSeconds, 3);
  });

  it('answers T = 0 with P(no wait) and deep overload without NaN', () => {
    const t0 = erlangA({ agents: 14, load: 10, ahtSeconds: 180, targetSeconds: 0, patienceSeconds: 300 });
    expect(t0.serviceLevel).toBeCloseTo(1 - t0.pWait, 12);
    const deep = erlangA({ agents: 1, load: 5000, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 180 });
    expect(deep.pAbandon).toBeCloseTo(1 - 1 / 5000, 6);
    expect(deep.serviceLevel).toBeGreaterThanOrEqual(0);
    expect(deep.pWait).toBeCloseTo(1, 9);
  });

  it('refuses only chains too long to evaluate', () => {
    expect(() => erlangA({ agents: 1, load: 5000, ahtSeconds: 1, targetSeconds: 20, patienceSeconds: 1e6 })).toThrow(ErlangAStateLimitError);
  });

  it('staffs with abandonment: fewer agents than Erlang C, possibly fewer than the load', () => {
    const search = { load: 10, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8 };
    const withA = findMinimumAgents({ ...search, patienceSeconds: 300 });
    const withC = findMinimumAgents(search);
    expect(withA.model).toBe('erlang-a');
    expect(withA.agents).toBeLessThanOrEqual(withC.agents);
    expect(withA.serviceLevel).toBeGreaterThanOrEqual(0.8);
    const below = erlangA({ agents: withA.agents - 1, load: 10, ahtSeconds: 180, targetSeconds: 20, patienceSeconds: 300 });
    expect(below.serviceLevel).toBeLessThan(0.8);
    expect(withA.curve).toHaveLength(11);

    const roster = evaluateRoster({ agents: 22, load: 25, ahtSeconds: 360, targetSeconds: 20, patienceSeconds: 120 });
    expect(roster).toMatchObject({ model: 'erlang-a', overloaded: true, agents: 22 });
    expect(roster.pAbandon).toBeCloseTo(0.174, 3);
    expect(roster.curve.map((p) => p.agents)).toEqual([17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]);
  });
});
