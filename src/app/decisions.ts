/**
 * One voice (DESIGN 3.2), the service layer: holds the active contact policy, decides for live
 * customers, reserves places under the caps for committing decisions, records every decision,
 * and runs audience batches and policy simulations. The engines it calls are pure
 * (src/decide); this module adds the customer lookup, the clock, the database and the audit.
 *
 * Hot path: a decision that does not commit reads only memory (live state, this process's
 * reservations) and queues its audit row, which is written in batches a few times a second.
 * A committing decision goes through the database under the customer's lock
 * (decision-repo.ts `reserveAtomically`) so caps hold across processes.
 */
import { TuttiError } from '../core/errors.js';
import { decideAmong } from '../decide/arbitration.js';
import { decideAudience, type AudienceResult } from '../decide/audience.js';
import { type CompiledPolicy, compilePolicy } from '../decide/compile-policy.js';
import { type ContactCounter, InMemoryContactCounters } from '../decide/contact-counters.js';
import { decide } from '../decide/decide.js';
import type { ArbitrationResult, CandidateMessage, Decision, DecisionRequest, Reason } from '../decide/decision-types.js';
import { DEFAULT_POLICY_YAML } from '../decide/default-policy.js';
import { LiveContactCounter, reservationCounter } from '../decide/live-contact-counter.js';
import { parsePolicy } from '../decide/parse-policy.js';
import type { Purpose } from '../decide/policy-schema.js';
import { parseSegment } from '../decide/segment-expression.js';
import { DEFAULT_PROBES, SimulationCollector, type SimulationReport, simulateOverCustomers } from '../decide/simulate.js';
import { parseCustomerRef } from '../identity/identifiers.js';
import type { CustomerState } from '../state/state-types.js';
import {
  decisionsBetween, type DecisionRow, insertDecisions, insertPolicy, latestPolicy, listDecisions, policyByVersion,
  releaseReservation, reservationsSince, reserveAtomically, type ReservationRow,
} from '../store/decision-repo.js';
import type { Tutti } from './tutti.js';

/** What the decision service uses of Tutti. */
export type DecisionDeps = Pick<Tutti, 'store' | 'clock' | 'ids' | 'identity' | 'live'>;

/** How often queued audit rows are written, and how often another process's policy change is noticed. */
const AUDIT_FLUSH_MS = 200;
const AUDIT_FLUSH_ROWS = 2_000;
const POLICY_POLL_MS = 5_000;
const DAY = 86_400_000;

/** One message competing for the customer (`candidates`); unset fields come from the request. */
export interface CandidateInput {
  department?: string;
  channel?: string;
  purpose?: Purpose;
  message: CandidateMessage;
}

export interface DecideInput {
  /** A customer ref: cus_…, or type:value (userId:u-17, email:ann@example.com, …). */
  customer: string;
  department: string;
  channel: string;
  purpose: Purpose;
  message?: CandidateMessage;
  candidates?: CandidateInput[];
  /** Decide as of this instant (ms); default now. */
  at?: number;
  /** Reserve the send's place under every cap it counts toward. */
  commit?: boolean;
  /** Who asked (user name), for the audit. */
  actor: string;
}

export interface ReasonView extends Reason {}

export interface CandidateView {
  index: number;
  department: string;
  channel: string;
  purpose: Purpose;
  message: CandidateMessage;
  decision: Decision['decision'];
  until?: string;
  score: number;
  scoreParts: ArbitrationResult['losers'][number]['score'];
  reasons: ReasonView[];
  lostBecause?: 'suppressed' | 'deferred' | 'outscored';
}

export interface DecideOutput {
  decisionId: string;
  /** The customer decided for: Tutti's id, or the ref itself for someone Tutti has not met. */
  customerId: string;
  knownCustomer: boolean;
  decision: Decision['decision'];
  until?: string;
  reasons: ReasonView[];
  policyVersion: string;
  decidedAt: string;
  /** Present on committed sends: release it (POST /v1/reservations/{id}/release) if delivery fails. */
  reservationId?: string;
  winner?: CandidateView | null;
  losers?: CandidateView[];
}

export interface ActivePolicy {
  id: string | null;
  version: string;
  document: string;
  appliedBy: string;
  appliedAt: number | null;
  compiled: CompiledPolicy;
}

export interface BatchInput {
  refs?: string[];
  segment?: string;
  department: string;
  channel: string;
  purpose: Purpose;
  message: CandidateMessage;
  at?: number;
  /** Return up to this many customers with their decisions (0: counts only). */
  list?: number;
}

export interface SimulateInput {
  /** The proposed policy file (YAML or JSON). */
  policy: string;
  /** `customers` (default): every customer × the probes; `decisions`: past decisions in [from, to). */
  over?: 'customers' | 'decisions';
  probes?: DecisionRequest[];
  at?: number;
  from?: number;
  to?: number;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

export class DecisionService {
  private active: ActivePolicy;
  /** This process's committed reservations, mirrored from the database for previews. */
  private readonly reservations = new InMemoryContactCounters(90 * DAY);
  private readonly counter: LiveContactCounter;
  private auditQueue: DecisionRow[] = [];
  private flushing: Promise<void> | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(private readonly tutti: DecisionDeps, active: ActivePolicy) {
    this.active = active;
    this.counter = new LiveContactCounter(active.compiled, this.reservations);
  }

  /** Loads the active policy (the default until one is applied) and warms the reservations. */
  static async open(tutti: DecisionDeps, log: (message: string) => void = () => undefined): Promise<DecisionService> {
    const service = new DecisionService(tutti, DecisionService.defaultActive());
    await service.reloadPolicy(log);
    const since = tutti.clock.now() - service.active.compiled.maxCapWindowMs - DAY;
    for (const r of await reservationsSince(tutti.store.db, since)) service.mirror(r);
    service.timers.push(setInterval(() => void service.flushAudit().catch((e: unknown) => log(`Decision audit write failed: ${String(e)}`)), AUDIT_FLUSH_MS));
    service.timers.push(setInterval(() => void service.reloadPolicy(log).catch(() => undefined), POLICY_POLL_MS));
    for (const t of service.timers) t.unref();
    return service;
  }

  private static defaultActive(): ActivePolicy {
    const parsed = parsePolicy(DEFAULT_POLICY_YAML, 'yaml');
    if (!parsed.ok) throw new Error('the default policy is invalid');
    return { id: null, version: parsed.policy.version, document: DEFAULT_POLICY_YAML, appliedBy: 'tutti (default policy)', appliedAt: null, compiled: compilePolicy(parsed.policy) };
  }

  /** Picks up the newest applied policy (this process's or another's). */
  private async reloadPolicy(log: (message: string) => void): Promise<void> {
    const row = await latestPolicy(this.tutti.store.db);
    if (row === undefined || row.id === this.active.id) return;
    const parsed = parsePolicy(row.document);
    if (!parsed.ok) {
      log(`Stored policy ${row.version} no longer parses (${parsed.errors[0]?.message ?? ''}); keeping ${this.active.version}.`);
      return;
    }
    this.active = { id: row.id, version: row.version, document: row.document, appliedBy: row.applied_by, appliedAt: row.applied_at, compiled: compilePolicy(parsed.policy) };
  }

  policy(): ActivePolicy {
    return this.active;
  }

  /**
   * Makes a policy file the active one. A file with problems throws `invalid_policy` listing
   * each with its line, and the active policy stays active.
   */
  async applyPolicy(document: string, actor: string): Promise<ActivePolicy> {
    this.active = await storePolicy(this.tutti, document, actor);
    return this.active;
  }

  /** The customer a ref names: its root id and live state, or the normalised ref for a stranger. */
  private customerOf(ref: string): { key: string; state: CustomerState | undefined; known: boolean } {
    const parsed = parseCustomerRef(ref);
    if (parsed === null) throw new TuttiError('invalid_ref', `"${ref}" is not a customer reference: use a Tutti id (cus_…) or type:value such as userId:u-17 or email:ann@example.com.`);
    const graph = this.tutti.identity();
    const root = parsed.kind === 'id' ? graph.rootOf(parsed.id) : graph.lookup(parsed.identifier);
    if (root === undefined) {
      if (parsed.kind === 'id') throw new TuttiError('customer_not_found', `No customer has the id ${parsed.id}.`);
      return { key: `${parsed.identifier.type}:${parsed.identifier.value}`, state: undefined, known: false };
    }
    return { key: root, state: this.tutti.live.get(root), known: true };
  }

  /** POST /v1/decide. */
  async decide(input: DecideInput): Promise<DecideOutput> {
    const now = input.at ?? this.tutti.clock.now();
    const { key, state, known } = this.customerOf(input.customer);
    const compiled = this.active.compiled;
    const decisionId = this.tutti.ids('dec');
    const requests = requestsOf(input, key);
    if (input.commit !== true) {
      const output = evaluate(compiled, state, requests, now, this.counter.use(state, compiled, this.reservations), input.candidates !== undefined);
      const body = this.body(decisionId, key, known, now, compiled, output, null);
      this.queueAudit(this.auditRow(body, input, now, output.reserve));
      return body;
    }
    const since = now - compiled.maxCapWindowMs - DAY;
    const { body, reservation } = await reserveAtomically(this.tutti.store, key, since, (rows) => {
      const output = evaluate(compiled, state, requests, now, new LiveContactCounter(compiled, reservationCounter(rows)).use(state), input.candidates !== undefined);
      const reserved: ReservationRow | null = output.reserve === null ? null : {
        id: this.tutti.ids('rsv'), customer_id: key, at: now, department: output.reserve.department, channel: output.reserve.channel,
        purpose: output.reserve.purpose, decision_id: decisionId, released_at: null,
      };
      const result = this.body(decisionId, key, known, now, compiled, output, reserved?.id ?? null);
      return { result: { body: result, reservation: reserved }, audit: this.auditRow(result, input, now, output.reserve), reservation: reserved };
    });
    if (reservation !== null) this.mirror(reservation);
    return body;
  }

  /** Takes back a committed send's place under the caps (delivery failed). */
  async release(reservationId: string): Promise<{ reservationId: string; customerId: string; releasedAt: string }> {
    const at = this.tutti.clock.now();
    const row = await releaseReservation(this.tutti.store.db, reservationId, at);
    if (row === undefined) throw new TuttiError('reservation_not_found', `No unreleased reservation has the id ${reservationId}.`);
    this.reservations.release(reservationId);
    return { reservationId, customerId: row.customer_id, releasedAt: new Date(at).toISOString() };
  }

  /** POST /v1/decide/batch: counts for an audience (refs or a segment expression over live state). */
  decideBatch(input: BatchInput): AudienceResult & { policyVersion: string; unknownRefs: number; audience: number } {
    const now = input.at ?? this.tutti.clock.now();
    const compiled = this.active.compiled;
    const request: DecisionRequest = { department: input.department, channel: input.channel, purpose: input.purpose, message: input.message };
    const counter = this.counter.use(undefined, compiled, this.reservations);
    let unknownRefs = 0;
    let states: Iterable<CustomerState | undefined>;
    let keys: string[] | null = null;
    if (input.refs !== undefined) {
      const found = input.refs.map((ref) => this.customerOf(ref));
      unknownRefs = found.filter((f) => !f.known).length;
      keys = found.map((f) => f.key);
      states = found.map((f) => f.state);
    } else {
      const parsed = parseSegment(input.segment ?? 'all');
      if (!parsed.ok) throw new TuttiError('invalid_segment', `Segment: ${parsed.error.message}`, parsed.error);
      states = matching(this.tutti.live.entries(), (s) => parsed.segment.matches(s, now));
    }
    const result = decideAudience(compiled, states, request, now, counter, {
      listLimit: input.list ?? 0,
      customerIdOf: keys === null ? undefined : (_s, i) => keys?.[i] ?? '',
    });
    return { ...result, policyVersion: compiled.version, unknownRefs, audience: result.tally.total };
  }

  /** POST /v1/policies/simulate. */
  async simulate(input: SimulateInput): Promise<SimulationReport> {
    const proposed = compileDocument(input.policy);
    const current = this.active.compiled;
    const counterFor = (state: CustomerState | undefined, policy: CompiledPolicy): ContactCounter => this.counter.use(state, policy, this.reservations);
    if ((input.over ?? 'customers') === 'customers') {
      const states = (function* (entries: IterableIterator<[string, CustomerState]>) {
        for (const [, s] of entries) yield s;
      })(this.tutti.live.entries());
      return simulateOverCustomers(current, proposed, states, input.probes ?? DEFAULT_PROBES, input.at ?? this.tutti.clock.now(), counterFor);
    }
    await this.flushAudit();
    const to = input.to ?? this.tutti.clock.now();
    const rows = await decisionsBetween(this.tutti.store.db, input.from ?? to - 30 * DAY, to, 200_000);
    const out = new SimulationCollector(`${current.version} (as recorded)`, proposed.version);
    for (const row of rows) {
      const request = JSON.parse(row.request) as DecisionRequest;
      const state = this.tutti.live.get(this.tutti.identity().rootOf(row.customer_id) ?? row.customer_id);
      const recorded = { decision: row.outcome as Decision['decision'], reasons: JSON.parse(row.reasons) as Reason[], policyVersion: row.policy_version };
      out.add(row.customer_id, request, recorded, decide(proposed, state, { ...request, customerId: row.customer_id }, row.at, counterFor(state, proposed)));
    }
    return out.finish();
  }

  /** GET /v1/customers/{ref}/decisions: newest first. */
  async history(rootId: string, limit: number, before: { at: number; id: string } | null): Promise<DecisionRow[]> {
    await this.flushAudit();
    return listDecisions(this.tutti.store.db, this.tutti.identity().clusterOf(rootId), limit, before);
  }

  /** Writes queued audit rows (one writer at a time). */
  async flushAudit(): Promise<void> {
    while (this.flushing !== null) await this.flushing;
    if (this.auditQueue.length === 0) return;
    const rows = this.auditQueue;
    this.auditQueue = [];
    this.flushing = insertDecisions(this.tutti.store.db, rows).catch((error: unknown) => {
      this.auditQueue = rows.concat(this.auditQueue);
      throw error;
    }).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.flushAudit();
  }

  private queueAudit(row: DecisionRow): void {
    this.auditQueue.push(row);
    if (this.auditQueue.length >= AUDIT_FLUSH_ROWS && this.flushing === null) void this.flushAudit().catch(() => undefined);
  }

  private mirror(r: ReservationRow): void {
    this.reservations.record(r.customer_id, { department: r.department, channel: r.channel, purpose: r.purpose as Purpose }, r.at, r.id);
  }

  private body(decisionId: string, key: string, known: boolean, now: number, compiled: CompiledPolicy, output: Evaluation, reservationId: string | null): DecideOutput {
    const d = output.decision;
    return {
      decisionId,
      customerId: key,
      knownCustomer: known,
      decision: d.decision,
      ...(d.until === undefined ? {} : { until: iso(d.until) }),
      reasons: d.reasons,
      policyVersion: compiled.version,
      decidedAt: new Date(now).toISOString(),
      ...(reservationId === null ? {} : { reservationId }),
      ...(output.arbitration === null ? {} : { winner: output.arbitration.winner, losers: output.arbitration.losers }),
    };
  }

  private auditRow(body: DecideOutput, input: DecideInput, now: number, sent: DecisionRequest | null): DecisionRow {
    const first = sent ?? requestsOf(input, body.customerId)[0];
    const { actor: _actor, ...request } = input;
    return {
      id: body.decisionId,
      customer_id: body.customerId,
      at: now,
      department: first?.department ?? input.department,
      channel: first?.channel ?? input.channel,
      purpose: first?.purpose ?? input.purpose,
      message_id: first?.message.id ?? '',
      outcome: body.decision,
      until: body.until === undefined ? null : Date.parse(body.until),
      policy_version: body.policyVersion,
      reservation_id: body.reservationId ?? null,
      actor: input.actor,
      request: JSON.stringify(first === undefined ? request : { ...first, customerId: undefined }),
      reasons: JSON.stringify(body.winner === undefined ? body.reasons : { reasons: body.reasons, winner: body.winner, losers: body.losers }),
      recorded_at: this.tutti.clock.now(),
    };
  }
}

/**
 * Checks a policy file and stores it as the active policy (every process running on this
 * database picks it up within POLICY_POLL_MS). Re-applying an earlier file is a rollback; a
 * version already used for different rules is refused.
 */
export async function storePolicy(deps: Pick<Tutti, 'store' | 'ids' | 'clock'>, document: string, actor: string): Promise<ActivePolicy> {
  const compiled = compileDocument(document);
  const db = deps.store.db;
  const same = await policyByVersion(db, compiled.version);
  if (same !== undefined && same.document !== document) {
    throw new TuttiError('policy_version_exists', `Version "${compiled.version}" was applied before with different rules; give the new file a new version.`);
  }
  const row = { id: deps.ids('pol'), version: compiled.version, document, applied_by: actor, applied_at: deps.clock.now() };
  await insertPolicy(db, row);
  return { id: row.id, version: row.version, document, appliedBy: actor, appliedAt: row.applied_at, compiled };
}

/** Parses and compiles a policy file, or throws `invalid_policy` with every problem and its line. */
export function compileDocument(document: string): CompiledPolicy {
  const parsed = parsePolicy(document);
  if (!parsed.ok) {
    const first = parsed.errors[0]?.message ?? '';
    throw new TuttiError('invalid_policy', `The policy has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'} (${first}); the active policy stays active.`, { errors: parsed.errors });
  }
  return compilePolicy(parsed.policy);
}

interface Evaluation {
  decision: Decision;
  arbitration: { winner: CandidateView | null; losers: CandidateView[] } | null;
  /** The request whose contact a commit reserves: the send, or null. */
  reserve: DecisionRequest | null;
}

function requestsOf(input: DecideInput, customerId: string): DecisionRequest[] {
  if (input.candidates !== undefined) {
    return input.candidates.map((c) => ({
      customerId, department: c.department ?? input.department, channel: c.channel ?? input.channel, purpose: c.purpose ?? input.purpose, message: c.message,
    }));
  }
  if (input.message === undefined) throw new TuttiError('invalid_request', 'Give a message ({id, tags}) or candidates.');
  return [{ customerId, department: input.department, channel: input.channel, purpose: input.purpose, message: input.message }];
}

function evaluate(compiled: CompiledPolicy, state: CustomerState | undefined, requests: DecisionRequest[], now: number, counter: ContactCounter, asCandidates: boolean): Evaluation {
  const only = requests[0];
  if (!asCandidates && only !== undefined) {
    const decision = decide(compiled, state, only, now, counter);
    return { decision, arbitration: null, reserve: decision.decision === 'send' ? only : null };
  }
  const result = decideAmong(compiled, state, requests, now, counter);
  const view = (c: ArbitrationResult['losers'][number] | NonNullable<ArbitrationResult['winner']>): CandidateView => ({
    index: c.index,
    department: c.request.department,
    channel: c.request.channel,
    purpose: c.request.purpose,
    message: c.request.message,
    decision: c.decision.decision,
    ...(c.decision.until === undefined ? {} : { until: iso(c.decision.until) }),
    score: c.score.score,
    scoreParts: c.score,
    reasons: c.decision.reasons,
    ...('lostBecause' in c ? { lostBecause: c.lostBecause } : {}),
  });
  const winner = result.winner;
  const decision: Decision = winner === null
    ? { decision: 'suppress', reasons: [], policyVersion: compiled.version }
    : winner.decision;
  return {
    decision,
    arbitration: { winner: winner === null ? null : view(winner), losers: result.losers.map(view) },
    reserve: winner !== null && winner.decision.decision === 'send' ? winner.request : null,
  };
}

function* matching(entries: IterableIterator<[string, CustomerState]>, keep: (s: CustomerState) => boolean): Generator<CustomerState> {
  for (const [, s] of entries) if (keep(s)) yield s;
}
