/**
 * A binary min-heap of (deadline, slot) pairs in two typed arrays. A clock tick pops only what
 * is due, so its cost follows the promises it breaks, not the promises open: 1,000,000 open
 * promises cost nothing to a tick that finds none due. Typed arrays hold a million entries in
 * 12 MB with no per-entry object for the collector to trace.
 *
 * Entries are never removed from the middle: a promise that closes, or whose deadline moves,
 * leaves a stale entry that the ledger skips when it surfaces (lazy deletion). The ledger
 * rebuilds the heap when stale entries outnumber live ones.
 */
export class DeadlineHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  private n = 0;

  constructor(capacity = 1024) {
    const c = Math.max(16, capacity);
    this.keys = new Float64Array(c);
    this.vals = new Int32Array(c);
  }

  get size(): number {
    return this.n;
  }

  /** The smallest deadline, or +∞ when empty. */
  peekKey(): number {
    return this.n === 0 ? Number.POSITIVE_INFINITY : (this.keys[0] as number);
  }

  /** The slot of the smallest deadline (−1 when empty). */
  peekVal(): number {
    return this.n === 0 ? -1 : (this.vals[0] as number);
  }

  push(key: number, val: number): void {
    if (this.n === this.keys.length) this.grow();
    const keys = this.keys;
    const vals = this.vals;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent] as number;
      if (pk <= key) break;
      keys[i] = pk;
      vals[i] = vals[parent] as number;
      i = parent;
    }
    keys[i] = key;
    vals[i] = val;
  }

  /** Removes the smallest entry and returns its slot (−1 when empty); read peekKey first for its deadline. */
  pop(): number {
    if (this.n === 0) return -1;
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0] as number;
    const last = --this.n;
    if (last > 0) this.siftDown(0, keys[last] as number, vals[last] as number);
    return top;
  }

  /** Empties the heap, keeping its storage. */
  clear(): void {
    this.n = 0;
  }

  /**
   * Removes every entry with a key below `limit`, calling `take(key, val)` for each. A few are
   * popped in key order; when many are due (a catch-up after downtime) the rest are taken in
   * one linear pass and the heap is rebuilt, O(n) instead of O(k log n). Order is then not
   * guaranteed. `take` must not touch the heap.
   */
  takeBelow(limit: number, take: (key: number, val: number) => void): void {
    let budget = Math.max(1024, this.n >> 5);
    while (this.n > 0 && (this.keys[0] as number) < limit) {
      if (budget-- === 0) {
        this.compact((key, val) => {
          if (key >= limit) return true;
          take(key, val);
          return false;
        });
        return;
      }
      const key = this.keys[0] as number;
      take(key, this.pop());
    }
  }

  /** Keeps only the entries `keep` accepts (each asked once), then restores the heap order in O(n). */
  compact(keep: (key: number, val: number) => boolean): void {
    const keys = this.keys;
    const vals = this.vals;
    let w = 0;
    for (let i = 0; i < this.n; i++) {
      const k = keys[i] as number;
      const v = vals[i] as number;
      if (!keep(k, v)) continue;
      keys[w] = k;
      vals[w] = v;
      w++;
    }
    this.n = w;
    for (let i = (w >> 1) - 1; i >= 0; i--) this.siftDown(i, keys[i] as number, vals[i] as number);
  }

  /** Replaces the content with the given pairs in O(n) (Floyd's heap construction). */
  rebuild(keys: ArrayLike<number>, vals: ArrayLike<number>, count: number): void {
    if (count > this.keys.length) {
      this.keys = new Float64Array(count);
      this.vals = new Int32Array(count);
    }
    for (let i = 0; i < count; i++) {
      this.keys[i] = keys[i] as number;
      this.vals[i] = vals[i] as number;
    }
    this.n = count;
    for (let i = (count >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i] as number, this.vals[i] as number);
  }

  private siftDown(start: number, key: number, val: number): void {
    const keys = this.keys;
    const vals = this.vals;
    const n = this.n;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && (keys[right] as number) < (keys[child] as number)) child = right;
      const ck = keys[child] as number;
      if (ck >= key) break;
      keys[i] = ck;
      vals[i] = vals[child] as number;
      i = child;
    }
    keys[i] = key;
    vals[i] = val;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const vals = new Int32Array(this.vals.length * 2);
    keys.set(this.keys);
    vals.set(this.vals);
    this.keys = keys;
    this.vals = vals;
  }
}
