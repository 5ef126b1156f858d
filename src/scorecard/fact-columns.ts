/**
 * The scorecard ledger's storage: one row per fact, one typed-array column per field
 * (struct-of-arrays, as the identity graph keeps its profiles). A million customers' year is
 * about seven million facts; as objects that would be ~700 MB and a long GC pause, as columns
 * it is ~35 bytes a fact and a month's query is a linear scan over flat arrays.
 */
import { nextCapacity } from '../identity/typed-arrays.js';

/** What a fact records. 0 is never used, so a zeroed slot is "no fact". */
export const FACT = {
  /** An outbound contact: Email Delivered, or Contact Made outbound (or without a direction). */
  action: 1,
  order: 2,
  lead: 3,
  /** A complaint raised: Complaint Opened, or a ticket flagged complaint; `aux` = caused_by department + 1. */
  complaint: 4,
  /** Unsubscribed or Email Marked as Spam. */
  unsubscribe: 5,
  churn: 6,
  /** A promise broken: `ts` when it broke, `dept` its owner, `num` its due time. */
  broken: 7,
  /** Something a department had open with the customer over [ts, num): `aux` = HOLD_KINDS index. */
  hold: 8,
} as const;
export type FactKind = (typeof FACT)[keyof typeof FACT];

/** The kinds of open item the wall map counts, by the department that holds them. */
export const HOLD_KINDS = ['ticket', 'complaint', 'late_shipment', 'pending_refund', 'open_dispute'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, needed: number, make: (n: number) => T): T {
  if (needed <= a.length) return a;
  const b = make(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}

/**
 * Rows every column starts with and keeps at least: typed arrays of 64 bytes or less live on
 * V8's heap, larger ones off it, and code that meets both kinds is optimised for neither.
 */
const MIN_ROWS = 128;

/** The fact rows. Fields a kind does not use stay 0. */
export class FactColumns {
  kind = new Uint8Array(MIN_ROWS);
  /** Event time (ms); for a hold, when it began. */
  ts = new Float64Array(MIN_ROWS);
  /** Order revenue; a hold's end (Infinity while open); a broken promise's due time. */
  num = new Float64Array(MIN_ROWS);
  /** The log position of the event behind the fact (for a hold, the event that opened it). */
  seq = new Float64Array(MIN_ROWS);
  /** The customer profile the event was filed under (ScorecardLedger.profileId). */
  prof = new Int32Array(MIN_ROWS);
  /** The department: who acted, ordered through, raised, holds or owns it. */
  dept = new Uint8Array(MIN_ROWS);
  /** Per kind: action channel index; complaint caused_by department + 1; hold kind. */
  aux = new Uint8Array(MIN_ROWS);
  /** Campaign index + 1, or 0 for none. */
  camp = new Int32Array(MIN_ROWS);
  size = 0;

  /** Appends a fact and returns its row. */
  push(kind: FactKind, ts: number, seq: number, prof: number, dept: number): number {
    const i = this.size;
    if (i >= this.kind.length) this.reserve(i + 1);
    this.kind[i] = kind;
    this.ts[i] = ts;
    this.seq[i] = seq;
    this.prof[i] = prof;
    this.dept[i] = dept;
    this.size = i + 1;
    return i;
  }

  reserve(n: number): void {
    this.kind = grow(this.kind, n, (k) => new Uint8Array(k));
    this.ts = grow(this.ts, n, (k) => new Float64Array(k));
    this.num = grow(this.num, n, (k) => new Float64Array(k));
    this.seq = grow(this.seq, n, (k) => new Float64Array(k));
    this.prof = grow(this.prof, n, (k) => new Int32Array(k));
    this.dept = grow(this.dept, n, (k) => new Uint8Array(k));
    this.aux = grow(this.aux, n, (k) => new Uint8Array(k));
    this.camp = grow(this.camp, n, (k) => new Int32Array(k));
  }

  /** Gives back the spare capacity (after a big load; the next push grows again). */
  trim(): void {
    const n = Math.max(this.size, MIN_ROWS);
    if (n >= this.kind.length) return;
    this.kind = this.kind.slice(0, n);
    this.ts = this.ts.slice(0, n);
    this.num = this.num.slice(0, n);
    this.seq = this.seq.slice(0, n);
    this.prof = this.prof.slice(0, n);
    this.dept = this.dept.slice(0, n);
    this.aux = this.aux.slice(0, n);
    this.camp = this.camp.slice(0, n);
  }

  /** Bytes held by the columns (capacity, not just the rows used). */
  byteSize(): number {
    return this.kind.byteLength + this.ts.byteLength + this.num.byteLength + this.seq.byteLength + this.prof.byteLength + this.dept.byteLength + this.aux.byteLength + this.camp.byteLength;
  }
}

/** A small string ↔ index table (departments, channels, campaigns). */
export class NameTable {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** The index of `name`, adding it; -1 when the table is full. */
  add(name: string): number {
    const hit = this.index.get(name);
    if (hit !== undefined) return hit;
    if (this.names.length >= this.max) return -1;
    const i = this.names.length;
    this.names.push(name);
    this.index.set(name, i);
    return i;
  }

  find(name: string): number {
    return this.index.get(name) ?? -1;
  }

  name(i: number): string {
    return this.names[i] ?? 'unknown';
  }

  get size(): number {
    return this.names.length;
  }
}

/** Rows per segment at most: a handle is segment × SEGMENT_ROWS + row. */
export const SEGMENT_ROWS = 2 ** 24;

/**
 * Facts split into segments by event time (a week each), every segment its own columns, so a
 * query over a month reads five weeks of rows front to back instead of picking them out of the
 * whole history: the log is in arrival order, not event-time order, and random reads into big
 * columns cost a cache miss each (measured: 45 ns a row against ~2 ns).
 */
export class SegmentedFacts {
  readonly segments: FactColumns[] = [];
  /** Each segment's first instant (ms). */
  readonly starts: number[] = [];
  private readonly byWeek = new Map<number, number>();

  constructor(private readonly width = 7 * 86_400_000) {}

  /** Appends a fact to its week's segment; returns its handle. */
  push(kind: FactKind, ts: number, seq: number, prof: number, dept: number): number {
    const week = Math.floor(ts / this.width);
    let s = this.byWeek.get(week);
    if (s === undefined || this.segments[s]!.size >= SEGMENT_ROWS) {
      s = this.segments.length;
      this.segments.push(new FactColumns());
      this.starts.push(week * this.width);
      this.byWeek.set(week, s);
    }
    return s * SEGMENT_ROWS + this.segments[s]!.push(kind, ts, seq, prof, dept);
  }

  /** The segments that may hold facts in [from, to); callers check each row's time. */
  segmentsIn(from: number, to: number): FactColumns[] {
    const out: FactColumns[] = [];
    for (let s = 0; s < this.segments.length; s++) {
      const start = this.starts[s]!;
      if (start < to && start + this.width > from) out.push(this.segments[s]!);
    }
    return out;
  }

  /** The segment and row of a handle. */
  locate(handle: number): [FactColumns, number] {
    const s = Math.floor(handle / SEGMENT_ROWS);
    return [this.segments[s]!, handle - s * SEGMENT_ROWS];
  }

  get size(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  /** Gives back every segment's spare capacity. */
  trim(): void {
    for (const s of this.segments) s.trim();
  }

  byteSize(): number {
    let n = 0;
    for (const s of this.segments) n += s.byteSize();
    return n;
  }
}
