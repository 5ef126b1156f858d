/**
 * Every linked identifier, interned as an integer index with the profile that owns it, the
 * source that first sent it and when (about 34 bytes an identifier plus one per character).
 * Each profile's identifiers form a singly linked list through `next`, so a cluster's
 * identifiers can be listed without an index per type.
 */
import { CompactStringTable } from './compact-string-table.js';
import { growFloat64, growInt32, growUint16 } from './typed-arrays.js';

/** Most distinct sources (department systems) the store can tell apart: one Uint16 per identifier. */
const MAX_SOURCES = 0x10000;

/** Linked identifiers and who owns them. */
export class IdentifierStore {
  private readonly table = new CompactStringTable();
  private readonly typeNames: string[] = [];
  private readonly typeIndex = new Map<string, number>();
  private readonly sourceNames: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private source = new Uint16Array(0);
  private at = new Float64Array(0);
  private next = new Int32Array(0);
  /** Per profile: its most recently linked identifier, or -1. */
  private first = new Int32Array(0);
  private readonly userIdTag: number;

  constructor() {
    this.userIdTag = this.internType('userId');
  }

  /** Number of identifiers. */
  get size(): number {
    return this.table.size;
  }

  /** Pre-sizes for `n` identifiers over `profiles` profiles. */
  reserve(n: number, profiles: number): void {
    this.table.reserve(n, n * 24);
    this.grow(n);
    this.first = growInt32(this.first, profiles);
  }

  /** The index of an identifier, or -1. Allocates nothing. */
  find(type: string, value: string): number {
    const tag = this.typeIndex.get(type);
    return tag === undefined ? -1 : this.table.find(tag, value);
  }

  /** Links a new identifier (the caller has checked it is absent) to profile `owner`. */
  add(type: string, value: string, owner: number, sourceId: string, at: number): number {
    const i = this.table.add(this.internType(type), value, owner);
    this.grow(i + 1);
    this.source[i] = this.internSource(sourceId);
    this.at[i] = at;
    this.first = growInt32(this.first, owner + 1);
    this.next[i] = this.first[owner]!;
    this.first[owner] = i;
    return i;
  }

  /** False when `type` is new and the type table is full (a flood of made-up externalIds types must not crash ingest). */
  acceptsType(type: string): boolean {
    return this.typeIndex.has(type) || this.typeNames.length <= 0xffff;
  }

  /** The profile identifier `i` was first linked to (kept in the table record, beside the key a lookup just read). */
  ownerOf(i: number): number {
    return this.table.payload(i);
  }

  typeOf(i: number): string {
    return this.typeNames[this.table.tagOf(i)]!;
  }

  valueOf(i: number): string {
    return this.table.value(i);
  }

  isUserId(i: number): boolean {
    return this.table.tagOf(i) === this.userIdTag;
  }

  sourceOf(i: number): string {
    return this.sourceNames[this.source[i]!]!;
  }

  /** The interned number of the source that first sent identifier `i` (cheap equality for guard-rails). */
  sourceIndexOf(i: number): number {
    return this.source[i]!;
  }

  /** The interned number of a source id, or -1 when no identifier came from it yet. */
  sourceIndexFor(sourceId: string): number {
    return this.sourceIndex.get(sourceId) ?? -1;
  }

  atOf(i: number): number {
    return this.at[i]!;
  }

  /** The first identifier in profile `p`'s list, or -1; continue with `nextOf`. */
  firstOf(p: number): number {
    return p < this.first.length ? this.first[p]! : -1;
  }

  nextOf(i: number): number {
    return this.next[i]!;
  }

  /** Approximate bytes held (for capacity planning and tests). */
  byteSize(): number {
    return this.table.byteSize() + this.source.byteLength + this.at.byteLength + this.next.byteLength + this.first.byteLength;
  }

  private internType(type: string): number {
    let t = this.typeIndex.get(type);
    if (t === undefined) {
      t = this.typeNames.length;
      if (t > 0xffff) throw new RangeError('too many identifier types');
      this.typeNames.push(type);
      this.typeIndex.set(type, t);
    }
    return t;
  }

  private internSource(sourceId: string): number {
    let s = this.sourceIndex.get(sourceId);
    if (s === undefined) {
      s = this.sourceNames.length;
      if (s >= MAX_SOURCES) throw new RangeError('too many sources for the identity graph');
      this.sourceNames.push(sourceId);
      this.sourceIndex.set(sourceId, s);
    }
    return s;
  }

  private grow(n: number): void {
    this.source = growUint16(this.source, n);
    this.at = growFloat64(this.at, n);
    this.next = growInt32(this.next, n);
  }
}
