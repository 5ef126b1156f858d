/**
 * Growth helpers for the typed arrays behind the identity graph. The graph keeps one
 * column per field (struct-of-arrays) so a million profiles cost a few flat buffers instead
 * of a million objects; these helpers grow a column while keeping its contents.
 */

/**
 * Growth factor: 1.5 while small, 1.25 past a million slots, so a big graph carries at most
 * a fifth of unused capacity (copies stay amortised O(1) either way). A graph loaded at
 * start-up can avoid the slack entirely with IdentityGraphOptions.
 */
const GROWTH_SMALL = 1.5;
const GROWTH_LARGE = 1.25;
const LARGE = 1 << 20;

/** The capacity to grow to so that `needed` slots fit. */
export function nextCapacity(current: number, needed: number): number {
  const factor = current >= LARGE ? GROWTH_LARGE : GROWTH_SMALL;
  return Math.max(needed, Math.ceil(current * factor), 16);
}

/** An Int32Array of at least `needed` slots; new slots hold `fill` (-1 means "none" in the graph). */
export function growInt32(a: Int32Array<ArrayBuffer>, needed: number, fill = -1): Int32Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const b = new Int32Array(nextCapacity(a.length, needed));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** A Uint32Array of at least `needed` slots (new slots are zero). */
export function growUint32(a: Uint32Array<ArrayBuffer>, needed: number): Uint32Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const b = new Uint32Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}

/** A Uint16Array of at least `needed` slots (new slots are zero). */
export function growUint16(a: Uint16Array<ArrayBuffer>, needed: number): Uint16Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const b = new Uint16Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}

/** A Uint8Array of at least `needed` slots (new slots are zero). */
export function growUint8(a: Uint8Array<ArrayBuffer>, needed: number): Uint8Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const b = new Uint8Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}

/** A Float64Array of at least `needed` slots (new slots are zero). */
export function growFloat64(a: Float64Array<ArrayBuffer>, needed: number): Float64Array<ArrayBuffer> {
  if (needed <= a.length) return a;
  const b = new Float64Array(nextCapacity(a.length, needed));
  b.set(a);
  return b;
}
