/**
 * Local time in a customer's zone, fast enough for a million decisions a second.
 *
 * Asking Intl for an offset costs a few microseconds, so each zone keeps a table of offset
 * segments (instants between two transitions), found once with Intl and then reused: most
 * lookups hit the segment of the previous lookup and cost two comparisons. The table grows a
 * day at a time around the instants asked for; a transition inside a day is located to the
 * second by bisection, so DST changes at any minute (Lord Howe's half hour, Chatham's 02:45)
 * are exact. The one assumption: a zone changes offset at most once within a UTC day, which
 * holds for every zone in the tz database since the 1970s.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Past this distance from what the table covers, answer from Intl directly instead of growing it. */
const MAX_GROWTH = 5 * 366 * DAY;

/** Whether the runtime knows this IANA zone name. */
export function isKnownTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The offsets of one zone over time: local wall-clock ms = utc + offsetAt(utc). */
export class ZoneOffsets {
  private readonly format: Intl.DateTimeFormat;
  /** Segment i covers [starts[i], starts[i+1]) (the last one up to `hi`) at offsets[i]. */
  private starts: number[] = [];
  private offsets: number[] = [];
  private lo = 0;
  private hi = 0;
  // The segment of the last lookup: consecutive decisions nearly always fall in it.
  private hitFrom = 1;
  private hitTo = 0;
  private hitOffset = 0;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  /** Offset from UTC in ms at the instant `utc` (ms). */
  offsetAt(utc: number): number {
    if (utc >= this.hitFrom && utc < this.hitTo) return this.hitOffset;
    return this.lookup(utc);
  }

  /** The first instant of the offset segment that holds `utc`. */
  segmentStart(utc: number): number {
    this.offsetAt(utc);
    return utc >= this.hitFrom && utc < this.hitTo ? this.hitFrom : utc;
  }

  /**
   * The earliest instant after `after` whose local wall-clock time is `wall` (ms, local time
   * written as if it were UTC). In a spring-forward gap the wall time never happens: the
   * answer is the transition, the first instant whose local time is past it. In a fall-back
   * overlap it happens twice: the earliest one after `after` wins.
   */
  wallToUtc(wall: number, after: number): number {
    // The answer lies within [wall − 14 h, wall + 12 h]: offsets at both ends bracket it.
    const early = this.offsetAt(wall - 14 * HOUR);
    const late = this.offsetAt(wall + 12 * HOUR);
    const a = wall - early;
    const b = wall - late;
    const aValid = this.offsetAt(a) === early;
    const bValid = this.offsetAt(b) === late;
    if (aValid && bValid && a !== b) {
      const first = Math.min(a, b);
      return first > after ? first : Math.max(a, b);
    }
    if (aValid) return a;
    if (bValid) return b;
    return this.segmentStart(Math.max(a, b));
  }

  private lookup(utc: number): number {
    if (this.starts.length === 0) {
      const day = Math.floor(utc / DAY) * DAY;
      this.starts = [day];
      this.offsets = [this.intlOffset(day)];
      this.lo = day;
      this.hi = day;
    }
    if (utc < this.lo - MAX_GROWTH || utc >= this.hi + MAX_GROWTH) return this.intlOffset(utc);
    while (utc >= this.hi) this.growForward();
    while (utc < this.lo) this.growBackward();
    // Binary search for the last segment starting at or before utc.
    let l = 0;
    let r = this.starts.length - 1;
    while (l < r) {
      const mid = (l + r + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= utc) l = mid;
      else r = mid - 1;
    }
    this.hitFrom = this.starts[l] ?? this.lo;
    this.hitTo = this.starts[l + 1] ?? this.hi;
    this.hitOffset = this.offsets[l] ?? 0;
    return this.hitOffset;
  }

  private growForward(): void {
    const from = this.hi;
    const to = from + DAY;
    const last = this.offsets[this.offsets.length - 1] ?? 0;
    const next = this.intlOffset(to);
    if (next !== last) {
      this.starts.push(this.transition(from, to, last));
      this.offsets.push(next);
    }
    this.hi = to;
  }

  private growBackward(): void {
    const to = this.lo;
    const from = to - DAY;
    const first = this.offsets[0] ?? 0;
    const prev = this.intlOffset(from);
    if (prev !== first) {
      this.starts[0] = this.transition(from, to, prev);
      this.starts.unshift(from);
      this.offsets.unshift(prev);
    } else {
      this.starts[0] = from;
    }
    this.lo = from;
  }

  /** The first second in (from, to] no longer at offset `before` (bisection, ~17 Intl calls). */
  private transition(from: number, to: number, before: number): number {
    let a = from;
    let b = to;
    while (b - a > SECOND) {
      const mid = a + Math.floor((b - a) / 2 / SECOND) * SECOND;
      if (this.intlOffset(mid) === before) a = mid;
      else b = mid;
    }
    return b;
  }

  /** The slow, exact answer from Intl (whole seconds: zone offsets have no milliseconds). */
  private intlOffset(utc: number): number {
    const t = Math.floor(utc / SECOND) * SECOND;
    let y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    for (const part of this.format.formatToParts(t)) {
      const v = Number(part.value);
      switch (part.type) {
        case 'year': y = v; break;
        case 'month': mo = v; break;
        case 'day': d = v; break;
        case 'hour': h = v; break;
        case 'minute': mi = v; break;
        case 'second': s = v; break;
        default: break;
      }
    }
    const local = Date.UTC(y, mo - 1, d, h, mi, s);
    // Date.UTC maps years 0–99 to 1900–1999; no customer is contacted then, but stay exact.
    return (y >= 0 && y < 100 ? new Date(local).setUTCFullYear(y) : local) - t;
  }
}

const zones = new Map<string, ZoneOffsets | null>();
const ZONE_CAP = 2_000;

/**
 * The shared offset table for a zone, or null when the runtime does not know it. Tables are
 * kept for the life of the process (a few hundred zones exist); the cap only guards against
 * a flood of junk names.
 */
export function zoneOffsets(zone: string): ZoneOffsets | null {
  const hit = zones.get(zone);
  if (hit !== undefined) return hit;
  const made = isKnownTimeZone(zone) ? new ZoneOffsets(zone) : null;
  if (zones.size < ZONE_CAP) zones.set(zone, made);
  return made;
}

/** Local wall-clock minutes after midnight (0–1439) at `utc` for an offset. */
export function localMinuteOfDay(utc: number, offset: number): number {
  const local = utc + offset;
  const msOfDay = local - Math.floor(local / DAY) * DAY;
  return Math.floor(msOfDay / MINUTE);
}

/** The local midnight (as wall ms) of the local day holding `utc`. */
export function localMidnight(utc: number, offset: number): number {
  const local = utc + offset;
  return Math.floor(local / DAY) * DAY;
}

/** `HH:MM` for minutes after midnight. */
export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}
