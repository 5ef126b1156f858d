/**
 * `list` for the ledger (`GET /v1/promises`): filter, order by (dueAt, id), page with an opaque
 * cursor. A page keeps only the best `limit` candidates in a bounded max-heap, so a page over a
 * million records costs one pass and O(limit) memory instead of a full sort.
 */
import type { PromiseFilter, PromisePage, PromiseRecord } from './promise-types.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

interface Position {
  dueAt: number;
  id: string;
}

/** (dueAt, id) order; ids compare by code unit so the order is the same on every machine. */
function before(a: Position, b: Position): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id);
}

export function encodeCursor(p: Position): string {
  return Buffer.from(JSON.stringify([p.dueAt, p.id]), 'utf8').toString('base64url');
}

/** The position a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): Position | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string') return { dueAt: v[0], id: v[1] };
  } catch {
    // fall through
  }
  return null;
}

/** Whether a record passes the filter's field conditions (not the cursor or limit). */
export function matchesFilter(r: PromiseRecord, f: PromiseFilter): boolean {
  return (
    (f.customerId === undefined || r.customerId === f.customerId) &&
    (f.department === undefined || r.department === f.department) &&
    (f.type === undefined || r.type === f.type) &&
    (f.status === undefined || r.status === f.status) &&
    (f.campaignId === undefined || r.campaignId === f.campaignId) &&
    (f.dueFrom === undefined || r.dueAt >= f.dueFrom) &&
    (f.dueTo === undefined || r.dueAt < f.dueTo)
  );
}

/** The page size a filter asks for, clamped to 1–MAX_LIMIT. */
export function pageSize(f: PromiseFilter): number {
  const l = f.limit;
  if (l === undefined || !Number.isFinite(l)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(l)));
}

/**
 * One page of the candidates that pass the filter, after the cursor. Throws RangeError on a
 * cursor that does not decode (the route turns it into a coded 400).
 */
export function listPage(candidates: Iterable<PromiseRecord>, f: PromiseFilter): PromisePage {
  const limit = pageSize(f);
  let after: Position | null = null;
  if (f.cursor !== undefined) {
    after = decodeCursor(f.cursor);
    if (after === null) throw new RangeError('cursor is not valid');
  }
  // Max-heap of the best `limit + 1` (the extra one says whether another page exists).
  const keep = limit + 1;
  const heap: PromiseRecord[] = [];
  for (const r of candidates) {
    if (!matchesFilter(r, f)) continue;
    if (after !== null && !before(after, r)) continue;
    if (heap.length < keep) {
      heap.push(r);
      siftUp(heap, heap.length - 1);
    } else if (before(r, heap[0] as PromiseRecord)) {
      heap[0] = r;
      siftDown(heap, 0);
    }
  }
  heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  const more = heap.length > limit;
  const items = more ? heap.slice(0, limit) : heap;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last !== undefined ? encodeCursor(last) : null };
}

function siftUp(h: PromiseRecord[], start: number): void {
  let i = start;
  const x = h[i] as PromiseRecord;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = h[parent] as PromiseRecord;
    if (!before(p, x)) break;
    h[i] = p;
    i = parent;
  }
  h[i] = x;
}

function siftDown(h: PromiseRecord[], start: number): void {
  let i = start;
  const x = h[i] as PromiseRecord;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= h.length) break;
    const right = child + 1;
    if (right < h.length && before(h[child] as PromiseRecord, h[right] as PromiseRecord)) child = right;
    const c = h[child] as PromiseRecord;
    if (!before(x, c)) break;
    h[i] = c;
    i = child;
  }
  h[i] = x;
}
