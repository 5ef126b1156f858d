/**
 * The probability building blocks against reference values computed with mpmath at 40 digits
 * (and the table values of REFERENCE D).
 */
import { describe, expect, it } from 'vitest';
import {
  erfc,
  logBeta,
  logChoose,
  logGamma,
  normalCdf,
  normalLoss,
  normalPdf,
  normalQuantile,
  normalSf,
  poissonCdf,
  poissonLogPmf,
  poissonPmf,
  poissonQuantile,
  poissonSf,
} from './probability.js';

const rel = (a: number, b: number): number => (b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b));

describe('logGamma (Lanczos)', () => {
  it('matches mpmath to 1e-14 relative from 0.1 to 1e6', () => {
    const cases: [number, number][] = [
      [0.1, 2.252712651734206],
      [0.5, 0.5723649429247001],
      [1.5, -0.12078223763524522],
      [7.3, 7.147892523022248],
      [100, 359.1342053695754],
      [12345.6, 103959.18506616846],
      [1e6, 12815504.569147611],
    ];
    for (const [x, want] of cases) expect(rel(logGamma(x), want)).toBeLessThan(1e-14);
  });

  it('gives ln n! at integers, and 0 at 1 and 2', () => {
    let lnFact = 0;
    for (let n = 1; n <= 30; n++) {
      lnFact += Math.log(n);
      expect(Math.abs(logGamma(n + 1) - lnFact)).toBeLessThan(1e-12 * Math.max(1, lnFact));
    }
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
  });

  it('rejects x ≤ 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => logGamma(-1)).toThrow(RangeError);
  });

  it('ln B keeps full accuracy for large arguments (R-style arrangement)', () => {
    const cases: [number, number, number][] = [
      [0.5, 0.7, 0.9186062794596825],
      [3, 12, -6.9957661563048505],
      [13, 783, -66.73260149259156],
      [10, 10, -13.736229227036555],
      [4000, 96000, -16797.622427838825],
      [100013, 900783, -325200.16459922405],
      [2.5, 1e6, -34.254095399436515],
    ];
    for (const [a, b, want] of cases) expect(Math.abs(logBeta(a, b) - want)).toBeLessThan(4e-15 * Math.max(1, Math.abs(want)));
  });

  it('builds ln B and ln C', () => {
    expect(logBeta(1, 1)).toBeCloseTo(0, 14);
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 13);
    expect(Math.exp(logChoose(10, 3))).toBeCloseTo(120, 9);
    expect(logChoose(10, 11)).toBe(-Infinity);
  });
});

describe('normal distribution (Cody erfc, AS 241)', () => {
  it('Φ matches mpmath to 1e-15 relative in the body and tails', () => {
    const cases: [number, number][] = [
      [-8, 6.220960574271784e-16],
      [-3, 0.0013498980316300946],
      [-1, 0.15865525393145705],
      [0, 0.5],
      [0.5, 0.6914624612740131],
      [2.5, 0.9937903346742238],
    ];
    for (const [z, want] of cases) expect(rel(normalCdf(z), want)).toBeLessThan(1e-14);
  });

  it('the upper tail keeps relative accuracy far out', () => {
    const cases: [number, number][] = [
      [5, 2.866515718791939e-7],
      [10, 7.619853024160525e-24],
      [20, 2.7536241186062337e-89],
    ];
    for (const [z, want] of cases) expect(rel(normalSf(z), want)).toBeLessThan(1e-13);
    expect(normalSf(40)).toBe(0);
  });

  it('is accurate to 1e-9 absolute across a fine grid (Φ + (1 − Φ) = 1, symmetry, erfc)', () => {
    for (let z = -10; z <= 10; z += 0.01) {
      expect(Math.abs(normalCdf(z) + normalSf(z) - 1)).toBeLessThan(1e-15);
      expect(Math.abs(normalCdf(-z) - normalSf(z))).toBeLessThan(1e-16);
    }
    expect(erfc(0)).toBe(1);
    expect(rel(erfc(1), 0.15729920705028513)).toBeLessThan(1e-15);
    expect(rel(erfc(-1), 1.8427007929497148)).toBeLessThan(1e-15);
    expect(rel(erfc(4.1), 6.700027654084918e-9)).toBeLessThan(1e-15);
  });

  it('φ integrates Φ (numerical derivative)', () => {
    for (const z of [-3, -1, 0, 0.7, 2]) {
      const h = 1e-5;
      expect((normalCdf(z + h) - normalCdf(z - h)) / (2 * h)).toBeCloseTo(normalPdf(z), 9);
    }
  });

  it('the quantile matches mpmath to 1e-15 relative and inverts Φ', () => {
    const cases: [number, number][] = [
      [1e-12, -7.034483825301132],
      [0.001, -3.0902323061678136],
      [0.025, -1.9599639845400543],
      [0.3, -0.5244005127080408],
      [0.9, 1.2815515655446006],
      [0.999999, 4.753424308817087],
    ];
    for (const [p, want] of cases) expect(rel(normalQuantile(p), want)).toBeLessThan(1e-15);
    for (let p = 0.0005; p < 1; p += 0.0137) expect(rel(normalCdf(normalQuantile(p)), p)).toBeLessThan(1e-13);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
  });

  it('the loss function meets the table: L(0) = 0.3989, L(1) = 0.0833, L(2) = 0.0085', () => {
    expect(normalLoss(0)).toBeCloseTo(0.3989, 4);
    expect(normalLoss(1)).toBeCloseTo(0.0833, 4);
    expect(normalLoss(2)).toBeCloseTo(0.0085, 4);
    const exact: [number, number][] = [
      [-2, 2.0084907026168297],
      [0, 0.3989422804014327],
      [1, 0.0833154705876863],
      [2, 0.008490702616829637],
      [3, 0.0003821543170477236],
    ];
    for (const [z, want] of exact) expect(Math.abs(normalLoss(z) - want)).toBeLessThan(1e-15);
    // L(−z) = L(z) + z
    for (const z of [0.3, 1.1, 2.7]) expect(normalLoss(-z)).toBeCloseTo(normalLoss(z) + z, 14);
  });
});

describe('Poisson (log space)', () => {
  it('cdf and upper tail match mpmath, including means of a million', () => {
    const cases: [number, number, number, number][] = [
      [55, 45, 0.9374415039834109, 0.06255849601658912],
      [30, 45, 0.011597729543089793, 0.9884022704569102],
      [0, 3, 0.049787068367863944, 0.950212931632136],
      [1000, 1000, 0.508409367168506, 0.491590632831494],
      [990000, 1e6, 6.477757015289886e-24, 1],
      [1005000, 1e6, 0.9999997081107533, 2.9188924670030267e-7],
    ];
    for (const [k, mean, cdf, sf] of cases) {
      expect(rel(poissonCdf(k, mean), cdf)).toBeLessThan(1e-13);
      expect(rel(poissonSf(k, mean), sf)).toBeLessThan(1e-13);
    }
  });

  it('pmf sums to the cdf; edge cases', () => {
    let sum = 0;
    for (let k = 0; k <= 20; k++) {
      sum += poissonPmf(k, 7.5);
      expect(poissonCdf(k, 7.5)).toBeCloseTo(sum, 14);
    }
    expect(poissonCdf(-1, 3)).toBe(0);
    expect(poissonCdf(0, 0)).toBe(1);
    expect(poissonLogPmf(2.5, 3)).toBe(-Infinity);
    expect(() => poissonCdf(3, -1)).toThrow(RangeError);
  });

  it('quantiles are the smallest k with P(X ≤ k) ≥ p', () => {
    expect(poissonQuantile(0.95, 45)).toBe(56);
    expect(poissonQuantile(0.99, 45)).toBe(61);
    expect(poissonQuantile(0.05, 45)).toBe(34);
    expect(poissonQuantile(0.5, 0.3)).toBe(0);
    expect(poissonQuantile(0.999, 2.5)).toBe(9);
    expect(poissonQuantile(0.9, 1e6)).toBe(1001282);
    for (const mean of [0.5, 4, 45, 300]) {
      for (const p of [0.01, 0.2, 0.5, 0.8, 0.99]) {
        const k = poissonQuantile(p, mean);
        expect(poissonCdf(k, mean)).toBeGreaterThanOrEqual(p);
        if (k > 0) expect(poissonCdf(k - 1, mean)).toBeLessThan(p);
      }
    }
  });
});
