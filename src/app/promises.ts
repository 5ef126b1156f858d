/**
 * The promise ledger (DESIGN 3.5), the service layer: every promise a department makes —
 * a `Promise Made` event from any source, or one an agent makes through the API — is tracked
 * until kept or broken (src/promises/promise-ledger.ts), from the events as they are committed
 * and from the clock. A promise the clock breaks is written to the customer's timeline as
 * `Promise Broken` (so the customer's state and every contact decision see it) and opens a
 * recovery work item at the front door.
 *
 * The ledger lives in memory; changed records are written to the `promises` table every few
 * seconds with the log position they include, and on start the log after it is replayed.
 */
import { TuttiError } from '../core/errors.js';
import type { TuttiEvent } from '../core/event.js';
import { validateMessages } from '../ingest/validate-batch.js';
import { PromiseLedger } from '../promises/promise-ledger.js';
import { forwardLoad, promiseRates, repeatBreakers } from '../promises/promise-metrics.js';
import type { PromiseFilter, PromiseRecord } from '../promises/promise-types.js';
import { scanEvents } from '../store/event-log.js';
import { fromJsonColumn, toJsonColumn } from '../store/json-column.js';
import { addSource, findSourceByName, type Source } from '../store/sources-repo.js';
import type { FrontDoor } from './front-door.js';
import type { Tutti } from './tutti.js';

export type PromiseDeps = Pick<Tutti, 'store' | 'clock' | 'ids' | 'sources' | 'identity' | 'pipeline'>;

const TICK_MS = 5_000;
/** A promise broken longer ago than this is history: it is recorded, but opens no recovery work. */
const RECOVERY_WINDOW_MS = 7 * 86_400_000;
const META_KIND = 'promises.meta';

export interface MakePromiseInput {
  /** The customer's root id. */
  customerId: string;
  type: string;
  department: string;
  owner?: string;
  dueAt: number;
  graceMinutes?: number;
  keptBy?: { event: string; order_id?: string; shipment_id?: string; refund_id?: string; ticket_id?: string; min_amount?: number };
  description?: string;
  workItemId?: string;
}

export class PromiseService {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly sources = new Map<string, Source>();
  private frontDoor: FrontDoor | null = null;

  private constructor(private readonly tutti: PromiseDeps, readonly ledger: PromiseLedger) {}

  static async open(tutti: PromiseDeps, log: (m: string) => void): Promise<PromiseService> {
    const db = tutti.store.db;
    const rows = await db.selectFrom('promises').select('record').execute();
    const meta = fromJsonColumn<{ lastSeq: number; lastTick: number | null }>((await db.selectFrom('company_data').select('data').where('kind', '=', META_KIND).executeTakeFirst())?.data, { lastSeq: 0, lastTick: null });
    const ledger = PromiseLedger.fromRecords(rows.map((r) => JSON.parse(r.record) as PromiseRecord), meta);
    const graph = tutti.identity();
    let replayed = 0;
    for await (const page of scanEvents(db, meta.lastSeq)) {
      for (const ev of page) {
        ledger.applyEvent(ev, graph.rootOf(ev.customerId) ?? ev.customerId);
        replayed++;
      }
    }
    if (replayed > 0 && rows.length + replayed > 0) log(`Promise ledger: ${rows.length} stored promises, ${replayed} events replayed.`);
    const service = new PromiseService(tutti, ledger);
    tutti.pipeline.onApplied((root, ev) => service.observe(root, ev));
    return service;
  }

  /** Recovery work items go to the front door. */
  connect(frontDoor: FrontDoor): void {
    this.frontDoor = frontDoor;
  }

  start(log: (m: string) => void): void {
    this.timer = setInterval(() => {
      if (this.running !== null) return;
      this.running = this.tick(this.tutti.clock.now())
        .catch((e: unknown) => log(`Promise tick failed: ${String(e)}`))
        .finally(() => {
          this.running = null;
        });
    }, TICK_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await this.running;
    await this.persist();
  }

  private observe(root: string, ev: TuttiEvent): void {
    for (const change of this.ledger.applyEvent(ev, root)) {
      // A promise an event declared broken needs recovery too (the clock path recovers its own in tick).
      if (change.to === 'broken' && this.recent(change.promise)) void this.recover(change.promise).catch(() => undefined);
    }
  }

  private recent(p: PromiseRecord): boolean {
    return this.tutti.clock.now() - (p.closedAt ?? p.dueAt + p.graceMs) <= RECOVERY_WINDOW_MS;
  }

  private async source(department: string): Promise<Source> {
    const hit = this.sources.get(department);
    if (hit !== undefined) return hit;
    const name = `promise-ledger-${department}`;
    const db = this.tutti.store.db;
    const source = (await findSourceByName(db, name)) ?? (await addSource(db, this.tutti.ids, { name, department, now: this.tutti.clock.now() }));
    this.tutti.sources.add(source);
    this.sources.set(department, source);
    return source;
  }

  /** One identifier that resolves to the customer, for events written on their behalf. */
  private identify(customerId: string): Record<string, unknown> {
    const ids = this.tutti.identity().identifiersOf(customerId);
    const pick = (type: string): string | undefined => ids.find((i) => i.type === type)?.value;
    const userId = pick('userId');
    if (userId !== undefined) return { userId };
    const email = pick('email');
    if (email !== undefined) return { context: { traits: { email } } };
    const phone = pick('phone');
    if (phone !== undefined) return { context: { traits: { phone } } };
    const anonymousId = pick('anonymousId');
    if (anonymousId !== undefined) return { anonymousId };
    const ticket = pick('ticket');
    if (ticket !== undefined) return { properties: { ticket_id: ticket } };
    throw new TuttiError('customer_not_found', `Customer ${customerId} has no identifier to write events with.`);
  }

  private message(customerId: string, event: string, properties: Record<string, unknown>, at: number, messageId: string): Record<string, unknown> {
    const who = this.identify(customerId);
    return { type: 'track', event, messageId, timestamp: new Date(at).toISOString(), ...who, properties: { ...((who['properties'] as object | undefined) ?? {}), ...properties } };
  }

  private async write(department: string, customerId: string, event: string, properties: Record<string, unknown>, at: number, messageId: string): Promise<void> {
    await this.writeMany(department, [this.message(customerId, event, properties, at, messageId)]);
  }

  /** Several messages from one department's ledger source, in one pipeline submission. */
  private async writeMany(department: string, messages: Record<string, unknown>[]): Promise<void> {
    const { items, errors } = validateMessages(messages, await this.source(department), this.tutti.clock.now(), null);
    if (errors.length > 0 && items.length === 0) throw new TuttiError('invalid_request', errors.map((e) => e.message).join('; '));
    await this.tutti.pipeline.submit(items);
  }

  /** An agent's promise: written to the timeline as `Promise Made`, from which the ledger files it. */
  async make(input: MakePromiseInput): Promise<PromiseRecord> {
    const now = this.tutti.clock.now();
    if (!(input.dueAt > now)) throw new TuttiError('invalid_request', 'dueAt must be in the future.', { field: 'dueAt' });
    const id = this.tutti.ids('prm');
    await this.write(input.department, input.customerId, 'Promise Made', {
      promise_id: id, type: input.type, owner: input.owner ?? input.department, due_at: new Date(input.dueAt).toISOString(),
      ...(input.graceMinutes === undefined ? {} : { grace_minutes: input.graceMinutes }),
      ...(input.keptBy === undefined ? {} : { kept_by: input.keptBy }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.workItemId === undefined ? {} : { work_item_id: input.workItemId }),
    }, now, `ledger-made-${id}`);
    const record = this.ledger.get(id);
    if (record === undefined) throw new Error(`promise ${id} was written but not filed`);
    return record;
  }

  /** The customer agreed to a new due time (before the old one passed), or the promise is withdrawn, or they were told it will slip. */
  async change(id: string, action: { kind: 'renegotiate'; newDueAt: number } | { kind: 'cancel' } | { kind: 'notice' }): Promise<PromiseRecord> {
    const record = this.ledger.get(id);
    if (record === undefined) throw new TuttiError('not_found', `No promise has the id ${id}.`);
    const now = this.tutti.clock.now();
    if (action.kind === 'notice') {
      this.ledger.noteProactiveNotice(id, now);
    } else {
      const event = action.kind === 'renegotiate' ? 'Promise Renegotiated' : 'Promise Cancelled';
      const props = action.kind === 'renegotiate' ? { promise_id: id, new_due_at: new Date(action.newDueAt).toISOString() } : { promise_id: id };
      await this.write(record.department, record.customerId, event, props, now, `ledger-${action.kind}-${id}-${now}`);
    }
    return this.ledger.get(id) ?? record;
  }

  /** The clock moved: promises past due and grace are broken; each is written and recovered. */
  async tick(now: number): Promise<PromiseRecord[]> {
    const broken = this.ledger.tick(now);
    // One submission per department: a tick that breaks thousands of old promises (a first
    // start on a year of history) writes them in a few commits, not thousands.
    const byDepartment = new Map<string, Record<string, unknown>[]>();
    for (const p of broken) {
      let message: Record<string, unknown>;
      try {
        // Stamped at the tick: it adds the reason to the clock's break without turning it into an
        // on-time statement that proof stamped before the deadline could no longer reopen.
        message = this.message(p.customerId, 'Promise Broken', { promise_id: p.id, reason: 'not kept by the due time' }, now, `ledger-broken-${p.id}`);
      } catch {
        continue; // a customer with no identifier left to write with: the ledger still records it
      }
      const list = byDepartment.get(p.department) ?? [];
      list.push(message);
      byDepartment.set(p.department, list);
    }
    for (const [department, messages] of byDepartment) {
      for (let i = 0; i < messages.length; i += 1000) await this.writeMany(department, messages.slice(i, i + 1000)).catch(() => undefined);
    }
    for (const p of broken) if (this.recent(p)) await this.recover(p);
    await this.persist();
    return broken;
  }

  private async recover(p: PromiseRecord): Promise<void> {
    await this.frontDoor?.openRecovery(p.customerId, { promiseId: p.id, type: p.type, department: p.department, dueAt: p.dueAt });
  }

  /** Writes the records that changed since the last call, with the log position they include. */
  async persist(): Promise<void> {
    // Taken together, before any await: the log position stored covers exactly these records.
    const dirty = this.ledger.takeDirty();
    const stats = this.ledger.stats();
    const db = this.tutti.store.db;
    for (const r of dirty) {
      const row = { id: r.id, customer_id: r.customerId, department: r.department, status: r.status, due_at: r.dueAt, record: JSON.stringify(r), updated_at: this.tutti.clock.now() };
      await db.insertInto('promises').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ customer_id: row.customer_id, department: row.department, status: row.status, due_at: row.due_at, record: row.record, updated_at: row.updated_at })).execute();
    }
    const meta = { kind: META_KIND, data: toJsonColumn({ lastSeq: stats.lastSeq, lastTick: stats.lastTick }), updated_at: this.tutti.clock.now() };
    await db.insertInto('company_data').values(meta).onConflict((oc) => oc.column('kind').doUpdateSet({ data: meta.data, updated_at: meta.updated_at })).execute();
  }

  list(filter: PromiseFilter) {
    return this.ledger.list(filter);
  }

  /** Kept and strict rates by department, type and campaign; repeat breakers; promises due per day per department. */
  metrics(from: number, to: number, days = 14) {
    const all = this.ledger.all();
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      rates: promiseRates(all, from, to),
      repeatBreakers: repeatBreakers(all, { asOf: to }).slice(0, 100),
      forwardLoad: forwardLoad(all, { from: this.tutti.clock.now(), days }),
    };
  }
}
