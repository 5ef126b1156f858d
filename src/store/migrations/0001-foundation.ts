import { type Kysely, sql } from 'kysely';
import { type DialectName, dialectTypes } from '../dialect.js';

/** Sources, users, the event log, the identity graph and projection snapshots. */
export function foundation(dialect: DialectName) {
  const t = dialectTypes(dialect);
  // Tables keyed by text are clustered on their key in SQLite: one B-tree per insert instead of two.
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('sources')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('write_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('events')
        .addColumn('seq', t.serial, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('anonymous_id', 'text')
        .addColumn('ts', t.bigint, (c) => c.notNull())
        .addColumn('received_at', t.bigint, (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('catalogue_version', 'text')
        .execute();
      // Dedupe per (source, messageId) is enforced by the log itself, so it holds across restarts.
      await db.schema.createIndex('events_source_message').unique().on('events').columns(['source_id', 'message_id']).execute();
      // The timeline: one customer's events in event-time order.
      await db.schema.createIndex('events_customer_time').on('events').columns(['customer_id', 'ts', 'seq']).execute();

      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('merged_into', 'text')
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('identifiers')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addPrimaryKeyConstraint('identifiers_pk', ['type', 'value'])
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('merges')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('from_id', 'text', (c) => c.notNull())
        .addColumn('into_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('identifier_type', 'text')
        .addColumn('identifier_value', 'text')
        .addColumn('source_id', 'text')
        .addColumn('message_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('undone_at', t.bigint)
        .addColumn('undone_by', 'text')
        .execute();

      await db.schema
        .createTable('identity_conflicts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_a', 'text', (c) => c.notNull())
        .addColumn('customer_b', 'text', (c) => c.notNull())
        .addColumn('identifier_type', 'text')
        .addColumn('identifier_value', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text')
        .addColumn('message_id', 'text')
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('customer_states')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .modifyEnd(clustered)
        .execute();

      await db.schema
        .createTable('checkpoints')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('seq', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('company_data')
        .addColumn('kind', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .execute();
    },
  };
}
