/**
 * The company-wide promise ledger (DESIGN 3.5, REFERENCE F): every promise a department makes
 * to a customer, open until kept, broken, renegotiated or cancelled. Pure and in memory: events
 * and clock ticks come in as arguments, the lead wires it to the pipeline, the database and
 * the API.
 *
 * Time rules. The deadline is dueAt + grace. Everything is decided by *event time* against the
 * deadline, never by when an event happened to be processed:
 *
 * - a kept_by match or `Promise Kept` at or before the deadline keeps an open promise; after
 *   it, the promise was already broken and the fulfilment is noted (`fulfilledLateAt`);
 * - `Promise Renegotiated` / `Promise Cancelled` at or before the deadline renegotiate or
 *   cancel; after it the promise stays broken (a renegotiation still opens the successor);
 * - the clock breaks an open promise once `now > deadline`, recorded at the deadline itself
 *   (`closedAt = deadline`, `closedBy = 'clock'`).
 *
 * A clock break is therefore provisional: proof timestamped before the deadline that arrives
 * after the tick (a late webhook) reopens the promise and applies as if it had come in time.
 * Before an operation touches a promise, the promise is brought to what the clock alone would
 * make of it at the operation's event time. That is what makes the ledger a function of the
 * events (in log order) and the latest tick, however ticks and events interleave: rebuilding
 * from the log and ticking once gives the live ledger (promise-ledger.property.test.ts).
 */
import type { TuttiEvent } from '../core/event.js';
import { STANDARD_DEPARTMENTS } from '../core/departments.js';
import { finite, idOf, objectOr, text, type Obj } from '../state/values.js';
import { DeadlineHeap } from './deadline-heap.js';
import { DirtySlots } from './dirty-slots.js';
import { matchesKeptBy, sameKeptBy } from '../state/kept-by.js';
import { isNotice, newDueAtOf, NOTICE_PURPOSE, PROMISE_EVENTS, promiseFromEvent } from './promise-events.js';
import { listPage } from './promise-query.js';
import { deadlineOf, newRecord, reviveRecord, withEntry } from './promise-record.js';
import {
  type ClosedBy,
  type HistoryEntry,
  LEDGER_SNAPSHOT_VERSION,
  type LedgerSnapshot,
  type PendingOp,
  type PromiseChange,
  type PromiseFilter,
  type PromiseInput,
  type PromisePage,
  type PromiseRecord,
  type PromiseStatus,
} from './promise-types.js';
import { readSnapshot } from './promise-snapshot.js';

/** Explicit operations on unknown promises kept for a late `Promise Made` (oldest dropped first). */
const PENDING_CAP = 10_000;
const PENDING_PER_PROMISE = 8;
/** Notes (refreshes, notices, late fulfilments) stop being added past this history length; transitions never do. */
const HISTORY_NOTES_CAP = 32;

export { NOTICE_PURPOSE };

export interface LedgerOptions {
  /**
   * Owners that name a department: a `Promise Made` whose owner is one of them belongs to that
   * department; otherwise (a person, say) to the department of the source that sent it.
   * Default: the standard departments.
   */
  departments?: Iterable<string>;
}

interface CustomerSlots {
  id: string;
  slots: number[];
}

export interface LedgerStats {
  records: number;
  open: number;
  heapEntries: number;
  pendingIds: number;
  /** `Promise Made` re-sends for an id already filed under another customer (ignored). */
  conflicts: number;
  lastSeq: number;
  lastTick: number | null;
}

function assertTime(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite time in ms (got ${v})`);
}

export class PromiseLedger {
  /** Every record by slot; slots are never reused, so the heap can refer to them by number. */
  private readonly slots: PromiseRecord[] = [];
  private readonly slotOf = new Map<string, number>();
  /** Each customer's slots, and one shared copy of the id string for all their records. */
  private readonly byCustomer = new Map<string, CustomerSlots>();
  private readonly heap = new DeadlineHeap(1024);
  /** Event names some promise's kept_by names: any other event skips matching at once. */
  private readonly keptByEvents = new Set<string>();
  private readonly pending = new Map<string, PendingOp[]>();
  private readonly dirty = new DirtySlots();
  private readonly departments: ReadonlySet<string>;
  private openCount = 0;
  private conflicts = 0;
  private seq = 0;
  private clock = Number.NEGATIVE_INFINITY;
  /** Status before the running operation touched each slot (null: made by it). */
  private touched: Map<number, PromiseStatus | null> | null = null;
  /** Reused by every operation (operations never nest), so a make allocates no map. */
  private readonly touchedScratch = new Map<number, PromiseStatus | null>();

  constructor(options: LedgerOptions = {}) {
    this.departments = new Set(options.departments ?? STANDARD_DEPARTMENTS);
  }

  // ---------------------------------------------------------------------------------------
  // Inputs

  /**
   * Applies one logged event filed under `customerId` (the resolved customer). Reads the
   * `Promise *` events and any event some open promise's kept_by names; a `Contact Made` with
   * `promise_id` and purpose `promise_notice` is a notice that the promise will slip. Events
   * with a seq at or below the last one applied are skipped (idempotent replay); seq 0 (not
   * logged) always applies. Never throws on odd payloads.
   */
  applyEvent(ev: TuttiEvent, customerId: string): PromiseChange[] {
    const seq = typeof ev.seq === 'number' && Number.isFinite(ev.seq) ? ev.seq : 0;
    if (seq > 0) {
      if (seq <= this.seq) return [];
      this.seq = seq;
    }
    if (ev.type !== 'track' || typeof ev.event !== 'string') return [];
    const at = finite(ev.timestamp);
    if (at === undefined) return [];
    const name = ev.event;
    const p = objectOr(ev.properties);
    const notice = isNotice(name, p);
    if (!PROMISE_EVENTS.has(name) && !notice && !this.keptByEvents.has(name)) return [];
    const by: ClosedBy = seq > 0 ? seq : 'call';
    return this.operation(() => {
      if (name === 'Promise Made') {
        const input = promiseFromEvent(ev, customerId, p, at, this.departments);
        if (input !== undefined) this.makeInner(input, by);
        return;
      }
      const id = idOf(p['promise_id']);
      if (id !== undefined) {
        if (name === 'Promise Kept') this.closeInner(id, 'kept', at, by);
        else if (name === 'Promise Broken') this.closeInner(id, 'broken', at, by, text(p['reason'], 200));
        else if (name === 'Promise Cancelled') this.closeInner(id, 'cancelled', at, by);
        else if (name === 'Promise Renegotiated') {
          const newDueAt = newDueAtOf(p);
          if (newDueAt !== null) this.renegotiateInner(id, newDueAt, at, by);
        } else if (notice) this.noticeInner(id, at, by);
      }
      if (this.keptByEvents.has(name)) this.matchKeptBy(customerId, name, p, at, by);
    });
  }

  /**
   * Records a promise made outside the event log (an agent's action on a work item, a launched
   * campaign). A promise already known and open takes the new terms when `madeAt` is not older
   * than the terms it has; a closed one is not reopened. Throws RangeError on unusable input.
   */
  make(input: PromiseInput, by: ClosedBy = 'call'): PromiseChange[] {
    if (typeof input.id !== 'string' || input.id.length === 0) throw new RangeError('id must be a non-empty string');
    if (typeof input.customerId !== 'string' || input.customerId.length === 0) throw new RangeError('customerId must be a non-empty string');
    assertTime('madeAt', input.madeAt);
    assertTime('dueAt', input.dueAt);
    const grace = input.graceMs ?? 0;
    if (!(grace >= 0 && Number.isFinite(grace))) throw new RangeError(`graceMs must be ≥ 0 (got ${grace})`);
    return this.operation(() => this.makeInner({ ...input, graceMs: grace }, by));
  }

  /** The customer agreed a new due time: before the deadline the promise is renegotiated, after it stays broken; either way a successor opens with the new due. */
  renegotiate(id: string, newDueAt: number, at: number, by: ClosedBy = 'call'): PromiseChange[] {
    assertTime('newDueAt', newDueAt);
    assertTime('at', at);
    return this.operation(() => this.renegotiateInner(id, newDueAt, at, by));
  }

  /** Withdrawn by agreement (at or before the deadline; after it the promise is already broken). */
  cancel(id: string, at: number, by: ClosedBy = 'call'): PromiseChange[] {
    assertTime('at', at);
    return this.operation(() => this.closeInner(id, 'cancelled', at, by));
  }

  /** An explicit outcome, as `Promise Kept` / `Promise Broken` would set it. */
  close(id: string, outcome: 'kept' | 'broken', at: number, options: { by?: ClosedBy; reason?: string } = {}): PromiseChange[] {
    assertTime('at', at);
    return this.operation(() => this.closeInner(id, outcome, at, options.by ?? 'call', options.reason));
  }

  /** The customer was told the promise would slip; it counts as proactive when at or before due. */
  noteProactiveNotice(id: string, at: number, by: ClosedBy = 'call'): PromiseChange[] {
    assertTime('at', at);
    return this.operation(() => this.noticeInner(id, at, by));
  }

  /**
   * Moves the clock to `now` and breaks every open promise whose deadline has passed
   * (`deadline < now`); returns them, in deadline order unless a catch-up breaks very many.
   * Only due entries of the deadline heap are touched. A clock that goes back changes nothing.
   */
  tick(now: number): PromiseRecord[] {
    if (!Number.isFinite(now) || now <= this.clock) return [];
    this.clock = now;
    const out: PromiseRecord[] = [];
    const slots = this.slots;
    this.heap.takeBelow(now, (key, slot) => {
      const r = slots[slot];
      if (r === undefined || r.status !== 'open' || deadlineOf(r) !== key) return; // stale entry
      this.breakByClock(slot, r);
      out.push(r);
    });
    return out;
  }

  /** Re-files a customer's promises under another customer (after an identity merge). */
  moveCustomer(from: string, to: string): number {
    if (from === to) return 0;
    const moving = this.byCustomer.get(from);
    if (moving === undefined) return 0;
    this.byCustomer.delete(from);
    let target = this.byCustomer.get(to);
    if (target === undefined) {
      target = { id: to, slots: [] };
      this.byCustomer.set(to, target);
    }
    for (const slot of moving.slots) {
      const r = this.slots[slot];
      if (r === undefined) continue;
      r.customerId = target.id;
      target.slots.push(slot);
      this.dirty.add(slot);
    }
    return moving.slots.length;
  }

  // ---------------------------------------------------------------------------------------
  // Queries

  /** One promise by its exact id (a renegotiated one stays findable; see `renegotiatedTo`). */
  get(id: string): PromiseRecord | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.slots[slot];
  }

  /** The promise now carrying `id`'s commitment: itself, or the end of its renegotiation chain. */
  current(id: string): PromiseRecord | undefined {
    const slot = this.headSlot(id);
    return slot === undefined ? undefined : this.slots[slot];
  }

  /** A page of promises ordered by (dueAt, id). Throws RangeError on a cursor that is not ours. */
  list(filter: PromiseFilter = {}): PromisePage {
    if (filter.customerId !== undefined) {
      const slots = this.byCustomer.get(filter.customerId)?.slots ?? [];
      return listPage(this.recordsAt(slots), filter);
    }
    return listPage(this.slots, filter);
  }

  /** Every record, in the order they were made (for metrics). */
  all(): readonly PromiseRecord[] {
    return this.slots;
  }

  /** The records changed since the previous call, for the lead to upsert. */
  takeDirty(): PromiseRecord[] {
    const out: PromiseRecord[] = [];
    for (const slot of this.dirty.take()) {
      const r = this.slots[slot];
      if (r !== undefined) out.push(r);
    }
    return out;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** The latest tick (−∞ before the first). */
  get lastTick(): number {
    return this.clock;
  }

  stats(): LedgerStats {
    return {
      records: this.slots.length,
      open: this.openCount,
      heapEntries: this.heap.size,
      pendingIds: this.pending.size,
      conflicts: this.conflicts,
      lastSeq: this.seq,
      lastTick: Number.isFinite(this.clock) ? this.clock : null,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Persistence

  /**
   * The ledger as JSON-ready data. It shares the live records: stringify it before the next
   * operation. Indexes, the heap and the dirty set are not part of it.
   */
  toJSON(): LedgerSnapshot {
    return {
      version: LEDGER_SNAPSHOT_VERSION,
      lastSeq: this.seq,
      lastTick: Number.isFinite(this.clock) ? this.clock : null,
      records: this.slots,
      pending: [...this.pending],
    };
  }

  /** A ledger from `toJSON()` output (parsed or not), or null when it is not a snapshot of this version. */
  static fromJSON(snapshot: unknown, options: LedgerOptions = {}): PromiseLedger | null {
    const snap = readSnapshot(typeof snapshot === 'string' ? safeParse(snapshot) : snapshot);
    if (snap === null) return null;
    return PromiseLedger.fromRecords(snap.records, { lastSeq: snap.lastSeq, lastTick: snap.lastTick, pending: snap.pending }, options);
  }

  /** A ledger from stored rows (any order of rows; records keep their order for equal inputs). */
  static fromRecords(
    records: Iterable<PromiseRecord>,
    meta: { lastSeq?: number; lastTick?: number | null; pending?: Iterable<[string, PendingOp[]]> } = {},
    options: LedgerOptions = {},
  ): PromiseLedger {
    const ledger = new PromiseLedger(options);
    ledger.seq = meta.lastSeq ?? 0;
    ledger.clock = meta.lastTick ?? Number.NEGATIVE_INFINITY;
    const keys: number[] = [];
    const vals: number[] = [];
    for (const row of records) {
      if (ledger.slotOf.has(row.id)) continue;
      const r = reviveRecord(row);
      const slot = ledger.slots.length;
      ledger.slots.push(r);
      ledger.slotOf.set(r.id, slot);
      ledger.index(r, slot);
      if (r.keptBy !== undefined) ledger.keptByEvents.add(r.keptBy.event);
      if (r.status === 'open') {
        ledger.openCount++;
        keys.push(deadlineOf(r));
        vals.push(slot);
      }
    }
    ledger.heap.rebuild(keys, vals, keys.length);
    for (const [id, ops] of meta.pending ?? []) ledger.pending.set(id, ops);
    return ledger;
  }

  // ---------------------------------------------------------------------------------------
  // Operations (each runs inside `operation`, which reports the status changes)

  private operation(fn: () => void): PromiseChange[] {
    const touched = this.touchedScratch;
    touched.clear();
    this.touched = touched;
    try {
      fn();
      // A promise this operation left open past the latest tick breaks now, as the tick would have.
      for (const slot of touched.keys()) {
        const r = this.slots[slot];
        if (r !== undefined && r.status === 'open' && deadlineOf(r) < this.clock) this.breakByClock(slot, r);
      }
    } finally {
      this.touched = null;
    }
    const changes: PromiseChange[] = [];
    for (const [slot, from] of touched) {
      const r = this.slots[slot];
      if (r !== undefined && r.status !== from) changes.push({ promise: r, from, to: r.status });
    }
    return changes;
  }

  private makeInner(input: PromiseInput, by: ClosedBy): void {
    const known = this.slotOf.get(input.id);
    if (known !== undefined) {
      this.refresh(known, input, by);
      return;
    }
    const r = newRecord(
      {
        id: input.id,
        customerId: input.customerId,
        type: input.type,
        department: input.department,
        owner: input.owner ?? input.department,
        origin: { kind: input.origin.kind, ref: input.origin.ref },
        madeAt: input.madeAt,
        termsAt: input.madeAt,
        dueAt: input.dueAt,
        graceMs: input.graceMs ?? 0,
        keptBy: input.keptBy === undefined ? undefined : { ...input.keptBy },
        campaignId: input.campaignId,
        description: input.description,
      },
      'open',
      [{ at: input.madeAt, kind: 'made', by, dueAt: input.dueAt }],
    );
    this.insert(r);
    // Explicit operations that came before the promise was known apply now, in their order.
    const ops = this.pending.get(r.id);
    if (ops === undefined) return;
    this.pending.delete(r.id);
    for (const op of ops) {
      if (op.kind === 'renegotiated') {
        if (op.newDueAt !== undefined) this.renegotiateInner(r.id, op.newDueAt, op.at, op.by);
      } else if (op.kind === 'notice') this.noticeInner(r.id, op.at, op.by);
      else this.closeInner(r.id, op.kind, op.at, op.by, op.reason);
    }
  }

  /** A re-sent `Promise Made`: new terms for an open promise, unless older than the terms it has. */
  private refresh(slot: number, input: PromiseInput, by: ClosedBy): void {
    const r = this.slots[slot];
    if (r === undefined) return;
    if (r.customerId !== input.customerId) {
      this.conflicts++;
      return;
    }
    this.normalize(slot, r, input.madeAt);
    if (r.status !== 'open' || input.madeAt < r.termsAt) return;
    const grace = input.graceMs ?? 0;
    const owner = input.owner ?? input.department;
    const same =
      r.type === input.type && r.department === input.department && r.owner === owner && r.dueAt === input.dueAt && r.graceMs === grace &&
      sameKeptBy(r.keptBy, input.keptBy) && r.campaignId === input.campaignId && r.description === input.description;
    this.touch(slot);
    r.termsAt = input.madeAt;
    if (same) return;
    const moved = r.dueAt !== input.dueAt || r.graceMs !== grace;
    r.type = input.type;
    r.department = input.department;
    r.owner = owner;
    r.dueAt = input.dueAt;
    r.graceMs = grace;
    r.keptBy = input.keptBy === undefined ? undefined : { ...input.keptBy };
    if (input.keptBy !== undefined) this.keptByEvents.add(input.keptBy.event);
    r.campaignId = input.campaignId;
    r.description = input.description;
    this.note(r, { at: input.madeAt, kind: 'refreshed', by, dueAt: input.dueAt });
    if (moved) this.pushDeadline(slot, r);
  }

  private closeInner(id: string, outcome: 'kept' | 'broken' | 'cancelled', at: number, by: ClosedBy, reason?: string): void {
    const slot = this.headSlot(id);
    if (slot === undefined) {
      const op: PendingOp = { kind: outcome, at, by };
      if (reason !== undefined) op.reason = reason;
      this.addPending(id, op);
      return;
    }
    const r = this.slots[slot];
    if (r === undefined) return;
    this.normalize(slot, r, at);
    const deadline = deadlineOf(r);
    if (r.status === 'open') {
      this.setOutcome(slot, r, outcome, at, by, reason); // at ≤ deadline: normalize broke it otherwise
      return;
    }
    if (r.status === outcome) {
      if (outcome === 'broken' && reason !== undefined && r.reason === undefined) {
        this.touch(slot);
        r.reason = reason;
      }
      return;
    }
    if (outcome === 'kept' && r.status === 'broken' && at > deadline) {
      this.noteLate(slot, r, at, by);
      return;
    }
    // A different outcome, stated later than the one that stands, overrules it (a person
    // correcting an automatic "kept", say) — kept and cancelled only while on time. The clock's
    // break is not a statement: only proof from before the deadline undoes it (normalize).
    if (r.status === 'renegotiated' || r.closedBy === 'clock' || r.closedAt === undefined || at <= r.closedAt) return;
    if (outcome !== 'broken' && at > deadline) return;
    this.setOutcome(slot, r, outcome, at, by, reason);
  }

  private renegotiateInner(id: string, newDueAt: number, at: number, by: ClosedBy): void {
    const slot = this.headSlot(id);
    if (slot === undefined) {
      this.addPending(id, { kind: 'renegotiated', at, by, newDueAt });
      return;
    }
    const r = this.slots[slot];
    if (r === undefined) return;
    this.normalize(slot, r, at);
    if (r.status !== 'open' && r.status !== 'broken') return; // kept or cancelled: nothing left to move
    this.touch(slot);
    const successor = this.successor(r, newDueAt, at, by);
    r.renegotiatedTo = successor.id;
    if (r.status === 'open') {
      this.openCount--;
      r.status = 'renegotiated';
      r.closedAt = at;
      r.closedBy = by;
      r.reason = undefined;
      r.fulfilledLateAt = undefined;
      // Agreeing a new date before due means the customer heard in time.
      if (at <= r.dueAt) r.proactiveNotice = true;
    }
    // After the deadline the promise stays broken; the new date is tracked by the successor.
    r.history = withEntry(r.history, { at, kind: 'renegotiated', by, dueAt: newDueAt, to: successor.id });
  }

  private noticeInner(id: string, at: number, by: ClosedBy): void {
    const slot = this.headSlot(id);
    if (slot === undefined) {
      this.addPending(id, { kind: 'notice', at, by });
      return;
    }
    const r = this.slots[slot];
    if (r === undefined) return;
    this.normalize(slot, r, at);
    if (r.status !== 'open' || at > r.dueAt || r.proactiveNotice === true) return;
    this.touch(slot);
    r.proactiveNotice = true;
    this.note(r, { at, kind: 'notice', by, proactive: true });
  }

  /** kept_by: every promise of the customer this event proves. */
  private matchKeptBy(customerId: string, name: string, p: Obj, at: number, by: ClosedBy): void {
    const slots = this.byCustomer.get(customerId)?.slots;
    if (slots === undefined) return;
    for (const slot of slots) {
      const r = this.slots[slot];
      const k = r?.keptBy;
      if (r === undefined || k === undefined || k.event !== name) continue;
      if (r.status !== 'open' && r.status !== 'broken') continue;
      if (!matchesKeptBy(k, name, p)) continue;
      this.normalize(slot, r, at);
      if (r.status === 'open') this.setOutcome(slot, r, 'kept', at, by);
      else if (r.status === 'broken' && at > deadlineOf(r)) this.noteLate(slot, r, at, by);
      // broken by an explicit statement before the deadline: the statement stands
    }
  }

  // ---------------------------------------------------------------------------------------
  // Record steps

  private insert(r: PromiseRecord): void {
    const slot = this.slots.length;
    this.slots.push(r);
    this.slotOf.set(r.id, slot);
    this.index(r, slot);
    if (r.keptBy !== undefined) this.keptByEvents.add(r.keptBy.event);
    this.touched?.set(slot, null);
    this.dirty.add(slot);
    this.openCount++;
    this.pushDeadline(slot, r);
  }

  /** The promise carrying a renegotiated commitment: same terms, new due, id `<root>~<n>`. */
  private successor(r: PromiseRecord, newDueAt: number, at: number, by: ClosedBy): PromiseRecord {
    const m = r.renegotiatedFrom === undefined ? null : /^(.*)~(\d+)$/.exec(r.id);
    const base = m === null ? r.id : (m[1] as string);
    let n = m === null ? 1 : Number(m[2]) + 1;
    while (this.slotOf.has(`${base}~${n}`)) n++;
    const s = newRecord(
      {
        id: `${base}~${n}`,
        customerId: r.customerId,
        type: r.type,
        department: r.department,
        owner: r.owner,
        origin: { kind: r.origin.kind, ref: r.origin.ref },
        madeAt: at,
        termsAt: at,
        dueAt: newDueAt,
        graceMs: r.graceMs,
        keptBy: r.keptBy === undefined ? undefined : { ...r.keptBy },
        campaignId: r.campaignId,
        description: r.description,
      },
      'open',
      [{ at, kind: 'made', by, dueAt: newDueAt }],
    );
    s.renegotiatedFrom = r.id;
    this.insert(s);
    return s;
  }

  private setOutcome(slot: number, r: PromiseRecord, outcome: 'kept' | 'broken' | 'cancelled', at: number, by: ClosedBy, reason?: string): void {
    this.touch(slot);
    if (r.status === 'open') this.openCount--;
    r.status = outcome;
    r.closedAt = at;
    r.closedBy = by;
    if (outcome === 'broken') {
      if (reason !== undefined) r.reason = reason;
    } else {
      r.reason = undefined;
      r.fulfilledLateAt = undefined;
    }
    const entry: HistoryEntry = { at, kind: outcome, by };
    if (outcome === 'broken' && reason !== undefined) entry.reason = reason;
    r.history = withEntry(r.history, entry);
  }

  private noteLate(slot: number, r: PromiseRecord, at: number, by: ClosedBy): void {
    if (r.fulfilledLateAt !== undefined && r.fulfilledLateAt <= at) return;
    this.touch(slot);
    r.fulfilledLateAt = at;
    this.note(r, { at, kind: 'fulfilled_late', by });
  }

  private breakByClock(slot: number, r: PromiseRecord): void {
    this.touch(slot);
    const deadline = deadlineOf(r);
    this.openCount--;
    r.status = 'broken';
    r.closedAt = deadline;
    r.closedBy = 'clock';
    r.history = withEntry(r.history, { at: deadline, kind: 'broken', by: 'clock' });
  }

  /** Undoes a clock break: proof from before the deadline arrived after the tick. */
  private reopen(slot: number, r: PromiseRecord): void {
    this.touch(slot);
    this.openCount++;
    r.status = 'open';
    r.closedAt = undefined;
    r.closedBy = undefined;
    for (let i = r.history.length - 1; i >= 0; i--) {
      const h = r.history[i];
      if (h !== undefined && h.kind === 'broken' && h.by === 'clock') {
        r.history = r.history.filter((_, j) => j !== i);
        break;
      }
    }
    this.pushDeadline(slot, r);
  }

  /**
   * Brings a promise to what the clock alone makes of it at event time `at`: open past its
   * deadline → broken by the clock; broken by the clock but `at` on time → open again.
   */
  private normalize(slot: number, r: PromiseRecord, at: number): void {
    if (r.status === 'open') {
      if (at > deadlineOf(r)) this.breakByClock(slot, r);
    } else if (r.status === 'broken' && r.closedBy === 'clock' && at <= deadlineOf(r)) {
      this.reopen(slot, r);
    }
  }

  private note(r: PromiseRecord, entry: HistoryEntry): void {
    if (r.history.length < HISTORY_NOTES_CAP) r.history = withEntry(r.history, entry);
  }

  private touch(slot: number): void {
    const t = this.touched;
    if (t !== null && !t.has(slot)) t.set(slot, this.slots[slot]?.status ?? null);
    this.dirty.add(slot);
  }

  private pushDeadline(slot: number, r: PromiseRecord): void {
    this.heap.push(deadlineOf(r), slot);
    // Closed or moved promises leave stale entries; drop them once they outnumber the open ones.
    if (this.heap.size > 2 * this.openCount + 4096) {
      const seen = new Set<number>();
      this.heap.compact((key, s) => {
        const x = this.slots[s];
        if (x === undefined || x.status !== 'open' || deadlineOf(x) !== key || seen.has(s)) return false;
        seen.add(s);
        return true;
      });
    }
  }

  private headSlot(id: string): number | undefined {
    let slot = this.slotOf.get(id);
    for (let hops = 0; slot !== undefined && hops < 10_000; hops++) {
      const next = this.slots[slot]?.renegotiatedTo;
      if (next === undefined) return slot;
      slot = this.slotOf.get(next);
    }
    return slot;
  }

  private addPending(id: string, op: PendingOp): void {
    let ops = this.pending.get(id);
    if (ops === undefined) {
      if (this.pending.size >= PENDING_CAP) {
        const oldest = this.pending.keys().next();
        if (oldest.done !== true) this.pending.delete(oldest.value);
      }
      ops = [];
      this.pending.set(id, ops);
    }
    if (ops.length < PENDING_PER_PROMISE) ops.push(op);
  }

  private index(r: PromiseRecord, slot: number): void {
    const entry = this.byCustomer.get(r.customerId);
    if (entry === undefined) this.byCustomer.set(r.customerId, { id: r.customerId, slots: [slot] });
    else {
      r.customerId = entry.id;
      entry.slots.push(slot);
    }
  }

  private *recordsAt(slots: readonly number[]): Generator<PromiseRecord> {
    for (const s of slots) {
      const r = this.slots[s];
      if (r !== undefined) yield r;
    }
  }
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
