import type { Kysely } from 'kysely';
import { type DialectName, dialectTypes } from '../dialect.js';

/** The front door: customer requests, their internal work items and messages; the promise ledger. */
export function frontdoor(dialect: DialectName) {
  const t = dialectTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('subject', 'text')
        .addColumn('intents', 'text', (c) => c.notNull())
        .addColumn('duplicate_of', 'text')
        .addColumn('survey_sent_at', t.bigint)
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('requests_customer').on('requests').columns(['customer_id', 'created_at']).execute();

      await db.schema
        .createTable('work_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('intent', 'text', (c) => c.notNull())
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('confidence', 'real', (c) => c.notNull())
        .addColumn('clause', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addColumn('first_response_at', t.bigint)
        .addColumn('resolved_at', t.bigint)
        .execute();
      await db.schema.createIndex('work_items_request').on('work_items').columns(['request_id']).execute();
      await db.schema.createIndex('work_items_queue').on('work_items').columns(['queue', 'status']).execute();

      await db.schema
        .createTable('request_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .addColumn('work_item_id', 'text')
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('request_messages_request').on('request_messages').columns(['request_id', 'created_at']).execute();

      await db.schema
        .createTable('promises')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('due_at', t.bigint, (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('promises_status_due').on('promises').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('promises_customer').on('promises').columns(['customer_id']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const table of ['promises', 'request_messages', 'work_items', 'requests']) await db.schema.dropTable(table).execute();
    },
  };
}
