/**
 * Opens the database named by a URL or path: a PostgreSQL server for postgres:// URLs,
 * otherwise an SQLite file (WAL) — the embedded default. Migrates on open.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { type DialectName, isPostgresUrl } from './dialect.js';
import { migrateToLatest } from './migrate.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import type { Database } from './schema.js';

const require = createRequire(import.meta.url);

export const DEFAULT_DB_PATH = './data/tutti.db';

export interface Store {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /** The raw SQLite connection, for the ingest hot path's prepared statements (SQLite only). */
  readonly sqlite: SqliteDatabase.Database | null;
  /** The PostgreSQL pool (PostgreSQL only). */
  readonly pool: pg.Pool | null;
  /** Where the data lives, without credentials, for messages. */
  readonly location: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** SQLite `synchronous`: FULL fsyncs every commit (durable across power loss); NORMAL only across process crashes. */
  sqliteSync?: 'FULL' | 'NORMAL';
  poolSize?: number;
}

// PostgreSQL returns 64-bit integers as strings; every bigint Tutti stores (ms, seq) fits in a double.
pg.types.setTypeParser(20, (value) => Number(value));

export async function openStore(urlOrPath: string = DEFAULT_DB_PATH, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(urlOrPath)) {
    const pool = new pg.Pool({ connectionString: urlOrPath, max: options.poolSize ?? 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    await migrateToLatest(db as Kysely<unknown>, 'postgres');
    const location = urlOrPath.replace(/\/\/[^@/]*@/, '//');
    return { dialect: 'postgres', db, sqlite: null, pool, location, close: () => db.destroy() };
  }
  if (urlOrPath !== ':memory:') mkdirSync(dirname(urlOrPath), { recursive: true });
  const sqlite = new SqliteDatabase(urlOrPath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.sqliteSync ?? 'FULL'}`);
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db as Kysely<unknown>, 'sqlite');
  if (urlOrPath === ':memory:') return { dialect: 'sqlite', db, sqlite, pool: null, location: urlOrPath, close: () => db.destroy() };
  sqlite.pragma('wal_autocheckpoint = 50000');
  const checkpointer = startCheckpointer(urlOrPath, require.resolve('better-sqlite3'));
  return {
    dialect: 'sqlite',
    db,
    sqlite,
    pool: null,
    location: urlOrPath,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}
