/**
 * Defensive readers for event payloads. The reducer runs on events that passed the catalogue,
 * but old log rows, uncatalogued events and replays after a catalogue change may carry anything:
 * every reader returns a clean value or "absent", never throws, and never returns a value that
 * would not survive a JSON round trip (NaN, ±Infinity, -0, undefined inside objects).
 */

export type Obj = Record<string, unknown>;

const EMPTY: Obj = Object.freeze({}) as Obj;

/** A plain object to read properties from, or a frozen empty one. */
export function objectOr(v: unknown): Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : EMPTY;
}

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys that must never become own properties of a state object (prototype setters). */
export function isSafeKey(k: string): boolean {
  return k.length > 0 && k.length <= 64 && k !== '__proto__';
}

/** A non-empty string cut to `max` characters, or undefined. */
export function text(v: unknown, max = 200): string | undefined {
  if (typeof v !== 'string' || v.length === 0) return undefined;
  return v.length > max ? v.slice(0, max) : v;
}

/** An identifier: a non-empty string of at most 200 characters, or a finite number as text. */
export function idOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 && v.length <= 200 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A finite number ≥ 0 (money, minutes), or undefined; -0 becomes 0. */
export function nonNegative(v: unknown): number | undefined {
  return typeof v === 'number' && v >= 0 && v < 1e15 ? v + 0 : undefined;
}

/** A finite number, or undefined; -0 becomes 0. */
export function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v + 0 : undefined;
}

/** The smallest and largest instants a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

/** An ISO date-time string (or ms number) as ms since the epoch, or null when unparseable. */
export function parseTime(v: unknown): number | null {
  let ms: number;
  if (typeof v === 'string') {
    if (v.length === 0 || v.length > 64) return null;
    ms = Date.parse(v);
  } else if (typeof v === 'number') {
    ms = v;
  } else {
    return null;
  }
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms + 0 : null;
}

/** Money sums are kept at 1/10,000 so that the order of additions cannot change the total. */
export function addMoney(a: number, b: number): number {
  return Math.round((a + b) * 10_000) / 10_000 + 0;
}

/**
 * Shares the few distinct strings that repeat across millions of records (departments,
 * channels, purposes), so a record points at one copy. Bounded: past the cap it hands the
 * string back unshared, which changes memory, never values.
 */
const interned = new Map<string, string>();
const INTERN_CAP = 20_000;

export function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size < INTERN_CAP) interned.set(s, s);
  return s;
}

/** A lower-case, interned label (channel, purpose) of at most 64 characters, or undefined. */
export function label(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return undefined;
  const lower = v.toLowerCase();
  return lower === '__proto__' ? undefined : intern(lower);
}

const zoneCache = new Map<string, string | null>();
const ZONE_CACHE_CAP = 5_000;
const ZONE_SHAPE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/**
 * The canonical IANA name of a time zone (`europe/paris` → `Europe/Paris`), or null when the
 * runtime does not know it. Constructing Intl.DateTimeFormat costs tens of microseconds, so
 * answers are cached; the cache is bounded and only affects speed.
 */
export function canonicalTimeZone(v: unknown): string | null {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return null;
  const hit = zoneCache.get(v);
  if (hit !== undefined) return hit;
  let zone: string | null = null;
  if (ZONE_SHAPE.test(v)) {
    try {
      zone = intern(new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone);
    } catch {
      zone = null;
    }
  }
  if (zoneCache.size < ZONE_CACHE_CAP) zoneCache.set(v, zone);
  return zone;
}

/** Whether the fact at (at, seq) is at least as new as the one at (curAt, curSeq). */
export function isNewer(at: number, seq: number, curAt: number, curSeq: number): boolean {
  return at > curAt || (at === curAt && seq >= curSeq);
}

/**
 * The list with one more item, as a new exact-size array. `push` would grow the backing store
 * to 17 slots on the first append — with a million states that slack is most of the memory.
 */
export function appended<T>(list: readonly T[] | null, item: T): T[] {
  return list === null ? [item] : list.concat([item]);
}

/** The list without item i (in place), or null when that empties it (the shared-shape convention). */
export function removedAt<T>(list: T[], i: number): T[] | null {
  if (list.length <= 1) return null;
  list.splice(i, 1);
  return list;
}
