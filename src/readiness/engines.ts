/**
 * The engine calls the report sections make, gathered in one place so each section reads as
 * its formula: beta-binomial demand (forecast.ts), queueing (engines-queue.ts), ATP.
 */
import { type BetaPrior, betaBinomialMean, betaBinomialQuantile, betaBinomialVariance, fitBetaPrior } from './forecast.js';

export { agentsFor, serviceAt } from './engines-queue.js';
export { atp as atpSeries } from './inventory.js';

/** Beta prior of the response rate from past campaigns, with how it was made. */
export function fitPrior(history: readonly { audienceSize: number; orders: number }[]): BetaPrior & { source: string } {
  const usable = history.filter((h) => Number.isInteger(h.audienceSize) && h.audienceSize > 0 && h.orders >= 0 && h.orders <= h.audienceSize);
  const fit = fitBetaPrior(usable.map((h) => ({ audience: h.audienceSize, orders: h.orders })));
  return { alpha: fit.alpha, beta: fit.beta, source: `${fit.formula} (${fit.method}: ${fit.reason})` };
}

export const bbMean = (n: number, alpha: number, beta: number): number => betaBinomialMean(n, { alpha, beta });
export const bbSd = (n: number, alpha: number, beta: number): number => Math.sqrt(betaBinomialVariance(n, { alpha, beta }));
export const bbQuantile = (n: number, alpha: number, beta: number, p: number): number => (n <= 0 ? 0 : betaBinomialQuantile(p, n, { alpha, beta }));
