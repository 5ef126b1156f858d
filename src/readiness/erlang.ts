/**
 * Erlang B and Erlang C, the queueing formulas behind contact-centre staffing (REFERENCE C).
 * Pure functions, no factorials: every quantity comes from the Erlang B recursion, which stays
 * in [0, 1] and so works for any load (the factorial form overflows from N ≈ 171).
 *
 * Units: `load` A is the offered load in Erlangs (arrival rate × average handling time);
 * `agents` N is a whole number; times are in seconds.
 */

/** What a queue with enough agents delivers (Erlang C, or Erlang A in `erlang-a.ts`). */
export interface QueueMetrics {
  agents: number;
  load: number;
  /** Probability that a caller waits at all. */
  pWait: number;
  /** Fraction of callers answered within the target time. */
  serviceLevel: number;
  /** Average speed of answer (mean wait) in seconds. */
  asaSeconds: number;
  /** Fraction of the agents' time spent handling contacts. */
  occupancy: number;
}

/** Erlang C's answer when N ≤ A: the queue grows without bound, so there is no steady state. */
export interface OverloadedQueue {
  agents: number;
  load: number;
  overloaded: true;
  /** Every agent is busy all the time. */
  occupancy: 1;
}

export type ErlangCResult = (QueueMetrics & { overloaded: false }) | OverloadedQueue;

/** Throws a RangeError unless `agents` is a whole number ≥ 0 (a programming error: callers validate input). */
export function checkAgents(agents: number): void {
  if (!Number.isSafeInteger(agents) || agents < 0) throw new RangeError(`agents must be a whole number ≥ 0, got ${agents}`);
}

/** Throws a RangeError unless `load` is a finite number ≥ 0. */
export function checkLoad(load: number): void {
  if (!Number.isFinite(load) || load < 0) throw new RangeError(`load must be a finite number ≥ 0, got ${load}`);
}

/**
 * Erlang B: the probability that a call finds all N servers busy in a loss system with
 * offered load A, by the recursion
 *
 *   B₀ = 1,   Bₙ = A·Bₙ₋₁ / (n + A·Bₙ₋₁)
 *
 * O(N), no overflow for any A (each Bₙ is in [0, 1]; for N ≫ A it may underflow to 0, which is
 * the right answer to double precision).
 */
export function erlangB(agents: number, load: number): number {
  checkAgents(agents);
  checkLoad(load);
  let b = 1;
  for (let n = 1; n <= agents; n++) b = nextErlangB(b, n, load);
  return b;
}

/** One step of the Erlang B recursion: Bₙ from Bₙ₋₁. Exported so searches can walk N upward. */
export function nextErlangB(previous: number, n: number, load: number): number {
  const ab = load * previous;
  return ab / (n + ab);
}

/**
 * Erlang C's probability of waiting from Erlang B (valid only for N > A):
 *
 *   C = N·B / (N − A·(1 − B))
 */
export function erlangCFromB(agents: number, load: number, b: number): number {
  return (agents * b) / (agents - load * (1 - b));
}

/**
 * The Erlang C (M/M/N) measures for N agents, load A, handling time AHT and target time T:
 *
 *   C     = N·B / (N − A·(1 − B))             probability of waiting
 *   SL(T) = 1 − C·e^(−(N − A)·T / AHT)        answered within T
 *   ASA   = C·AHT / (N − A)                   mean wait over all callers
 *   occupancy = A / N
 *
 * For N ≤ A there is no steady state: the result is `{overloaded: true}`, never NaN.
 */
export function erlangC(agents: number, load: number, ahtSeconds: number, targetSeconds: number): ErlangCResult {
  return erlangCWithB(agents, load, ahtSeconds, targetSeconds, erlangB(agents, load));
}

/** `erlangC` with Erlang B already known (searches keep B from the previous N). */
export function erlangCWithB(agents: number, load: number, ahtSeconds: number, targetSeconds: number, b: number): ErlangCResult {
  if (agents <= load) return { agents, load, overloaded: true, occupancy: 1 };
  const pWait = erlangCFromB(agents, load, b);
  const slack = agents - load;
  return {
    agents,
    load,
    overloaded: false,
    pWait,
    serviceLevel: 1 - pWait * Math.exp((-slack * targetSeconds) / ahtSeconds),
    asaSeconds: (pWait * ahtSeconds) / slack,
    occupancy: load / agents,
  };
}

/**
 * The largest load A that N agents carry with Erlang C's P(wait) ≤ `maxPWait`, by bisection on
 * A in [0, N) (P(wait) rises continuously from 0 to 1 as A goes from 0 to N). The answer is the
 * lower end of the final bracket, so it always meets the bound; it is within 1e-9·N of the exact
 * root. Example (REFERENCE C, E4): N = 30 at 15 % carries A ≈ 23.64 Erlangs.
 */
export function maxLoadForPWait(agents: number, maxPWait: number): number {
  checkAgents(agents);
  if (!(maxPWait > 0 && maxPWait < 1)) throw new RangeError(`maxPWait must be in (0, 1), got ${maxPWait}`);
  if (agents === 0) return 0;
  let lo = 0;
  let hi = agents;
  while (hi - lo > 1e-9 * agents) {
    const mid = (lo + hi) / 2;
    if (erlangCFromB(agents, mid, erlangB(agents, mid)) <= maxPWait) lo = mid;
    else hi = mid;
  }
  return lo;
}
