/**
 * Demand: orders from the effective audience with an uncertain response rate. The rate has a
 * Beta(α, β) prior — fitted on past campaigns by the method of moments, or built from a given
 * rate and strength — so orders follow a beta-binomial, far wider than a plain binomial
 * (REFERENCE E). Quantiles of the total are spread over days by the calendar.
 */
import type { CampaignSpec } from './campaign-schema.js';
import { bbMean, bbQuantile, bbSd, fitPrior } from './engines.js';
import type { Calendar } from './report-timeline.js';
import type { DemandSection } from './report-types.js';

export const DEFAULT_RATE_STRENGTH = 200;

export interface DemandFigures {
  section: DemandSection;
  /** Campaign orders per day at P50, P90 and the service cost quantile. */
  p50: number[];
  p90: number[];
  q: number[];
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function demandSection(spec: CampaignSpec, audience: number, history: readonly { audienceSize: number; orders: number }[], cal: Calendar, costQuantile: number): DemandFigures {
  const given = spec.expectedResponse?.rate;
  let prior: DemandSection['prior'];
  if (given !== undefined) {
    const strength = spec.expectedResponse?.strength ?? DEFAULT_RATE_STRENGTH;
    prior = { alpha: given * strength, beta: (1 - given) * strength, source: `given rate ${given} worth ${strength} audience members of evidence`, campaigns: 0 };
  } else {
    const fit = fitPrior(history);
    prior = { alpha: fit.alpha, beta: fit.beta, source: fit.source, campaigns: history.length };
  }
  const { alpha, beta } = prior;
  const n = audience;
  const dist = `BetaBinomial(n = ${n}, α = ${round(alpha, 3)}, β = ${round(beta, 3)})`;
  const p50 = bbQuantile(n, alpha, beta, 0.5);
  const p90 = bbQuantile(n, alpha, beta, 0.9);
  const pq = bbQuantile(n, alpha, beta, costQuantile);
  const spread = (total: number): number[] => cal.orderShare.map((s) => total * s);
  return {
    section: {
      prior,
      rate: { value: round(alpha / (alpha + beta), 5), unit: 'orders per audience member', formula: `α / (α + β) with ${prior.source}` },
      orders: {
        mean: { value: round(bbMean(n, alpha, beta)), unit: 'orders', formula: `n·α/(α+β) of ${dist}` },
        p50: { value: p50, unit: 'orders', formula: `median of ${dist}` },
        p90: { value: p90, unit: 'orders', formula: `90th percentile of ${dist}` },
        sd: round(bbSd(n, alpha, beta)),
      },
      daily: cal.dates.map((date, i) => ({ date, p50: round(p50 * (cal.orderShare[i] ?? 0)), p90: round(p90 * (cal.orderShare[i] ?? 0)) })),
      responseProfile: cal.profile.map((x) => round(x, 4)),
    },
    p50: spread(p50),
    p90: spread(p90),
    q: spread(pq),
  };
}
