/** Front-door requests, work items and messages in the database. */
import type { Kysely } from 'kysely';
import type { Database, RequestMessagesTable, RequestsTable, WorkItemsTable } from './schema.js';

export type RequestRow = RequestsTable;
export type WorkItemRow = WorkItemsTable;
export type MessageRow = RequestMessagesTable;

/** A new request with its work items and first messages, in one transaction. */
export async function insertRequest(db: Kysely<Database>, request: RequestRow, items: readonly WorkItemRow[], messages: readonly MessageRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('requests').values(request).execute();
    if (items.length > 0) await trx.insertInto('work_items').values([...items]).execute();
    if (messages.length > 0) await trx.insertInto('request_messages').values([...messages]).execute();
  });
}

export async function findRequest(db: Kysely<Database>, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRequestByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<RequestRow | undefined> {
  return db.selectFrom('requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** A customer's requests (all profiles of the cluster) created since `since`, newest first. */
export async function requestsOfCustomer(db: Kysely<Database>, customerIds: readonly string[], since: number): Promise<RequestRow[]> {
  if (customerIds.length === 0) return [];
  return db.selectFrom('requests').selectAll().where('customer_id', 'in', customerIds).where('created_at', '>=', since).orderBy('created_at', 'desc').execute();
}

export async function listRequests(db: Kysely<Database>, limit: number): Promise<RequestRow[]> {
  return db.selectFrom('requests').selectAll().where('duplicate_of', 'is', null).orderBy('created_at', 'desc').limit(limit).execute();
}

export async function workItemsOf(db: Kysely<Database>, requestId: string): Promise<WorkItemRow[]> {
  return db.selectFrom('work_items').selectAll().where('request_id', '=', requestId).orderBy('created_at').orderBy('id').execute();
}

export async function findWorkItem(db: Kysely<Database>, id: string): Promise<WorkItemRow | undefined> {
  return db.selectFrom('work_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every work item not yet resolved or cancelled (routing and SLA clocks are warmed from them). */
export async function openWorkItems(db: Kysely<Database>): Promise<WorkItemRow[]> {
  return db.selectFrom('work_items').selectAll().where('status', 'not in', ['resolved', 'cancelled']).orderBy('created_at').execute();
}

export async function updateWorkItem(db: Kysely<Database>, id: string, changes: Partial<Omit<WorkItemRow, 'id' | 'request_id'>>): Promise<void> {
  await db.updateTable('work_items').set(changes).where('id', '=', id).execute();
}

export async function updateRequest(db: Kysely<Database>, id: string, changes: Partial<Pick<RequestRow, 'updated_at' | 'survey_sent_at' | 'intents'>>): Promise<void> {
  await db.updateTable('requests').set(changes).where('id', '=', id).execute();
}

/** Marks the survey sent unless it already was; true when this call marked it. */
export async function claimSurvey(db: Kysely<Database>, id: string, at: number): Promise<boolean> {
  const result = await db.updateTable('requests').set({ survey_sent_at: at }).where('id', '=', id).where('survey_sent_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMessage(db: Kysely<Database>, message: MessageRow): Promise<void> {
  await db.insertInto('request_messages').values(message).execute();
}

export async function messagesOf(db: Kysely<Database>, requestIds: readonly string[]): Promise<MessageRow[]> {
  if (requestIds.length === 0) return [];
  return db.selectFrom('request_messages').selectAll().where('request_id', 'in', requestIds).orderBy('created_at').orderBy('id').execute();
}

/**
 * Group commit for new requests: requests that arrive while a commit is running are written
 * together in the next transaction, so concurrent intakes share one disk flush instead of
 * queueing for one each. `write` resolves once the rows are durable.
 */
export class RequestWriter {
  private pending: { request: RequestRow; items: readonly WorkItemRow[]; messages: readonly MessageRow[]; done: (error?: unknown) => void }[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly db: Kysely<Database>) {}

  write(request: RequestRow, items: readonly WorkItemRow[], messages: readonly MessageRow[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ request, items, messages, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.running === null) this.running = this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          await trx.insertInto('requests').values(batch.map((b) => b.request)).execute();
          const items = batch.flatMap((b) => b.items);
          for (let i = 0; i < items.length; i += 200) await trx.insertInto('work_items').values(items.slice(i, i + 200)).execute();
          const messages = batch.flatMap((b) => b.messages);
          for (let i = 0; i < messages.length; i += 200) await trx.insertInto('request_messages').values(messages.slice(i, i + 200)).execute();
        });
        for (const b of batch) b.done();
      } catch (error) {
        for (const b of batch) b.done(error ?? new Error('request write failed'));
      }
    }
    this.running = null;
  }
}
