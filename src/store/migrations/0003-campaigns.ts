import type { Kysely } from 'kysely';
import { type DialectName, dialectTypes } from '../dialect.js';

/** Campaigns under launch-readiness review: the declaration, sign-offs, acceptances, launch. */
export function campaigns(dialect: DialectName) {
  const t = dialectTypes(dialect);
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('campaigns')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('spec', 'text', (c) => c.notNull())
        .addColumn('signoffs', 'text', (c) => c.notNull())
        .addColumn('acceptances', 'text', (c) => c.notNull())
        .addColumn('launch_report', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', t.bigint, (c) => c.notNull())
        .addColumn('updated_at', t.bigint, (c) => c.notNull())
        .addColumn('launched_by', 'text')
        .addColumn('launched_at', t.bigint)
        .execute();
      await db.schema.createIndex('campaigns_created').on('campaigns').columns(['created_at']).execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      await db.schema.dropTable('campaigns').execute();
    },
  };
}
