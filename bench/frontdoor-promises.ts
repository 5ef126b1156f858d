/**
 * bench/frontdoor's promise figure: `PromiseLedger.tick` over --promises open promises, next to
 * a naive scan of the same promises measured in the same run. Promises are made as
 * bench/promises.ts makes them (same generator and seed: deadlines uniform over 30 days, 0–2 h
 * grace), so the two benchmarks' figures compare.
 *
 * 1. Steady tick: every promise open, the clock moves one minute (what a timer firing every
 *    minute sees: about N / 43,200 deadlines fall due). Median of --tick-rounds ticks.
 * 2. Worst case: a fresh ledger, one tick after every deadline, so the tick breaks all N.
 *    Median of --worst-rounds fresh ledgers (a tick changes the ledger, so each is used once).
 *
 * Baseline: every open promise as a plain record in one array, scanned whole at each tick,
 * breaking the due ones with the same writes. Both sides must break the same number.
 */
import { PromiseLedger } from '../src/promises/promise-ledger.js';
import type { PromiseInput, PromiseRecord } from '../src/promises/promise-types.js';
import { median } from './support.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN = 30 * DAY;
const T0 = Date.UTC(2025, 0, 6);
const DEPARTMENTS = ['logistics', 'billing', 'service', 'sales', 'marketing'] as const;
const TYPES = ['delivery', 'refund', 'callback', 'visit'] as const;
const GRACES = [0, 30 * MINUTE, 2 * HOUR] as const;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** mulberry32, as bench/promises.ts: both benchmarks make the same promises for a seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* inputs(n: number, seed: number): Generator<PromiseInput> {
  const r = rng(seed);
  const customers = Math.max(1, Math.floor(n / 4));
  for (let i = 0; i < n; i++) {
    yield {
      id: `prm_${i}`,
      customerId: `cus_${Math.floor(r() * customers)}`,
      type: TYPES[i % TYPES.length] as string,
      department: DEPARTMENTS[i % DEPARTMENTS.length] as string,
      origin: { kind: 'event', ref: `src/m-${i}` },
      madeAt: T0 - DAY,
      dueAt: T0 + Math.floor(r() * SPAN),
      graceMs: GRACES[i % GRACES.length] as number,
      keptBy: { event: 'Shipment Delivered', orderId: `O-${i}` },
    };
  }
}

/** The baseline: every open promise in one array, scanned whole at each tick. */
class NaiveLedger {
  private open: PromiseRecord[] = [];

  constructor(n: number, seed: number) {
    for (const input of inputs(n, seed)) {
      this.open.push({
        id: input.id, customerId: input.customerId, type: input.type, department: input.department, owner: input.department,
        origin: input.origin, madeAt: input.madeAt, termsAt: input.madeAt, dueAt: input.dueAt, graceMs: input.graceMs ?? 0,
        status: 'open', history: [{ at: input.madeAt, kind: 'made', by: 'call', dueAt: input.dueAt }],
      });
    }
  }

  tick(now: number): number {
    const open = this.open;
    let broken = 0;
    let w = 0;
    for (let i = 0; i < open.length; i++) {
      const r = open[i] as PromiseRecord;
      const deadline = r.dueAt + r.graceMs;
      if (deadline < now) {
        r.status = 'broken';
        r.closedAt = deadline;
        r.closedBy = 'clock';
        r.history.push({ at: deadline, kind: 'broken', by: 'clock' });
        broken++;
      } else {
        open[w++] = r;
      }
    }
    open.length = w;
    return broken;
  }
}

function buildLedger(n: number, seed: number): { ledger: PromiseLedger; ms: number } {
  const started = performance.now();
  const ledger = new PromiseLedger();
  for (const input of inputs(n, seed)) ledger.make(input);
  return { ledger, ms: performance.now() - started };
}

function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

export interface PromiseTickFigures {
  promises: number;
  buildMs: number;
  /** Medians, ms. */
  steady: number;
  steadyNaive: number;
  steadyBroken: number;
  worst: number;
  worstNaive: number;
  worstRuns: number[];
  tickRounds: number;
  worstRounds: number;
}

/** Measures the ledger's tick over `n` open promises; `log` reports progress (builds take seconds). */
export function measurePromiseTicks(n: number, tickRounds: number, worstRounds: number, log: (m: string) => void, seed = 7): PromiseTickFigures {
  gc();
  const built = buildLedger(n, seed);
  const buildMs = [built.ms];
  log(`  promises: ${n} made in ${(built.ms / 1000).toFixed(1)} s`);
  let naive = new NaiveLedger(n, seed);
  gc();

  // 1. Steady: the first minutes of the month, every promise still open.
  const steady: number[] = [];
  const steadyNaive: number[] = [];
  let steadyBroken = 0;
  for (let k = 1; k <= tickRounds; k++) {
    const now = T0 + k * MINUTE;
    const [base, naiveMs] = timed(() => naive.tick(now));
    const [broken, ledgerMs] = timed(() => built.ledger.tick(now));
    if (broken.length !== base) throw new Error(`steady tick ${k}: ledger broke ${broken.length}, naive ${base}`);
    steady.push(ledgerMs);
    steadyNaive.push(naiveMs);
    steadyBroken += base;
  }

  // 2. Worst case: all due at once; a fresh ledger (and a fresh array) each round.
  const after = T0 + SPAN + DAY;
  const worst: number[] = [];
  const worstNaive: number[] = [];
  let ledger: PromiseLedger | null = built.ledger;
  // The first round reuses the steady ledger (the steady ticks broke only a few hundred).
  for (let round = 0; round < worstRounds; round++) {
    if (round > 0) {
      ledger = null;
      naive = new NaiveLedger(0, seed);
      gc();
      const fresh = buildLedger(n, seed);
      buildMs.push(fresh.ms);
      ledger = fresh.ledger;
      naive = new NaiveLedger(n, seed);
    }
    gc();
    const [base, naiveMs] = timed(() => naive.tick(after));
    const [broken, ledgerMs] = timed(() => ledger!.tick(after));
    if (broken.length !== base) throw new Error(`worst-case tick ${round}: ledger broke ${broken.length}, naive ${base}`);
    worst.push(ledgerMs);
    worstNaive.push(naiveMs);
    log(`  promises: worst-case round ${round + 1}/${worstRounds}: ledger ${ledgerMs.toFixed(0)} ms, naive ${naiveMs.toFixed(0)} ms (${broken.length} broken)`);
  }
  ledger = null;
  naive = new NaiveLedger(0, seed);
  gc();
  return {
    promises: n,
    buildMs: median(buildMs),
    steady: median(steady),
    steadyNaive: median(steadyNaive),
    steadyBroken: steadyBroken / tickRounds,
    worst: median(worst),
    worstNaive: median(worstNaive),
    worstRuns: worst,
    tickRounds,
    worstRounds,
  };
}
