import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { DialectName } from './dialect.js';
import { foundation } from './migrations/0001-foundation.js';
import { decisions } from './migrations/0002-decisions.js';
import { campaigns } from './migrations/0003-campaigns.js';
import { frontdoor } from './migrations/0004-frontdoor.js';

/** Migrations in order; the same list runs on SQLite and PostgreSQL. */
function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-foundation': foundation(dialect),
    '0002-decisions': decisions(dialect),
    '0003-campaigns': campaigns(dialect),
    '0004-frontdoor': frontdoor(dialect),
  };
}

/** Brings the schema up to date; throws with every failing migration's error. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) {
    const failed = results?.filter((r) => r.status === 'Error').map((r) => r.migrationName) ?? [];
    throw new Error(`Database migration failed (${failed.join(', ') || 'unknown'}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
