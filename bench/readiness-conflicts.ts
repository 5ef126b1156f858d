/**
 * Audience conflicts for bench/readiness: how many customers of the audience have each of the
 * six facts that make a campaign unwelcome (the default policy's suppressions), counted twice:
 *
 * - in Tutti, over the live states with `factHolds` (src/decide/customer-facts.ts), as the
 *   contact policy reads them;
 * - in DuckDB (@duckdb/node-api, in memory), by SQL over the same data exported as tables, one
 *   row per open complaint, pending shipment, pending refund, open dispute, broken promise and
 *   survey answer, keyed by the customer's number.
 *
 * Loading (rows built from the states, appended, tables checkpointed) is timed apart from the
 * query.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { factHolds } from '../src/decide/customer-facts.js';
import type { Fact } from '../src/decide/policy-schema.js';
import type { LiveStates } from '../src/state/live-states.js';
import { BROKEN_PROMISE_WINDOW_MS } from '../src/state/summary.js';

const DAY = 86_400_000;
/** The default policy's windows: promise_broken_recently within 30 d, detractor within 90 d. */
export const CONFLICTS: readonly { fact: Fact; withinMs: number }[] = [
  { fact: 'open_complaint', withinMs: Number.POSITIVE_INFINITY },
  { fact: 'late_shipment', withinMs: Number.POSITIVE_INFINITY },
  { fact: 'pending_refund', withinMs: Number.POSITIVE_INFINITY },
  { fact: 'open_dispute', withinMs: Number.POSITIVE_INFINITY },
  { fact: 'promise_broken_recently', withinMs: 30 * DAY },
  { fact: 'detractor', withinMs: 90 * DAY },
];
if (BROKEN_PROMISE_WINDOW_MS !== 30 * DAY) throw new Error('the broken-promise window is no longer 30 days: update bench/readiness-conflicts.ts');

export type ConflictCounts = Record<string, number>;

/** Tutti: every state of the audience ("all"), each fact checked with factHolds at `at`. */
export function tuttiConflicts(live: LiveStates, at: number): ConflictCounts {
  let complaint = 0;
  let late = 0;
  let refund = 0;
  let dispute = 0;
  let broken = 0;
  let detractor = 0;
  const brokenWithin = CONFLICTS[4]!.withinMs;
  const detractorWithin = CONFLICTS[5]!.withinMs;
  for (const [, s] of live.entries()) {
    if (factHolds(s, 'open_complaint', at, 0, Number.POSITIVE_INFINITY)) complaint++;
    if (factHolds(s, 'late_shipment', at, 0, Number.POSITIVE_INFINITY)) late++;
    if (factHolds(s, 'pending_refund', at, 0, Number.POSITIVE_INFINITY)) refund++;
    if (factHolds(s, 'open_dispute', at, 0, Number.POSITIVE_INFINITY)) dispute++;
    if (factHolds(s, 'promise_broken_recently', at, 0, brokenWithin)) broken++;
    if (factHolds(s, 'detractor', at, 0, detractorWithin)) detractor++;
  }
  return { open_complaint: complaint, late_shipment: late, pending_refund: refund, open_dispute: dispute, promise_broken_recently: broken, detractor };
}

/** The tables, as column arrays: customer is the state's number in iteration order. */
interface Rows {
  complaints: { customer: number[]; openedAt: number[] };
  shipments: { customer: number[]; eta: (number | null)[] };
  refunds: { customer: number[]; requestedAt: number[] };
  disputes: { customer: number[]; openedAt: number[] };
  brokenPromises: { customer: number[]; brokenAt: number[] };
  surveyAnswers: { customer: number[]; survey: string[]; score: number[]; at: number[] };
  customers: number;
}

/** One row per item the states hold. */
export function exportRows(live: LiveStates): Rows {
  const rows: Rows = {
    complaints: { customer: [], openedAt: [] },
    shipments: { customer: [], eta: [] },
    refunds: { customer: [], requestedAt: [] },
    disputes: { customer: [], openedAt: [] },
    brokenPromises: { customer: [], brokenAt: [] },
    surveyAnswers: { customer: [], survey: [], score: [], at: [] },
    customers: 0,
  };
  let c = 0;
  for (const [, s] of live.entries()) {
    for (const x of s.complaints ?? []) rows.complaints.customer.push(c), rows.complaints.openedAt.push(x.openedAt);
    for (const x of s.shipments ?? []) rows.shipments.customer.push(c), rows.shipments.eta.push(x.eta);
    for (const x of s.refunds ?? []) rows.refunds.customer.push(c), rows.refunds.requestedAt.push(x.requestedAt);
    for (const x of s.disputes ?? []) rows.disputes.customer.push(c), rows.disputes.openedAt.push(x.openedAt);
    // Broken promises the state remembers: the recent closures that were broken, and the last
    // break (which the ledger keeps even after it leaves the recent list).
    const p = s.promises;
    if (p !== null) {
      let lastSeen = false;
      for (const r of p.recent) {
        if (r.outcome !== 'broken') continue;
        rows.brokenPromises.customer.push(c), rows.brokenPromises.brokenAt.push(r.at);
        if (r.at === p.lastBrokenAt) lastSeen = true;
      }
      if (p.lastBrokenAt !== null && !lastSeen) rows.brokenPromises.customer.push(c), rows.brokenPromises.brokenAt.push(p.lastBrokenAt);
    }
    // The latest answer to each survey (what the state keeps).
    if (s.nps !== null) rows.surveyAnswers.customer.push(c), rows.surveyAnswers.survey.push('nps'), rows.surveyAnswers.score.push(s.nps.score), rows.surveyAnswers.at.push(s.nps.at);
    if (s.csat !== null) rows.surveyAnswers.customer.push(c), rows.surveyAnswers.survey.push('csat'), rows.surveyAnswers.score.push(s.csat.score), rows.surveyAnswers.at.push(s.csat.at);
    c++;
  }
  rows.customers = c;
  return rows;
}

export function rowCount(rows: Rows): number {
  return rows.complaints.customer.length + rows.shipments.customer.length + rows.refunds.customer.length + rows.disputes.customer.length
    + rows.brokenPromises.customer.length + rows.surveyAnswers.customer.length;
}

const SCHEMA = `
  CREATE TABLE complaints (customer INTEGER NOT NULL, opened_at BIGINT NOT NULL);
  CREATE TABLE shipments (customer INTEGER NOT NULL, eta BIGINT);
  CREATE TABLE refunds (customer INTEGER NOT NULL, requested_at BIGINT NOT NULL);
  CREATE TABLE disputes (customer INTEGER NOT NULL, opened_at BIGINT NOT NULL);
  CREATE TABLE broken_promises (customer INTEGER NOT NULL, broken_at BIGINT NOT NULL);
  CREATE TABLE survey_answers (customer INTEGER NOT NULL, survey VARCHAR NOT NULL, score DOUBLE NOT NULL, answered_at BIGINT NOT NULL);
`;

/**
 * The six counts in one statement, each the SQL reading of the fact (customer-facts.ts):
 * an open item counts when it was opened (requested) at or before `at`; a shipment is late when
 * its ETA is known and before `at`; a broken promise and a detractor answer count when the
 * latest one lies in [at − window, at]; a detractor answer is NPS ≤ 6 or CSAT ≤ 2.
 */
export function conflictSql(at: number): string {
  const t = Math.round(at);
  const brokenWithin = CONFLICTS[4]!.withinMs;
  const detractorWithin = CONFLICTS[5]!.withinMs;
  return `
    SELECT
      (SELECT count(DISTINCT customer) FROM complaints WHERE opened_at <= ${t}) AS open_complaint,
      (SELECT count(DISTINCT customer) FROM shipments WHERE eta IS NOT NULL AND eta < ${t}) AS late_shipment,
      (SELECT count(DISTINCT customer) FROM refunds WHERE requested_at <= ${t}) AS pending_refund,
      (SELECT count(DISTINCT customer) FROM disputes WHERE opened_at <= ${t}) AS open_dispute,
      (SELECT count(*) FROM (SELECT max(broken_at) AS last FROM broken_promises GROUP BY customer)
         WHERE last <= ${t} AND ${t} - last <= ${brokenWithin}) AS promise_broken_recently,
      (SELECT count(*) FROM (SELECT max(answered_at) AS last FROM survey_answers
                               WHERE (survey = 'nps' AND score <= 6) OR (survey = 'csat' AND score <= 2)
                               GROUP BY customer)
         WHERE last <= ${t} AND ${t} - last <= ${detractorWithin}) AS detractor`;
}

export class DuckConflicts {
  private constructor(private readonly instance: DuckDBInstance, readonly connection: DuckDBConnection, readonly threads: number) {}

  static async open(threads?: number): Promise<DuckConflicts> {
    const instance = await DuckDBInstance.create(':memory:', threads === undefined ? {} : { threads: String(threads) });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(`SELECT current_setting('threads') AS threads`);
    return new DuckConflicts(instance, connection, Number(reader.getRows()[0]?.[0]));
  }

  /** Creates the tables and appends the rows (the loading, timed apart). */
  async load(rows: Rows): Promise<void> {
    const con = this.connection;
    await con.run(SCHEMA);
    const append = async (table: string, n: number, row: (a: DuckDBAppender, i: number) => void): Promise<void> => {
      const a = await con.createAppender(table);
      for (let i = 0; i < n; i++) {
        row(a, i);
        a.endRow();
      }
      a.closeSync();
    };
    const big = (a: DuckDBAppender, v: number | null): void => (v === null ? a.appendNull() : a.appendBigInt(BigInt(v)));
    await append('complaints', rows.complaints.customer.length, (a, i) => { a.appendInteger(rows.complaints.customer[i]!); big(a, rows.complaints.openedAt[i]!); });
    await append('shipments', rows.shipments.customer.length, (a, i) => { a.appendInteger(rows.shipments.customer[i]!); big(a, rows.shipments.eta[i]!); });
    await append('refunds', rows.refunds.customer.length, (a, i) => { a.appendInteger(rows.refunds.customer[i]!); big(a, rows.refunds.requestedAt[i]!); });
    await append('disputes', rows.disputes.customer.length, (a, i) => { a.appendInteger(rows.disputes.customer[i]!); big(a, rows.disputes.openedAt[i]!); });
    await append('broken_promises', rows.brokenPromises.customer.length, (a, i) => { a.appendInteger(rows.brokenPromises.customer[i]!); big(a, rows.brokenPromises.brokenAt[i]!); });
    const sv = rows.surveyAnswers;
    await append('survey_answers', sv.customer.length, (a, i) => { a.appendInteger(sv.customer[i]!); a.appendVarchar(sv.survey[i]!); a.appendDouble(sv.score[i]!); big(a, sv.at[i]!); });
    await con.run('CHECKPOINT');
  }

  /** Runs the conflict query; the counts as numbers. */
  async count(at: number): Promise<ConflictCounts> {
    const reader = await this.connection.runAndReadAll(conflictSql(at));
    const names = reader.columnNames();
    const row = reader.getRows()[0] ?? [];
    const out: ConflictCounts = {};
    names.forEach((name, i) => { out[name] = Number(row[i]); });
    return out;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
