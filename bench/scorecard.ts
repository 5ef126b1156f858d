/**
 * bench/scorecard — relationship health, the department scorecard and the wall map, next to
 * baselines measured in the same run.
 *
 *   npm run build && node --expose-gc --max-old-space-size=8192 dist/bench/scorecard.js [-- --customers 1000000 --db-customers 50000 --rounds 7]
 *
 * 1. Through the database (--db-customers demo customers loaded into a fresh SQLite file with
 *    loadDemo, the path `tutti demo` takes):
 *    - baseline: one SQL pass over a month's events (the scorecard's event names, plus 60 days
 *      before the month for what was open when it began), rows read and payloads parsed — the
 *      floor of computing each period from the log;
 *    - the scorecard ledger's first catch-up (reads the whole log once), then the wall map, the
 *      scorecard and a drill-down for a month through ScorecardService (each round asks for a
 *      period 1 ms different, so no result cache helps; the log tail is checked every time);
 *    - the customer 360 calls over the Fastify app (inject): GET /v1/customers/:id/health next
 *      to GET /v1/customers/:id (the profile call, the baseline), p50 and p99 over 200 customers.
 * 2. In-process at --customers (default 1,000,000): the ledger built from the demo generator
 *    through the identity graph (bench/scorecard-build.ts), its memory, and the month's wall map
 *    (customers resolved afresh, and with the resolution reused as the service reuses it), a
 *    drill-down, the month's and the year's scorecard. Baseline: a bare pass over the month's
 *    action rows (what any per-action answer pays).
 *
 * Targets (the dashboard issue): customer 360 API calls ≤ 50 ms; the wall map for a month on
 * 1,000,000 customers ≤ 500 ms. Figures are medians of --rounds; the machine may be shared, so
 * compared things are timed in interleaved rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTutti } from '../src/app/tutti.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { CustomerRoots, RootsCache } from '../src/scorecard/customer-roots.js';
import { departmentScorecard } from '../src/scorecard/department-scorecard.js';
import { SCORECARD_EVENTS } from '../src/scorecard/ledger.js';
import { scorecardService } from '../src/scorecard/scorecard-service.js';
import { wallMap, wallMapCell } from '../src/scorecard/wall-map.js';
import { buildApp } from '../src/server/app.js';
import { addUser } from '../src/store/users-repo.js';
import { buildDemoLedger } from './scorecard-build.js';
import { arg, fmt, median, percentile, table } from './support.js';

const CUSTOMERS = arg('customers', 1_000_000);
const DB_CUSTOMERS = arg('db-customers', 50_000);
const ROUNDS = arg('rounds', 7);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Math.floor(Date.UTC(2026, 0, 1) / HOUR) * HOUR;
const MONTH = { from: END - 30 * DAY, to: END };

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

async function timed<T>(f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

const ms = (xs: number[]): string => `${fmt(median(xs), 1)} ms`;
const spread = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b);
  return `(min ${fmt(s[0] ?? 0, 1)}, max ${fmt(s[s.length - 1] ?? 0, 1)})`;
};

async function throughDatabase(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tutti-bench-scorecard-'));
  try {
    const tutti = await openTutti({ db: join(dir, 'tutti.db'), sqliteSync: 'NORMAL' });
    const load = await timed(() => loadDemo(tutti, { customers: DB_CUSTOMERS, seed: 42, end: END }));
    console.log(`\n1. Through the database: ${fmt(DB_CUSTOMERS)} demo customers, ${fmt(load.value.stored)} events in SQLite (loaded in ${fmt(load.ms / 1000, 1)} s)`);
    const service = scorecardService(tutti);
    const sqlite = tutti.store.sqlite!;
    const names = SCORECARD_EVENTS.map(() => '?').join(',');
    const pass = sqlite.prepare(`SELECT seq, customer_id, department, event, ts, payload FROM events WHERE ts >= ? AND ts < ? AND type = 'track' AND event IN (${names})`).raw();

    const first = await timed(() => service.sync());
    const baseline: number[] = [];
    const wall: number[] = [];
    const card: number[] = [];
    const drill: number[] = [];
    let rows = 0;
    gc();
    for (let r = 0; r < ROUNDS; r++) {
      baseline.push((await timed(() => {
        const all = pass.all(MONTH.from - 60 * DAY, MONTH.to, ...SCORECARD_EVENTS) as unknown[][];
        for (const row of all) JSON.parse(row[5] as string);
        rows = all.length;
      })).ms);
      wall.push((await timed(() => service.wallMap(MONTH.from + r, MONTH.to))).ms);
      card.push((await timed(() => service.scorecard(MONTH.from + r, MONTH.to))).ms);
      drill.push((await timed(() => service.wallMapCell('marketing', 'service', MONTH.from + r, MONTH.to, 100))).ms);
    }
    const month = await service.wallMap(MONTH.from, MONTH.to);
    const ms2 = month.cells.find((c) => c.actor === 'marketing' && c.holder === 'service');

    const app = await buildApp(tutti);
    const { token } = await addUser(tutti.store.db, tutti.ids, { name: 'bench', role: 'admin', now: tutti.clock.now() });
    const ids = [...tutti.live.entries()].filter((_, i) => i % Math.max(1, Math.floor(DB_CUSTOMERS / 200)) === 0).map(([id]) => id).slice(0, 200);
    const call = async (url: string): Promise<number> => {
      const t0 = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      return performance.now() - t0;
    };
    await call(`/v1/customers/${ids[0]}/health`);
    const health: number[] = [];
    const profile: number[] = [];
    for (const id of ids) {
      health.push(await call(`/v1/customers/${id}/health`));
      profile.push(await call(`/v1/customers/${id}`));
    }
    const httpWall = await timed(() => call(`/v1/wallmap?from=${new Date(MONTH.from + 99).toISOString()}&to=${new Date(MONTH.to).toISOString()}`));
    health.sort((a, b) => a - b);
    profile.sort((a, b) => a - b);
    table([
      ['baseline: one SQL pass over a month (+60 days open items)', ms(baseline), `(${fmt(rows)} rows read and parsed) ${spread(baseline)}`],
      ['ledger: first catch-up (whole log, once per process)', `${fmt(first.ms)} ms`, `(${fmt(service.ledger.eventsRead)} events read, ${fmt(service.ledger.byteSize() / 2 ** 20, 1)} MB of columns)`],
      ['wall map, a month (service)', ms(wall), spread(wall)],
      ['department scorecard, a month (service)', ms(card), spread(card)],
      ['drill-down marketing × service, 100 listed', ms(drill), `(cell ${fmt(ms2?.count ?? 0)} actions, ${fmt(ms2?.customers ?? 0)} customers) ${spread(drill)}`],
      ['GET /v1/wallmap, a month (inject)', `${fmt(httpWall.ms, 1)} ms`],
      ['GET /v1/customers/:id/health (inject)', `p50 ${fmt(percentile(health, 50), 1)} ms, p99 ${fmt(percentile(health, 99), 1)} ms`, '(target ≤ 50 ms)'],
      ['baseline: GET /v1/customers/:id (inject)', `p50 ${fmt(percentile(profile, 50), 1)} ms, p99 ${fmt(percentile(profile, 99), 1)} ms`],
    ]);
    await app.close();
    await tutti.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JS heap plus typed-array buffers (the ledger's columns live outside the heap). */
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function inProcess(): void {
  gc();
  const heap0 = memory();
  const built = buildDemoLedger(CUSTOMERS, END, false, (done) => {
    if (done > 0 && done % 200_000 === 0) console.log(`  … ${fmt(done)} customers`);
  });
  gc();
  const heap = (memory() - heap0) / 2 ** 20;
  const { ledger, graph } = built;
  console.log(`\n2. In-process: ${fmt(CUSTOMERS)} demo customers, ${fmt(built.events)} events through the identity graph in ${fmt(built.seconds)} s`);

  const cache = new RootsCache();
  const bare: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const drill: number[] = [];
  const card: number[] = [];
  const year: number[] = [];
  let actions = 0;
  let collisions = 0;
  gc();
  for (let r = 0; r < ROUNDS; r++) {
    let t0 = performance.now();
    actions = 0;
    for (const seg of ledger.actions.segmentsIn(MONTH.from, MONTH.to)) {
      const { ts, prof, size } = seg;
      for (let i = 0; i < size; i++) if (ts[i]! >= MONTH.from && ts[i]! < MONTH.to && prof[i]! >= 0) actions++;
    }
    bare.push(performance.now() - t0);
    t0 = performance.now();
    collisions = wallMap(ledger, graph, MONTH.from, MONTH.to, new CustomerRoots(ledger, graph)).totals.collisions;
    cold.push(performance.now() - t0);
    const roots = cache.get(ledger, graph, 0);
    t0 = performance.now();
    wallMap(ledger, graph, MONTH.from, MONTH.to, roots);
    warm.push(performance.now() - t0);
    t0 = performance.now();
    wallMapCell(ledger, graph, 'marketing', 'service', MONTH.from, MONTH.to, 100, roots);
    drill.push(performance.now() - t0);
    t0 = performance.now();
    departmentScorecard(ledger, graph, MONTH.from, MONTH.to, END, {}, roots);
    card.push(performance.now() - t0);
    t0 = performance.now();
    departmentScorecard(ledger, graph, END - 365 * DAY, END, END, {}, roots);
    year.push(performance.now() - t0);
  }
  const facts = ledger.actions.size + ledger.outcomes.size + ledger.holds.size;
  table([
    ['ledger', `${fmt(facts)} facts`, `(${fmt(ledger.byteSize() / 2 ** 20)} MB of columns and profile table; heap and buffers +${fmt(heap)} MB with the identity graph)`],
    ['baseline: bare pass over the month\'s action rows', ms(bare), `(${fmt(actions)} actions) ${spread(bare)}`],
    ['wall map, a month, customers resolved afresh', ms(cold), `(${fmt(collisions)} collisions) ${spread(cold)}   (target ≤ 500 ms)`],
    ['wall map, a month, resolution reused (service path)', ms(warm), spread(warm)],
    ['drill-down marketing × service, 100 listed', ms(drill), spread(drill)],
    ['department scorecard, a month', ms(card), spread(card)],
    ['department scorecard, a year', ms(year), spread(year)],
  ]);
}

async function main(): Promise<void> {
  console.log(`bench/scorecard — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; demo end ${new Date(END).toISOString()}, month ${new Date(MONTH.from).toISOString().slice(0, 10)}…${new Date(MONTH.to).toISOString().slice(0, 10)}, ${ROUNDS} rounds`);
  if (DB_CUSTOMERS > 0) await throughDatabase();
  if (CUSTOMERS > 0) inProcess();
  console.log(`\nload average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')} (a shared machine inflates every figure alike)`);
}

await main();
