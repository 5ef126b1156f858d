/**
 * Everything that differs between SQLite and PostgreSQL sits here, so the rest of the
 * store is written once.
 */
export type DialectName = 'sqlite' | 'postgres';

export interface DialectTypes {
  /** Integer milliseconds and counters: 64-bit in both. */
  bigint: 'integer' | 'bigint';
  /** The event log's position: an auto-incrementing 64-bit key. */
  serial: 'integer' | 'bigserial';
}

export function dialectTypes(dialect: DialectName): DialectTypes {
  return dialect === 'sqlite' ? { bigint: 'integer', serial: 'integer' } : { bigint: 'bigint', serial: 'bigserial' };
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}
