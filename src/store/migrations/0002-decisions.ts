import type { Kysely } from 'kysely';
import { type DialectName, dialectTypes } from '../dialect.js';

/** Contact policies (every applied version), the decision audit, and cap reservations. */
export function decisions(dialect: DialectName) {
  const t = dialectTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('policies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('applied_by', 'text', (c) => c.notNull())
        .addColumn('applied_at', t.bigint, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('policies_applied').on('policies').columns(['applied_at', 'id']).execute();

      await db.schema
        .createTable('decisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('until', t.bigint)
        .addColumn('policy_version', 'text', (c) => c.notNull())
        .addColumn('reservation_id', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('request', 'text', (c) => c.notNull())
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('recorded_at', t.bigint, (c) => c.notNull())
        .execute();
      // "Why wasn't this sent?": one customer's decisions, newest first.
      await db.schema.createIndex('decisions_customer_time').on('decisions').columns(['customer_id', 'at', 'id']).execute();
      await db.schema.createIndex('decisions_time').on('decisions').columns(['at']).execute();

      await db.schema
        .createTable('contact_reservations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('at', t.bigint, (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('released_at', t.bigint)
        .execute();
      await db.schema.createIndex('reservations_customer_time').on('contact_reservations').columns(['customer_id', 'at']).execute();
      await db.schema.createIndex('reservations_time').on('contact_reservations').columns(['at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('contact_reservations').execute();
      await db.schema.dropTable('decisions').execute();
      await db.schema.dropTable('policies').execute();
    },
  };
}
