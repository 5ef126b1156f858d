/**
 * Staffing with Erlang C or Erlang A: the minimum number of agents meeting a service-level
 * target (and an occupancy cap), the staff to schedule after shrinkage, and the curve of what
 * one agent more or less would give. Also the evaluation of a given roster. Pure.
 *
 * Erlang C search is incremental: it walks N upward carrying Erlang B from N − 1 to N (one
 * multiply-add per step, one exp per step above A), so A = 1,000 Erlangs takes a few
 * microseconds. Erlang A has no such recursion for the queue part; its search starts at a lower
 * bound (SL ≤ N/A, since no more than N·μ callers an hour are answered) and gallops/bisects,
 * relying on SL rising with N (a property test checks it).
 */
import { type ErlangAMetrics, erlangA } from './erlang-a.js';
import { checkAgents, checkLoad, erlangC, erlangCFromB, nextErlangB } from './erlang.js';

/** One row of the staffing curve. */
export interface CurvePoint {
  agents: number;
  serviceLevel: number;
  pWait: number;
  asaSeconds: number;
}

export interface QueueSetting {
  /** Offered load in Erlangs (arrivals per second × AHT). */
  load: number;
  ahtSeconds: number;
  /** T of "SL% answered within T seconds". */
  targetSeconds: number;
  /** Mean patience: when given, Erlang A (callers abandon); otherwise Erlang C. */
  patienceSeconds?: number;
  /** Fraction of paid time not on the phones (breaks, training, absence), in [0, 1). Default 0. */
  shrinkage?: number;
  /** Rows on each side of the answer in the curve. Default 5. */
  curveRadius?: number;
}

export interface StaffingSearch extends QueueSetting {
  /** The service level to reach, in (0, 1). */
  targetServiceLevel: number;
  /** Occupancy cap in (0, 1]: forces N ≥ ⌈A / maxOccupancy⌉ (for Erlang A too, which is conservative there). Default: no cap. */
  maxOccupancy?: number;
}

export interface StaffingOutcome {
  model: 'erlang-c' | 'erlang-a';
  load: number;
  /** Agents on the phones (found or given). */
  agents: number;
  /** Agents to schedule: ⌈agents / (1 − shrinkage)⌉. */
  scheduled: number;
  serviceLevel: number;
  pWait: number;
  /** Mean wait in seconds; null when Erlang C has no steady state (overloaded). */
  asaSeconds: number | null;
  occupancy: number;
  /** Erlang A only. */
  pAbandon?: number;
  /** Present when agents ≤ load: Erlang C has no answer (SL 0, P(wait) 1 reported); Erlang A still answers. */
  overloaded?: true;
  /** Rosters around the answer, in increasing agents. Erlang C rows only where N > A. */
  curve: CurvePoint[];
}

const DEFAULT_RADIUS = 5;
/** Searches stop this far above the load: far past any sensible target (SL is 1 to double precision). */
const SEARCH_LIMIT = 1_000_000;

/** ⌈x⌉, forgiving the last bits of floating-point noise (14 / 0.7 = 20.000000000000004 → 20). */
function ceilTolerant(x: number): number {
  return Math.max(0, Math.ceil(x - 1e-9 * Math.max(1, Math.abs(x)))); // max: never −0
}

/** Agents to schedule so that `agents` are on the phones after shrinkage: ⌈N / (1 − shrinkage)⌉. */
export function scheduledAgents(agents: number, shrinkage = 0): number {
  if (!(shrinkage >= 0 && shrinkage < 1)) throw new RangeError(`shrinkage must be in [0, 1), got ${shrinkage}`);
  return ceilTolerant(agents / (1 - shrinkage));
}

/** The fewest agents an occupancy cap allows: ⌈A / maxOccupancy⌉. */
export function occupancyFloor(load: number, maxOccupancy = 1): number {
  if (!(maxOccupancy > 0 && maxOccupancy <= 1)) throw new RangeError(`maxOccupancy must be in (0, 1], got ${maxOccupancy}`);
  return ceilTolerant(load / maxOccupancy);
}

/** The agents rows of a curve of 2r + 1 rows centred on `centre`, shifted up to start at `lowest` at the least. */
function curveWindow(centre: number, lowest: number, radius: number): [number, number] {
  const from = Math.max(lowest, centre - radius);
  return [from, Math.max(from + 2 * radius, centre)];
}

/** The first N for which Erlang C has an answer (N > A). */
function firstStable(load: number): number {
  return Math.floor(load) + 1;
}

function erlangCPoint(n: number, load: number, aht: number, t: number, b: number): CurvePoint {
  const pWait = erlangCFromB(n, load, b);
  const slack = n - load;
  return { agents: n, pWait, serviceLevel: 1 - pWait * Math.exp((-slack * t) / aht), asaSeconds: (pWait * aht) / slack };
}

/** Erlang C curve rows for agents in [from, to] (only N > A), walking Erlang B once. */
function erlangCCurve(load: number, aht: number, t: number, from: number, to: number): CurvePoint[] {
  const rows: CurvePoint[] = [];
  let b = 1;
  for (let n = 1; n <= to; n++) {
    b = nextErlangB(b, n, load);
    if (n >= from && n > load) rows.push(erlangCPoint(n, load, aht, t, b));
  }
  return rows;
}

function pointOf(m: ErlangAMetrics): CurvePoint {
  return { agents: m.agents, serviceLevel: m.serviceLevel, pWait: m.pWait, asaSeconds: m.asaSeconds };
}

function checkSetting(s: QueueSetting): void {
  checkLoad(s.load);
  if (!(s.ahtSeconds > 0 && Number.isFinite(s.ahtSeconds))) throw new RangeError(`ahtSeconds must be > 0, got ${s.ahtSeconds}`);
  if (!(s.targetSeconds >= 0 && Number.isFinite(s.targetSeconds))) throw new RangeError(`targetSeconds must be ≥ 0, got ${s.targetSeconds}`);
  const r = s.curveRadius ?? DEFAULT_RADIUS;
  if (!Number.isSafeInteger(r) || r < 0) throw new RangeError(`curveRadius must be a whole number ≥ 0, got ${r}`);
}

/** Zero load: nobody calls, so nobody is needed and nobody waits. */
function idle(s: QueueSetting, agents: number): StaffingOutcome {
  const model = s.patienceSeconds === undefined ? 'erlang-c' : 'erlang-a';
  const [from, to] = curveWindow(agents, 1, s.curveRadius ?? DEFAULT_RADIUS);
  const curve: CurvePoint[] = [];
  for (let n = from; n <= to; n++) curve.push({ agents: n, serviceLevel: 1, pWait: 0, asaSeconds: 0 });
  return { model, load: 0, agents, scheduled: scheduledAgents(agents, s.shrinkage), serviceLevel: 1, pWait: 0, asaSeconds: 0, occupancy: 0, ...(model === 'erlang-a' ? { pAbandon: 0 } : {}), curve };
}

/**
 * The minimum N with SL(T) ≥ target and N ≥ ⌈A / maxOccupancy⌉, then scheduled = ⌈N / (1 −
 * shrinkage)⌉, with a curve of 2r + 1 rosters around N. Erlang A when `patienceSeconds` is given.
 * Zero load needs zero agents.
 */
export function findMinimumAgents(s: StaffingSearch): StaffingOutcome {
  checkSetting(s);
  if (!(s.targetServiceLevel > 0 && s.targetServiceLevel < 1)) throw new RangeError(`targetServiceLevel must be in (0, 1), got ${s.targetServiceLevel}`);
  // Without a cap Erlang C still needs N > A, but Erlang A may answer with N < A (callers abandon).
  const floor = s.maxOccupancy === undefined ? 1 : occupancyFloor(s.load, s.maxOccupancy);
  if (s.load === 0) return idle(s, 0);
  return s.patienceSeconds === undefined ? searchErlangC(s, floor) : searchErlangA(s, s.patienceSeconds, floor);
}

function searchErlangC(s: StaffingSearch, floor: number): StaffingOutcome {
  const { load, ahtSeconds: aht, targetSeconds: t, targetServiceLevel: target } = s;
  const radius = s.curveRadius ?? DEFAULT_RADIUS;
  const limit = load + SEARCH_LIMIT;
  const below: CurvePoint[] = [];
  let curve: CurvePoint[] | undefined;
  let answer: CurvePoint | undefined;
  let b = 1;
  for (let n = 1; n <= limit; n++) {
    b = nextErlangB(b, n, load);
    if (n <= load) continue;
    if (answer === undefined) {
      const pWait = erlangCFromB(n, load, b);
      const serviceLevel = 1 - pWait * Math.exp((-(n - load) * t) / aht);
      if (n >= floor && serviceLevel >= target) {
        answer = { agents: n, pWait, serviceLevel, asaSeconds: (pWait * aht) / (n - load) };
        curve = [...below, answer];
      } else if (radius > 0 && n >= floor - radius) {
        // Only the last `radius` rows below the answer are kept for the curve.
        if (below.length === radius) below.shift();
        below.push(erlangCPoint(n, load, aht, t, b));
      }
    } else {
      curve!.push(erlangCPoint(n, load, aht, t, b));
    }
    if (answer !== undefined && curve!.length >= 2 * radius + 1 && n >= answer.agents + radius) {
      return {
        model: 'erlang-c',
        load,
        agents: answer.agents,
        scheduled: scheduledAgents(answer.agents, s.shrinkage),
        serviceLevel: answer.serviceLevel,
        pWait: answer.pWait,
        asaSeconds: answer.asaSeconds,
        occupancy: load / answer.agents,
        curve: curve!,
      };
    }
  }
  throw new RangeError(`no roster up to ${limit} agents reaches a service level of ${target}`);
}

function searchErlangA(s: StaffingSearch, patienceSeconds: number, floor: number): StaffingOutcome {
  const { load, ahtSeconds, targetSeconds, targetServiceLevel: target } = s;
  const cache = new Map<number, ErlangAMetrics>();
  const at = (n: number): ErlangAMetrics => {
    let m = cache.get(n);
    if (m === undefined) {
      m = erlangA({ agents: n, load, ahtSeconds, targetSeconds, patienceSeconds });
      cache.set(n, m);
    }
    return m;
  };
  const meets = (n: number) => at(n).serviceLevel >= target;
  // At most N·μ callers per unit time are answered, so SL ≤ N / A: below target·A nothing meets it.
  const lo = Math.max(1, floor, ceilTolerant(target * load));
  let found = lo;
  if (!meets(lo)) {
    let fail = lo;
    let step = 1;
    let hi = lo + step;
    while (!meets(hi)) {
      if (hi > load + SEARCH_LIMIT) throw new RangeError(`no roster up to ${hi} agents reaches a service level of ${target}`);
      fail = hi;
      step *= 2;
      hi = lo + step;
    }
    while (hi - fail > 1) {
      const mid = Math.floor((fail + hi) / 2);
      if (meets(mid)) hi = mid;
      else fail = mid;
    }
    found = hi;
  }
  return erlangAOutcome(s, at(found), at);
}

function erlangAOutcome(s: QueueSetting, m: ErlangAMetrics, at: (n: number) => ErlangAMetrics): StaffingOutcome {
  const [from, to] = curveWindow(m.agents, 1, s.curveRadius ?? DEFAULT_RADIUS);
  const curve: CurvePoint[] = [];
  for (let n = from; n <= to; n++) curve.push(pointOf(at(n)));
  return {
    model: 'erlang-a',
    load: m.load,
    agents: m.agents,
    scheduled: scheduledAgents(m.agents, s.shrinkage),
    serviceLevel: m.serviceLevel,
    pWait: m.pWait,
    asaSeconds: m.asaSeconds,
    occupancy: m.occupancy,
    pAbandon: m.pAbandon,
    ...(m.overloaded ? { overloaded: true as const } : {}),
    curve,
  };
}

/**
 * What a given roster of N ≥ 1 agents delivers, with the curve around it. Under Erlang C a
 * roster with N ≤ A is `overloaded`: service level 0, P(wait) 1, ASA null, occupancy 1, and the
 * curve starts at the first roster that has an answer. Under Erlang A every roster answers.
 */
export function evaluateRoster(s: QueueSetting & { agents: number }): StaffingOutcome {
  checkSetting(s);
  checkAgents(s.agents);
  if (s.agents < 1) throw new RangeError('a roster has at least one agent');
  if (s.load === 0) return idle(s, s.agents);
  const radius = s.curveRadius ?? DEFAULT_RADIUS;
  const { agents, load, ahtSeconds, targetSeconds, patienceSeconds } = s;
  if (patienceSeconds !== undefined) {
    const at = (n: number) => erlangA({ agents: n, load, ahtSeconds, targetSeconds, patienceSeconds });
    return erlangAOutcome(s, at(agents), at);
  }
  const [from, to] = curveWindow(agents, firstStable(load), radius);
  const curve = erlangCCurve(load, ahtSeconds, targetSeconds, from, to);
  const scheduled = scheduledAgents(agents, s.shrinkage);
  const m = erlangC(agents, load, ahtSeconds, targetSeconds);
  if (m.overloaded) return { model: 'erlang-c', load, agents, scheduled, serviceLevel: 0, pWait: 1, asaSeconds: null, occupancy: 1, overloaded: true, curve };
  return { model: 'erlang-c', load, agents, scheduled, serviceLevel: m.serviceLevel, pWait: m.pWait, asaSeconds: m.asaSeconds, occupancy: m.occupancy, curve };
}
