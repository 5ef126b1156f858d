/**
 * bench/promises — the promise ledger's clock tick over a million open promises, next to a
 * naive scan measured in the same run.
 *
 *   npm run build && node --expose-gc --max-old-space-size=8192 dist/bench/promises.js
 *       [-- --promises 1000000 --rounds 9 --matches 200000 --seed 7]
 *   (or without building: node --expose-gc --max-old-space-size=8192 --import tsx bench/promises.ts)
 *
 * 1. Make --promises open promises (deadlines uniform over 30 days, 0–2 h grace) through
 *    `PromiseLedger.make`; the baseline holds the same promises as plain records in an array.
 * 2. At --rounds instants spread over the 30 days, both are ticked twice: a catch-up tick
 *    covering the days since the previous instant, then a steady tick one minute later (what a
 *    timer firing every minute sees). Each tick is timed once (a tick changes the ledger); the
 *    table gives medians and the ratio. Baseline: a scan over every open promise that breaks
 *    the due ones with the same writes and compacts the array.
 * 3. kept_by matching: --matches `Shipment Delivered` events through `applyEvent`.
 * 4. The end of the month (one tick after every deadline), then the worst case: a fresh ledger
 *    of --promises promises, one tick breaking all of them.
 *
 * Both sides check they broke the same number of promises at every instant.
 */
import { cpus, loadavg } from 'node:os';
import type { TuttiEvent } from '../src/core/event.js';
import { PromiseLedger } from '../src/promises/promise-ledger.js';
import type { PromiseInput, PromiseRecord } from '../src/promises/promise-types.js';
import { arg, fmt, median, table } from './support.js';

const N = arg('promises', 1_000_000);
const ROUNDS = arg('rounds', 9);
const MATCHES = arg('matches', 200_000);
const SEED = arg('seed', 7);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN = 30 * DAY;
const T0 = Date.UTC(2025, 0, 6);
const DEPARTMENTS = ['logistics', 'billing', 'service', 'sales', 'marketing'] as const;
const TYPES = ['delivery', 'refund', 'callback', 'visit'] as const;
const GRACES = [0, 30 * MINUTE, 2 * HOUR] as const;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const heapMb = (): number => process.memoryUsage().heapUsed / 2 ** 20;

/** mulberry32: a small seeded generator, so both sides get the same promises. */
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

  add(input: PromiseInput): void {
    this.open.push({
      id: input.id, customerId: input.customerId, type: input.type, department: input.department, owner: input.department,
      origin: input.origin, madeAt: input.madeAt, termsAt: input.madeAt, dueAt: input.dueAt, graceMs: input.graceMs ?? 0,
      status: 'open', history: [{ at: input.madeAt, kind: 'made', by: 'call', dueAt: input.dueAt }],
    });
  }

  tick(now: number): PromiseRecord[] {
    const out: PromiseRecord[] = [];
    const open = this.open;
    let w = 0;
    for (let i = 0; i < open.length; i++) {
      const r = open[i] as PromiseRecord;
      const deadline = r.dueAt + r.graceMs;
      if (deadline < now) {
        r.status = 'broken';
        r.closedAt = deadline;
        r.closedBy = 'clock';
        r.history.push({ at: deadline, kind: 'broken', by: 'clock' });
        out.push(r);
      } else {
        open[w++] = r;
      }
    }
    open.length = w;
    return out;
  }
}

function timed<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/** Wall and process CPU time (all threads, GC helpers included), ms. */
function timedCpu<T>(fn: () => T): [T, number, number] {
  const cpu = process.cpuUsage();
  const [value, wall] = timed(fn);
  const used = process.cpuUsage(cpu);
  return [value, wall, (used.user + used.system) / 1000];
}

function buildLedger(): [PromiseLedger, number] {
  const ledger = new PromiseLedger();
  const [, ms] = timed(() => {
    for (const input of inputs(N, SEED)) ledger.make(input);
  });
  return [ledger, ms];
}

const ms = (x: number): string => (x < 1 ? `${fmt(x * 1000, 0)} µs` : `${fmt(x, 1)} ms`);

function month(): void {
  // 1. Build
  gc();
  const heapBefore = heapMb();
  const [ledger, buildMs] = buildLedger();
  gc();
  const ledgerMb = heapMb() - heapBefore;
  const naive = new NaiveLedger();
  for (const input of inputs(N, SEED)) naive.add(input);
  gc();
  table([
    ['make', `${fmt(buildMs / 1000, 2)} s`, `${fmt(N / (buildMs / 1000))} promises/s`],
    ['ledger heap', `${fmt(ledgerMb)} MB`, `${fmt((ledgerMb * 2 ** 20) / N)} bytes a promise (records, indexes, deadline heap)`],
  ]);

  // 2. Ticks at instants over the month
  const steady: number[] = [];
  const steadyNaive: number[] = [];
  const catchUp: number[] = [];
  const catchUpNaive: number[] = [];
  let steadyBroken = 0;
  let catchUpBroken = 0;
  for (let i = 1; i <= ROUNDS; i++) {
    const at = T0 + Math.floor((i * SPAN) / (ROUNDS + 1));
    for (const [now, tLedger, tNaive, isSteady] of [[at - MINUTE, catchUp, catchUpNaive, false], [at, steady, steadyNaive, true]] as const) {
      const [baseline, naiveMs] = timed(() => naive.tick(now));
      const [broken, ledgerMs] = timed(() => ledger.tick(now));
      if (broken.length !== baseline.length) throw new Error(`tick at ${new Date(now).toISOString()}: ledger broke ${broken.length}, naive ${baseline.length}`);
      tLedger.push(ledgerMs);
      tNaive.push(naiveMs);
      if (isSteady) steadyBroken += broken.length;
      else catchUpBroken += broken.length;
    }
  }
  const stOpen = ledger.stats().open;
  console.log(`\nTicks (median of ${ROUNDS}; ${fmt(stOpen)} promises still open at the end)`);
  table([
    ['steady tick, ledger', ms(median(steady)), `breaks ${fmt(steadyBroken / ROUNDS, 1)} a tick on average (one minute of deadlines)`],
    ['steady tick, naive scan', ms(median(steadyNaive)), `ratio ${fmt(median(steadyNaive) / median(steady))}×`],
    ['catch-up tick, ledger', ms(median(catchUp)), `breaks ${fmt(catchUpBroken / ROUNDS)} a tick on average (${fmt(30 / (ROUNDS + 1), 1)} days of deadlines)`],
    ['catch-up tick, naive scan', ms(median(catchUpNaive)), `ratio ${fmt(median(catchUpNaive) / median(catchUp), 1)}×`],
  ]);

  // 3. kept_by matching through applyEvent: proof for random promises, stamped at the clock
  const r = rng(SEED + 1);
  const events: TuttiEvent[] = [];
  const stamp = ledger.lastTick;
  for (let i = 0; i < MATCHES; i++) {
    const k = Math.floor(r() * N);
    const p = ledger.get(`prm_${k}`);
    if (p === undefined) continue;
    events.push({
      seq: i + 1, sourceId: 'src', department: 'logistics', messageId: `d-${i}`, type: 'track', event: 'Shipment Delivered',
      customerId: p.customerId, userId: null, anonymousId: null, timestamp: stamp, receivedAt: stamp,
      properties: { order_id: `O-${k}`, shipment_id: `S-${k}` }, traits: {}, context: {}, catalogueVersion: '1.0.0',
    });
  }
  let kept = 0;
  const [, matchMs] = timed(() => {
    for (const ev of events) for (const c of ledger.applyEvent(ev, ev.customerId)) if (c.to === 'kept') kept++;
  });
  console.log('\nkept_by matching');
  table([['applyEvent', `${fmt(events.length / (matchMs / 1000))} events/s`, `${fmt(events.length)} Shipment Delivered: ${fmt(kept)} kept an open promise, the rest noted a late fulfilment`]]);

  // 4. The end of the month, then the worst case
  const tail = timed(() => ledger.tick(T0 + SPAN + DAY));
  const tailNaive = timed(() => naive.tick(T0 + SPAN + DAY));
  if (tail[0].length + kept !== tailNaive[0].length) throw new Error(`end of month: ledger broke ${tail[0].length} + ${kept} kept, naive ${tailNaive[0].length}`);
  console.log('\nEnd of the month: one tick after every deadline');
  table([
    ['ledger', ms(tail[1]), `${fmt(tail[0].length)} broken (the ${fmt(kept)} kept above are not due)`],
    ['naive scan', ms(tailNaive[1]), `${fmt(tailNaive[0].length)} broken`],
  ]);
}

function worstCase(): void {
  const [fresh] = buildLedger();
  gc();
  const [all, allMs, allCpu] = timedCpu(() => fresh.tick(T0 + SPAN + DAY));
  console.log(`\nWorst case: a fresh ledger, one tick breaks all ${fmt(N)}`);
  table([['ledger', ms(allMs), `${fmt(all.length)} broken, ${fmt(all.length / (allMs / 1000))} promises/s; CPU ${ms(allCpu)}`]]);
  console.log(`\nLoad average at the end: ${loadavg().map((x) => fmt(x, 1)).join(' ')} on ${cpus().length} CPUs (wall times stretch when it exceeds the CPUs)`);
}

console.log(`bench/promises — ${fmt(N)} open promises, deadlines over 30 days, ${ROUNDS} instants (node ${process.version}, load average ${fmt(loadavg()[0] ?? 0, 1)} on ${cpus().length} CPUs)\n`);
month();
gc();
worstCase();
