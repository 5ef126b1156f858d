/**
 * Erlang A (M/M/N+M, Palm's queue): Erlang C plus callers who hang up. Each waiting caller
 * abandons after an exponential patience with mean `patienceSeconds`, so the queue always has
 * a steady state — it answers when N < A, where Erlang C has none.
 *
 * The model is the birth–death chain on n = callers in the system:
 *
 *   birth rate λ,   death rate min(n, N)·μ + max(n − N, 0)·θ      (μ = 1/AHT, θ = 1/patience)
 *
 * computed in units of AHT (μ = 1, λ = A, θ = AHT/patience) and stably: the states below N come
 * from Erlang B (Σₙ₍N πₙ / π_N = 1/B − 1), the queue states from the ratio
 * π_{N+j} / π_N = Πₖ₌₁..ⱼ A / (N + k·θ), summed in log space with a running maximum and cut off
 * once the remaining terms are below e⁻⁴⁰ of the largest. No factorial, no overflow at any load.
 *
 * The measures are those of Garnett, Mandelbaum & Reiman (2002) and G. Koole, "Call center
 * optimization" — the definitions that reproduce REFERENCE C vectors E5 and E9:
 *
 *   P(wait)    = Σ_{n ≥ N} πₙ                          an arrival finds every agent busy (PASTA)
 *   P(abandon) = θ·E[Q] / λ                            abandonment rate over arrival rate
 *   ASA        = E[Q] / λ = P(abandon) · patience      mean time in queue over ALL arrivals,
 *                                                      abandoners counted for the time they waited
 *   occupancy  = A·(1 − P(abandon)) / N                carried load per agent
 *   SL(T)      = P(answered within T) over ALL arrivals; a caller who abandons counts as not
 *                answered (not removed from the denominator)
 *
 * SL(T): an arrival that finds j callers ahead is answered within T if its offered wait V_j
 * (the sum of Exp(N + i·θ), i = 0..j) is ≤ T and its own patience outlasts V_j. Since
 * e^(−θ·V_j) ~ Beta(N/θ, j + 1), with y = N/θ and u = e^(−θ·T/AHT):
 *
 *   P(answered within T | j ahead) = y/(y + j + 1) · P(K > j),   K ~ NegBin(y + 1, 1 − u)
 *                                    (P(K = k) = C(y + k, k)·(1 − u)^k·u^(y+1))
 *
 * and SL(T) = P(no wait) + Σⱼ π_{N+j} · P(answered within T | j ahead), accumulated in the same
 * pass (the negative binomial's pmf in log space too).
 */
import { checkAgents, checkLoad, erlangB, type QueueMetrics } from './erlang.js';

export interface ErlangAInput {
  agents: number;
  load: number;
  ahtSeconds: number;
  targetSeconds: number;
  /** Mean patience of a waiting caller (exponential), in seconds. */
  patienceSeconds: number;
}

export interface ErlangAMetrics extends QueueMetrics {
  /** Fraction of arrivals who hang up before being answered. */
  pAbandon: number;
  /** N ≤ A: without abandonment the queue would grow for ever. Erlang A still answers. */
  overloaded: boolean;
  /** Queue states summed before the remaining probability vanished (for tests and tuning). */
  states: number;
}

/** Past this many queue states an evaluation would take too long (patience ≫ AHT in deep overload). */
export const ERLANG_A_MAX_STATES = 2_000_000;

/** Thrown when the chain would need more than ERLANG_A_MAX_STATES states. */
export class ErlangAStateLimitError extends RangeError {
  constructor(readonly input: ErlangAInput) {
    super(`Erlang A needs more than ${ERLANG_A_MAX_STATES} queue states for N = ${input.agents}, A = ${input.load}, patience ${input.patienceSeconds} s (AHT ${input.ahtSeconds} s)`);
    this.name = 'ErlangAStateLimitError';
  }
}

/** log(eᵃ + eᵇ), exact for infinite arguments. */
function logAddExp(a: number, b: number): number {
  if (a === Infinity || b === Infinity) return Infinity;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** Cut the chain once the rest is below e⁻⁴⁰ (≈ 4e-18) of its largest term. */
const NEGLIGIBLE_LOG = 40;
/** The answered-within-T tail is dropped below this (it only shrinks from there). */
const NEGLIGIBLE_TAIL = 1e-15;

/**
 * The Erlang A (M/M/N+M) measures for N ≥ 1 agents; see the module comment for the chain and the
 * definitions. Works for N < A (then `overloaded` is true and every number is still finite).
 * Throws ErlangAStateLimitError only in extreme inputs (patience thousands of times AHT while far
 * overloaded), where the chain would need millions of states.
 */
export function erlangA(input: ErlangAInput): ErlangAMetrics {
  const { agents: n, load: a, ahtSeconds, targetSeconds, patienceSeconds } = input;
  checkAgents(n);
  checkLoad(a);
  if (n < 1) throw new RangeError('Erlang A needs at least one agent');
  if (!(ahtSeconds > 0 && Number.isFinite(ahtSeconds))) throw new RangeError(`ahtSeconds must be > 0, got ${ahtSeconds}`);
  if (!(targetSeconds >= 0 && Number.isFinite(targetSeconds))) throw new RangeError(`targetSeconds must be ≥ 0, got ${targetSeconds}`);
  if (!(patienceSeconds > 0 && Number.isFinite(patienceSeconds))) throw new RangeError(`patienceSeconds must be > 0, got ${patienceSeconds}`);
  if (a === 0) return { agents: n, load: 0, pWait: 0, pAbandon: 0, serviceLevel: 1, asaSeconds: 0, occupancy: 0, overloaded: false, states: 0 };

  const theta = ahtSeconds / patienceSeconds;
  const tau = targetSeconds / ahtSeconds;
  const y = n / theta;
  const logOneMinusU = Math.log(-Math.expm1(-theta * tau));

  const b = erlangB(n, a);
  // log Σ_{n<N} πₙ/π_N = log((1 − B)/B); +∞ when B underflows (N ≫ A: nobody waits).
  const logBelow = b === 0 ? Infinity : Math.log1p(-b) - Math.log(b);

  let logR = 0; // log(π_{N+j} / π_N)
  let max = 0; // running maximum of logR; the sums below are scaled by e^(−max)
  let mass = 0; // Σ π_{N+j}
  let queue = 0; // Σ j·π_{N+j}
  let answered = 0; // Σ π_{N+j}·P(answered within T | j ahead)
  let logPmf = -(n + theta) * tau; // log P(K = 0) = (y + 1)·log u
  let cdf = 0;
  let tailDone = false;
  let states = 0;
  for (let j = 0; ; j++) {
    if (j > 0) {
      logR += Math.log(a / (n + j * theta));
      if (!tailDone) logPmf += Math.log((y + j) / j) + logOneMinusU;
    }
    if (logR > max) {
      const f = Math.exp(max - logR);
      mass *= f;
      queue *= f;
      answered *= f;
      max = logR;
    }
    const r = Math.exp(logR - max);
    mass += r;
    queue += j * r;
    if (!tailDone) {
      cdf += Math.exp(logPmf);
      const tail = 1 - cdf;
      if (tail < NEGLIGIBLE_TAIL) tailDone = true;
      else answered += r * (y / (y + j + 1)) * tail;
    }
    // Ratios A/(N + kθ) fall with k, so once below 1 the rest is bounded by a geometric series.
    const ratio = a / (n + (j + 1) * theta);
    if (ratio < 1 && logR + Math.log(ratio / (1 - ratio)) + Math.log(j + 1 + 1 / (1 - ratio)) < max - NEGLIGIBLE_LOG) {
      states = j + 1;
      break;
    }
    if (j >= ERLANG_A_MAX_STATES) throw new ErlangAStateLimitError(input);
  }

  const logMass = max + Math.log(mass);
  const logZ = logAddExp(logBelow, logMass);
  const pWait = Math.exp(logMass - logZ);
  const scale = Math.exp(max - logZ);
  const meanQueue = queue * scale;
  const pAbandon = Math.min(1, (theta * meanQueue) / a);
  return {
    agents: n,
    load: a,
    pWait,
    pAbandon,
    serviceLevel: Math.min(1, Math.max(0, 1 - pWait + answered * scale)),
    asaSeconds: (meanQueue / a) * ahtSeconds,
    occupancy: (a * (1 - pAbandon)) / n,
    overloaded: n <= a,
    states,
  };
}
