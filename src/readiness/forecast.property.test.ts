/**
 * Properties of the beta-binomial over generated audiences and priors (fast-check): the cdf is
 * monotone and reaches 1, quantiles rise with p and meet their definition, the summation agrees
 * with term-by-term log-gamma, and the daily spread adds back up to the campaign.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaBinomial, betaBinomialLogPmf, DEFAULT_RESPONSE_PROFILE, forecastResponse } from './forecast.js';

const shape = fc.oneof(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.double({ min: 2, max: 2000, noNaN: true }));
const prior = fc.record({ alpha: shape, beta: shape });
const level = fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true });

describe('beta-binomial properties', () => {
  it('cdf is non-decreasing in k and reaches 1 at n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), prior, (n, pr) => {
        const d = betaBinomial(n, pr);
        let prev = 0;
        const step = Math.max(1, Math.floor(n / 400));
        for (let k = -1; k <= n; k += step) {
          const c = d.cdf(k);
          expect(c).toBeGreaterThanOrEqual(prev);
          expect(c).toBeLessThanOrEqual(1);
          prev = c;
        }
        expect(d.cdf(n)).toBe(1);
        expect(Math.abs(d.mass - 1)).toBeLessThan(1e-11);
      }),
      { numRuns: 150 },
    );
  });

  it('quantiles rise with p and are the smallest k with P(K ≤ k) ≥ p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), prior, level, level, (n, pr, p1, p2) => {
        const d = betaBinomial(n, pr);
        const [lo, hi] = p1 <= p2 ? [p1, p2] : [p2, p1];
        const qLo = d.quantile(lo);
        const qHi = d.quantile(hi);
        expect(qLo).toBeLessThanOrEqual(qHi);
        for (const [p, q] of [[lo, qLo], [hi, qHi]] as const) {
          expect(d.cdf(q)).toBeGreaterThanOrEqual(p * (1 - 1e-12));
          if (q > 0) expect(d.cdf(q - 1)).toBeLessThan(p);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with term-by-term log-gamma summation', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), prior, (n, pr) => {
        const d = betaBinomial(n, pr);
        let acc = 0;
        for (let k = 0; k <= n; k++) {
          acc += Math.exp(betaBinomialLogPmf(k, n, pr));
          expect(Math.abs(d.cdf(k) - acc)).toBeLessThan(1e-11);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the days of a forecast add up to the campaign at every quantile', () => {
    const wave = fc.record({ day: fc.integer({ min: 0, max: 10 }), share: fc.double({ min: 0, max: 0.25, noNaN: true }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), prior, fc.array(wave, { minLength: 1, maxLength: 4 }), (audience, pr, waves) => {
        const f = forecastResponse({ audience, prior: pr, waves, profile: DEFAULT_RESPONSE_PROFILE, levels: [0.83] });
        const sum = (get: (d: (typeof f.days)[number]) => number): number => f.days.reduce((a, d) => a + get(d), 0);
        const shareSent = waves.reduce((a, w) => a + w.share, 0);
        if (shareSent > 0) {
          expect(sum((d) => d.share)).toBeCloseTo(1, 9);
          expect(sum((d) => d.p90)).toBeCloseTo(f.total.p90, 6);
          expect(sum((d) => d.quantiles[0]?.orders ?? NaN)).toBeCloseTo(f.total.quantiles[0]?.orders ?? NaN, 6);
        }
        expect(f.total.p50).toBeLessThanOrEqual(f.total.p90);
        for (const d of f.days) expect(d.p50).toBeLessThanOrEqual(d.p90);
      }),
      { numRuns: 100 },
    );
  });
});
