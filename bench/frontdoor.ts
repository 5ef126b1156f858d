/**
 * bench/frontdoor — the front door's figures next to their targets and a baseline measured in
 * the same run.
 *
 *   npm run bench:frontdoor [-- --pure-rounds 9 --rounds 5 --requests 400 --concurrency 8
 *                              --http-rounds 3 --seconds 10 --connections 8 --warmup 2
 *                              --promises 1000000 --tick-rounds 9 --worst-rounds 3
 *                              --skip-inprocess --skip-http --skip-promises]
 *
 * Targets (the issue): intake to routed work items p99 ≤ 10 ms in-process and ≥ 2,000
 * requests/s over HTTP; evaluating 1,000,000 open promises on a clock tick ≤ 1 s.
 *
 * 1. Pure, in-process: `understandMessage` + `Router.submit` per message over the demo
 *    company's 2,000 messages (demoMessageHistory(42)), a fresh Router each round.
 * 2. End to end, in-process: `tutti.frontDoor.submit` on a real Tutti (a temporary SQLite file,
 *    synchronous=FULL as `tutti serve` runs it), --requests a round, at concurrency 1 and
 *    --concurrency, a new customer e-mail every request. Baseline: one Ticket Opened event
 *    validated and committed by `tutti.pipeline.submit` alone (the durable commit floor).
 *    Breakdown: the request rows alone (`insertRequest`), the second commit an intake makes.
 * 3. Over HTTP: `tutti serve` on a fresh SQLite file; POST /v1/requests over --connections
 *    undici connections (see frontdoor-http.ts for how the per-client rate limit is met).
 *    Baseline: GET /healthz on the same server through the same client.
 * 4. Promise tick: `PromiseLedger.tick` over --promises open promises, steady and worst case
 *    (see frontdoor-promises.ts). Baseline: a naive scan of the same promises.
 *
 * Every figure is the median over its rounds (of each round's p50, p99 and rate); baselines run
 * in alternation with the figure they stand next to.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTutti } from '../src/app/tutti.js';
import { demoMessageHistory } from '../src/demo/messages.js';
import { FrontDoorClient, type HttpRound, startServer } from './frontdoor-http.js';
import { type LatencyRound, pipelineRound, pureRound, type PureRound, requestRowsRound, submitRound } from './frontdoor-inprocess.js';
import { measurePromiseTicks, type PromiseTickFigures } from './frontdoor-promises.js';
import { arg, fmt, has, median } from './support.js';

const PURE_ROUNDS = arg('pure-rounds', 9);
const ROUNDS = arg('rounds', 5);
const REQUESTS = arg('requests', 400);
const CONCURRENCY = arg('concurrency', 8);
const HTTP_ROUNDS = arg('http-rounds', 3);
const SECONDS = arg('seconds', 10);
const CONNECTIONS = arg('connections', 8);
const WARMUP = arg('warmup', 2);
const PROMISES = arg('promises', 1_000_000);
const TICK_ROUNDS = arg('tick-rounds', 9);
const WORST_ROUNDS = arg('worst-rounds', 3);

const log = (m: string): void => console.log(m);
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Milliseconds, shown in µs below 1 ms. */
const ms = (x: number): string => (!Number.isFinite(x) ? 'n/a' : x < 1 ? `${fmt(x * 1000)} µs` : `${fmt(x, x < 10 ? 2 : 1)} ms`);
const perS = (x: number): string => `${fmt(x)}/s`;

/** Medians over rounds of each round's p50, p99, max and rate. */
function med(rounds: readonly LatencyRound[]): LatencyRound {
  return {
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    max: median(rounds.map((r) => r.max)),
    rate: median(rounds.map((r) => r.rate)),
    count: rounds.reduce((s, r) => s + r.count, 0),
  };
}

const lat = (r: LatencyRound): string => `p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`;

function grid(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  │ ').trimEnd();
  console.log(`  ${line(header)}`);
  console.log(`  ${widths.map((w) => '─'.repeat(w)).join('──┼─')}`);
  for (const r of rows) console.log(`  ${line(r)}`);
}

interface InProcess {
  pure: { total: LatencyRound; cpu: LatencyRound; understand: LatencyRound; route: LatencyRound; workItems: number; triaged: number; messages: number };
  byConcurrency: { concurrency: number; submit: LatencyRound; pipeline: LatencyRound; rows: LatencyRound }[];
}

async function inProcess(dir: string): Promise<InProcess> {
  const messages = demoMessageHistory(42);
  log(`\n1–2. In-process (a real Tutti on ${join(dir, 'inprocess.db')}, synchronous=FULL)`);
  const opened = performance.now();
  const tutti = await openTutti({ db: join(dir, 'inprocess.db'), log: (m) => log(`  tutti: ${m}`) });
  log(`  opened in ${fmt((performance.now() - opened) / 1000, 1)} s (trains the intent model on a fresh database)`);
  try {
    // Pure part
    pureRound(messages, tutti, -1); // warm-up (JIT)
    const pure: PureRound[] = [];
    for (let r = 0; r < PURE_ROUNDS; r++) {
      gc();
      pure.push(pureRound(messages, tutti, r));
    }
    const p = pure[0]!;
    const pureMed = { total: med(pure.map((x) => x.total)), cpu: med(pure.map((x) => x.cpu)), understand: med(pure.map((x) => x.understand)), route: med(pure.map((x) => x.route)), workItems: p.workItems, triaged: p.triaged, messages: messages.length };
    log(`  pure, ${PURE_ROUNDS} rounds of ${fmt(messages.length)} messages (${fmt(p.workItems)} work items, ${fmt(p.triaged)} to triage): p99 by round ${pure.map((x) => ms(x.total.p99)).join(', ')}`);

    // End to end. Every request and baseline event gets customer numbers of its own.
    let next = 0;
    const numbers = (count: number): number => {
      next += count;
      return next - count;
    };
    await pipelineRound(tutti, messages, 100, 1, numbers(100)); // warm-up
    await submitRound(tutti, messages, 100, 1, numbers(100));
    await requestRowsRound(tutti, messages, 100, 1, numbers(100));
    const byConcurrency: InProcess['byConcurrency'] = [];
    for (const c of [...new Set([1, CONCURRENCY])]) {
      const submit: LatencyRound[] = [];
      const pipeline: LatencyRound[] = [];
      const rows: LatencyRound[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        pipeline.push(await pipelineRound(tutti, messages, REQUESTS, c, numbers(REQUESTS)));
        submit.push(await submitRound(tutti, messages, REQUESTS, c, numbers(REQUESTS)));
        rows.push(await requestRowsRound(tutti, messages, REQUESTS, c, numbers(REQUESTS)));
      }
      log(`  concurrency ${c}, ${ROUNDS} rounds of ${REQUESTS}: frontDoor.submit p99 by round ${submit.map((x) => ms(x.p99)).join(', ')}; pipeline.submit p99 ${pipeline.map((x) => ms(x.p99)).join(', ')}`);
      byConcurrency.push({ concurrency: c, submit: med(submit), pipeline: med(pipeline), rows: med(rows) });
    }
    return { pure: pureMed, byConcurrency };
  } finally {
    await tutti.close();
  }
}

interface OverHttp {
  intake: HttpRound;
  healthz: HttpRound;
  limited: { admitted: number; refused: number; refusedP50: number; other: number };
  addresses: number;
  customers: number;
  firstRefusal: string | null;
}

async function overHttp(dir: string): Promise<OverHttp> {
  const messages = demoMessageHistory(42);
  log(`\n3. Over HTTP (tutti serve on ${join(dir, 'http.db')}, ${CONNECTIONS} connections, ${HTTP_ROUNDS} rounds of ${SECONDS} s)`);
  const started = performance.now();
  const server = await startServer(join(dir, 'http.db'));
  log(`  server listening after ${fmt((performance.now() - started) / 1000, 1)} s`);
  try {
    const client = new FrontDoorClient(server.url, messages, CONNECTIONS);
    await client.run('intake', WARMUP * 1000, 0);
    await client.run('healthz', WARMUP * 1000, 0);
    const intake: HttpRound[] = [];
    const healthz: HttpRound[] = [];
    for (let r = 0; r < HTTP_ROUNDS; r++) {
      healthz.push(await client.run('healthz', 500, SECONDS * 1000));
      intake.push(await client.run('intake', 500, SECONDS * 1000));
      const i = intake[intake.length - 1]!;
      const h = healthz[healthz.length - 1]!;
      log(`  round ${r + 1}: intake ${perS(i.rate)} (${lat(i)}); healthz ${perS(h.rate)} (${lat(h)})${Object.keys(i.unexpected).length > 0 ? `; intake not 201: ${JSON.stringify(i.unexpected)}` : ''}`);
    }
    const limited = await client.fromOneAddress(3000);
    const merge = (rs: HttpRound[]): HttpRound => {
      const unexpected: Record<string, number> = {};
      for (const r of rs) for (const [k, v] of Object.entries(r.unexpected)) unexpected[k] = (unexpected[k] ?? 0) + v;
      return { ...med(rs), unexpected };
    };
    return { intake: merge(intake), healthz: merge(healthz), limited, addresses: client.addressesUsed, customers: client.customers, firstRefusal: client.firstRefusal };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tutti-bench-frontdoor-'));
  const load = loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`bench/frontdoor — ${new Date().toISOString()} — node ${process.version}, load average ${load} at start; medians over rounds`);
  let inproc: InProcess | null = null;
  let http: OverHttp | null = null;
  let promises: PromiseTickFigures | null = null;
  try {
    if (!has('skip-inprocess')) inproc = await inProcess(dir);
    if (!has('skip-http')) http = await overHttp(dir);
    if (!has('skip-promises')) {
      log(`\n4. Promise tick (${fmt(PROMISES)} open promises)`);
      promises = measurePromiseTicks(PROMISES, TICK_ROUNDS, WORST_ROUNDS, log);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const rows: string[][] = [];
  if (inproc !== null) {
    const { pure } = inproc;
    rows.push([
      `intake → routed work items, pure (understand + route), a message`,
      `${lat(pure.total)}; ${perS(pure.total.rate)} msgs`,
      'p99 ≤ 10 ms',
      `understand alone ${lat(pure.understand)}; Router.submit alone ${lat(pure.route)}`,
    ]);
    rows.push([`  the same in process CPU time a message (no waiting for a core)`, lat(pure.cpu), '', '']);
    for (const { concurrency, submit, pipeline, rows: rr } of inproc.byConcurrency) {
      rows.push([
        `intake end to end in-process (frontDoor.submit), concurrency ${concurrency}`,
        `${lat(submit)}; ${perS(submit.rate)}`,
        'p99 ≤ 10 ms',
        `pipeline.submit of 1 Ticket Opened: ${lat(pipeline)}; ${perS(pipeline.rate)}`,
      ]);
      rows.push([`  breakdown: request rows alone (insertRequest), concurrency ${concurrency}`, `${lat(rr)}; ${perS(rr.rate)}`, '', '']);
    }
  }
  if (http !== null) {
    const { intake, healthz, limited } = http;
    rows.push([
      `intake over HTTP (POST /v1/requests, ${CONNECTIONS} connections, admitted)`,
      `${perS(intake.rate)}; ${lat(intake)}`,
      '≥ 2,000 requests/s',
      `GET /healthz: ${perS(healthz.rate)}; ${lat(healthz)}`,
    ]);
    rows.push([`  from one client address (127.0.0.1), rate-limited`, `${fmt(limited.admitted, 1)}/s admitted, ${perS(limited.refused)} refused (429, p50 ${ms(limited.refusedP50)})`, '(limit 20 burst, 30/min)', '']);
  }
  if (promises !== null) {
    rows.push([
      `promise tick, ${fmt(promises.promises)} open, worst case (all due: breaks all)`,
      ms(promises.worst),
      '≤ 1 s',
      `naive scan of the same: ${ms(promises.worstNaive)}`,
    ]);
    rows.push([
      `promise tick, ${fmt(promises.promises)} open, steady (1 minute: ~${fmt(promises.steadyBroken, 1)} due)`,
      ms(promises.steady),
      '≤ 1 s',
      `naive scan of the same: ${ms(promises.steadyNaive)}`,
    ]);
  }
  console.log(`\nbench/frontdoor — figures (medians over rounds; baselines measured in this run, alternating with the figure)`);
  grid(['figure', 'measured', 'target', 'baseline (same run)'], rows);
  if (inproc !== null) console.log(`\n  pure: ${PURE_ROUNDS} rounds × ${fmt(inproc.pure.messages)} messages; end to end: ${ROUNDS} rounds × ${REQUESTS} requests per concurrency, one new customer each.`);
  if (http !== null) {
    const bad = Object.entries(http.intake.unexpected).map(([k, v]) => `${v}× ${k}`).join(', ') || 'none';
    console.log(`  HTTP: ${HTTP_ROUNDS} rounds × ${SECONDS} s, ${fmt(http.intake.count)} intake requests measured, ${fmt(http.customers)} customers in all, ${fmt(http.addresses)} loopback source addresses (each used for ≤ 20 requests: the per-client burst); intake answers other than 201: ${bad}${http.firstRefusal === null ? '' : ` (first: ${http.firstRefusal})`}.`);
  }
  if (promises !== null) console.log(`  promises: made in ${fmt(promises.buildMs / 1000, 1)} s (median); steady = median of ${promises.tickRounds} ticks; worst = median of ${promises.worstRounds} ledgers (${promises.worstRuns.map((x) => ms(x)).join(', ')}).`);
}

await main();
