/**
 * bench/readiness — the launch-readiness review's figures next to baselines measured in the
 * same run.
 *
 *   npm run bench:readiness [-- --customers 1000000 --rounds 5 --staffing-rounds 7 --conflict-rounds 7 --profile-top 14]
 *
 * 1. The readiness report for a --customers audience on the demo company, end to end: the
 *    segment parsed, the campaign's request decided by the default contact policy for every
 *    live state the segment matches (as `audienceSection` in src/app/campaigns.ts does), and
 *    `computeReadiness` (demand, logistics, service, promises). The campaign is the over-promising
 *    one of test/readiness-api.test.ts. The live states are built in-process from the demo
 *    generator exactly as bench/ingest.ts builds them; capabilities and campaign history are
 *    the demo company's. Left out: campaignReport's two small database reads (the campaign row,
 *    capabilities and history), which do not grow with the audience. Target ≤ 1 s. Baseline: a
 *    bare walk over the same live states (the Map iteration any audience pass pays). Where the
 *    time goes: the pieces (segment, decide() alone, the audience section, computeReadiness's
 *    sections) timed in interleaved rounds, the garbage collector's share, and a CPU profile of
 *    two more rounds (readiness-profile.ts). Also a check of the report's "unhappy customers"
 *    warning against the distinct customers the policy holds back.
 * 2. The staffing search at A = 1,000 Erlangs (10,000 contacts per 1800 s at AHT 180 s, 80 % in
 *    20 s, Erlang C): `calculateStaffing` (the API's entry, validation and curve included) and
 *    `findMinimumAgents`. Target ≤ 1 ms. Baseline: the textbook power-series Erlang C evaluated
 *    from scratch for each N from ⌈A⌉ upward, in log space (readiness-staffing.ts).
 * 3. Audience conflicts (open complaint, late shipment, pending refund, open dispute, promise
 *    broken in the last 30 days, detractor answer in the last 90 days) counted over the whole
 *    audience by Tutti (`factHolds` over the live states) and by DuckDB SQL over the same data
 *    exported as one row per item (readiness-conflicts.ts); counts checked equal. DuckDB's
 *    loading is timed apart from its query; it runs with its default threads and with one.
 *
 * Figures are medians of several rounds, each engine measured in this run on this machine; what
 * is compared is timed in interleaved rounds, so a machine shared with other work slows both
 * sides alike.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { compilePolicy } from '../src/decide/compile-policy.js';
import { defaultPolicy } from '../src/decide/default-policy.js';
import { findMinimumAgents } from '../src/readiness/erlang-staffing.js';
import type { ReadinessReport } from '../src/readiness/report-types.js';
import { calculateStaffing } from '../src/readiness/staffing.js';
import {
  audienceSection, bareScan, decideOnly, decisionMoment, overpromising, readinessReport, type ReportInput, sectionTimes, segmentOnly, unhappyCheck,
} from './readiness-campaign.js';
import { CONFLICTS, type ConflictCounts, DuckConflicts, exportRows, rowCount, tuttiConflicts } from './readiness-conflicts.js';
import { profileSelfTime } from './readiness-profile.js';
import { buildDemoCompany } from './readiness-states.js';
import { microsInterleaved, textbookMinimumAgents } from './readiness-staffing.js';
import { arg, fmt, median, table } from './support.js';

const CUSTOMERS = arg('customers', 1_000_000);
const ROUNDS = arg('rounds', 5);
const STAFFING_ROUNDS = arg('staffing-rounds', 7);
const CONFLICT_ROUNDS = arg('conflict-rounds', 7);
const PROFILE_TOP = arg('profile-top', 14);
const HOUR = 3_600_000;

const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

/** Every garbage collection's [start, end] in performance.now() time (delivered asynchronously). */
const collections: Array<[number, number]> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push([e.startTime, e.startTime + e.duration]);
});
gcObserver.observe({ entryTypes: ['gc'] });
/** GC ms inside [from, to]. Call after a tick so the observer has delivered. */
const gcMsBetween = (from: number, to: number): number => collections.reduce((sum, [a, b]) => sum + Math.max(0, Math.min(b, to) - Math.max(a, from)), 0);
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

/** Runs `fn` `rounds` times after one warm-up, a GC before each; ms per round, and the warm-up's. */
function timeRounds<T>(rounds: number, fn: () => T): { ms: number[]; median: number; cold: number; last: T; windows: Array<[number, number]> } {
  gc();
  let t0 = performance.now();
  let last = fn();
  const cold = performance.now() - t0;
  const ms: number[] = [];
  const windows: Array<[number, number]> = [];
  for (let r = 0; r < rounds; r++) {
    gc();
    t0 = performance.now();
    last = fn();
    const t1 = performance.now();
    ms.push(t1 - t0);
    windows.push([t0, t1]);
  }
  return { ms, median: median(ms), cold, last, windows };
}

/**
 * Several pieces of work timed round by round, interleaved (round r runs each of them once, a GC
 * before each), so a busy machine slows them alike; medians per piece. One warm-up round first.
 */
function timeInterleaved<K extends string>(rounds: number, fns: Record<K, () => unknown>): Record<K, { ms: number[]; median: number; cold: number; windows: Array<[number, number]> }> {
  const keys = Object.keys(fns) as K[];
  const out = {} as Record<K, { ms: number[]; median: number; cold: number; windows: Array<[number, number]> }>;
  for (const k of keys) {
    gc();
    const t0 = performance.now();
    fns[k]();
    out[k] = { ms: [], median: 0, cold: performance.now() - t0, windows: [] };
  }
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      gc();
      const t0 = performance.now();
      fns[k]();
      const t1 = performance.now();
      out[k].ms.push(t1 - t0);
      out[k].windows.push([t0, t1]);
    }
  }
  for (const k of keys) out[k].median = median(out[k].ms);
  return out;
}

const ms = (x: number, digits = x < 10 ? 2 : x < 100 ? 1 : 0): string => `${fmt(x, digits)} ms`;
const us = (x: number): string => `${fmt(x, x < 10 ? 2 : 1)} µs`;
const times = (x: number): string => `${fmt(x, x < 10 ? 2 : 1)}×`;
const rounds = (xs: number[], unit: (x: number) => string = (x) => fmt(x, 1)): string => `rounds ${xs.map(unit).join(' / ')}`;

/** "logistics.stockout ×30, service.service-level ×1, …": finding ids grouped by their first two parts. */
function byKind(ids: string[]): string {
  const n = new Map<string, number>();
  for (const id of ids) {
    const kind = id.split('.').slice(0, 2).join('.');
    n.set(kind, (n.get(kind) ?? 0) + 1);
  }
  return [...n].map(([k, c]) => `${k} ×${c}`).join(', ');
}

function sameCounts(a: ConflictCounts, b: ConflictCounts): string[] {
  return CONFLICTS.map((c) => c.fact).filter((f) => a[f] !== b[f]).map((f) => `${f}: Tutti ${a[f]} ≠ DuckDB ${b[f]}`);
}

async function main(): Promise<void> {
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  console.log(`bench/readiness — ${new Date().toISOString()} — node ${process.version}, ${fmt(CUSTOMERS)} customers, medians of ${ROUNDS} report rounds, ${STAFFING_ROUNDS} staffing rounds, ${CONFLICT_ROUNDS} conflict rounds`);

  // ---- The demo company -----------------------------------------------------------------------
  process.stderr.write(`building ${fmt(CUSTOMERS)} customers' live states `);
  const company = buildDemoCompany(CUSTOMERS, end, () => process.stderr.write('.'));
  process.stderr.write('\n');
  gc();
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const policy = compilePolicy(defaultPolicy());
  const spec = overpromising(end);
  const input: ReportInput = { live: company.live, spec, now: end, capabilities: company.capabilities, history: company.history, policy };
  const at = decisionMoment(spec, end);
  console.log(`\nDemo company: ${fmt(company.live.size)} live states from ${fmt(company.events)} events in ${fmt(company.seconds, 1)} s (heap ${fmt(heapMb)} MB); ` +
    `${company.history.length} past campaigns; campaign "${spec.name}", segment "${spec.audience.segment}", first wave ${new Date(at).toISOString()}, policy ${policy.version}`);

  // ---- 1. The readiness report ------------------------------------------------------------------
  const report = timeRounds(ROUNDS, () => readinessReport(input));
  // The pieces, interleaved round by round so that a busy machine slows them alike.
  let audience = audienceSection(input);
  const parts = timeInterleaved(ROUNDS, {
    report: () => readinessReport(input),
    scan: () => bareScan(company.live),
    segment: () => segmentOnly(input),
    decide: () => decideOnly(input),
    audience: () => (audience = audienceSection(input)),
  });
  const scan = parts.scan;
  // computeReadiness section by section, every round's figures kept for medians.
  sectionTimes(input, audience);
  const perSection: Record<string, number[]> = { calendar: [], demand: [], logistics: [], service: [], total: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const t = sectionTimes(input, audience);
    for (const k of Object.keys(perSection)) perSection[k]!.push(t[k as keyof typeof t]);
  }
  const compute = median(perSection.total!);
  await tick();
  const reportGc = median(report.windows.map(([from, to]) => gcMsBetween(from, to)));
  // Where the time goes: the sampling profiler over two more end-to-end rounds.
  const profile = await profileSelfTime(() => { readinessReport(input); readinessReport(input); }, PROFILE_TOP);
  const r: ReadinessReport = report.last;
  const a = r.audience;
  console.log(`\n1. Readiness report, ${fmt(CUSTOMERS)}-customer audience, end to end (medians of ${ROUNDS} rounds after a warm-up)`);
  table([
    ['report end to end', ms(report.median), `(target ≤ 1,000 ms; ${rounds(report.ms)}; first, cold ${ms(report.cold)})`],
    ['baseline: bare walk over the live states', ms(scan.median), '(Map iteration + one field read per state)'],
    ['ratio report / bare walk', times(report.median / scan.median)],
    ['  in the same interleaved rounds: report end to end', ms(parts.report.median), `(${rounds(parts.report.ms)})`],
    ['  segment "all": parse + match every state', ms(parts.segment.median)],
    ['  contact policy: decide() for every state', ms(parts.decide.median), `(${us((parts.decide.median * 1000) / Math.max(1, company.live.size))} per customer)`],
    ['  audience section (segment + decideAudience + tally)', ms(parts.audience.median)],
    ['  garbage collection inside the end-to-end rounds', ms(reportGc), `(${fmt((reportGc / report.median) * 100)} % of the median round)`],
    ['  computeReadiness (all sections)', ms(compute), `(calendar ${ms(median(perSection.calendar!))}, demand ${ms(median(perSection.demand!))}, logistics ${ms(median(perSection.logistics!))}, service ${ms(median(perSection.service!))})`],
    ['audience: matched / effective / suppressed / deferred', `${fmt(a.matched)} / ${fmt(a.effective)} / ${fmt(a.suppressed)} / ${fmt(a.deferred)}`],
    ['demand: orders P50 / P90', `${fmt(r.demand.orders.p50.value)} / ${fmt(r.demand.orders.p90.value)}`],
    ['blockers / warnings', `${r.blockers.length} / ${r.warnings.length}`, `(${byKind(r.blockers.map((b) => b.id))})`],
  ]);
  console.log(`  where the time goes (CPU profile of two end-to-end rounds, self time, ${ms(profile.totalMs)} sampled):`);
  table(profile.lines.map((l): [string, string, string] => [`    ${l.fn}`, `${fmt(l.share * 100, 1)} %`, l.where]));
  console.log(`  reasons held back: ${Object.entries(a.byReason).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}`);
  const unhappy = unhappyCheck(input, r);
  console.log(`  check: the "audience.unhappy-customers" warning says ${fmt(unhappy.warned)} customers; the policy holds back ${fmt(unhappy.distinct)} distinct customers at the suppression stage` +
    (unhappy.warned === unhappy.distinct ? ' (equal)' : ` — ${fmt(unhappy.warned - unhappy.distinct)} counted twice or more: ${fmt(unhappy.withSeveral)} customers have several suppression facts and the warning adds up per-reason counts (src/readiness/readiness-report.ts)`));

  // ---- 2. The staffing search -----------------------------------------------------------------
  const request = { volume: 10_000, intervalSeconds: 1800, ahtSeconds: 180, targetServiceLevel: 0.8, targetSeconds: 20 };
  const load = (request.volume * request.ahtSeconds) / request.intervalSeconds;
  const search = { load, ahtSeconds: request.ahtSeconds, targetSeconds: request.targetSeconds, targetServiceLevel: request.targetServiceLevel };
  let t0 = performance.now();
  const api = calculateStaffing(request);
  const staffingCold = (performance.now() - t0) * 1000;
  const engine = findMinimumAgents(search);
  t0 = performance.now();
  const book = textbookMinimumAgents(load, request.ahtSeconds, request.targetSeconds, request.targetServiceLevel);
  const bookCold = (performance.now() - t0) * 1000;
  const agree = api.agents === book.agents && engine.agents === book.agents && Math.abs(api.serviceLevel - book.serviceLevel) < 1e-9;
  const staffing = microsInterleaved({
    api: () => calculateStaffing(request),
    engine: () => findMinimumAgents(search),
    book: () => textbookMinimumAgents(load, request.ahtSeconds, request.targetSeconds, request.targetServiceLevel),
  }, STAFFING_ROUNDS);
  const { api: tApi, engine: tEngine, book: tBook } = staffing;
  console.log(`\n2. Staffing search, A = ${fmt(load)} Erlangs (${fmt(request.volume)} contacts / ${request.intervalSeconds} s × AHT ${request.ahtSeconds} s, ${request.targetServiceLevel * 100} % in ${request.targetSeconds} s, Erlang C; medians of ${STAFFING_ROUNDS} rounds)`);
  table([
    ['calculateStaffing (validation + search + curve)', us(tApi.medianUs), `(target ≤ 1,000 µs; first call, cold ${us(staffingCold)})`],
    ['findMinimumAgents (search + curve)', us(tEngine.medianUs)],
    ['baseline: textbook power series per N, log space', us(tBook.medianUs), `(${book.evaluated} values of N from ⌈A⌉; first call ${us(bookCold)})`],
    ['ratio textbook / calculateStaffing', times(tBook.medianUs / tApi.medianUs)],
    ['answer: agents, SL, P(wait), occupancy', `${api.agents}, ${fmt(api.serviceLevel * 100, 3)} %, ${fmt(api.pWait * 100, 3)} %, ${fmt(api.occupancy * 100, 2)} %`, `(textbook: ${book.agents}, ${fmt(book.serviceLevel * 100, 3)} %, ${fmt(book.pWait * 100, 3)} %; ${agree ? 'same answer' : 'ANSWERS DIFFER'})`],
  ]);

  // ---- 3. Audience conflicts: Tutti vs DuckDB ---------------------------------------------------
  let t1 = performance.now();
  const rows = exportRows(company.live);
  const exportMs = performance.now() - t1;
  const duck = await DuckConflicts.open();
  t1 = performance.now();
  await duck.load(rows);
  const loadMs = performance.now() - t1;
  const duck1 = await DuckConflicts.open(1);
  await duck1.load(rows);
  // Interleaved: each round runs Tutti, DuckDB (default threads) and DuckDB (1 thread) once,
  // after one warm-up of each.
  const conflictRuns = async (): Promise<{ tutti: ConflictCounts; duck: ConflictCounts; duck1: ConflictCounts; ms: [number, number, number] }> => {
    gc();
    const a0 = performance.now();
    const tuttiCounts = tuttiConflicts(company.live, at);
    const a1 = performance.now();
    const duckCounts = await duck.count(at);
    const a2 = performance.now();
    const duck1Counts = await duck1.count(at);
    const a3 = performance.now();
    return { tutti: tuttiCounts, duck: duckCounts, duck1: duck1Counts, ms: [a1 - a0, a2 - a1, a3 - a2] };
  };
  const warm = await conflictRuns();
  const conflictRounds: Awaited<ReturnType<typeof conflictRuns>>[] = [];
  for (let round = 0; round < CONFLICT_ROUNDS; round++) conflictRounds.push(await conflictRuns());
  const series = (i: 0 | 1 | 2): { ms: number[]; median: number } => {
    const xs = conflictRounds.map((c) => c.ms[i]);
    return { ms: xs, median: median(xs) };
  };
  const last = conflictRounds[conflictRounds.length - 1] ?? warm;
  const tutti = { ...series(0), last: last.tutti };
  const duckRun = { ...series(1), last: last.duck, cold: warm.ms[1] };
  const duck1Run = { ...series(2), last: last.duck1 };
  const mismatches = [...new Set([warm, ...conflictRounds].flatMap((c) => [...sameCounts(c.tutti, c.duck), ...sameCounts(c.tutti, c.duck1)]))];
  duck.close();
  duck1.close();
  console.log(`\n3. Audience conflicts over ${fmt(rows.customers)} customers at the first wave (medians of ${CONFLICT_ROUNDS} rounds after a warm-up)`);
  const counts: Array<[string, string, string?]> = CONFLICTS.map(({ fact }) => [
    `  ${fact}`,
    `${fmt(tutti.last[fact] ?? Number.NaN)}`,
    `(DuckDB ${fmt(duckRun.last[fact] ?? Number.NaN)}${tutti.last[fact] === duckRun.last[fact] ? ', equal' : ', DIFFERENT'}; held back by the policy in the report: ${fmt(a.byReason[`suppression.${fact}`] ?? 0)})`,
  ]);
  table([
    ...counts,
    ['Tutti: factHolds over the live states', ms(tutti.median), `(${rounds(tutti.ms)})`],
    [`DuckDB query (${duck.threads} threads, default)`, ms(duckRun.median), `(${rounds(duckRun.ms)}; first ${ms(duckRun.cold)})`],
    ['DuckDB query (1 thread)', ms(duck1Run.median), `(${rounds(duck1Run.ms)})`],
    ['ratio DuckDB / Tutti', times(duckRun.median / tutti.median), `(1 thread: ${times(duck1Run.median / tutti.median)}; above 1: Tutti faster)`],
    ['DuckDB loading, not in the ratio', ms(exportMs + loadMs), `(rows built from the states ${ms(exportMs)}, appended + checkpoint ${ms(loadMs)}; ${fmt(rowCount(rows))} rows in 6 tables)`],
    ['counts checked', mismatches.length === 0 ? `all 6 equal, every round (both DuckDB instances)` : `MISMATCH: ${mismatches.join('; ')}`],
  ]);

  // ---- Summary ---------------------------------------------------------------------------------
  console.log('\nSummary');
  table([
    [`readiness report, ${fmt(CUSTOMERS)} customers, end to end`, ms(report.median), `target ≤ 1,000 ms ${report.median <= 1000 ? 'met' : 'MISSED'}; baseline bare walk ${ms(scan.median)}, ratio ${times(report.median / scan.median)}`],
    ['staffing search, A = 1,000 Erlangs (calculateStaffing)', us(tApi.medianUs), `target ≤ 1,000 µs ${tApi.medianUs <= 1000 ? 'met' : 'MISSED'}; baseline textbook ${us(tBook.medianUs)}, ratio ${times(tBook.medianUs / tApi.medianUs)}`],
    ['audience conflicts, Tutti factHolds', ms(tutti.median), `DuckDB SQL ${ms(duckRun.median)} (${duck.threads} threads), ratio DuckDB/Tutti ${times(duckRun.median / tutti.median)}; counts ${mismatches.length === 0 ? 'equal' : 'DIFFER'}`],
  ]);
  gcObserver.disconnect();
  if (mismatches.length > 0 || !agree) process.exitCode = 1;
}

await main();
