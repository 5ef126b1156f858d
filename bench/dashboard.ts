/**
 * bench/dashboard — the dashboard's figures next to their targets and baselines measured in the
 * same run.
 *
 *   npm run bench:dashboard [-- --customers 1000000 --db FILE --events 10000 --rounds 7 --page-rounds 5 --warmup 2]
 *
 * Targets (the issue): on a 1,000,000-customer demo, customer 360 for a customer with 10,000
 * events renders in ≤ 300 ms (its API calls ≤ 50 ms); the overview ≤ 1 s; the wall map for a
 * month ≤ 500 ms.
 *
 * 1. The company: `tutti demo --customers N --db FILE` (a temporary file, deleted afterwards),
 *    or `--db FILE`: a file from an earlier `tutti demo` is reused as it is (loading a million
 *    customers takes the better part of an hour on two cores); a missing FILE is created and
 *    kept. The size measured is printed from the server's own count.
 * 2. The heavy customer (dashboard-customer.ts): 10,000 events from six sources of four-plus
 *    departments, posted to /v1/batch with the demo sources' write keys, then 60 contact
 *    decisions about them (POST /v1/decide). Skipped when the file already has them.
 * 3. `tutti serve` on the file; API calls through one undici keep-alive connection, the exact
 *    URLs the dashboard asks for. Baselines: GET /healthz and GET /dashboard/ (a static file
 *    from memory) on the same server, in alternation with the figures.
 *    The scorecard and the wall map are cached per (period, log position); each is measured
 *    twice: with the log unchanged (a cache hit, what a second look costs) and with one new
 *    event committed before each call (recomputed, what a look costs while events flow in).
 *    The first call after start, which builds the scorecard ledger from the whole log, is
 *    timed once.
 * 4. Chromium (/usr/bin/chromium via playwright-core, as test/browser/dashboard.test.ts):
 *    sign in by pasting the token, then full navigations timed from just before page.goto to
 *    the page showing all its data (dashboard-browser.ts says exactly what "shown" is).
 *    Baseline: the dashboard's shell (the customer search page, no data). The page's Resource
 *    Timing entries say how much of each load was the API.
 *
 * Every figure is the median of its rounds (min–max next to it).
 *
 * Near a million customers `tutti demo` and `tutti serve` outgrow Node's default heap (about
 * 4 GB here): NODE_OPTIONS=--max-old-space-size=12000 reaches them, since the bench passes its
 * environment on to every `tutti` it starts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createIdGenerator } from '../src/core/clock.js';
import { maxSeq } from '../src/store/event-log.js';
import { openStore } from '../src/store/open-store.js';
import { listSources } from '../src/store/sources-repo.js';
import { addUser } from '../src/store/users-repo.js';
import { launchBrowser, type PageRound, READY, signIn, timeNavigation, timeWallMapMonth } from './dashboard-browser.js';
import { heavyBatches, heavyCustomer } from './dashboard-customer.js';
import { arg, fmt, median, table, TUTTI_BIN } from './support.js';

const CUSTOMERS = arg('customers', 1_000_000);
const EVENTS = arg('events', 10_000);
const ROUNDS = arg('rounds', 7);
const PAGE_ROUNDS = arg('page-rounds', 5);
/** Untimed rounds first: the server's JIT and SQLite's page cache warm up as they would in use. */
const WARMUP = arg('warmup', 2);
const DECISIONS = 60;
const DAY = 86_400_000;

function stringArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [TUTTI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { code, stdout, stderr };
}

/** The file's size with its WAL, in MB. */
function dbMegabytes(db: string): number {
  let bytes = 0;
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes / 2 ** 20;
}

interface Server {
  child: ChildProcess;
  url: string;
  startMs: number;
  output: () => string;
}

async function startServer(db: string): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [TUTTI_BIN, 'serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30 * 60_000;
  while (Date.now() < deadline) {
    // Killed by a signal (the kernel's OOM killer, V8's abort on a full heap) leaves exitCode null.
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`tutti serve exited (${child.exitCode ?? child.signalCode}) before it answered: ${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { child, url, startMs: performance.now() - started, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`tutti serve did not start: ${output}`);
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * A client of one server: keep-alive connections (one unless `connections`), JSON in and out,
 * each call timed. No timeouts: the first scorecard call on a big log takes minutes.
 */
function client(url: string, token: string, connections = 1) {
  const dispatcher = new Agent({ connections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0 });
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, auth = `Bearer ${token}`): Promise<{ status: number; ms: number; bytes: number; json: any }> => {
    const started = performance.now();
    const res = await request(`${url}${path}`, {
      method,
      dispatcher,
      headers: { ...(auth === '' ? {} : { authorization: auth }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    const ms = performance.now() - started;
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.statusCode, ms, bytes: Buffer.byteLength(text), json };
  };
  return { call, close: () => dispatcher.close() };
}
type Client = ReturnType<typeof client>;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The period query the overview builds (web/src/pages/overview.tsx) for its last `days`. */
function overviewRange(days: number, now = Date.now()): string {
  return `from=${isoDay(now - days * DAY)}T00:00:00.000Z&to=${isoDay(now + DAY)}T00:00:00.000Z`;
}

const WATCH = ['open_complaint', 'late_shipment', 'pending_refund', 'promise_overdue'];

interface Endpoint {
  label: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Bearer token, or none for the static file. */
  auth?: string;
}

interface Figure {
  label: string;
  values: number[];
  bytes: number;
  target?: number;
}

function cell(values: number[]): string {
  if (values.length === 0) return '—';
  const sorted = [...values].sort((a, b) => a - b);
  const digits = median(values) < 20 ? 1 : 0;
  return `${fmt(median(values), digits)} ms (${fmt(sorted[0]!, digits)}–${fmt(sorted[sorted.length - 1]!, digits)})`;
}

function verdict(values: number[], target: number | undefined): string {
  if (target === undefined) return '';
  return `target ≤ ${fmt(target)} ms: ${median(values) <= target ? 'met' : 'MISSED'}`;
}

function printFigures(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  table(figures.map((f) => [f.label, cell(f.values), [verdict(f.values, f.target), f.bytes > 0 ? `${fmt(f.bytes / 1024, 1)} KB` : ''].filter((s) => s !== '').join('; ')]));
}

/** Times each endpoint `rounds` times, round-robin (so drift hits every figure alike). */
async function timeEndpoints(api: Client, endpoints: Endpoint[], rounds: number, before?: () => Promise<void>): Promise<Figure[]> {
  const figures = endpoints.map((e) => ({ label: e.label, values: [] as number[], bytes: 0 }));
  for (let r = -WARMUP; r < rounds; r++) {
    for (let i = 0; i < endpoints.length; i++) {
      const e = endpoints[i]!;
      if (before) await before();
      const res = await api.call(e.method, e.path, e.body, e.auth);
      if (res.status !== 200) throw new Error(`${e.method} ${e.path} answered ${res.status}: ${JSON.stringify(res.json)}`);
      if (r < 0) continue;
      figures[i]!.values.push(res.ms);
      figures[i]!.bytes = res.bytes;
    }
  }
  return figures;
}

/**
 * A page's calls as the dashboard makes them: each step's calls at once (the browser opens up to
 * six connections), the steps one after the other; the wall time of the whole, per round.
 */
async function timePageCalls(api: Client, steps: Endpoint[][], rounds: number, before?: () => Promise<void>): Promise<number[]> {
  const values: number[] = [];
  for (let r = -WARMUP; r < rounds; r++) {
    if (before) await before();
    const started = performance.now();
    for (const step of steps) {
      const answers = await Promise.all(step.map((e) => api.call(e.method, e.path, e.body, e.auth)));
      const failed = answers.findIndex((a) => a.status !== 200);
      if (failed >= 0) throw new Error(`${step[failed]!.path} answered ${answers[failed]!.status}`);
    }
    if (r >= 0) values.push(performance.now() - started);
  }
  return values;
}

/** Posts the heavy customer unless the file already has it; returns what it took. */
async function ensureHeavyCustomer(api: Client, writeKeys: Map<string, string>): Promise<{ ref: string; postedMs: number; posted: number; decisionsMs: number }> {
  const heavy = heavyCustomer(EVENTS, Date.now(), `h${EVENTS}`);
  const existing = await api.call('GET', `/v1/customers/${encodeURIComponent(heavy.ref)}`);
  let postedMs = 0;
  let posted = 0;
  if (existing.status !== 200 || (existing.json.state?.eventCount ?? 0) < EVENTS) {
    const started = performance.now();
    for (const { source, batch } of heavyBatches(heavy)) {
      const key = writeKeys.get(source);
      if (key === undefined) throw new Error(`the database has no "${source}" source: is it a tutti demo company?`);
      const res = await api.call('POST', '/v1/batch', { batch }, `Basic ${Buffer.from(`${key}:`).toString('base64')}`);
      if (res.status !== 200 || res.json.rejected > 0) throw new Error(`POST /v1/batch (${source}) answered ${res.status}: ${JSON.stringify(res.json).slice(0, 600)}`);
      posted += batch.length;
    }
    postedMs = performance.now() - started;
  }
  const decisions = await api.call('GET', `/v1/customers/${encodeURIComponent(heavy.ref)}/decisions?limit=50`);
  let decisionsMs = 0;
  if ((decisions.json?.decisions?.length ?? 0) < 50) {
    const started = performance.now();
    const asks = [
      { department: 'marketing', channel: 'email', purpose: 'marketing' },
      { department: 'sales', channel: 'phone', purpose: 'sales' },
      { department: 'service', channel: 'email', purpose: 'service' },
    ];
    for (let i = 0; i < DECISIONS; i++) {
      const res = await api.call('POST', '/v1/decide', { customer: { userId: heavy.userId }, ...asks[i % asks.length]!, message: { id: `bench-dashboard-${i}` } });
      if (res.status !== 200) throw new Error(`POST /v1/decide answered ${res.status}: ${JSON.stringify(res.json)}`);
    }
    decisionsMs = performance.now() - started;
  }
  return { ref: heavy.ref, postedMs, posted, decisionsMs };
}

/** Where a page's time went: medians of the page's own clock and, per API call, when it started and ended. */
function printBreakdown(title: string, rounds: PageRound[]): void {
  const apis = new Map<string, { start: number[]; end: number[] }>();
  const short = (path: string): string => path.replace(/([?&])(from|to)=[^&]*/g, '$1$2=…').replace(/\/v1\/customers\/[^/?]+/, '/v1/customers/{ref}');
  for (const r of rounds) {
    for (const [k, v] of Object.entries(r.apis)) {
      const entry = apis.get(short(k)) ?? { start: [], end: [] };
      entry.start.push(v.start);
      entry.end.push(v.end);
      apis.set(short(k), entry);
    }
  }
  const ms = (values: number[]): string => `${fmt(median(values), 0)} ms`;
  console.log(`  ${title}: HTML at ${ms(rounds.map((r) => r.html))}, script run (DOMContentLoaded) ${ms(rounds.map((r) => r.domContentLoaded))}, last API answer ${ms(rounds.map((r) => r.apiEnd))}, data shown ${ms(rounds.map((r) => r.ready))}`);
  const rows = [...apis].sort((a, b) => median(a[1].start) - median(b[1].start));
  table(rows.map(([k, v]) => [`    ${k}`, `${ms(v.start)} → ${ms(v.end)}`, `(${fmt(median(v.end.map((e, i) => e - v.start[i]!)), 0)} ms)`]));
}

async function main(): Promise<void> {
  console.log(`bench/dashboard — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const given = stringArg('db');
  const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'tutti-bench-dashboard-')) : null;
  const db = given ?? join(dir!, 'tutti.db');
  let server: Server | null = null;
  let browserClose: (() => Promise<void>) | null = null;
  try {
    // 1. The company.
    let demoSeconds: number | null = null;
    if (!existsSync(db)) {
      console.log(`Loading a ${fmt(CUSTOMERS)}-customer demo company into ${db} (tutti demo)…`);
      const started = performance.now();
      const demo = await run(['demo', '--customers', String(CUSTOMERS), '--db', db]);
      if (demo.code !== 0) throw new Error(`tutti demo failed: ${demo.stderr}`);
      demoSeconds = (performance.now() - started) / 1000;
    } else {
      console.log(`Reusing ${db} (--db): the size measured is the file's own, printed below.`);
    }
    const store = await openStore(db);
    const { token } = await addUser(store.db, createIdGenerator(), { name: `bench-dashboard-${Date.now().toString(36)}`, role: 'admin', now: Date.now() });
    const writeKeys = new Map((await listSources(store.db)).map((s) => [s.name, s.writeKey]));
    await store.close();

    // 2. The server and the heavy customer.
    console.error('Starting tutti serve…');
    server = await startServer(db);
    const api = client(server.url, token);
    const heavy = await ensureHeavyCustomer(api, writeKeys);
    const health = (await api.call('GET', '/healthz')).json as { customers: number };
    const heavyState = (await api.call('GET', `/v1/customers/${encodeURIComponent(heavy.ref)}`)).json.state as { eventCount: number; eventsByDepartment: Record<string, number> };
    const dbStore = await openStore(db);
    const logEvents = await maxSeq(dbStore.db);
    await dbStore.close();
    console.log(`\nCompany measured: ${fmt(health.customers)} customers, ${fmt(logEvents)} events in the log, ${fmt(dbMegabytes(db) / 1024, 1)} GB on disk${demoSeconds === null ? '' : ` (tutti demo took ${fmt(demoSeconds)} s)`}.`);
    console.log(`Heavy customer ${heavy.ref}: ${fmt(heavyState.eventCount)} events (${Object.entries(heavyState.eventsByDepartment).map(([d, n]) => `${d} ${fmt(n)}`).join(', ')})` +
      (heavy.posted > 0 ? `; posting its ${fmt(heavy.posted)} events took ${fmt(heavy.postedMs / 1000, 1)} s` : '; already in the file') +
      (heavy.decisionsMs > 0 ? `, ${DECISIONS} decisions ${fmt(heavy.decisionsMs / 1000, 1)} s.` : '.'));
    console.log(`tutti serve answered /healthz ${fmt(server.startMs / 1000, 1)} s after it was started (identity graph and live states loaded).`);

    // A new event for another customer: moves the log position, so cached scorecards are recomputed.
    let bump = 0;
    const webShop = `Basic ${Buffer.from(`${writeKeys.get('web-shop')}:`).toString('base64')}`;
    const newEvent = async (): Promise<void> => {
      const res = await api.call('POST', '/v1/batch', { batch: [{ type: 'page', messageId: `bench-dashboard-bump-${Date.now()}-${bump++}`, userId: 'u-2', name: 'Home', properties: { path: '/' } }] }, webShop);
      if (res.status !== 200) throw new Error(`bump event answered ${res.status}`);
    };

    // 3. API.
    const ref = encodeURIComponent(heavy.ref);
    const month = `from=${new Date(Date.now() - 30 * DAY).toISOString()}&to=${new Date().toISOString()}`;
    console.error('First scorecard call (builds the scorecard ledger from the whole log)…');
    const firstScorecard = await api.call('GET', `/v1/scorecard?${month}`);
    const firstWallmap = await api.call('GET', `/v1/wallmap?${month}`);
    if (firstScorecard.status !== 200 || firstWallmap.status !== 200) throw new Error(`scorecard ${firstScorecard.status}, wall map ${firstWallmap.status}`);

    const baselines: Endpoint[] = [
      { label: 'baseline: GET /healthz', method: 'GET', path: '/healthz' },
      { label: 'baseline: GET /dashboard/ (static file)', method: 'GET', path: '/dashboard/', auth: '' },
    ];
    const customer360: Endpoint[] = [
      { label: 'GET /v1/customers/{ref}', method: 'GET', path: `/v1/customers/${ref}` },
      { label: 'GET …/timeline?limit=100', method: 'GET', path: `/v1/customers/${ref}/timeline?limit=100` },
      { label: 'GET …/timeline?limit=1000 (what the page asks)', method: 'GET', path: `/v1/customers/${ref}/timeline?limit=1000` },
      { label: 'GET …/decisions?limit=50', method: 'GET', path: `/v1/customers/${ref}/decisions?limit=50` },
      { label: 'GET …/health', method: 'GET', path: `/v1/customers/${ref}/health` },
    ];
    const overviewCalls: Endpoint[] = [
      { label: 'GET /v1/policy', method: 'GET', path: '/v1/policy' },
      { label: 'GET /v1/campaigns', method: 'GET', path: '/v1/campaigns' },
      ...WATCH.map((segment) => ({
        label: `POST /v1/decide/batch (${segment} count)`,
        method: 'POST' as const,
        path: '/v1/decide/batch',
        body: { audience: { segment }, department: 'service', channel: 'email', purpose: 'service', message: { id: 'dashboard-overview' } },
      })),
    ];
    const scorecards = (label: string): Endpoint[] => [
      { label: `GET /v1/scorecard, last month${label}`, method: 'GET', path: `/v1/scorecard?${month}` },
      { label: `GET /v1/wallmap, last month${label}`, method: 'GET', path: `/v1/wallmap?${month}` },
      { label: `GET /v1/scorecard, 90 days (the page's default)${label}`, method: 'GET', path: `/v1/scorecard?${overviewRange(90)}` },
      { label: `GET /v1/wallmap, 90 days (the page's default)${label}`, method: 'GET', path: `/v1/wallmap?${overviewRange(90)}` },
    ];
    const target = (figures: Figure[], t: number, pick: (f: Figure) => boolean = () => true): Figure[] => figures.map((f) => (pick(f) ? { ...f, target: t } : f));

    const baseApi = await timeEndpoints(api, baselines, ROUNDS);
    const c360 = target(await timeEndpoints(api, customer360, ROUNDS), 50);
    const typicalRef = encodeURIComponent('userId:u-1');
    const typical = await timeEndpoints(api, [
      { label: 'GET /v1/customers/userId:u-1', method: 'GET', path: `/v1/customers/${typicalRef}` },
      { label: 'GET …/timeline?limit=1000', method: 'GET', path: `/v1/customers/${typicalRef}/timeline?limit=1000` },
      { label: 'GET …/health', method: 'GET', path: `/v1/customers/${typicalRef}/health` },
    ], ROUNDS);
    const overviewApi = await timeEndpoints(api, overviewCalls, ROUNDS);
    // The pages' calls together, as the browser makes them (parallel within a step).
    const parallel = client(server.url, token, 6);
    const c360Paths = customer360.filter((e) => !e.path.endsWith('timeline?limit=100'));
    const c360Together = await timePageCalls(parallel, [[c360Paths[0]!], c360Paths.slice(1)], ROUNDS);
    const overviewPaths = [{ label: '', method: 'GET' as const, path: '/healthz' }, ...overviewCalls, ...scorecards('').slice(2)];
    const overviewTogether = await timePageCalls(parallel, [overviewPaths], ROUNDS);
    const overviewTogetherLive = await timePageCalls(parallel, [overviewPaths], ROUNDS, newEvent);
    await parallel.close();
    const cached = target(await timeEndpoints(api, scorecards(' — cached'), ROUNDS), 500, (f) => f.label.includes('wallmap, last month'));
    const live = target(await timeEndpoints(api, scorecards(' — after a new event'), ROUNDS, newEvent), 500, (f) => f.label.includes('wallmap, last month'));

    console.log(`\nAPI over HTTP (one keep-alive connection; median of ${ROUNDS} rounds, min–max; response size)`);
    printFigures('Baselines', baseApi);
    printFigures(`Customer 360 of the ${fmt(heavyState.eventCount)}-event customer (target: each call ≤ 50 ms)`, c360);
    printFigures(`Customer 360 of a typical demo customer (for comparison)`, typical);
    printFigures('Overview: the cards at a glance', overviewApi);
    printFigures('The pages\' calls together, as the page makes them', [
      { label: 'customer 360: the customer, then health + timeline + decisions at once', values: c360Together, bytes: 0, target: 50 },
      { label: 'overview: its 9 calls at once (90 days), log unchanged', values: overviewTogether, bytes: 0 },
      { label: 'overview: its 9 calls at once (90 days), after a new event', values: overviewTogetherLive, bytes: 0 },
    ]);
    printFigures('Overview: scorecard and wall map', [
      { label: 'first scorecard call after start (builds the ledger from the log)', values: [firstScorecard.ms], bytes: firstScorecard.bytes },
      { label: 'first wall-map call after start (ledger built)', values: [firstWallmap.ms], bytes: firstWallmap.bytes },
      ...cached,
      ...live,
    ]);

    // 4. Pages in Chromium.
    console.error('Pages in Chromium…');
    const { browser, page, problems } = await launchBrowser();
    browserClose = () => browser.close();
    await signIn(page, server.url, token);
    const dash = `${server.url}/dashboard`;
    const shell: PageRound[] = [];
    const heavyPage: PageRound[] = [];
    const typicalPage: PageRound[] = [];
    const overviewCached: PageRound[] = [];
    const overviewLive: PageRound[] = [];
    const wallMonth: { total: number; api: number }[] = [];
    // One untimed visit of each page first: the browser caches the hashed script files as it would for anyone who has opened the dashboard before.
    await timeNavigation(page, `${dash}/customers`, READY.shell);
    await timeNavigation(page, `${dash}/customers/${ref}`, READY.customer);
    await timeNavigation(page, `${dash}/customers/${typicalRef}`, READY.customer);
    await timeNavigation(page, `${dash}/`, READY.overview);
    const monthFrom = `${isoDay(Date.now() - 30 * DAY)}T00:00:00.000Z`;
    for (let r = 0; r < PAGE_ROUNDS; r++) {
      shell.push(await timeNavigation(page, `${dash}/customers`, READY.shell));
      heavyPage.push(await timeNavigation(page, `${dash}/customers/${ref}`, READY.customer));
      typicalPage.push(await timeNavigation(page, `${dash}/customers/${typicalRef}`, READY.customer));
      overviewCached.push(await timeNavigation(page, `${dash}/`, READY.overview));
      await newEvent();
      overviewLive.push(await timeNavigation(page, `${dash}/`, READY.overview));
      await newEvent();
      wallMonth.push(await timeWallMapMonth(page, monthFrom));
    }
    const browserVersion = browser.version();
    await browser.close();
    browserClose = null;

    console.log(`\nPages in Chromium ${browserVersion} (headless, 1280×900; navigation to data shown; median of ${PAGE_ROUNDS} rounds, min–max)`);
    table([
      ['baseline: the dashboard shell (customer search, no data)', cell(shell.map((r) => r.total))],
      [`customer 360, ${fmt(heavyState.eventCount)}-event customer`, cell(heavyPage.map((r) => r.total)), verdict(heavyPage.map((r) => r.total), 300)],
      ['customer 360, a typical demo customer', cell(typicalPage.map((r) => r.total))],
      ['overview, log unchanged (wall map cached; scorecard cached per minute)', cell(overviewCached.map((r) => r.total)), verdict(overviewCached.map((r) => r.total), 1000)],
      ['overview, one new event before each load (recomputed)', cell(overviewLive.map((r) => r.total)), verdict(overviewLive.map((r) => r.total), 1000)],
      ['wall map for a month (choose "Last 30 days"; after a new event)', cell(wallMonth.map((r) => r.total)), `${verdict(wallMonth.map((r) => r.total), 500)}; its API call ${cell(wallMonth.map((r) => r.api))}`],
    ]);
    console.log('\nWhere the page time goes (medians; page clock from the start of navigation; API calls: start → end (duration) as the browser saw them)');
    printBreakdown('baseline shell', shell);
    printBreakdown(`customer 360, ${fmt(heavyState.eventCount)} events`, heavyPage);
    printBreakdown('customer 360, typical', typicalPage);
    printBreakdown('overview, recomputed', overviewLive);
    if (problems.length > 0) console.log(`\nThe browser reported: ${[...new Set(problems)].slice(0, 10).join(' | ')}`);
    await api.close();
  } catch (error) {
    if (server && (server.child.exitCode !== null || server.child.signalCode !== null)) {
      console.error(`tutti serve died (${server.child.exitCode ?? server.child.signalCode}); its last output:\n${server.output()}`);
    }
    throw error;
  } finally {
    if (browserClose) await browserClose();
    if (server) await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
