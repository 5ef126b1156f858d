/** The staffing calculator: contacts per interval in, agents out; bad input named by field. */
import { describe, expect, it } from 'vitest';
import { TuttiError } from '../core/errors.js';
import { calculateStaffing, type StaffingRequest } from './staffing.js';

const E1: StaffingRequest = { volume: 100, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, targetSeconds: 20, shrinkage: 0.3 };

function refusal(request: StaffingRequest): TuttiError {
  try {
    calculateStaffing(request);
  } catch (error) {
    if (error instanceof TuttiError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(request)}`);
}

describe('calculateStaffing', () => {
  it('E1: finds 14 agents, 20 scheduled', () => {
    const r = calculateStaffing(E1);
    expect(r).toMatchObject({ model: 'erlang-c', load: 10, agents: 14, scheduled: 20, meetsTarget: true, targetServiceLevel: 0.8, targetSeconds: 20 });
    expect(r.pWait).toBeCloseTo(0.174132, 6);
    expect(r.serviceLevel).toBeCloseTo(0.88835, 6);
    expect(r.asaSeconds).toBeCloseTo(7.836, 3);
    expect(r.occupancy).toBeCloseTo(0.714, 3);
    expect(r.overloaded).toBeUndefined();
    expect(r.pAbandon).toBeUndefined();
  });

  it('E2: a 70 % occupancy cap gives 15 agents, 22 scheduled', () => {
    const r = calculateStaffing({ ...E1, maxOccupancy: 0.7 });
    expect(r).toMatchObject({ agents: 15, scheduled: 22, meetsTarget: true });
    expect(r.serviceLevel).toBeCloseTo(0.941453, 6);
  });

  it('defaults the target to 80 % and shrinkage to none', () => {
    const { targetServiceLevel: _, shrinkage: __, ...rest } = E1;
    expect(calculateStaffing(rest)).toMatchObject({ agents: 14, scheduled: 14, targetServiceLevel: 0.8 });
  });

  it('evaluates a roster: 13 agents miss 80 %, 11 agents give SL 0.3896138', () => {
    expect(calculateStaffing({ ...E1, agents: 13 })).toMatchObject({ agents: 13, scheduled: 19, meetsTarget: false });
    expect(calculateStaffing({ ...E1, agents: 11 }).serviceLevel).toBeCloseTo(0.3896138, 7);
    expect(calculateStaffing({ ...E1, agents: 14, maxOccupancy: 0.7 }).meetsTarget).toBe(false);
  });

  it('flags an overloaded roster under Erlang C and answers it under Erlang A', () => {
    const c = calculateStaffing({ ...E1, agents: 9 });
    expect(c).toMatchObject({ overloaded: true, serviceLevel: 0, pWait: 1, asaSeconds: null, meetsTarget: false });
    const a = calculateStaffing({ volume: 250, intervalSeconds: 3600, ahtSeconds: 360, targetSeconds: 20, agents: 22, patienceSeconds: 120 });
    expect(a).toMatchObject({ model: 'erlang-a', load: 25, overloaded: true, agents: 22 });
    expect(a.pWait).toBeCloseTo(0.586, 3);
    expect(a.pAbandon).toBeCloseTo(0.174, 3);
    expect(a.asaSeconds).toBeCloseTo(20.8, 1);
  });

  it('E5 through the calculator: patience 5 min at 14 agents', () => {
    const r = calculateStaffing({ ...E1, agents: 14, patienceSeconds: 300 });
    expect(r.pAbandon).toBeCloseTo(0.013984, 6);
    expect(r.serviceLevel).toBeCloseTo(0.916792, 6);
    expect(r.occupancy).toBeCloseTo(0.704297, 6);
  });

  it.each([
    ['volume', { volume: -1 }],
    ['volume', { volume: Number.NaN }],
    ['volume', { volume: 1e9 }],
    ['intervalSeconds', { intervalSeconds: 0 }],
    ['ahtSeconds', { ahtSeconds: 0 }],
    ['ahtSeconds', { ahtSeconds: -5 }],
    ['targetSeconds', { targetSeconds: -1 }],
    ['targetServiceLevel', { targetServiceLevel: 0 }],
    ['targetServiceLevel', { targetServiceLevel: 1 }],
    ['targetServiceLevel', { targetServiceLevel: 80 }],
    ['shrinkage', { shrinkage: 1 }],
    ['shrinkage', { shrinkage: -0.1 }],
    ['maxOccupancy', { maxOccupancy: 0 }],
    ['maxOccupancy', { maxOccupancy: 1.2 }],
    ['agents', { agents: 0 }],
    ['agents', { agents: 2.5 }],
    ['patienceSeconds', { patienceSeconds: 0 }],
  ] as Array<[string, Partial<StaffingRequest>]>)('refuses bad %s (%o), naming the field', (field, change) => {
    const e = refusal({ ...E1, ...change });
    expect(e.code).toBe('invalid_request');
    expect(e.status).toBe(400);
    expect(e.message.startsWith(`${field} must be`)).toBe(true);
    expect(e.details).toEqual({ field });
  });

  it('says why a handling time of 0 is refused', () => {
    expect(refusal({ ...E1, ahtSeconds: 0 }).message).toMatch(/handling time of 0/);
  });

  it('refuses a patience so long the chain cannot be evaluated, naming patienceSeconds', () => {
    const e = refusal({ volume: 5_000_000, intervalSeconds: 3600, ahtSeconds: 1, targetSeconds: 20, agents: 1, patienceSeconds: 1e6 });
    expect(e.details).toEqual({ field: 'patienceSeconds' });
  });
});
