/**
 * Which promises broke and when, for the department scorecard: the same rules as the customer
 * state's promise ledger (src/state/promise-effects.ts) — explicit Promise Kept / Broken /
 * Cancelled, Renegotiated moving the due time, and the kept_by event keeping a promise when it
 * comes by due + grace — but across all customers at once and remembering only what is open.
 *
 * A promise breaks at its deadline (due + grace) when its kept_by event comes late or not at all,
 * and at the event's time when a Promise Broken says so. A promise still open past its deadline
 * is reported by `overdue` so a period that ends after the deadline counts it broken.
 *
 * Promise ids are taken to be unique across customers (the systems that issue them make them so).
 * A kept_by event is matched only if the ledger reads it (SCORECARD_EVENTS); the state's ledger
 * matches any event name.
 */
import { idOf, isObject, nonNegative, parseTime, text, type Obj } from '../state/values.js';

const MINUTE = 60_000;
const ID_FIELDS = ['shipment_id', 'refund_id', 'ticket_id', 'order_id'] as const;
type IdField = (typeof ID_FIELDS)[number];

interface KeptBy {
  event: string;
  ids: Partial<Record<IdField, string>>;
  minAmount?: number;
}

/** One open promise. */
export interface TrackedPromise {
  id: string;
  prof: number;
  /** Owner department index. */
  owner: number;
  camp: number;
  dueAt: number;
  graceMinutes: number;
  seq: number;
  keptBy?: KeptBy;
  /** Index key it is filed under (kept_by event + its most specific id). */
  key?: string;
}

/** A promise that broke: reported to the caller, who records the fact. */
export interface BrokenPromise {
  prof: number;
  owner: number;
  camp: number;
  /** When it broke. */
  at: number;
  dueAt: number;
  seq: number;
}

function parseKeptBy(v: unknown): KeptBy | undefined {
  if (!isObject(v)) return undefined;
  const event = text(v['event'], 200);
  if (event === undefined) return undefined;
  const k: KeptBy = { event, ids: {} };
  for (const f of ID_FIELDS) {
    const id = idOf(v[f]);
    if (id !== undefined) k.ids[f] = id;
  }
  const min = nonNegative(v['min_amount']);
  if (min !== undefined) k.minAmount = min;
  return k;
}

function keyOf(k: KeptBy, prof: number): string {
  for (const f of ID_FIELDS) {
    const id = k.ids[f];
    if (id !== undefined) return `${k.event}\u0000${f}\u0000${id}`;
  }
  return `${k.event}\u0000customer\u0000${prof}`;
}

/** Membership of the last 50,000–100,000 ids added: two generations of sets, the older dropped when the newer fills. */
class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  constructor(private readonly generation: number) {}
  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }
  add(id: string): void {
    if (this.current.size >= this.generation) {
      this.previous = this.current;
      this.current = new Set();
    }
    this.current.add(id);
  }
}

export class PromiseTracker {
  private readonly open = new Map<string, TrackedPromise>();
  private readonly byKey = new Map<string, Set<string>>();
  /** Ids closed lately: a late or repeated Promise Made does not reopen them (as the state's `recent`). */
  private readonly closed = new RecentIds(50_000);
  /** Kept_by event names some open promise waits for (cheap pre-check for every event). */
  private readonly waitingFor = new Map<string, number>();

  get openCount(): number {
    return this.open.size;
  }

  /** Promise Made. `owner` and `camp` are already indexes. */
  make(p: Obj, prof: number, owner: number, camp: number, seq: number): void {
    const id = idOf(p['promise_id']);
    const dueAt = parseTime(p['due_at']);
    if (id === undefined || dueAt === null || this.closed.has(id)) return;
    const prior = this.open.get(id);
    if (prior !== undefined) this.unfile(prior);
    const promise: TrackedPromise = { id, prof, owner, camp, dueAt, graceMinutes: nonNegative(p['grace_minutes']) ?? 0, seq };
    const keptBy = parseKeptBy(p['kept_by']);
    if (keptBy !== undefined) {
      promise.keptBy = keptBy;
      promise.key = keyOf(keptBy, prof);
      let set = this.byKey.get(promise.key);
      if (set === undefined) this.byKey.set(promise.key, (set = new Set()));
      set.add(id);
      this.waitingFor.set(keptBy.event, (this.waitingFor.get(keptBy.event) ?? 0) + 1);
    }
    this.open.set(id, promise);
  }

  /** Promise Kept / Broken / Cancelled by id. Returns the broken promise to record, if it broke. */
  close(p: Obj, outcome: 'kept' | 'broken' | 'cancelled', prof: number, dept: number, at: number, seq: number): BrokenPromise | null {
    const id = idOf(p['promise_id']);
    if (id === undefined || this.closed.has(id)) return null;
    this.closed.add(id);
    const promise = this.open.get(id);
    if (promise !== undefined) this.remove(promise);
    if (outcome !== 'broken') return null;
    return promise === undefined
      ? { prof, owner: dept, camp: 0, at, dueAt: at, seq }
      : { prof: promise.prof, owner: promise.owner, camp: promise.camp, at, dueAt: promise.dueAt, seq: promise.seq };
  }

  /** Promise Renegotiated: the new due time. */
  renegotiate(p: Obj): void {
    const id = idOf(p['promise_id']);
    const due = parseTime(p['new_due_at']);
    const promise = id === undefined ? undefined : this.open.get(id);
    if (promise !== undefined && due !== null) promise.dueAt = due;
  }

  /** Keeps (or, when late, breaks) the open promises this event is the kept_by of. */
  match(event: string, p: Obj, prof: number, at: number, out: BrokenPromise[]): void {
    if (!this.waitingFor.has(event)) return;
    const seen = new Set<string>();
    const keys: string[] = [`${event}\u0000customer\u0000${prof}`];
    for (const f of ID_FIELDS) {
      const id = idOf(p[f]);
      if (id !== undefined) keys.push(`${event}\u0000${f}\u0000${id}`);
    }
    for (const key of keys) {
      const set = this.byKey.get(key);
      if (set === undefined) continue;
      for (const id of [...set]) {
        if (seen.has(id)) continue;
        seen.add(id);
        const promise = this.open.get(id);
        const k = promise?.keptBy;
        if (promise === undefined || k === undefined || !this.satisfies(k, p)) continue;
        this.remove(promise);
        this.closed.add(id);
        const deadline = promise.dueAt + promise.graceMinutes * MINUTE;
        if (at > deadline) out.push({ prof: promise.prof, owner: promise.owner, camp: promise.camp, at: deadline, dueAt: promise.dueAt, seq: promise.seq });
      }
    }
  }

  /** Open promises whose deadline lies in [from, to): broken by `to` unless kept late after it. */
  *overdue(from: number, to: number): Generator<BrokenPromise> {
    for (const promise of this.open.values()) {
      const deadline = promise.dueAt + promise.graceMinutes * MINUTE;
      if (deadline >= from && deadline < to) yield { prof: promise.prof, owner: promise.owner, camp: promise.camp, at: deadline, dueAt: promise.dueAt, seq: promise.seq };
    }
  }

  private satisfies(k: KeptBy, p: Obj): boolean {
    for (const f of ID_FIELDS) {
      const want = k.ids[f];
      if (want !== undefined && idOf(p[f]) !== want) return false;
    }
    if (k.minAmount !== undefined) {
      const amount = nonNegative(p['amount']) ?? nonNegative(p['total']) ?? nonNegative(p['revenue']);
      if (amount === undefined || amount < k.minAmount) return false;
    }
    return true;
  }

  private remove(promise: TrackedPromise): void {
    this.open.delete(promise.id);
    this.unfile(promise);
  }

  private unfile(promise: TrackedPromise): void {
    if (promise.key === undefined || promise.keptBy === undefined) return;
    const set = this.byKey.get(promise.key);
    set?.delete(promise.id);
    if (set !== undefined && set.size === 0) this.byKey.delete(promise.key);
    const n = (this.waitingFor.get(promise.keptBy.event) ?? 1) - 1;
    if (n <= 0) this.waitingFor.delete(promise.keptBy.event);
    else this.waitingFor.set(promise.keptBy.event, n);
  }
}
