/**
 * The scorecard service: relationship health per customer, the department scorecard and the
 * wall map for an opened Tutti. The engines are pure (health.ts, department-scorecard.ts,
 * wall-map.ts over ledger.ts); this is where they meet the database, the live states, the
 * identity graph and the clock.
 *
 * The ledger is built from the event log on first use (one pass by seq, the track events it
 * reads only) and caught up before every query with whatever was committed since — a read of
 * the log's tail by primary key. Results are cached per (period, log position, customers), so a
 * dashboard refreshing an unchanged period costs nothing.
 *
 * Health reads the live state (no database round trip) for the score; the trend re-folds the
 * customer's events older than the trend window (`trendDays`, default 30) into a state as of
 * then and scores that with the same configuration — exact, where reconstructing the past from
 * today's state could not be (closed items leave the state).
 */
import { setImmediate } from 'node:timers/promises';
import type SqliteDatabase from 'better-sqlite3';
import type { Tutti } from '../app/tutti.js';
import { applyEvent, emptyState } from '../state/customer-state.js';
import { maxSeq } from '../store/event-log.js';
import { fromEventRow } from '../store/event-rows.js';
import { loadHealthConfig } from './health-config.js';
import { type HealthConfig, type HealthScore, type HealthTrend, healthScore, healthTrend } from './health.js';
import { RootsCache } from './customer-roots.js';
import { type LedgerEvent, SCORECARD_EVENTS, ScorecardLedger } from './ledger.js';
import { type DepartmentScorecard, departmentScorecard } from './department-scorecard.js';
import { type WallMap, type WallMapCellDetail, wallMap, wallMapCell } from './wall-map.js';

const DAY = 86_400_000;
const PAGE = 2_000;
const CACHE_ENTRIES = 32;
const ITEM_ID_FIELDS = ['complaint_id', 'refund_id', 'dispute_id', 'shipment_id', 'ticket_id'] as const;

export interface CustomerHealth extends HealthScore {
  trend: HealthTrend;
  /** The weights file's version the score was computed with. */
  weightsVersion: string;
}

/** One event behind a wall-map collision, as the drill-down shows it. */
export interface CollisionEvent {
  seq: number;
  event: string;
  department: string;
  at: string;
  channel?: string;
  purpose?: string;
  campaignId?: string;
  itemId?: string;
}

export interface WallMapCellReport extends Omit<WallMapCellDetail, 'collisions'> {
  collisions: {
    customerId: string;
    action: CollisionEvent;
    held: (CollisionEvent & { kind: string; since: string; until: string | null })[];
  }[];
}

/** A JSON object's text as an object ({} for anything else). */
function objectOf(json: string | null): Record<string, unknown> {
  if (json === null) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function propertiesOf(payload: string): Record<string, unknown> {
  try {
    const parsed = JSON.parse(payload) as { properties?: unknown };
    const p = parsed?.properties;
    return typeof p === 'object' && p !== null && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);

export class ScorecardService {
  readonly ledger = new ScorecardLedger();
  private syncing: Promise<void> | null = null;
  private readonly cache = new Map<string, unknown>();
  private readonly roots = new RootsCache();
  private tail: SqliteDatabase.Statement<unknown[], unknown> | null = null;

  constructor(private readonly tutti: Tutti, readonly health: HealthConfig = loadHealthConfig()) {}

  /** Catches the ledger up with the event log (shares a catch-up already running). */
  sync(): Promise<void> {
    this.syncing ??= this.readLog().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  /** The customer's health now, with every part, the triggers and the trend. */
  async customerHealth(rootId: string): Promise<CustomerHealth> {
    const now = this.tutti.clock.now();
    const state = this.tutti.live.get(rootId) ?? emptyState(rootId);
    const current = healthScore(state, now, this.health);
    const then = now - this.health.trendDays * DAY;
    const rows = await this.tutti.store.db
      .selectFrom('events')
      .selectAll()
      .where('customer_id', 'in', this.tutti.identity().clusterOf(rootId))
      .where('ts', '<', then)
      .orderBy('seq')
      .execute();
    let previous: number | null = null;
    if (rows.length > 0) {
      const past = emptyState(rootId);
      for (const row of rows) applyEvent(past, fromEventRow(row));
      previous = healthScore(past, then, this.health).score;
    }
    return { ...current, trend: healthTrend(current.score, previous, now, this.health.trendDays), weightsVersion: this.health.version };
  }

  /** Won and cost per department and campaign over [from, to). */
  async scorecard(from: number, to: number): Promise<DepartmentScorecard> {
    await this.sync();
    const now = this.tutti.clock.now();
    // Open promises turn broken as time passes: the minute is part of the key.
    return this.cached(`scorecard:${from}:${to}:${Math.floor(Math.min(to, now) / 60_000)}`, () => departmentScorecard(this.ledger, this.tutti.identity(), from, to, now, {}, this.customerRoots()));
  }

  /** The department × department collision matrix over [from, to). */
  async wallMap(from: number, to: number): Promise<WallMap> {
    await this.sync();
    return this.cached(`wallmap:${from}:${to}`, () => wallMap(this.ledger, this.tutti.identity(), from, to, this.customerRoots()));
  }

  /** The customers and events behind one wall-map cell, each event with its name, department and ids. */
  async wallMapCell(actor: string, holder: string, from: number, to: number, limit: number): Promise<WallMapCellReport> {
    await this.sync();
    const detail = this.cached(`cell:${actor}:${holder}:${from}:${to}:${limit}`, () => wallMapCell(this.ledger, this.tutti.identity(), actor, holder, from, to, limit, this.customerRoots()));
    const seqs = new Set<number>();
    for (const c of detail.collisions) {
      seqs.add(c.action.seq);
      for (const h of c.held) seqs.add(h.seq);
    }
    const events = await this.describe([...seqs]);
    const fallback = (seq: number, at: string): CollisionEvent => ({ seq, event: 'unknown', department: 'unknown', at });
    return {
      ...detail,
      collisions: detail.collisions.map((c) => ({
        customerId: c.customerId,
        action: events.get(c.action.seq) ?? fallback(c.action.seq, c.action.at),
        held: c.held.map((h) => ({ ...(events.get(h.seq) ?? fallback(h.seq, h.since)), kind: h.kind, since: h.since, until: h.until })),
      })),
    };
  }

  private customerRoots() {
    return this.roots.get(this.ledger, this.tutti.identity(), this.tutti.clock.now());
  }

  private cached<T>(key: string, compute: () => T): T {
    const full = `${key}:${this.ledger.lastSeq}:${this.tutti.identity().customerCount()}`;
    if (this.cache.has(full)) return this.cache.get(full) as T;
    const value = compute();
    this.cache.set(full, value);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return value;
  }

  private async readLog(): Promise<void> {
    const upper = await maxSeq(this.tutti.store.db);
    let after = this.ledger.lastSeq;
    const before = this.ledger.eventsRead;
    while (after < upper) {
      const rows = await this.readPage(after, upper);
      if (rows.length === 0) break;
      for (const r of rows) this.ledger.add(r);
      after = rows[rows.length - 1]!.seq;
      // SQLite reads are synchronous: let requests and commits through between pages of a long catch-up.
      await setImmediate();
    }
    if (upper > this.ledger.lastSeq) this.ledger.lastSeq = upper;
    // After a big catch-up (the first one reads the whole log) the columns carry up to a third spare.
    if (this.ledger.eventsRead - before > 100_000) this.ledger.trim();
  }

  /** The next page of the log's tail: the track events the ledger reads, in log order. */
  private async readPage(after: number, upper: number): Promise<LedgerEvent[]> {
    const sqlite = this.tutti.store.sqlite;
    if (sqlite !== null) {
      // SQLite: a prepared statement that hands back only the properties (json_extract), as the
      // log writer uses prepared statements on its hot path; the first catch-up reads the whole log.
      const tail = (this.tail ??= sqlite
        .prepare(`SELECT seq, customer_id, department, event, ts, json_extract(payload, '$.properties') FROM events WHERE seq > ? AND seq <= ? AND type = 'track' AND event IN (${SCORECARD_EVENTS.map(() => '?').join(', ')}) ORDER BY seq LIMIT ${PAGE}`)
        .raw(true));
      const rows = tail.all(after, upper, ...SCORECARD_EVENTS) as [number, string, string, string, number, string | null][];
      return rows.map(([seq, customerId, department, event, ts, properties]) => ({ seq, customerId, department, event, timestamp: ts, properties: objectOf(properties) }));
    }
    const rows = await this.tutti.store.db
      .selectFrom('events')
      .select(['seq', 'customer_id', 'department', 'event', 'ts', 'payload'])
      .where('seq', '>', after)
      .where('seq', '<=', upper)
      .where('type', '=', 'track')
      .where('event', 'in', SCORECARD_EVENTS)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), customerId: r.customer_id, department: r.department, event: r.event, timestamp: Number(r.ts), properties: propertiesOf(r.payload) }));
  }

  /** The events at these log positions, described for the drill-down. */
  private async describe(seqs: number[]): Promise<Map<number, CollisionEvent>> {
    const out = new Map<number, CollisionEvent>();
    for (let i = 0; i < seqs.length; i += 500) {
      const rows = await this.tutti.store.db.selectFrom('events').select(['seq', 'event', 'department', 'ts', 'payload']).where('seq', 'in', seqs.slice(i, i + 500)).execute();
      for (const r of rows) {
        const p = propertiesOf(r.payload);
        const e: CollisionEvent = { seq: Number(r.seq), event: r.event, department: r.department, at: new Date(Number(r.ts)).toISOString() };
        const channel = str(p['channel']) ?? (r.event === 'Email Delivered' ? 'email' : undefined);
        if (channel !== undefined) e.channel = channel;
        const purpose = str(p['purpose']);
        if (purpose !== undefined) e.purpose = purpose;
        const campaignId = str(p['campaign_id']);
        if (campaignId !== undefined) e.campaignId = campaignId;
        for (const field of ITEM_ID_FIELDS) {
          const id = str(p[field]);
          if (id !== undefined) {
            e.itemId = id;
            break;
          }
        }
        out.set(e.seq, e);
      }
    }
    return out;
  }
}

const services = new WeakMap<Tutti, ScorecardService>();

/** The one scorecard service of an opened Tutti (routes, CLI and benchmarks share its ledger). */
export function scorecardService(tutti: Tutti): ScorecardService {
  let service = services.get(tutti);
  if (service === undefined) {
    service = new ScorecardService(tutti);
    services.set(tutti, service);
  }
  return service;
}
