/**
 * Campaign response forecasting: vector C1 (Stucchio), the beta-binomial against term-by-term
 * log-gamma summation and SciPy, the prior fit, and the daily spread.
 */
import { describe, expect, it } from 'vitest';
import {
  type BetaPrior,
  betaBinomial,
  betaBinomialCdf,
  betaBinomialLogPmf,
  betaBinomialMean,
  betaBinomialQuantile,
  betaBinomialVariance,
  binomial,
  DEFAULT_RESPONSE_PROFILE,
  fitBetaPrior,
  forecastResponse,
  priorFromRate,
  updateBeta,
} from './forecast.js';

/** The cdf by summing every term from log-gamma, k = 0..n: the slow, obviously right way. */
function bruteCdf(n: number, prior: BetaPrior): number[] {
  const out: number[] = [];
  let acc = 0;
  for (let k = 0; k <= n; k++) {
    acc += Math.exp(betaBinomialLogPmf(k, n, prior));
    out.push(acc);
  }
  return out;
}

function bruteQuantile(cdf: readonly number[], p: number): number {
  const total = cdf[cdf.length - 1] as number;
  return cdf.findIndex((c) => c >= p * total * (1 - 1e-12));
}

describe('vector C1 (Stucchio): 12 of 794 with a uniform prior, predicted for 10,000', () => {
  const posterior = updateBeta({ alpha: 1, beta: 1 }, 12, 794);

  it('the posterior is Beta(13, 783)', () => {
    expect(posterior).toEqual({ alpha: 13, beta: 783 });
  });

  it('predictive mean 163.3, sd 46.6, 95 % interval [84, 266]', () => {
    const d = betaBinomial(10_000, posterior);
    expect(d.mean).toBeCloseTo(163.3, 1);
    expect(d.sd).toBeCloseTo(46.6, 1);
    expect(d.interval(0.95)).toEqual([84, 266]);
    expect(betaBinomialMean(10_000, posterior)).toBeCloseTo(163.31658291457288, 10);
    expect(Math.sqrt(betaBinomialVariance(10_000, posterior))).toBeCloseTo(46.648938596304525, 10);
  });

  it('a plain binomial at 12/794 gives the far too narrow [128, 175]', () => {
    expect(binomial(10_000, 12 / 794).interval(0.95)).toEqual([128, 175]);
  });

  it('cdf and quantiles agree with exact summation in mpmath (50 digits) and SciPy', () => {
    const d = betaBinomial(10_000, posterior);
    const mpmath: [number, number][] = [
      [83, 0.02333278025803426],
      [84, 0.025199370104684964],
      [265, 0.9744900227865266],
      [266, 0.9754144151567654],
    ];
    for (const [k, want] of mpmath) expect(Math.abs(d.cdf(k) - want)).toBeLessThan(1e-13);
    expect([0.5, 0.9, 0.1, 0.83].map((p) => d.quantile(p))).toEqual([159, 225, 107, 207]);
    expect(betaBinomialCdf(84, 10_000, posterior)).toBeCloseTo(0.025199370104684964, 13);
    expect(betaBinomialQuantile(0.9, 10_000, posterior)).toBe(225);
  });
});

describe('beta-binomial summation', () => {
  const shapes: [string, number, BetaPrior][] = [
    ['campaign-like', 3000, { alpha: 13, beta: 783 }],
    ['wide', 2000, { alpha: 2, beta: 5 }],
    ['J-shaped (α < 1)', 2500, { alpha: 0.3, beta: 40 }],
    ['reverse J (β < 1)', 1500, { alpha: 3, beta: 0.4 }],
    ['U-shaped (α, β < 1)', 1200, { alpha: 0.5, beta: 0.7 }],
    ['flat', 1000, { alpha: 1, beta: 1 }],
    ['α + β = 2, not flat', 800, { alpha: 1.5, beta: 0.5 }],
    ['near binomial', 5000, { alpha: 4000, beta: 96000 }],
  ];

  for (const [name, n, prior] of shapes) {
    it(`matches term-by-term log-gamma summation (${name}, n = ${n})`, () => {
      const brute = bruteCdf(n, prior);
      const total = brute[n] as number;
      expect(Math.abs(total - 1)).toBeLessThan(1e-12);
      const d = betaBinomial(n, prior);
      expect(Math.abs(d.mass - 1)).toBeLessThan(1e-12);
      let worst = 0;
      for (let k = 0; k <= n; k++) worst = Math.max(worst, Math.abs(d.cdf(k) - (brute[k] as number) / total));
      expect(worst).toBeLessThan(1e-12);
      for (const p of [0.001, 0.025, 0.1, 0.5, 0.83, 0.9, 0.975, 0.999]) expect(d.quantile(p)).toBe(bruteQuantile(brute, p));
    });
  }

  it('reproduces the mean and variance formulas', () => {
    for (const [, n, prior] of shapes) {
      const d = betaBinomial(n, prior);
      let m1 = 0;
      let m2 = 0;
      for (let k = d.lo; k <= d.hi; k++) {
        const p = d.pmf(k);
        m1 += k * p;
        m2 += k * k * p;
      }
      expect(m1).toBeCloseTo(d.mean, 6);
      expect(Math.abs(m2 - m1 * m1 - d.variance) / d.variance).toBeLessThan(1e-8);
    }
  });

  it('agrees with SciPy on U- and J-shaped priors', () => {
    const u = betaBinomial(200, { alpha: 0.5, beta: 0.7 });
    expect([0.1, 0.5, 0.9].map((p) => u.quantile(p))).toEqual([3, 72, 184]);
    const scipyU: [number, number][] = [
      [0, 0.04996042],
      [10, 0.18580287],
      [100, 0.60192248],
      [199, 0.98732071],
    ];
    for (const [k, want] of scipyU) expect(u.cdf(k)).toBeCloseTo(want, 7);
    const j = betaBinomial(1000, { alpha: 1, beta: 50 });
    expect([0.1, 0.5, 0.9].map((p) => j.quantile(p))).toEqual([2, 14, 46]);
    expect(j.cdf(0)).toBeCloseTo(0.04761905, 8);
  });

  it('handles n = 0 and 1, and the ends of the p range', () => {
    const zero = betaBinomial(0, { alpha: 2, beta: 3 });
    expect(zero.cdf(0)).toBe(1);
    expect(zero.quantile(0.9)).toBe(0);
    const one = betaBinomial(1, { alpha: 2, beta: 3 });
    expect(one.cdf(0)).toBeCloseTo(0.6, 14);
    expect(one.quantile(0.6)).toBe(0);
    expect(one.quantile(0.61)).toBe(1);
    const d = betaBinomial(500, { alpha: 5, beta: 50 });
    expect(d.quantile(0)).toBe(0);
    expect(d.quantile(1)).toBe(500);
    expect(d.cdf(-1)).toBe(0);
    expect(d.cdf(500)).toBe(1);
    expect(() => d.quantile(1.1)).toThrow(RangeError);
    expect(() => betaBinomial(10.5, { alpha: 1, beta: 1 })).toThrow(RangeError);
    expect(() => betaBinomial(10, { alpha: 0, beta: 1 })).toThrow(RangeError);
  });

  it('n = 1,000,000: agrees with SciPy and takes milliseconds', () => {
    const prior = { alpha: 13, beta: 783 };
    const d = betaBinomial(1_000_000, prior);
    expect([0.025, 0.5, 0.9, 0.975].map((p) => d.quantile(p))).toEqual([8732, 15928, 22288, 26222]);
    expect(Math.abs(d.mass - 1)).toBeLessThan(1e-10);
    expect(d.sd).toBeCloseTo(4491.41421524296, 6);
    const priors: BetaPrior[] = [prior, { alpha: 1, beta: 1 }, { alpha: 0.5, beta: 0.5 }, { alpha: 2, beta: 50 }, { alpha: 100, beta: 100 }];
    for (const pr of priors) betaBinomial(1_000_000, pr).quantile(0.9); // warm up
    for (const pr of priors) {
      const t0 = performance.now();
      const x = betaBinomial(1_000_000, pr);
      x.quantile(0.5);
      x.quantile(0.9);
      const ms = performance.now() - t0;
      expect(ms).toBeLessThan(250); // measured 0.6–7 ms warm; generous for loaded CI machines
      expect(Math.abs(x.mass - 1)).toBeLessThan(1e-10);
    }
  });
});

describe('binomial', () => {
  it('matches its own brute-force sum and the degenerate rates', () => {
    const n = 400;
    const rate = 0.037;
    const d = binomial(n, rate);
    let acc = 0;
    for (let k = 0; k <= n; k++) {
      acc += Math.exp(
        Math.log(1) +
          // ln C(n, k) + k ln θ + (n − k) ln(1 − θ)
          [...Array(k).keys()].reduce((s, i) => s + Math.log((n - i) / (i + 1)), 0) +
          k * Math.log(rate) +
          (n - k) * Math.log1p(-rate),
      );
      expect(Math.abs(d.cdf(k) - acc)).toBeLessThan(1e-12);
    }
    expect(binomial(10, 0).quantile(0.9)).toBe(0);
    expect(binomial(10, 1).quantile(0.1)).toBe(10);
  });
});

describe('priors', () => {
  it('updates Beta(α, β) with k of n to Beta(α + k, β + n − k)', () => {
    expect(updateBeta({ alpha: 2, beta: 30 }, 5, 100)).toEqual({ alpha: 7, beta: 125 });
    expect(() => updateBeta({ alpha: 2, beta: 30 }, 101, 100)).toThrow(RangeError);
    expect(priorFromRate(0.02, 200)).toEqual({ alpha: 4, beta: 196 });
  });

  it('fits by the method of moments with the binomial noise removed (hand-worked)', () => {
    // r = 0.01, 0.02, 0.03 on 1,000 each: r̄ = 0.02, s² = 1e-4, h = 1e-3,
    // τ² = (1e-4 − 0.0196·1e-3)/(1 − 1e-3) = 8.048048e-5, α + β = 0.0196/τ² − 1.
    const fit = fitBetaPrior([
      { audience: 1000, orders: 10 },
      { audience: 1000, orders: 20 },
      { audience: 1000, orders: 30 },
    ]);
    expect(fit.method).toBe('moments');
    expect(fit.betweenVariance).toBeCloseTo(8.048048048048046e-5, 15);
    expect(fit.alpha).toBeCloseTo(4.850746268656717, 10);
    expect(fit.beta).toBeCloseTo(237.68656716417914, 9);
    expect(fit.mean).toBeCloseTo(0.02, 15);
    expect(fit.formula).toContain('Beta(4.851, 237.7)');
  });

  it('recovers the prior from campaigns that follow it', () => {
    // A stratified "perfect sample": campaign i's orders are the (i + ½)/m quantile of the
    // beta-binomial, so the sample moments are the population's.
    for (const truth of [{ alpha: 6, beta: 300 }, { alpha: 2.5, beta: 40 }]) {
      const m = 400;
      const campaigns = Array.from({ length: m }, (_, i) => {
        const audience = [4000, 8000, 20000][i % 3] as number;
        return { audience, orders: betaBinomial(audience, truth).quantile((i + 0.5) / m) };
      });
      const fit = fitBetaPrior(campaigns);
      expect(fit.method).toBe('moments');
      expect(fit.mean).toBeCloseTo(truth.alpha / (truth.alpha + truth.beta), 3);
      expect(Math.abs(fit.alpha + fit.beta - (truth.alpha + truth.beta)) / (truth.alpha + truth.beta)).toBeLessThan(0.08);
    }
  });

  it('falls back to a weak prior at the pooled mean', () => {
    const same = fitBetaPrior([
      { audience: 1000, orders: 20 },
      { audience: 2000, orders: 40 },
      { audience: 1000, orders: 20 },
    ]);
    expect(same.method).toBe('fallback');
    expect(same.reason).toContain('τ² ≤ 0');
    expect(same.mean).toBeCloseTo(0.02, 15);
    expect(same.alpha).toBeCloseTo(1, 12); // α + β = 1/μ: the smaller shape is 1
    expect(same.beta).toBeCloseTo(49, 12);

    const one = fitBetaPrior([{ audience: 10_000, orders: 150 }], { fallbackStrength: 100 });
    expect(one).toMatchObject({ method: 'fallback', campaigns: 1 });
    expect(one.alpha).toBeCloseTo(1.5, 12);
    expect(one.beta).toBeCloseTo(98.5, 12);

    expect(fitBetaPrior([])).toMatchObject({ alpha: 1, beta: 1, method: 'fallback' });
    const none = fitBetaPrior([{ audience: 500, orders: 0 }]);
    expect(none.alpha).toBeGreaterThan(0);
    expect(none.mean).toBeCloseTo(0.5 / 501, 12);
    expect(() => fitBetaPrior([{ audience: 10, orders: 11 }])).toThrow(RangeError);
  });
});

describe('orders per day from a send schedule', () => {
  const prior = { alpha: 13, beta: 783 };

  it('spreads the campaign quantiles by each day’s share of the orders', () => {
    const f = forecastResponse({
      audience: 10_000,
      prior,
      waves: [
        { day: 0, share: 0.5 },
        { day: 2, share: 0.5 },
      ],
      profile: DEFAULT_RESPONSE_PROFILE,
      levels: [0.83],
    });
    expect(f.sent).toBe(10_000);
    expect(f.total).toMatchObject({ p50: 159, p90: 225, quantiles: [{ p: 0.83, orders: 207 }] });
    expect(f.total.mean).toBeCloseTo(163.3166, 4);
    expect(f.days).toHaveLength(9);
    const shares = f.days.map((d) => d.share);
    const want = [0.225, 0.125, 0.285, 0.165, 0.085, 0.055, 0.035, 0.015, 0.01];
    shares.forEach((s, i) => expect(s).toBeCloseTo(want[i] as number, 12));
    expect(f.days[2]?.p90).toBeCloseTo(0.285 * 225, 10);
    expect(f.days[2]?.quantiles[0]?.orders).toBeCloseTo(0.285 * 207, 10);
    const sum = (k: 'mean' | 'p50' | 'p90'): number => f.days.reduce((a, d) => a + d[k], 0);
    expect(sum('p90')).toBeCloseTo(225, 9);
    expect(sum('p50')).toBeCloseTo(159, 9);
    expect(sum('mean')).toBeCloseTo(f.total.mean, 9);
    expect(f.beyondHorizon).toBeCloseTo(0, 12);
    expect(f.formula).toContain('BetaBinomial(n = 10,000, α = 13, β = 783)');
  });

  it('normalises the profile, cuts at the horizon and sends only the scheduled share', () => {
    const f = forecastResponse({ audience: 20_000, prior, waves: [{ day: 1, share: 0.25 }, { day: 3, share: 0.25 }], profile: [2, 1, 1], horizonDays: 4 });
    expect(f.sent).toBe(10_000);
    expect(f.days.map((d) => d.share)).toEqual([0, 0.25, 0.125, 0.375]);
    expect(f.beyondHorizon).toBeCloseTo(0.25, 12);
  });

  it('rejects impossible schedules', () => {
    const base = { audience: 1000, prior, profile: [1] };
    expect(() => forecastResponse({ ...base, waves: [] })).toThrow(RangeError);
    expect(() => forecastResponse({ ...base, waves: [{ day: 0, share: 0.7 }, { day: 1, share: 0.7 }] })).toThrow(RangeError);
    expect(() => forecastResponse({ ...base, waves: [{ day: -1, share: 0.5 }] })).toThrow(RangeError);
    expect(() => forecastResponse({ ...base, waves: [{ day: 0, share: 1 }], profile: [0, 0] })).toThrow(RangeError);
  });
});
