/** Reads of the append-only event log. Writes go through the LogWriter only. */
import type { Kysely } from 'kysely';
import type { TuttiEvent } from '../core/event.js';
import { fromEventRow } from './event-rows.js';
import type { Database } from './schema.js';

/** Every event filed under any of these customer profiles, in log order (how state is folded). */
export async function readClusterEvents(db: Kysely<Database>, customerIds: string[]): Promise<TuttiEvent[]> {
  if (customerIds.length === 0) return [];
  const rows = await db.selectFrom('events').selectAll().where('customer_id', 'in', customerIds).orderBy('seq').execute();
  return rows.map(fromEventRow);
}

export interface TimelineQuery {
  customerIds: string[];
  departments?: string[];
  /** Events strictly after this (ts, seq) position in event-time order. */
  after?: { ts: number; seq: number };
  limit: number;
}

/** A page of the timeline in event-time order (ties by log position). */
export async function readTimeline(db: Kysely<Database>, q: TimelineQuery): Promise<TuttiEvent[]> {
  let query = db.selectFrom('events').selectAll().where('customer_id', 'in', q.customerIds);
  if (q.departments && q.departments.length > 0) query = query.where('department', 'in', q.departments);
  const after = q.after;
  if (after) {
    query = query.where((eb) => eb.or([eb('ts', '>', after.ts), eb.and([eb('ts', '=', after.ts), eb('seq', '>', after.seq)])]));
  }
  const rows = await query.orderBy('ts').orderBy('seq').limit(q.limit).execute();
  return rows.map(fromEventRow);
}

/** Walks the whole log after a position, a page at a time (keyset pagination, flat memory). */
export async function* scanEvents(db: Kysely<Database>, afterSeq = 0, pageSize = 10_000): AsyncGenerator<TuttiEvent[]> {
  let position = afterSeq;
  for (;;) {
    const rows = await db.selectFrom('events').selectAll().where('seq', '>', position).orderBy('seq').limit(pageSize).execute();
    if (rows.length === 0) return;
    position = rows[rows.length - 1]!.seq;
    yield rows.map(fromEventRow);
  }
}

export async function maxSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst();
  return Number(row?.max ?? 0);
}

export async function countEvents(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
