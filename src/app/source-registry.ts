/**
 * Write key → source, cached in memory so ingest needs no database read per request.
 * A key the cache does not know is looked up once (`tutti sources add` may have run in another
 * process); unknown keys are remembered briefly so a bad client cannot hammer the database.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Database } from '../store/schema.js';
import { listSources, type Source } from '../store/sources-repo.js';

const MISS_TTL_MS = 5_000;

export class SourceRegistry {
  private byKey = new Map<string, Source>();
  private misses = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async load(): Promise<void> {
    const sources = await listSources(this.db);
    this.byKey = new Map(sources.map((s) => [s.writeKey, s]));
  }

  add(source: Source): void {
    this.byKey.set(source.writeKey, source);
    this.misses.delete(source.writeKey);
  }

  /** The source for a write key, or undefined. */
  async byWriteKey(writeKey: string): Promise<Source | undefined> {
    const hit = this.byKey.get(writeKey);
    if (hit) return hit;
    const missedAt = this.misses.get(writeKey);
    if (missedAt !== undefined && this.clock.now() - missedAt < MISS_TTL_MS) return undefined;
    const row = await this.db.selectFrom('sources').selectAll().where('write_key', '=', writeKey).executeTakeFirst();
    if (!row) {
      if (this.misses.size > 10_000) this.misses.clear();
      this.misses.set(writeKey, this.clock.now());
      return undefined;
    }
    const source: Source = { id: row.id, name: row.name, department: row.department, writeKey: row.write_key, createdAt: row.created_at };
    this.add(source);
    return source;
  }

  all(): Source[] {
    return [...this.byKey.values()];
  }

  byId(id: string): Source | undefined {
    for (const s of this.byKey.values()) if (s.id === id) return s;
    return undefined;
  }
}
