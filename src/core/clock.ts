import { randomBytes } from 'node:crypto';

/** Time is injected so engines stay pure and tests can move the clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock a test can set and move. */
export class ManualClock implements Clock {
  constructor(private ms: number) {}
  now(): number {
    return this.ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Makes unique, roughly time-ordered ids: `<prefix>_<10 chars time><10 chars random>` (Crockford base32). */
export type IdGenerator = (prefix: string) => string;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let n = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[n % 32] + out;
    n = Math.floor(n / 32);
  }
  return out;
}

/** ULID-style ids; random bytes are drawn in blocks because crypto calls are slow one at a time. */
export function createIdGenerator(clock: Clock = systemClock): IdGenerator {
  let pool = randomBytes(4096);
  let offset = 0;
  return (prefix) => {
    if (offset + 10 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    let rand = '';
    for (let i = 0; i < 10; i++) rand += ALPHABET[pool[offset + i]! & 31];
    offset += 10;
    return `${prefix}_${encodeTime(clock.now())}${rand}`;
  };
}

/** Deterministic ids for tests: `<prefix>_<n>`. */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return (prefix) => `${prefix}_${(++n).toString().padStart(6, '0')}`;
}
