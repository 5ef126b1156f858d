/**
 * An interning hash table for (tag, string) pairs that hands out dense integer indexes,
 * storing the characters in one byte arena instead of as JS strings.
 *
 * Why not `Map<string, number>`: on a 64-bit Node (no pointer compression) each entry costs
 * a JS string (16-byte header + characters, rounded up) plus ~37 bytes of Map slot — about
 * 85 bytes for a 25-character email. Here the same entry costs its characters (one byte
 * each when all code units are ≤ 0xFF) plus a 12-byte record (offset, length and tag, and
 * an int payload the caller uses for free) and ~8 bytes of hash slot, which is what lets
 * the identity graph hold a million customers with four identifiers each in about 300 MB. Lookups allocate nothing: the probe compares char codes in place.
 *
 * Layout, chosen for cache misses (a big graph is memory-bound, not CPU-bound): each
 * entry's offset, length/tag and one caller-defined int payload sit side by side in one
 * record, and each hash slot carries 6 bits of the hash beside the entry number, so a probe
 * that lands on the wrong entry is usually rejected without touching the entry at all.
 *
 * Entries are never removed (identity links are permanent; merges are pointer changes).
 */
import { growInt32, growUint8, nextCapacity } from './typed-arrays.js';

/** Longest string the table stores (15 bits of length; the 16th marks two-byte storage). */
export const MAX_TABLE_STRING = 0x7fff;
const WIDE = 0x8000;
/** Low 26 bits of a slot: entry index + 1 (0 = empty). High 6 bits: the top of the hash. */
const ENTRY_BITS = 0x3ffffff;
/** Most entries one table holds (2^26 − 2, about 67 million). */
export const MAX_TABLE_ENTRIES = ENTRY_BITS - 1;
const MAX_LOAD = 0.75;
/** Int32s per entry record: arena offset, length | wide | tag << 16, payload. */
const STRIDE = 3;

/**
 * FNV-1a over the tag and the UTF-16 code units taken two at a time (half the multiplies;
 * hashing is most of a hot lookup), then murmur3's finaliser so every bit is well mixed.
 */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function hashString(tag: number, s: string): number {
  let h = Math.imul(0x811c9dc5 ^ tag, 0x01000193);
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = Math.imul(h ^ (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16)), 0x01000193);
  if (i < n) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return finish(h);
}

/** Interns (tag, string) pairs into indexes 0, 1, 2, … in insertion order, each with an int payload. */
export class CompactStringTable {
  private arena = new Uint8Array(0);
  private used = 0;
  private meta = new Int32Array(0);
  private slots = new Int32Array(16);
  private count = 0;

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** Pre-sizes for `entries` entries holding `chars` characters in all, so a known load does not regrow. */
  reserve(entries: number, chars = entries * 24): void {
    this.meta = growInt32(this.meta, entries * STRIDE, 0);
    this.arena = growUint8(this.arena, chars);
    let slots = this.slots.length;
    while (entries > slots * MAX_LOAD) slots *= 2;
    if (slots !== this.slots.length) this.rehash(slots);
  }

  /** The index of (tag, s), or -1. Allocates nothing. */
  find(tag: number, s: string): number {
    const h = hashString(tag, s);
    const slots = this.slots;
    const mask = slots.length - 1;
    const high = h & ~ENTRY_BITS;
    let i = h & mask;
    for (;;) {
      const slot = slots[i]!;
      if (slot === 0) return -1;
      if ((slot & ~ENTRY_BITS) === high) {
        const e = (slot & ENTRY_BITS) - 1;
        if (this.equals(e, tag, s)) return e;
      }
      i = (i + 1) & mask;
    }
  }

  /** The index of (tag, s), adding it (payload `payload`) when absent. Throws a RangeError past the table's limits. */
  add(tag: number, s: string, payload = 0): number {
    const found = this.find(tag, s);
    if (found >= 0) return found;
    if (s.length > MAX_TABLE_STRING) throw new RangeError(`string of ${s.length} code units is too long to intern`);
    if (tag < 0 || tag > 0xffff) throw new RangeError(`tag ${tag} out of range`);
    if (this.count >= MAX_TABLE_ENTRIES) throw new RangeError('string table is full');
    if (this.count + 1 > this.slots.length * MAX_LOAD) this.rehash(this.slots.length * 2);

    let wide = false;
    for (let k = 0; k < s.length; k++) {
      if (s.charCodeAt(k) > 0xff) {
        wide = true;
        break;
      }
    }
    const bytes = wide ? s.length * 2 : s.length;
    if (this.used + bytes > 0x7fffffff) throw new RangeError('string table arena is full (2 GiB)');
    if (this.used + bytes > this.arena.length) {
      const next = new Uint8Array(nextCapacity(this.arena.length, this.used + bytes));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    const o = this.used;
    const arena = this.arena;
    if (wide) {
      for (let k = 0; k < s.length; k++) {
        const c = s.charCodeAt(k);
        arena[o + 2 * k] = c & 0xff;
        arena[o + 2 * k + 1] = c >>> 8;
      }
    } else {
      for (let k = 0; k < s.length; k++) arena[o + k] = s.charCodeAt(k);
    }
    this.used += bytes;

    const e = this.count++;
    this.meta = growInt32(this.meta, this.count * STRIDE, 0);
    this.meta[e * STRIDE] = o;
    this.meta[e * STRIDE + 1] = s.length | (wide ? WIDE : 0) | (tag << 16);
    this.meta[e * STRIDE + 2] = payload;
    this.place(e, hashString(tag, s));
    return e;
  }

  /** The string of entry `e` (allocates it). */
  value(e: number): string {
    const lenTag = this.meta[e * STRIDE + 1]!;
    const n = lenTag & MAX_TABLE_STRING;
    const o = this.meta[e * STRIDE]!;
    if ((lenTag & WIDE) === 0) {
      // fromCharCode.apply takes the typed array as its argument list: one call, no temporary array.
      return String.fromCharCode.apply(null, this.arena.subarray(o, o + n) as unknown as number[]);
    }
    const units = new Array<number>(n);
    for (let k = 0; k < n; k++) units[k] = this.arena[o + 2 * k]! | (this.arena[o + 2 * k + 1]! << 8);
    return String.fromCharCode.apply(null, units);
  }

  /** The tag of entry `e`. */
  tagOf(e: number): number {
    return this.meta[e * STRIDE + 1]! >>> 16;
  }

  /** The payload of entry `e` (the identifier store keeps the owning profile here, next to the key). */
  payload(e: number): number {
    return this.meta[e * STRIDE + 2]!;
  }

  setPayload(e: number, value: number): void {
    this.meta[e * STRIDE + 2] = value;
  }

  /** Approximate bytes held by this table (for capacity planning and tests). */
  byteSize(): number {
    return this.arena.byteLength + this.meta.byteLength + this.slots.byteLength;
  }

  private equals(e: number, tag: number, s: string): boolean {
    const lenTag = this.meta[e * STRIDE + 1]!;
    if ((lenTag & MAX_TABLE_STRING) !== s.length || lenTag >>> 16 !== tag) return false;
    const o = this.meta[e * STRIDE]!;
    const n = s.length;
    const arena = this.arena;
    if ((lenTag & WIDE) === 0) {
      for (let k = 0; k < n; k++) if (arena[o + k] !== s.charCodeAt(k)) return false;
    } else {
      for (let k = 0; k < n; k++) if ((arena[o + 2 * k]! | (arena[o + 2 * k + 1]! << 8)) !== s.charCodeAt(k)) return false;
    }
    return true;
  }

  /** The hash of a stored entry, recomputed from the arena (only when the slots are rebuilt), exactly as hashString would. */
  private hashAt(e: number): number {
    const lenTag = this.meta[e * STRIDE + 1]!;
    const n = lenTag & MAX_TABLE_STRING;
    const o = this.meta[e * STRIDE]!;
    const arena = this.arena;
    const wide = (lenTag & WIDE) !== 0;
    const unit = (k: number): number => (wide ? arena[o + 2 * k]! | (arena[o + 2 * k + 1]! << 8) : arena[o + k]!);
    let h = Math.imul(0x811c9dc5 ^ (lenTag >>> 16), 0x01000193);
    let k = 0;
    for (; k + 1 < n; k += 2) h = Math.imul(h ^ (unit(k) | (unit(k + 1) << 16)), 0x01000193);
    if (k < n) h = Math.imul(h ^ unit(k), 0x01000193);
    return finish(h);
  }

  private place(e: number, hash: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let i = hash & mask;
    while (slots[i] !== 0) i = (i + 1) & mask;
    slots[i] = (hash & ~ENTRY_BITS) | (e + 1);
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.count; e++) this.place(e, this.hashAt(e));
  }
}
