/**
 * The customer profiles and their merge forest, one typed-array column per field and
 * profiles interned as integer indexes (about 70 bytes a profile, its 24-character id included).
 *
 * A profile merged into another points at it (`parent`); a root has no parent and is what
 * the outside world calls "the customer". Parent pointers are never compressed: an unmerge
 * must cut exactly the edge its merge made. Trees stay shallow in practice (each merge adds
 * one level at most, and only roots are merged), so walking to the root is a few steps.
 */
import { CompactStringTable } from './compact-string-table.js';
import { growFloat64, growInt32, growUint8 } from './typed-arrays.js';

/** The profile itself owns a userId identifier. */
const OWN_USER = 1;
/** Some profile in this root's cluster owns a userId (kept on roots only). */
const CLUSTER_USER = 2;

/** Direct-mapped cache of decoded profile ids: events for a customer come in bursts, and decoding allocates. */
const ID_CACHE = 1 << 16;

/** Profiles, their creation times and the merge forest over them. */
export class ProfileForest {
  private readonly ids = new CompactStringTable();
  private parent = new Int32Array(0);
  private firstChild = new Int32Array(0);
  private nextSibling = new Int32Array(0);
  private created = new Float64Array(0);
  private flags = new Uint8Array(0);
  private roots = 0;
  private readonly cacheKey = new Int32Array(ID_CACHE).fill(-1);
  private readonly cacheVal = new Array<string>(ID_CACHE).fill('');

  /** Number of profiles, merged or not. */
  get size(): number {
    return this.ids.size;
  }

  /** Number of roots: customers as the outside world counts them. */
  get rootCount(): number {
    return this.roots;
  }

  /** Pre-sizes the columns for `n` profiles. */
  reserve(n: number): void {
    this.ids.reserve(n, n * 24);
    this.grow(n);
  }

  /** Adds a root profile and returns its index; an existing id returns its index unchanged. */
  add(id: string, createdAt: number): number {
    const before = this.ids.size;
    const p = this.ids.add(0, id);
    if (p < before) return p;
    this.grow(p + 1);
    this.parent[p] = -1;
    this.firstChild[p] = -1;
    this.nextSibling[p] = -1;
    this.created[p] = createdAt;
    this.flags[p] = 0;
    this.roots++;
    // The caller is about to hand this id out (result, change records): seed the cache.
    this.cacheKey[p & (ID_CACHE - 1)] = p;
    this.cacheVal[p & (ID_CACHE - 1)] = id;
    return p;
  }

  /** The index of a profile id, or -1. */
  indexOf(id: string): number {
    return this.ids.find(0, id);
  }

  /** The id of profile `p`. */
  idOf(p: number): string {
    const slot = p & (ID_CACHE - 1);
    if (this.cacheKey[slot] === p) return this.cacheVal[slot]!;
    const id = this.ids.value(p);
    this.cacheKey[slot] = p;
    this.cacheVal[slot] = id;
    return id;
  }

  createdAt(p: number): number {
    return this.created[p]!;
  }

  /** The root of `p`'s tree. */
  rootOf(p: number): number {
    const parent = this.parent;
    let q = parent[p]!;
    while (q >= 0) {
      p = q;
      q = parent[p]!;
    }
    return p;
  }

  /** The profile `p` was merged into, or -1 for a root. */
  parentOf(p: number): number {
    return this.parent[p]!;
  }

  /** True when `a` is older than `b` (by creation time, then by id), i.e. `a` survives a merge of the two. */
  isOlder(a: number, b: number): boolean {
    const ca = this.created[a]!;
    const cb = this.created[b]!;
    return ca !== cb ? ca < cb : this.idOf(a) < this.idOf(b);
  }

  /** Makes root `from` a child of `into`. */
  attach(from: number, into: number): void {
    this.parent[from] = into;
    this.nextSibling[from] = this.firstChild[into]!;
    this.firstChild[into] = from;
    this.roots--;
    const r = this.rootOf(into);
    this.flags[r] = this.flags[r]! | (this.flags[from]! & CLUSTER_USER);
  }

  /** Cuts `from` (with its subtree) loose from its parent, making it a root again. */
  detach(from: number): void {
    const into = this.parent[from]!;
    if (into < 0) return;
    if (this.firstChild[into] === from) {
      this.firstChild[into] = this.nextSibling[from]!;
    } else {
      let c = this.firstChild[into]!;
      while (c >= 0 && this.nextSibling[c] !== from) c = this.nextSibling[c]!;
      if (c >= 0) this.nextSibling[c] = this.nextSibling[from]!;
    }
    this.nextSibling[from] = -1;
    this.parent[from] = -1;
    this.roots++;
    this.refreshClusterFlags(from);
    this.refreshClusterFlags(this.rootOf(into));
  }

  /** Every profile in `root`'s tree, `root` first. */
  members(root: number): number[] {
    const out: number[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const p = stack.pop()!;
      out.push(p);
      for (let c = this.firstChild[p]!; c >= 0; c = this.nextSibling[c]!) stack.push(c);
    }
    return out;
  }

  /** Notes that profile `p` owns a userId (drives the shared-device guard-rail). */
  markUser(p: number): void {
    this.flags[p] = this.flags[p]! | OWN_USER;
    const r = this.rootOf(p);
    this.flags[r] = this.flags[r]! | CLUSTER_USER;
  }

  /** True when some profile of `root`'s cluster owns a userId. */
  clusterHasUser(root: number): boolean {
    return (this.flags[root]! & CLUSTER_USER) !== 0;
  }

  /** Approximate bytes held (for capacity planning and tests). */
  byteSize(): number {
    return this.ids.byteSize() + this.parent.byteLength * 3 + this.created.byteLength + this.flags.byteLength;
  }

  private refreshClusterFlags(root: number): void {
    let any = 0;
    for (const p of this.members(root)) any |= this.flags[p]! & OWN_USER;
    this.flags[root] = any !== 0 ? this.flags[root]! | CLUSTER_USER : this.flags[root]! & ~CLUSTER_USER;
  }

  private grow(n: number): void {
    this.parent = growInt32(this.parent, n);
    this.firstChild = growInt32(this.firstChild, n);
    this.nextSibling = growInt32(this.nextSibling, n);
    this.created = growFloat64(this.created, n);
    this.flags = growUint8(this.flags, n);
  }
}
