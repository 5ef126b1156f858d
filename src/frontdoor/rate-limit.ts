/**
 * Token buckets for the front door, which needs no login: each key (a client address, a
 * customer) may spend `burst` requests at once and earns `perMinute` back over a minute.
 * Memory is bounded: past `maxKeys` the oldest buckets are dropped (a dropped key starts full,
 * which errs on the side of letting a real customer through).
 */
export interface RateLimit {
  burst: number;
  perMinute: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit, private readonly maxKeys = 100_000) {}

  /** Spends one token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string, now: number): number {
    const rate = this.limit.perMinute / 60_000;
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      b = { tokens: this.limit.burst, at: now };
    } else {
      this.buckets.delete(key);
      b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * rate);
      b.at = now;
    }
    // Re-inserted so Map order is least recently used first.
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}
