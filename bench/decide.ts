/**
 * bench/decide — the contact-decision engine ("one voice") next to baselines measured in the
 * same run.
 *
 *   npm run bench:decide [-- --customers 100000 --decisions 1000000 --rounds 5 --compare 20000
 *                            --audience-customers 1000000 --http-customers 20000 --seconds 10
 *                            --concurrency 8 --freshness 50 --end ISO-TIME
 *                            --skip-inprocess --skip-audience --skip-http]
 *
 * 1. In-process: `decide` with the default policy and full reasons (codes, messages, evidence)
 *    over a demo state of --customers customers, a realistic request mix (decide-requests.ts),
 *    one core, the contact counter the DecisionService uses (LiveContactCounter: the state's
 *    reported contacts plus committed sends; a week of those is seeded for --reserved-share of
 *    the customers so the caps have something to count). Baseline: the same loop with the state
 *    lookup and nothing else.
 * 2. The default policy written for json-rules-engine (decide-rules-engine.ts), built once and
 *    fed the same requests with facts from the same states: answers compared (outcome and
 *    every reason code), then both timed on the same requests.
 * 3. Batch: one marketing e-mail decided for every customer of a --audience-customers state.
 *    Baselines: a scan of the same states, and json-rules-engine at its measured rate.
 * 4. Over HTTP: `tutti serve` on a demo of --http-customers customers; --concurrency
 *    connections post /v1/decide with the same mix. Baseline: the read API
 *    GET /v1/customers/{ref} on the same server (same auth, same customer lookup, no policy).
 * 5. Freshness: `Complaint Opened` posted to /v1/track; from its 200 to the first /v1/decide
 *    answer for marketing that says suppress with suppression.open_complaint. Baseline: the
 *    /v1/track acknowledgement's own latency.
 *
 * Rates are medians of several rounds, each engine measured in this run on this machine.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { decideAudience, type DecisionTally, decisiveReasons } from '../src/decide/audience.js';
import type { CompiledPolicy } from '../src/decide/compile-policy.js';
import type { InMemoryContactCounters } from '../src/decide/contact-counters.js';
import { decide } from '../src/decide/decide.js';
import type { Decision, DecisionRequest, Outcome } from '../src/decide/decision-types.js';
import { defaultCompiledPolicy } from '../src/decide/default-policy.js';
import { LiveContactCounter } from '../src/decide/live-contact-counter.js';
import type { LiveStates } from '../src/state/live-states.js';
import type { CustomerState } from '../src/state/state-types.js';
import { RulesEngineDecider, type RulesDecision } from './decide-rules-engine.js';
import { MIX, requestStream, type RequestStream, rng } from './decide-requests.js';
import { buildDemoStates, contactsInCapWindows, weekOfReservations } from './decide-states.js';
import { arg, fmt, has, median, percentile, table, TUTTI_BIN } from './support.js';

const CUSTOMERS = arg('customers', 100_000);
const DECISIONS = arg('decisions', 1_000_000);
const ROUNDS = arg('rounds', 5);
const COMPARE = arg('compare', 20_000);
const COMPARE_ROUNDS = arg('compare-rounds', 3);
const AUDIENCE = arg('audience-customers', 1_000_000);
const HTTP_CUSTOMERS = arg('http-customers', 20_000);
const SECONDS = arg('seconds', 10);
const CONCURRENCY = arg('concurrency', 8);
const FRESHNESS = arg('freshness', 50);
const RESERVED_SHARE = arg('reserved-share', 0.3);
const WARMUP_MS = 2000;

const REQUESTS: readonly DecisionRequest[] = MIX.map((m) => m.request);
const MARKETING = REQUESTS[0]!;
const OUTCOMES: readonly Outcome[] = ['send', 'suppress', 'defer'];

/** The demo's "now": the start of this hour unless --end is given, as `tutti demo` does. */
function demoEnd(): number {
  const i = process.argv.indexOf('--end');
  const given = i >= 0 ? Date.parse(process.argv[i + 1] ?? '') : Number.NaN;
  return Number.isFinite(given) ? given : Math.floor(Date.now() / 3_600_000) * 3_600_000;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/**
 * The contact counter decisions read, as the DecisionService holds it: the contacts on the
 * customer's timeline (state.recentContacts) plus the week's committed sends (reservations).
 */
const liveCounter = (compiled: CompiledPolicy, reservations: InMemoryContactCounters): LiveContactCounter => new LiveContactCounter(compiled, reservations);

/**
 * The one place the benchmark calls Tutti's engine, as the DecisionService does for a decision
 * that does not commit (cool-down resolutions come from `state.resolutions`; a change to
 * `decide`'s arguments is made here only).
 */
function tuttiDecide(compiled: CompiledPolicy, state: CustomerState | undefined, req: DecisionRequest, now: number, counter: LiveContactCounter): Decision {
  return decide(compiled, state, req, now, counter.use(state));
}

interface Tally {
  send: number;
  suppress: number;
  defer: number;
  reasons: number;
  codes: Map<string, number>;
}

const newTally = (): Tally => ({ send: 0, suppress: 0, defer: 0, reasons: 0, codes: new Map() });

function mixText(t: Record<Outcome, number>): string {
  const n = t.send + t.suppress + t.defer;
  return OUTCOMES.map((o) => `${o} ${fmt((t[o] / n) * 100, 1)} %`).join(', ');
}

function topBlocking(codes: Iterable<[string, number]>, k = 4): string {
  return [...codes].sort((a, b) => b[1] - a[1]).slice(0, k).map(([c, n]) => `${c} ${fmt(n)}`).join(', ');
}

// ── 1. In-process ────────────────────────────────────────────────────────────────────────

/** One pass over the stream; returns seconds. The tally keeps the results alive. */
function tuttiPass(compiled: CompiledPolicy, live: LiveStates, ids: readonly string[], stream: RequestStream, now: number, counter: LiveContactCounter, tally: Tally): number {
  const started = performance.now();
  for (let i = 0; i < stream.length; i++) {
    const d = tuttiDecide(compiled, live.get(ids[stream.customer[i]!]!), REQUESTS[stream.kind[i]!]!, now, counter);
    tally[d.decision]++;
    tally.reasons += d.reasons.length;
  }
  return (performance.now() - started) / 1000;
}

/** The floor: the same loop, the same state lookup, no policy. */
function floorPass(live: LiveStates, ids: readonly string[], stream: RequestStream, tally: Tally): number {
  const started = performance.now();
  for (let i = 0; i < stream.length; i++) {
    const state = live.get(ids[stream.customer[i]!]!);
    const req = REQUESTS[stream.kind[i]!]!;
    tally[state === undefined || state.consent === null || req.purpose === 'transactional' ? 'send' : 'suppress']++;
  }
  return (performance.now() - started) / 1000;
}

function rates(rounds: number, n: number, pass: () => number): Rate {
  const r: number[] = [];
  for (let k = 0; k < rounds; k++) r.push(n / pass());
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}

// ── 2. json-rules-engine side by side ────────────────────────────────────────────────────

const sortedCodes = (codes: readonly string[]): string => [...codes].sort().join(' ');

interface Rate {
  median: number;
  min: number;
  max: number;
}

interface Comparison {
  compared: number;
  /** Per json-rules-engine layout: answers that differed from Tutti's. */
  differed: Record<RulesEngineDecider['layout'], number>;
  examples: string[];
  tally: Tally;
  jre: Record<RulesEngineDecider['layout'], Rate>;
  tuttiRate: Rate;
}

async function compareWithRulesEngine(compiled: CompiledPolicy, live: LiveStates, ids: readonly string[], now: number, counter: LiveContactCounter): Promise<Comparison> {
  const stream = requestStream(COMPARE, ids.length, 7);
  const counterFor = (state: CustomerState | undefined): LiveContactCounter => counter.use(state);
  const engines = [new RulesEngineDecider(counterFor, 'per-purpose'), new RulesEngineDecider(counterFor, 'single')];
  const tally = newTally();
  const examples: string[] = [];
  const differed = { 'per-purpose': 0, single: 0 };
  for (let i = 0; i < stream.length; i++) {
    const id = ids[stream.customer[i]!]!;
    const state = live.get(id);
    const req = REQUESTS[stream.kind[i]!]!;
    const t = tuttiDecide(compiled, state, req, now, counter);
    tally[t.decision]++;
    for (const r of decisiveReasons(t)) tally.codes.set(r.code, (tally.codes.get(r.code) ?? 0) + 1);
    const tc = sortedCodes(t.reasons.map((r) => r.code));
    for (const jre of engines) {
      const j = await jre.decide(state, req, now);
      if (t.decision !== j.decision || tc !== sortedCodes(j.codes)) {
        differed[jre.layout]++;
        if (examples.length < 5) examples.push(describeDifference(id, req, t, j));
      }
    }
  }
  // Timing: each on the same requests, several rounds, after the warm-up pass above.
  const jreTally = newTally();
  const jre = { 'per-purpose': { median: 0, min: 0, max: 0 }, single: { median: 0, min: 0, max: 0 } };
  for (const engine of engines) {
    const r: number[] = [];
    for (let k = 0; k < COMPARE_ROUNDS; k++) {
      const started = performance.now();
      for (let i = 0; i < stream.length; i++) {
        const j: RulesDecision = await engine.decide(live.get(ids[stream.customer[i]!]!), REQUESTS[stream.kind[i]!]!, now);
        jreTally[j.decision]++;
      }
      r.push(stream.length / ((performance.now() - started) / 1000));
    }
    jre[engine.layout] = { median: median(r), min: Math.min(...r), max: Math.max(...r) };
  }
  // Tutti goes through the same list enough times to run ~as long as one measurable pass.
  const repeat = Math.max(1, Math.round(DECISIONS / stream.length));
  const t2 = newTally();
  const tuttiRate = rates(ROUNDS, stream.length * repeat, () => {
    let s = 0;
    for (let k = 0; k < repeat; k++) s += tuttiPass(compiled, live, ids, stream, now, counter, t2);
    return s;
  });
  return { compared: stream.length, differed, examples, tally, jre, tuttiRate };
}

function describeDifference(id: string, req: DecisionRequest, t: Decision, j: RulesDecision): string {
  return `${id} ${req.department}/${req.channel}/${req.purpose}: Tutti ${t.decision} [${t.reasons.map((r) => r.code).join(', ')}]; json-rules-engine ${j.decision} [${j.codes.join(', ')}]\n      Tutti says: ${t.reasons.filter((r) => r.code !== 'priority.rank').map((r) => r.message).join(' | ')}`;
}

// ── 3. Audience batch ────────────────────────────────────────────────────────────────────

interface AudienceResult {
  customers: number;
  buildSeconds: number;
  events: number;
  contacts: number;
  reserved: number;
  seconds: Rate;
  floorSeconds: number;
  tally: DecisionTally;
  /** json-rules-engine (one Engine per purpose) on the first customers of the same audience. */
  jre: { sample: number; rate: number };
}

/** One marketing e-mail for every customer: `decideAudience`, as POST /v1/decide/batch runs it. */
async function audienceBatch(compiled: CompiledPolicy, now: number): Promise<AudienceResult> {
  const built = buildDemoStates(AUDIENCE, now, (done) => {
    if (done > 0 && done % 200_000 === 0) process.stderr.write(`  … audience states: ${fmt(done)} customers\n`);
  });
  const contacts = contactsInCapWindows(compiled, built.live.entries(), now);
  const { reservations, contacts: reserved } = weekOfReservations(built.ids, now, RESERVED_SHARE, 5);
  const counter = liveCounter(compiled, reservations);
  gc();
  // The service hands decideAudience a generator over the live states (decisions.ts `matching`).
  const states = function* (): Generator<CustomerState> {
    for (const [, s] of built.live.entries()) yield s;
  };
  const batch = (): { seconds: number; tally: DecisionTally } => {
    const started = performance.now();
    const { tally } = decideAudience(compiled, states(), MARKETING, now, counter);
    return { seconds: (performance.now() - started) / 1000, tally };
  };
  const floor = (): number => {
    const started = performance.now();
    let n = 0;
    for (const s of states()) if (s.consent !== null) n++;
    if (n < 0) console.log(n);
    return (performance.now() - started) / 1000;
  };
  const rounds = Math.max(3, Math.min(ROUNDS, 5));
  const first = batch(); // warm-up; its tally is the one shown
  const runs: number[] = [];
  for (let k = 0; k < rounds; k++) runs.push(batch().seconds);
  const floors: number[] = [];
  for (let k = 0; k < 3; k++) floors.push(floor());

  const sample = Math.min(5_000, built.ids.length);
  const jre = new RulesEngineDecider((state) => counter.use(state), 'per-purpose');
  for (let i = 0; i < Math.min(500, sample); i++) await jre.decide(built.live.get(built.ids[i]!), MARKETING, now); // warm-up
  const started = performance.now();
  for (let i = 0; i < sample; i++) await jre.decide(built.live.get(built.ids[i]!), MARKETING, now);
  const jreRate = sample / ((performance.now() - started) / 1000);
  return {
    customers: built.live.size, buildSeconds: built.seconds, events: built.events, contacts, reserved,
    seconds: { median: median(runs), min: Math.min(...runs), max: Math.max(...runs) }, floorSeconds: median(floors), tally: first.tally,
    jre: { sample, rate: jreRate },
  };
}

// ── 4 and 5. Over HTTP ───────────────────────────────────────────────────────────────────

interface Load {
  rate: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** Non-200 answers by status. */
  statuses: Map<number, number>;
  bad: number;
}

interface HttpResult {
  /** false: the route answered 404 not_found (not deployed yet) or something else went wrong (see note). */
  available: boolean;
  missingRoute?: boolean;
  note: string;
  decide?: Load;
  read?: Load;
  ceiling?: Load;
  freshness?: { p50: number; p99: number; max: number; n: number; maxAttempts: number; missed: number; ackP50: number; ackP99: number };
}

function tutti(args: string[]): string {
  return execFileSync(process.execPath, [TUTTI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 }).toString();
}

const decideBody = (user: number, req: DecisionRequest): string =>
  JSON.stringify({ customer: { userId: `u-${user}` }, department: req.department, channel: req.channel, purpose: req.purpose, message: req.message });

/** Closed-loop load: CONCURRENCY workers, warm-up, then `seconds` measured. */
async function load(seconds: number, send: (n: number) => Promise<{ status: number; ok: boolean }>): Promise<Load> {
  const latencies: number[] = [];
  let errors = 0;
  let bad = 0;
  let n = 0;
  const statuses = new Map<number, number>();
  const warmupEnd = performance.now() + WARMUP_MS;
  const end = warmupEnd + seconds * 1000;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const { status, ok } = await send(n++);
      const t1 = performance.now();
      if (status !== 200) {
        errors++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        continue;
      }
      if (!ok) bad++;
      if (t0 >= warmupEnd && t1 <= end) latencies.push(t1 - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, errors, statuses, bad };
}

/**
 * The machine's HTTP ceiling: a bare node:http server (one process, like tutti serve) that reads
 * the request body and answers a fixed 200 JSON body the size of a decision. No framework, no
 * auth, no work.
 */
async function bareHttpCeiling(bodies: readonly string[]): Promise<Load> {
  const port = 41_000 + Math.floor(Math.random() * 1000);
  const answer = JSON.stringify({ decisionId: 'dec_01m8tvrtv7f0sv2myh4q', customerId: 'cus_01m8tvqervtyf1ymkhhk', knownCustomer: true, decision: 'send', reasons: Array.from({ length: 6 }, (_, i) => ({ code: 'stage.code', stage: 'stage', department: 'marketing', message: `reason ${i} `.padEnd(110, '.'), evidence: [] })), policyVersion: 'default-2026.1', decidedAt: new Date().toISOString() });
  const script = `const http = require('node:http'); const body = ${JSON.stringify(answer)};
    http.createServer((q, s) => { q.on('data', () => {}); q.on('end', () => { s.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }); s.end(body); }); })
      .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));`;
  const server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: String(port) } });
  const exited = new Promise((r) => server.once('exit', r));
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  try {
    return await load(Math.max(3, Math.round(SECONDS / 2)), async (n) => {
      const res = await request(`http://127.0.0.1:${port}/v1/decide`, { method: 'POST', body: bodies[n & 0xffff]!, headers: { 'content-type': 'application/json' }, dispatcher });
      await res.body.text();
      return { status: res.statusCode, ok: true };
    });
  } finally {
    server.kill('SIGTERM');
    await exited;
    await dispatcher.close();
  }
}

async function overHttp(dir: string): Promise<HttpResult> {
  const db = join(dir, 'tutti.db');
  const demo = tutti(['demo', '--customers', String(HTTP_CUSTOMERS), '--db', db]);
  const loaded = /Demo company loaded: .*/.exec(demo)?.[0] ?? 'demo loaded';
  const token = tutti(['users', 'add', 'bench', '--role', 'admin', '--db', db]).trim();
  const writeKey = tutti(['sources', 'add', 'bench-service', '--department', 'service', '--db', db]).trim();
  const port = 40_000 + Math.floor(Math.random() * 1000);
  const server = spawn(process.execPath, [TUTTI_BIN, 'serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => server.once('exit', r));
  let serverLog = '';
  server.stderr!.on('data', (chunk: Buffer) => {
    serverLog = (serverLog + chunk.toString()).slice(-2000);
  });
  await new Promise<void>((resolve) => server.stdout!.once('data', () => resolve()));
  server.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  const dispatcher = new Agent({ connections: CONCURRENCY, pipelining: 1 });
  const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const basic = { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' };

  const postDecide = async (body: string, d: Agent = dispatcher): Promise<{ status: number; json: { decision?: string; knownCustomer?: boolean; reasons?: Array<{ code: string }>; error?: { code: string } } }> => {
    const res = await request(`${url}/v1/decide`, { method: 'POST', body, headers: bearer, dispatcher: d });
    return { status: res.statusCode, json: (await res.body.json()) as never };
  };

  try {
    const probe = await postDecide(decideBody(1, MARKETING));
    if (probe.status === 404 && probe.json.error?.code === 'not_found') return { available: false, missingRoute: true, note: `${loaded}; POST /v1/decide answered 404 not_found` };
    if (probe.status !== 200) return { available: false, note: `${loaded}; POST /v1/decide answered ${probe.status} ${JSON.stringify(probe.json).slice(0, 300)}; server log: ${serverLog.trim()}` };

    // 4. Throughput and latency: the read API first (baseline), then /v1/decide, same connections.
    const users = requestStream(1 << 16, HTTP_CUSTOMERS, 11);
    const bodies = Array.from({ length: users.length }, (_, i) => decideBody(users.customer[i]! + 1, REQUESTS[users.kind[i]!]!));
    const ceiling = await bareHttpCeiling(bodies);
    const read = await load(Math.max(3, Math.round(SECONDS / 2)), async (n) => {
      const res = await request(`${url}/v1/customers/userId:u-${users.customer[n & 0xffff]! + 1}`, { headers: bearer, dispatcher });
      await res.body.text();
      return { status: res.statusCode, ok: true };
    });
    const decided = await load(SECONDS, async (n) => {
      const res = await request(`${url}/v1/decide`, { method: 'POST', body: bodies[n & 0xffff]!, headers: bearer, dispatcher });
      const text = await res.body.text();
      return { status: res.statusCode, ok: res.statusCode === 200 && /"decision":"(send|suppress|defer)"/.test(text) && text.includes('"reasons":[{') };
    });

    // 5. Freshness, on an idle server, over customers whose marketing e-mail passes consent and
    //    has no open complaint yet (else the complaint could never show). The clock starts at
    //    the track's 200; decide is then asked until its answer reflects the complaint.
    const one = new Agent({ connections: 2, pipelining: 1 });
    const fresh: number[] = [];
    const acks: number[] = [];
    let maxAttempts = 0;
    let missed = 0;
    const pick = rng(23);
    const tried = new Set<number>();
    const runTag = Date.now().toString(36);
    const hasCode = (j: { reasons?: Array<{ code: string }> }, prefix: string): boolean => (j.reasons ?? []).some((r) => r.code.startsWith(prefix));
    for (let guard = 0; fresh.length + missed < FRESHNESS && guard < FRESHNESS * 50; guard++) {
      const user = 1 + Math.floor(pick() * HTTP_CUSTOMERS);
      if (tried.has(user)) continue;
      tried.add(user);
      const before = await postDecide(decideBody(user, MARKETING), one);
      if (before.status !== 200 || before.json.knownCustomer === false || hasCode(before.json, 'consent.withdrawn') || hasCode(before.json, 'consent.channel_withdrawn') || hasCode(before.json, 'suppression.open_complaint')) continue;
      const body = JSON.stringify({ userId: `u-${user}`, event: 'Complaint Opened', properties: { complaint_id: `C-bench-${runTag}-${user}` }, messageId: `bench-decide-${runTag}-${user}` });
      const t0 = performance.now();
      const tracked = await request(`${url}/v1/track`, { method: 'POST', body, headers: basic, dispatcher: one });
      await tracked.body.text();
      const acked = performance.now();
      if (tracked.statusCode !== 200) throw new Error(`/v1/track answered ${tracked.statusCode}`);
      acks.push(acked - t0);
      let attempts = 0;
      for (;;) {
        attempts++;
        const after = await postDecide(decideBody(user, MARKETING), one);
        if (after.status === 200 && after.json.decision === 'suppress' && hasCode(after.json, 'suppression.open_complaint')) {
          fresh.push(performance.now() - acked);
          break;
        }
        if (performance.now() - acked > 2000) {
          missed++;
          break;
        }
      }
      maxAttempts = Math.max(maxAttempts, attempts);
    }
    await one.close();
    fresh.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    return {
      available: true, note: loaded, decide: decided, read, ceiling,
      freshness: { p50: percentile(fresh, 50), p99: percentile(fresh, 99), max: fresh[fresh.length - 1] ?? Number.NaN, n: fresh.length, maxAttempts, missed, ackP50: percentile(acks, 50), ackP99: percentile(acks, 99) },
    };
  } finally {
    server.kill('SIGTERM');
    await exited;
    await dispatcher.close();
  }
}

const statusText = (l: Load): string => (l.statuses.size === 0 ? '' : ` (${[...l.statuses].map(([s, n]) => `${fmt(n)} × ${s}`).join(', ')})`);

// ── Report ───────────────────────────────────────────────────────────────────────────────

const range = (r: { min: number; max: number }, digits = 0): string => `${fmt(r.min, digits)}–${fmt(r.max, digits)}`;

async function main(): Promise<void> {
  const now = demoEnd();
  const compiled = defaultCompiledPolicy();
  console.log(`bench/decide — ${new Date().toISOString()} — node ${process.version}, policy ${compiled.version}, now ${new Date(now).toISOString()} (demo end), `
    + `${fmt(CUSTOMERS)}-customer state, ${fmt(DECISIONS)} decisions × ${ROUNDS} rounds, ${fmt(COMPARE)} compared, ${fmt(AUDIENCE)}-customer audience, `
    + `HTTP ${fmt(HTTP_CUSTOMERS)} customers, ${CONCURRENCY} connections, ${SECONDS} s`);
  console.log(`request mix: ${MIX.map((m) => `${m.request.department}/${m.request.channel}/${m.request.purpose} ${m.share * 100} %`).join(', ')}; `
    + `contact counter: reported contacts (state) + committed sends of the last 7 days for ${fmt(RESERVED_SHARE * 100)} % of customers (1–3 each)`);

  // 1 and 2, over the demo state.
  if (!has('skip-inprocess')) {
    const built = buildDemoStates(CUSTOMERS, now);
    const contacts = contactsInCapWindows(compiled, built.live.entries(), now);
    const { reservations, contacts: reserved } = weekOfReservations(built.ids, now, RESERVED_SHARE, 3);
    const counter = liveCounter(compiled, reservations);
    const { live, ids } = built;
    const stream = requestStream(DECISIONS, ids.length, 1);
    tuttiPass(compiled, live, ids, stream, now, counter, newTally()); // warm-up
    floorPass(live, ids, stream, newTally());
    const tally = newTally();
    const tutti1 = rates(ROUNDS, stream.length, () => tuttiPass(compiled, live, ids, stream, now, counter, tally));
    const floor = rates(ROUNDS, stream.length, () => floorPass(live, ids, stream, newTally()));
    const cmp = await compareWithRulesEngine(compiled, live, ids, now, counter);

    console.log(`\nIn-process decisions (one core; ${fmt(built.live.size)} customer states from ${fmt(built.events)} demo events in ${fmt(built.seconds, 1)} s; cap windows hold ${fmt(contacts)} reported contacts and ${fmt(reserved)} committed sends)`);
    table([
      ['loop floor: state lookup, no policy', `${fmt(floor.median)} /s`, `(median of ${ROUNDS}; ${range(floor)})`],
      ['Tutti decide, full reasons', `${fmt(tutti1.median)} decisions/s`, `(target ≥ 1,000,000; median of ${ROUNDS}; ${range(tutti1)})`],
      ['  per decision', `${fmt(1e6 / tutti1.median, 3)} µs`, `(${fmt(tally.reasons / (tally.send + tally.suppress + tally.defer), 2)} reasons each; ${mixText(tally)})`],
    ]);
    const jreBest = Math.max(cmp.jre['per-purpose'].median, cmp.jre.single.median);
    console.log(`\nSide by side: the default policy on json-rules-engine (same requests, facts from the same states)`);
    table([
      ['json-rules-engine, one Engine per purpose', `${fmt(cmp.jre['per-purpose'].median)} decisions/s`, `(median of ${COMPARE_ROUNDS} × ${fmt(cmp.compared)}; ${range(cmp.jre['per-purpose'])})`],
      ['json-rules-engine, one Engine for all rules', `${fmt(cmp.jre.single.median)} decisions/s`, `(median of ${COMPARE_ROUNDS} × ${fmt(cmp.compared)}; ${range(cmp.jre.single)})`],
      ['Tutti decide, same requests', `${fmt(cmp.tuttiRate.median)} decisions/s`, `(median of ${ROUNDS}; ${range(cmp.tuttiRate)})`],
      ['ratio Tutti / json-rules-engine (faster)', `${fmt(cmp.tuttiRate.median / jreBest, 1)} ×`, '(aim ≥ 20 ×)'],
      ['answers compared / differed', `${fmt(cmp.compared)} / ${fmt(cmp.differed['per-purpose'])} (per purpose), ${fmt(cmp.differed.single)} (single)`, '(outcome and every reason code; must be 0)'],
      ['  compared answers', mixText(cmp.tally)],
    ]);
    console.log(`  deciding reasons among the compared answers: ${[...cmp.tally.codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${fmt(n)}`).join(', ')}`);
    for (const e of cmp.examples) console.log(`    differs: ${e}`);
  }
  gc();

  // 3. The audience.
  if (!has('skip-audience')) {
    const a = await audienceBatch(compiled, now);
    const decisive = Object.entries(a.tally.reasons);
    console.log(`\nBatch decision over an audience (${fmt(a.customers)} customer states from ${fmt(a.events)} demo events, built in ${fmt(a.buildSeconds, 1)} s; cap windows hold ${fmt(a.contacts)} reported contacts and ${fmt(a.reserved)} committed sends)`);
    table([
      ['scan floor: every state, no policy', `${fmt(a.floorSeconds * 1000)} ms`],
      ['json-rules-engine, same audience (projected)', `${fmt((a.customers / a.jre.rate) * 1000)} ms`, `(measured ${fmt(a.jre.rate)} decisions/s on its first ${fmt(a.jre.sample)} customers)`],
      ['Tutti decideAudience: one marketing e-mail each', `${fmt(a.seconds.median * 1000)} ms`, `(target ≤ 1,000 ms; median of ${Math.max(3, Math.min(ROUNDS, 5))}; ${range({ min: a.seconds.min * 1000, max: a.seconds.max * 1000 })} ms; ${fmt(a.customers / a.seconds.median)} decisions/s)`],
      ['  outcomes', mixText(a.tally.outcomes), `(deciding reasons: ${topBlocking(decisive)})`],
    ]);
  }
  gc();

  // 4 and 5. Over HTTP.
  if (!has('skip-http')) {
    const dir = mkdtempSync(join(tmpdir(), 'tutti-bench-decide-'));
    try {
      const h = await overHttp(dir);
      console.log(`\nOver HTTP (tutti serve, SQLite; ${h.note}; ${CONCURRENCY} connections, ${fmt(WARMUP_MS / 1000)} s warm-up)`);
      if (!h.available || h.decide === undefined || h.read === undefined || h.ceiling === undefined || h.freshness === undefined) {
        console.log(h.missingRoute === true ? `  HTTP decide: route not available (${h.note})` : `  HTTP decide: not measured (${h.note})`);
      } else {
        const { decide: d, read: r, ceiling: c, freshness: f } = h;
        table([
          ['ceiling: bare node:http, fixed answer', `${fmt(c.rate)} req/s`, `(p50 ${fmt(c.p50, 2)} ms, p99 ${fmt(c.p99, 2)} ms; no framework, no auth, no work)`],
          ['baseline: read API GET /v1/customers/{ref}', `${fmt(r.rate)} req/s`, `(p50 ${fmt(r.p50, 2)} ms, p99 ${fmt(r.p99, 2)} ms; ${fmt(r.requests)} measured, ${fmt(r.errors)} non-200${statusText(r)})`],
          ['Tutti POST /v1/decide', `${fmt(d.rate)} decisions/s`, '(target ≥ 20,000)'],
          ['  latency', `p50 ${fmt(d.p50, 2)} ms, p99 ${fmt(d.p99, 2)} ms`, '(target p99 ≤ 5 ms)'],
          ['  measured / non-200 / malformed', `${fmt(d.requests)} / ${fmt(d.errors)}${statusText(d)} / ${fmt(d.bad)}`],
          ['baseline: /v1/track acknowledgement', `p50 ${fmt(f.ackP50, 2)} ms, p99 ${fmt(f.ackP99, 2)} ms`],
          ['freshness: track 200 → decide reflects it', `p50 ${fmt(f.p50, 2)} ms, p99 ${fmt(f.p99, 2)} ms`, `(aim ≤ 50 ms; ${fmt(f.n)} customers, max ${fmt(f.max, 2)} ms, at most ${f.maxAttempts} decide call(s) each, ${f.missed} never within 2 s)`],
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

await main();
