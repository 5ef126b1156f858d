/**
 * Probability building blocks for the launch-readiness engines (forecast, inventory, promising).
 * Pure functions of numbers: no I/O, no clock, no randomness.
 *
 * Accuracy (measured against mpmath / SciPy in `probability.test.ts`):
 * - `logGamma`: Lanczos (g = 7, 9 terms), relative error below 1e-14 for x in (0, 1e7].
 * - `logBeta`, `logChoose`: arranged as R's lbeta (Stirling remainders for large arguments), so
 *   ln B(1e5, 9e5) keeps ~1e-15 relative accuracy where ln Γ differences would lose 1e-9.
 * - `erfc`, `normalCdf`, `normalSf`: W. J. Cody's rational Chebyshev approximations (SPECFUN
 *   CALERF, 1969/1993): erfc to 4e-16 relative; Φ to 8e-15 relative for |z| ≤ 8 and 2e-13 out
 *   to z = −37 (the rounding of z/√2 sets that), absolute error ≤ 1.1e-16 everywhere.
 * - `normalQuantile`: M. J. Wichura, Algorithm AS 241 (PPND16), relative error ≤ 6e-16 for
 *   p from 1e-295 to 1 − 1e-3.
 * - `poissonCdf`, `poissonSf`: exact summation of the terms, the first from its logarithm in
 *   Loader's saddle-point form (no underflow, no cancellation for large means); relative error
 *   below 1e-12 against mpmath for means up to 1e6.
 */

const LN_SQRT_2PI = 0.9189385332046727; // ½·ln(2π)
const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
const INV_SQRT_PI = 0.5641895835477563; // 1/√π

/** Lanczos coefficients for g = 7, n = 9 (Godfrey). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/**
 * ln Γ(x) for x > 0, by the Lanczos approximation (g = 7):
 *   Γ(x) = √(2π) · t^(x − ½) · e^(−t) · A(x),  t = x + g − ½,  A(x) = c₀ + Σₖ cₖ / (x − 1 + k)
 * with the reflection Γ(x)·Γ(1 − x) = π / sin(πx) below x = ½.
 */
export function logGamma(x: number): number {
  if (!(x > 0)) {
    if (Number.isNaN(x)) return NaN;
    throw new RangeError(`logGamma needs x > 0 (got ${x})`);
  }
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  for (let k = 1; k < 9; k++) a += (LANCZOS[k] as number) / (z + k);
  const t = z + 7.5;
  return LN_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged as in R's lbeta so that large
 * arguments do not cancel: with p = min(a, b), q = max(a, b) and the Stirling remainder
 * δ(x) = ln Γ(x) − ((x − ½)·ln x − x + ½·ln 2π),
 *   p ≥ 10:        ½·ln 2π − ½·ln q + δ(p) + δ(q) − δ(p + q) + (p − ½)·ln(p/(p + q)) + q·ln(1 − p/(p + q))
 *   p < 10 ≤ q:    ln Γ(p) + δ(q) − δ(p + q) + p − p·ln(p + q) + (q − ½)·ln(1 − p/(p + q))
 *   otherwise:     ln Γ(p) + ln Γ(q) − ln Γ(p + q).
 */
export function logBeta(a: number, b: number): number {
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (!(p > 0)) {
    if (Number.isNaN(p)) return NaN;
    throw new RangeError(`logBeta needs a, b > 0 (got ${a}, ${b})`);
  }
  if (p >= 10) {
    const corr = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q);
    return -0.5 * Math.log(q) + LN_SQRT_2PI + corr + (p - 0.5) * Math.log(p / (p + q)) + q * Math.log1p(-p / (p + q));
  }
  if (q >= 10) {
    const corr = stirlingRemainder(q) - stirlingRemainder(p + q);
    return logGamma(p) + corr + p - p * Math.log(p + q) + (q - 0.5) * Math.log1p(-p / (p + q));
  }
  return logGamma(p) + logGamma(q) - logGamma(p + q);
}

/** δ(x) = ln Γ(x) − ((x − ½)·ln x − x + ½·ln 2π) for x ≥ 10, by its asymptotic series (error < 1e-15). */
function stirlingRemainder(x: number): number {
  const x2 = 1 / (x * x);
  return (1 / 12 - x2 * (1 / 360 - x2 * (1 / 1260 - x2 * (1 / 1680 - x2 * (1 / 1188 - x2 * (691 / 360360 - x2 / 156)))))) / x;
}

/** ln C(n, k) = −ln(n + 1) − ln B(n − k + 1, k + 1), for integers 0 ≤ k ≤ n. */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (k === 0 || k === n) return 0;
  return -Math.log(n + 1) - logBeta(n - k + 1, k + 1);
}

// Cody's coefficients (SPECFUN CALERF).
const ERF_A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153] as const;
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062] as const;
const ERF_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
] as const;
const ERF_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
] as const;
const ERF_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978] as const;
const ERF_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185] as const;

/**
 * The complementary error function erfc(x) = (2/√π) ∫ₓ^∞ e^(−t²) dt, by Cody's rational
 * approximations on |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4, with e^(−x²) split as
 * e^(−x₁²)·e^(−(x − x₁)(x + x₁)) (x₁ = x rounded down to 1/16) to keep full relative accuracy.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = ERF_A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + (ERF_A[i] as number)) * ysq;
      den = (den + (ERF_B[i] as number)) * ysq;
    }
    return 1 - (x * (num + ERF_A[3])) / (den + ERF_B[3]);
  }
  let r: number;
  if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + (ERF_C[i] as number)) * y;
      den = (den + (ERF_D[i] as number)) * y;
    }
    r = (num + ERF_C[7]) / (den + ERF_D[7]);
  } else if (y >= 26.543) {
    r = 0;
  } else {
    const ysq = 1 / (y * y);
    let num = ERF_P[5] * ysq;
    let den = ysq;
    for (let i = 0; i < 4; i++) {
      num = (num + (ERF_P[i] as number)) * ysq;
      den = (den + (ERF_Q[i] as number)) * ysq;
    }
    r = (ysq * (num + ERF_P[4])) / (den + ERF_Q[4]);
    r = (INV_SQRT_PI - r) / y;
  }
  if (r !== 0) {
    const y1 = Math.trunc(y * 16) / 16;
    const del = (y - y1) * (y + y1);
    r = Math.exp(-y1 * y1) * Math.exp(-del) * r;
  }
  return x < 0 ? 2 - r : r;
}

/** Standard normal density φ(z) = e^(−z²/2) / √(2π). */
export function normalPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** Standard normal distribution function Φ(z) = ½·erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Standard normal upper tail 1 − Φ(z) = ½·erfc(z/√2), accurate where 1 − Φ(z) is tiny. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Standard normal quantile Φ⁻¹(p) by Wichura's AS 241 (PPND16): a rational function of
 * q = p − ½ for |q| ≤ 0.425, else of r = √(−ln min(p, 1 − p)) on r ≤ 5 and r > 5.
 * Returns −∞ at p = 0 and +∞ at p = 1.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1 (got ${p})`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * The standard normal loss function (expected shortfall of a unit normal above z):
 *   L(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)).
 * Table values: L(0) = 0.3989, L(1) = 0.0833, L(2) = 0.0085.
 */
export function normalLoss(z: number): number {
  return normalPdf(z) - z * normalSf(z);
}

/**
 * ln P(X = k) for X ~ Poisson(λ) = k·ln λ − λ − ln k!  (−∞ off the support), evaluated in
 * Loader's saddle-point form (as R's dpois) so that large k and λ lose no digits to cancellation:
 *   ln P = −stirlerr(k) − bd0(k, λ) − ½·ln(2πk),
 *   bd0(k, λ) = k·ln(k/λ) + λ − k  (by a series when k ≈ λ),
 *   stirlerr(k) = ln k! − (k + ½)·ln k + k − ½·ln(2π).
 */
export function poissonLogPmf(k: number, mean: number): number {
  checkMean(mean);
  if (!Number.isInteger(k) || k < 0) return -Infinity;
  if (mean === 0) return k === 0 ? 0 : -Infinity;
  if (k === 0) return -mean;
  return -stirlingError(k) - deviance(k, mean) - 0.5 * Math.log(2 * Math.PI * k);
}

/** stirlerr(n) = ln n! − (n + ½)·ln n + n − ½·ln(2π): the Stirling series beyond n = 15. */
function stirlingError(n: number): number {
  if (n <= 15) return logGamma(n + 1) - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const nn = n * n;
  return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / nn) / nn) / nn) / nn) / n;
}

/** bd0(x, m) = x·ln(x/m) + m − x, by its series in v = (x − m)/(x + m) when x is near m (Loader 2000). */
function deviance(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    let v = (x - m) / (x + m);
    let s = (x - m) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const next = s + ej / (2 * j + 1);
      if (next === s) return next;
      s = next;
    }
    return s;
  }
  return x * Math.log(x / m) + m - x;
}

/** P(X = k) for X ~ Poisson(λ) = e^(−λ)·λᵏ / k!, evaluated in log space. */
export function poissonPmf(k: number, mean: number): number {
  return Math.exp(poissonLogPmf(k, mean));
}

/**
 * P(X ≤ k) for X ~ Poisson(λ) = Σᵢ₌₀ᵏ e^(−λ)·λⁱ/i!.
 * Summed from the term nearest the mode outwards: the first term comes from its logarithm
 * (so e^(−λ) never underflows for large λ), the rest by the ratio pᵢ₋₁ = pᵢ·i/λ (or
 * pᵢ₊₁ = pᵢ·λ/(i + 1)); the summation stops when a term adds less than 1e-17 of the sum.
 * For k below the mean the lower tail is summed, above it the upper tail and Φ = 1 − tail.
 */
export function poissonCdf(k: number, mean: number): number {
  checkMean(mean);
  if (k < 0) return 0;
  const kk = Math.floor(k);
  if (kk <= mean) return lowerTail(kk, mean);
  return 1 - upperTail(kk, mean);
}

/** P(X > k) for X ~ Poisson(λ), summed directly (accurate when it is tiny). */
export function poissonSf(k: number, mean: number): number {
  checkMean(mean);
  if (k < 0) return 1;
  const kk = Math.floor(k);
  if (kk <= mean) return 1 - lowerTail(kk, mean);
  return upperTail(kk, mean);
}

/** Σᵢ₌₀ᵏ pᵢ for k ≤ λ: terms decrease going down from k. */
function lowerTail(k: number, mean: number): number {
  let term = poissonPmf(k, mean);
  let sum = term;
  for (let i = k; i > 0 && term > 1e-17 * sum; i--) {
    term *= i / mean;
    sum += term;
  }
  return Math.min(1, sum);
}

/** Σᵢ₌ₖ₊₁^∞ pᵢ for k ≥ λ: terms decrease going up from k + 1. */
function upperTail(k: number, mean: number): number {
  let term = poissonPmf(k + 1, mean);
  let sum = term;
  for (let i = k + 1; term > 1e-17 * sum; i++) {
    term *= mean / (i + 1);
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ) (the stock that gives cycle service
 * level p). Starts from the Cornish–Fisher guess λ + z√λ + (z² − 1)/6 and steps by single
 * terms; a relative tolerance of 1e-12 on p absorbs rounding.
 */
export function poissonQuantile(p: number, mean: number): number {
  checkMean(mean);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`poissonQuantile needs 0 ≤ p ≤ 1 (got ${p})`);
  if (mean === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  const target = p * (1 - 1e-12);
  const z = normalQuantile(p);
  let k = Math.max(0, Math.floor(mean + z * Math.sqrt(mean) + (z * z - 1) / 6));
  let cdf = poissonCdf(k, mean);
  if (cdf >= target) {
    while (k > 0) {
      const below = cdf - poissonPmf(k, mean);
      if (below < target) break;
      cdf = below;
      k--;
    }
    return k;
  }
  while (cdf < target) {
    k++;
    cdf += poissonPmf(k, mean);
  }
  return k;
}

function checkMean(mean: number): void {
  if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`a Poisson mean must be finite and ≥ 0 (got ${mean})`);
}
