/**
 * The staffing search's baseline for bench/readiness: Erlang C as a textbook states it,
 *
 *   C(N, A) = (Aᴺ/N! · N/(N − A)) / (Σₖ₌₀ᴺ⁻¹ Aᵏ/k! + Aᴺ/N! · N/(N − A))
 *   SL(T)   = 1 − C · e^(−(N − A)·T / AHT)
 *
 * evaluated for each N from scratch (every term of the power series, with its factorial,
 * recomputed for each N), in log space so that A = 1,000 does not overflow (a log-sum-exp over
 * the terms), searching upward from ⌈A⌉ for the first N with SL ≥ target.
 */
import { median } from './support.js';

export interface TextbookAnswer {
  agents: number;
  pWait: number;
  serviceLevel: number;
  /** Values of N evaluated. */
  evaluated: number;
}

/** ln C(N, A) by the power series, from scratch. Requires N > A. */
export function textbookLogErlangC(agents: number, load: number): number {
  const lnA = Math.log(load);
  const terms = new Float64Array(agents + 1);
  let lnFactorial = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= agents; k++) {
    if (k > 0) lnFactorial += Math.log(k);
    let t = k * lnA - lnFactorial;
    if (k === agents) t += Math.log(agents / (agents - load));
    terms[k] = t;
    if (t > max) max = t;
  }
  let sum = 0;
  for (let k = 0; k <= agents; k++) sum += Math.exp(terms[k]! - max);
  return terms[agents]! - max - Math.log(sum);
}

/** The fewest agents with SL(T) ≥ target under Erlang C, searching N = ⌈A⌉, ⌈A⌉ + 1, … */
export function textbookMinimumAgents(load: number, ahtSeconds: number, targetSeconds: number, targetServiceLevel: number): TextbookAnswer {
  let evaluated = 0;
  for (let n = Math.max(1, Math.ceil(load)); ; n++) {
    if (n <= load) continue; // no steady state: the queue grows without bound
    evaluated++;
    const pWait = Math.exp(textbookLogErlangC(n, load));
    const serviceLevel = 1 - pWait * Math.exp((-(n - load) * targetSeconds) / ahtSeconds);
    if (serviceLevel >= targetServiceLevel) return { agents: n, pWait, serviceLevel, evaluated };
    if (n > load + 1_000_000) throw new RangeError('no roster reaches the target');
  }
}

/** How many calls of `fn` fill about `roundMs`. */
function callsPerRound(fn: () => unknown, roundMs: number): number {
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = fn();
    const ms = performance.now() - t0;
    if (ms >= roundMs / 4 || calls >= 1 << 24) return Math.max(1, Math.round((calls * roundMs) / Math.max(ms, 1e-3)));
    calls *= 4;
  }
}

/**
 * Time per call in µs of each function: calibrated so one round of calls takes about `roundMs`
 * (the timer's resolution does not matter), then `rounds` rounds interleaved (round r times each
 * function once, so a busy machine slows them alike); median per function.
 */
export function microsInterleaved<K extends string>(fns: Record<K, () => unknown>, rounds: number, roundMs = 100): Record<K, { medianUs: number; rounds: number[] }> {
  const keys = Object.keys(fns) as K[];
  const calls = new Map(keys.map((k) => [k, callsPerRound(fns[k], roundMs)]));
  const out = {} as Record<K, { medianUs: number; rounds: number[] }>;
  for (const k of keys) out[k] = { medianUs: 0, rounds: [] };
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      const n = calls.get(k)!;
      const fn = fns[k];
      const t0 = performance.now();
      for (let i = 0; i < n; i++) sink = fn();
      out[k].rounds.push(((performance.now() - t0) * 1000) / n);
    }
  }
  for (const k of keys) out[k].medianUs = median(out[k].rounds);
  return out;
}

/** Keeps results alive so the optimiser cannot drop the calls. */
export let sink: unknown = null;
