/**
 * A small, fast, seeded pseudo-random generator for the demo company. sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator: 128 bits of state, passes PractRand to many terabytes) seeded
 * through a splitmix32-style hash, so nearby seeds and customer indexes give unrelated streams.
 *
 * Every draw is plain 32-bit integer arithmetic plus V8's fdlibm-derived Math functions, so the
 * same seed gives the same numbers on every platform Node runs on.
 */

/** splitmix32 finaliser: a bijective 32-bit mix (good avalanche), used to derive seeds. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** A uniform number in [0, 1) that is a pure function of its integer inputs (no generator state). */
export function hashUnit(a: number, b: number, c = 0): number {
  return mix32(mix32(mix32(a) ^ b) ^ Math.imul(c, 0x85ebca6b)) / 4294967296;
}

const TWO_POW_32 = 4294967296;

/** Seeded generator with the distributions the demo needs. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = NaN;

  /** Two 32-bit seed words (e.g. the demo seed and a customer index). */
  constructor(seed: number, stream = 0) {
    const s = mix32(seed | 0);
    const t = mix32((stream | 0) ^ 0x5bd1e995);
    this.a = s;
    this.b = t;
    this.c = mix32(s ^ t ^ 0x27d4eb2f);
    this.d = 1;
    // Warm-up so the first outputs do not echo the seed words.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The next raw 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next() / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** One element of a non-empty array. */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError('pick from an empty array');
    return arr[Math.floor(this.float() * arr.length)] as T;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Normal deviate (Box–Muller; the second value of each pair is kept for the next call). */
  normal(mu = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return mu + sd * z;
    }
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mu + sd * r * Math.cos(2 * Math.PI * v);
  }

  /** exp(normal(mu, sd)). */
  lognormal(mu: number, sd: number): number {
    return Math.exp(this.normal(mu, sd));
  }

  /** Exponential deviate with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Poisson count: Knuth's product method below 30, a rounded normal above. */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.float();
      while (p > limit) {
        k++;
        p *= this.float();
      }
      return k;
    }
    return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
  }

  /** Gamma(shape, 1) deviate (Marsaglia–Tsang). */
  gamma(shape: number): number {
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(this.float() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.float();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(a, b) deviate. */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** One value drawn with probability proportional to its weight: items are [value, weight]. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const item of items) total += item[1];
    let r = this.float() * total;
    for (const item of items) {
      r -= item[1];
      if (r < 0) return item[0];
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }
}

/** A generator for a seed (and optional stream number). */
export function createRng(seed: number, stream = 0): Rng {
  return new Rng(seed, stream);
}

/**
 * The generator of customer `index` under `seed`. It depends on nothing else, so customers can
 * be generated alone, in any order or in parallel, and customer i is the same in any run size.
 */
export function customerRng(seed: number, index: number): Rng {
  return new Rng(mix32(seed | 0) ^ 0x1b873593, index);
}

/**
 * A cumulative table for fast repeated weighted draws over a fixed list: build once, then
 * `pickFrom(table, rng)` costs one float and a short scan.
 */
export interface WeightedTable<T> {
  values: readonly T[];
  cumulative: Float64Array;
}

export function weightedTable<T>(items: readonly (readonly [T, number])[]): WeightedTable<T> {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  items.forEach((item, i) => {
    total += item[1];
    cumulative[i] = total;
  });
  for (let i = 0; i < cumulative.length; i++) cumulative[i] = (cumulative[i] ?? 0) / total;
  return { values: items.map((i) => i[0]), cumulative };
}

export function pickFrom<T>(table: WeightedTable<T>, rng: Rng): T {
  const r = rng.float();
  const cum = table.cumulative;
  let i = 0;
  while (i < cum.length - 1 && (cum[i] ?? 1) <= r) i++;
  return table.values[i] as T;
}
