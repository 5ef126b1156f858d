/**
 * Erlang B, C and the staffing search against REFERENCE C's exact vectors (E1, E2, E4, E6, E10),
 * to the precision stated there, plus the speed of the search at 1,000 Erlangs.
 */
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, type ErlangCResult, maxLoadForPWait } from './erlang.js';
import { evaluateRoster, findMinimumAgents, occupancyFloor, scheduledAgents } from './erlang-staffing.js';

function stable(r: ErlangCResult) {
  if (r.overloaded) throw new Error(`N = ${r.agents} is overloaded at A = ${r.load}`);
  return r;
}

describe('Erlang B', () => {
  it('E10: N = 10, A = 5 gives B = 0.018385', () => {
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
  });

  it('is 1 with no servers and 0 with no load', () => {
    expect(erlangB(0, 3)).toBe(1);
    expect(erlangB(5, 0)).toBe(0);
  });

  it('works far past where factorials overflow (N = A = 5,000)', () => {
    const b = erlangB(5000, 5000);
    expect(Number.isFinite(b)).toBe(true);
    expect(b).toBeGreaterThan(0.01);
    expect(b).toBeLessThan(0.02); // ≈ 0.8 / √(2π·5000)·… ≈ 0.0112
  });
});

describe('Erlang C (E1: 100 calls / 30 min, AHT 180 s, 80 % in 20 s, A = 10)', () => {
  const at = (n: number) => stable(erlangC(n, 10, 180, 20));

  it('N = 14: P(wait) 0.174132, SL 0.888350, ASA 7.836 s, occupancy 0.714', () => {
    const r = at(14);
    expect(r.pWait).toBeCloseTo(0.174132, 6);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(r.asaSeconds).toBeCloseTo(7.836, 3);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
  });

  it('N = 13: SL 0.7956; N = 11: P(wait) 0.6821182, SL 0.3896138', () => {
    expect(at(13).serviceLevel).toBeCloseTo(0.7956, 4);
    expect(at(11).pWait).toBeCloseTo(0.6821182, 7);
    expect(at(11).serviceLevel).toBeCloseTo(0.3896138, 7);
  });

  it('has no answer for N ≤ A: a clear overloaded result, not NaN', () => {
    expect(erlangC(10, 10, 180, 20)).toEqual({ agents: 10, load: 10, overloaded: true, occupancy: 1 });
    expect(erlangC(3, 10, 180, 20).overloaded).toBe(true);
  });

  it('the search finds N = 14 and 20 scheduled at 30 % shrinkage', () => {
    const r = findMinimumAgents({ load: 10, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3 });
    expect(r.agents).toBe(14);
    expect(r.scheduled).toBe(20);
    expect(r.pWait).toBeCloseTo(0.174132, 6);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(r.asaSeconds).toBeCloseTo(7.836, 3);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    expect(r.curve.map((p) => p.agents)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    expect(r.curve.find((p) => p.agents === 13)!.serviceLevel).toBeCloseTo(0.7956, 4);
    expect(r.curve.find((p) => p.agents === 11)!.pWait).toBeCloseTo(0.6821182, 7);
  });

  it('E2: a 70 % occupancy cap moves the answer to N = 15, 22 scheduled', () => {
    const r = findMinimumAgents({ load: 10, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3, maxOccupancy: 0.7 });
    expect(r.agents).toBe(15);
    expect(r.scheduled).toBe(22);
    expect(r.pWait).toBeCloseTo(0.102042, 6);
    expect(r.serviceLevel).toBeCloseTo(0.941453, 6);
    expect(r.occupancy).toBeCloseTo(0.667, 3);
    expect(r.curve.map((p) => p.agents)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });
});

describe('E4: 600 calls / h × 120 s (A = 20)', () => {
  it('N = 26: P(wait) 0.143400, ASA 2.868 s; N = 25: 0.2091; N = 30: 0.024950', () => {
    const r = stable(erlangC(26, 20, 120, 20));
    expect(r.pWait).toBeCloseTo(0.1434, 6);
    expect(r.asaSeconds).toBeCloseTo(2.868, 3);
    expect(stable(erlangC(25, 20, 120, 20)).pWait).toBeCloseTo(0.2091, 4);
    expect(stable(erlangC(30, 20, 120, 20)).pWait).toBeCloseTo(0.02495, 6);
  });

  it('the largest load N = 30 carries at P(wait) ≤ 15 % is 23.64 Erlangs', () => {
    const a = maxLoadForPWait(30, 0.15);
    expect(a).toBeCloseTo(23.64, 2);
    expect(stable(erlangC(30, a, 120, 20)).pWait).toBeLessThanOrEqual(0.15);
    expect(stable(erlangC(30, a + 1e-6, 120, 20)).pWait).toBeGreaterThan(0.15);
  });
});

describe('E6: A = 400, N = 410, T = 20 s, AHT 240 s', () => {
  it('P(wait) 0.510215, SL 0.778262, ASA 12.245 s', () => {
    const r = stable(erlangC(410, 400, 240, 20));
    expect(r.pWait).toBeCloseTo(0.510215, 6);
    expect(r.serviceLevel).toBeCloseTo(0.778262, 6);
    expect(r.asaSeconds).toBeCloseTo(12.245, 3);
  });
});

describe('rosters and rounding', () => {
  it('schedules ⌈N / (1 − shrinkage)⌉ without floating-point noise', () => {
    expect(scheduledAgents(14, 0.3)).toBe(20); // 14 / 0.7 = 20.000000000000004 in doubles
    expect(scheduledAgents(15, 0.3)).toBe(22);
    expect(scheduledAgents(7)).toBe(7);
    expect(occupancyFloor(7, 0.7)).toBe(10); // 7 / 0.7 = 10.000000000000002
    expect(occupancyFloor(10, 0.7)).toBe(15);
  });

  it('evaluates an overloaded roster under Erlang C as SL 0 with the curve starting where answers exist', () => {
    const r = evaluateRoster({ agents: 8, load: 10, ahtSeconds: 180, targetSeconds: 20, shrinkage: 0.3 });
    expect(r).toMatchObject({ agents: 8, scheduled: 12, overloaded: true, serviceLevel: 0, pWait: 1, asaSeconds: null, occupancy: 1 });
    expect(r.curve.map((p) => p.agents)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });

  it('evaluates a stable roster with the curve centred on it', () => {
    const r = evaluateRoster({ agents: 13, load: 10, ahtSeconds: 180, targetSeconds: 20 });
    expect(r.overloaded).toBeUndefined();
    expect(r.serviceLevel).toBeCloseTo(0.7956, 4);
    expect(r.curve.map((p) => p.agents)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
    const big = evaluateRoster({ agents: 30, load: 20, ahtSeconds: 120, targetSeconds: 20, curveRadius: 2 });
    expect(big.curve.map((p) => p.agents)).toEqual([28, 29, 30, 31, 32]);
    expect(big.curve[2]!.pWait).toBeCloseTo(0.02495, 6);
  });

  it('needs nobody when nobody calls', () => {
    expect(findMinimumAgents({ load: 0, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8 })).toMatchObject({ agents: 0, scheduled: 0, serviceLevel: 1, pWait: 0 });
  });
});

describe('speed', () => {
  it('finds the roster for A = 1,000 Erlangs well under a millisecond', () => {
    const search = { load: 1000, ahtSeconds: 180, targetSeconds: 20, targetServiceLevel: 0.8, shrinkage: 0.3 };
    const first = findMinimumAgents(search);
    for (let i = 0; i < 200; i++) findMinimumAgents(search); // warm the JIT
    const runs = 1000;
    const start = process.hrtime.bigint();
    let agents = 0;
    for (let i = 0; i < runs; i++) agents += findMinimumAgents({ ...search, load: 1000 + (i % 2) * 1e-9 }).agents;
    const perRunMs = Number(process.hrtime.bigint() - start) / 1e6 / runs;
    console.log(`staffing search at A = 1,000 Erlangs: ${(perRunMs * 1000).toFixed(1)} µs per search (${runs} runs), N = ${first.agents}, ${first.scheduled} scheduled`);
    expect(agents).toBe(first.agents * runs);
    expect(first.serviceLevel).toBeGreaterThanOrEqual(0.8);
    expect(perRunMs).toBeLessThan(5);
  });
});
