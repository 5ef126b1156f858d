/**
 * bench/health-calibration — how well the relationship-health score predicts churn in the demo
 * company, and weights fitted to it.
 *
 *   npm run calibrate:health [-- --customers 20000 --seed 42 --end 2026-01-01 --horizon 90 --write FILE]
 *
 * The demo company is generated in-process (the same generator → validateMessages path that
 * bench/ingest.ts `liveStateMemory` uses, each event attributed to its source's department).
 * Every customer's state is folded from the events before a cut-off 90 days (--horizon) before the
 * demo's end and scored as of the cut-off; the label is a `Customer Churned` in the 90 days after it.
 * Customers unknown at the cut-off or already churned are left out.
 *
 * AUC is the Mann–Whitney statistic: the probability that a churner scores lower than a
 * customer who stays (ties count half). Calibration is a coordinate search over the five
 * weights that maximises AUC on one half of the customers (even demo index); the AUC reported
 * for it is on the other half (odd index), next to the default weights' AUC on the same half.
 * The search is seeded with the default weights and equal weights; with --write the fitted
 * weights are written as a health-weights file (TUTTI_HEALTH_WEIGHTS reads it).
 */
import { writeFileSync } from 'node:fs';
import { demoSources } from '../src/demo/company.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { applyEvent, type CustomerState, emptyState } from '../src/state/customer-state.js';
import { defaultHealthConfig } from '../src/scorecard/health-config.js';
import { bandOf, HEALTH_BANDS, HEALTH_MEASURES, type HealthMeasure, type HealthWeights, healthTriggers, measureScores, weightedScore } from '../src/scorecard/health.js';
import { arg, fmt, table } from './support.js';

const DAY = 86_400_000;
const HORIZON_DAYS = arg('horizon', 90);
const HORIZON = HORIZON_DAYS * DAY;

function argText(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Scored {
  index: number;
  churned: boolean;
  /** The churn record's reason (the demo writes `complaint` or `inactive`), '' when the customer stayed. */
  reason: string;
  parts: Record<HealthMeasure, number>;
  triggered: boolean;
}

/** Mann–Whitney AUC of `score` as a predictor of churn, lower score = more risk. */
export function aucLowerIsRisk(rows: readonly { churned: boolean }[], score: (i: number) => number): number {
  const idx = rows.map((_, i) => i).sort((a, b) => score(a) - score(b));
  // Average ranks over ties, then U = (rank sum of stayers) − n₁(n₁+1)/2 counts pairs where the stayer scores higher.
  let rankSumStay = 0;
  let stay = 0;
  let churn = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    const s = score(idx[i]!);
    while (j < idx.length && score(idx[j]!) === s) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (rows[idx[k]!]!.churned) churn++;
      else {
        stay++;
        rankSumStay += avgRank;
      }
    }
    i = j;
  }
  if (stay === 0 || churn === 0) return Number.NaN;
  return (rankSumStay - (stay * (stay + 1)) / 2) / (stay * churn);
}

function auc(rows: readonly Scored[], weights: HealthWeights): number {
  const scores = rows.map((r) => weightedScore(r.parts, weights));
  return aucLowerIsRisk(rows, (i) => scores[i]!);
}

function normalise(w: HealthWeights): HealthWeights {
  let sum = 0;
  for (const m of HEALTH_MEASURES) sum += w[m];
  const out = {} as HealthWeights;
  for (const m of HEALTH_MEASURES) out[m] = Math.round((w[m] / sum) * 1000) / 10;
  return out;
}

/** Coordinate search: scale one weight at a time while training AUC improves. */
function coordinateSearch(train: readonly Scored[], start: HealthWeights): { weights: HealthWeights; auc: number; evaluations: number } {
  let best = normalise(start);
  let bestAuc = auc(train, best);
  let evaluations = 1;
  const factors = [0, 0.25, 0.5, 0.75, 1.25, 1.5, 2, 3, 5];
  for (let round = 0; round < 12; round++) {
    let improved = false;
    for (const m of HEALTH_MEASURES) {
      for (const f of factors) {
        const trial = { ...best, [m]: best[m] === 0 && f > 0 ? 5 * f : best[m] * f };
        if (HEALTH_MEASURES.every((k) => trial[k] === 0)) continue;
        const w = normalise(trial);
        const a = auc(train, w);
        evaluations++;
        if (a > bestAuc + 1e-5) {
          best = w;
          bestAuc = a;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return { weights: best, auc: bestAuc, evaluations };
}

function main(): void {
  const customers = arg('customers', 20_000);
  const seed = arg('seed', 42);
  const end = Date.parse(argText('end') ?? '2026-01-01T00:00:00Z');
  const cutoff = end - HORIZON;
  const departments = new Map(demoSources().map((s) => [s.name, { id: `src_${s.name}`, department: s.department }]));
  const config = defaultHealthConfig();
  console.log(`bench/health-calibration — ${new Date().toISOString()} — node ${process.version}`);
  console.log(`demo: ${fmt(customers)} customers, seed ${seed}, end ${new Date(end).toISOString()}; scored as of ${new Date(cutoff).toISOString()}; label: Customer Churned within ${HORIZON_DAYS} days after`);

  const started = performance.now();
  const rows: Scored[] = [];
  let events = 0;
  let excluded = 0;
  for (let i = 0; i < customers; i++) {
    const state: CustomerState = emptyState(`demo-${i}`);
    let churnedAfter = false;
    let reason = '';
    let seq = 0;
    for (const { source, message } of generateCustomerEvents(i, { customers, seed, end })) {
      const src = departments.get(source);
      if (!src) throw new Error(`unknown demo source ${source}`);
      for (const { event } of validateMessages([message], src, end, null).items) {
        events++;
        event.seq = ++seq;
        if (event.timestamp < cutoff) applyEvent(state, event);
        else if (event.event === 'Customer Churned' && event.timestamp < end) {
          churnedAfter = true;
          reason = typeof event.properties['reason'] === 'string' ? event.properties['reason'] : 'unknown';
        }
      }
    }
    const gone = state.churnedAt !== null && !(state.orders?.lastOrderAt != null && state.orders.lastOrderAt > state.churnedAt);
    if (state.eventCount === 0 || gone) {
      excluded++;
      continue;
    }
    rows.push({ index: i, churned: churnedAfter, reason, parts: measureScores(state, cutoff), triggered: healthTriggers(state, cutoff).length > 0 });
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const churners = rows.filter((r) => r.churned).length;
  const reasons = new Map<string, number>();
  for (const r of rows) if (r.churned) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  console.log(`folded ${fmt(events)} events in ${fmt(buildSeconds, 1)} s; ${fmt(rows.length)} customers scored (${fmt(excluded)} unknown or already churned at the cut-off), ${fmt(churners)} churned in the next ${HORIZON_DAYS} days (${fmt((churners / rows.length) * 100, 1)} %)`);
  console.log(`churn reasons recorded: ${[...reasons].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')} — the demo's "inactive" churn is a random hazard independent of anything before it, which caps any score's AUC`);

  const train = rows.filter((r) => r.index % 2 === 0);
  const test = rows.filter((r) => r.index % 2 === 1);
  const defaults = config.weights;
  const equal = Object.fromEntries(HEALTH_MEASURES.map((m) => [m, 20])) as HealthWeights;

  console.log('\nEach measure alone (AUC on everyone; 0.5 = no better than chance)');
  table(HEALTH_MEASURES.map((m) => [m, fmt(aucLowerIsRisk(rows, (i) => rows[i]!.parts[m]), 3)] as [string, string]));
  const trig = aucLowerIsRisk(rows, (i) => (rows[i]!.triggered ? 0 : 1));
  console.log(`  any hard trigger (yes/no)  ${fmt(trig, 3)}`);

  const t0 = performance.now();
  const fits = [coordinateSearch(train, defaults), coordinateSearch(train, equal)];
  const fit = fits[0]!.auc >= fits[1]!.auc ? fits[0]! : fits[1]!;
  const fitSeconds = (performance.now() - t0) / 1000;

  console.log(`\nAUC of the health score for churn in the next ${HORIZON_DAYS} days`);
  table([
    ['default weights, everyone', fmt(auc(rows, defaults), 3)],
    ['default weights, held-out half', fmt(auc(test, defaults), 3), '(odd demo index)'],
    ['calibrated weights, training half', fmt(fit.auc, 3), `(even demo index; ${fmt(fits[0]!.evaluations + fits[1]!.evaluations)} AUC evaluations, ${fmt(fitSeconds, 1)} s)`],
    ['calibrated weights, held-out half', fmt(auc(test, fit.weights), 3), '(the figure to quote)'],
  ]);
  // The churn a relationship can show coming: records whose reason is a complaint, against everyone who stayed.
  const behavioural = rows.filter((r) => !r.churned || r.reason === 'complaint');
  const behaviouralTest = behavioural.filter((r) => r.index % 2 === 1);
  console.log('\nAUC for churn recorded with reason "complaint" only (other churners left out)');
  table([
    ['default weights, everyone', fmt(auc(behavioural, defaults), 3)],
    ['calibrated weights, held-out half', fmt(auc(behaviouralTest, fit.weights), 3)],
  ]);

  console.log('\nWeights');
  table(HEALTH_MEASURES.map((m) => [m, `default ${fmt(defaults[m], 1).padStart(5)}   calibrated ${fmt(fit.weights[m], 1).padStart(5)}`] as [string, string]));

  console.log(`\nChurn in the next ${HORIZON_DAYS} days by band (default weights; band after triggers / score alone)`);
  const byBand = (useTriggers: boolean) =>
    HEALTH_BANDS.map((band) => {
      const inBand = rows.filter((r) => {
        const scoreBand = bandOf(weightedScore(r.parts, defaults), config.bands);
        const b = useTriggers && r.triggered && HEALTH_BANDS.indexOf(scoreBand) < HEALTH_BANDS.indexOf('at_risk') ? 'at_risk' : scoreBand;
        return b === band;
      });
      const c = inBand.filter((r) => r.churned).length;
      return `${band} ${fmt(inBand.length)} (${inBand.length > 0 ? fmt((c / inBand.length) * 100, 1) : '–'} % churn)`;
    });
  table([
    ['after triggers', byBand(true).join(' · ')],
    ['score alone', byBand(false).join(' · ')],
  ]);

  const out = argText('write');
  if (out !== undefined) {
    const file = {
      version: `calibrated-${new Date().toISOString().slice(0, 10)}`,
      description: `Calibrated by bench/health-calibration on the demo company (${customers} customers, seed ${seed}): held-out AUC ${auc(test, fit.weights).toFixed(3)}.`,
      weights: fit.weights,
      bands: config.bands,
      trendDays: config.trendDays,
    };
    writeFileSync(out, `${JSON.stringify(file, null, 2)}\n`);
    console.log(`\nWrote ${out} (use it with TUTTI_HEALTH_WEIGHTS=${out}).`);
  }
}

main();
