/**
 * Decisions over an audience (POST /v1/decide/batch) and the tallies that summarise them: how
 * many would be sent, suppressed or deferred, for which reasons, and because of which
 * department's records. Pure: the caller hands in the states and a counter; nothing is
 * reserved or recorded (a batch is a forecast, not a contact).
 */
import type { CustomerState } from '../state/state-types.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { ContactCounter } from './contact-counters.js';
import { decide } from './decide.js';
import type { Decision, DecisionRequest, Outcome, Reason } from './decision-types.js';

/** Counts for a set of decisions. */
export interface DecisionTally {
  total: number;
  outcomes: Record<Outcome, number>;
  /** The codes that decided each suppress or defer (the stage that said no), and how often. */
  reasons: Record<string, number>;
  /** For suppressions and deferrals: the department whose record or rule said no, and how often. */
  departments: Record<string, number>;
  /** Decisions stopped, by the stage that stopped them: each decision once (a customer with two suppressions counts once). */
  stoppedAt: Record<string, number>;
}

export function emptyTally(): DecisionTally {
  return { total: 0, outcomes: { send: 0, suppress: 0, defer: 0 }, reasons: {}, departments: {}, stoppedAt: {} };
}

/** The reasons of the stage that stopped a decision (empty for a send). */
export function decisiveReasons(d: Decision): Reason[] {
  if (d.decision === 'send') return [];
  if (d.decision === 'defer') return d.reasons.filter((r) => r.code === 'quiet_hours.deferred');
  const last = d.reasons[d.reasons.length - 1];
  return last === undefined ? [] : d.reasons.filter((r) => r.stage === last.stage && !r.code.endsWith('.exempt') && !r.code.endsWith('.clear'));
}

/** Adds one decision to a tally. */
export function tallyDecision(t: DecisionTally, d: Decision): void {
  t.total++;
  t.outcomes[d.decision]++;
  const decisive = decisiveReasons(d);
  const stage = decisive[0]?.stage;
  if (stage !== undefined) t.stoppedAt[stage] = (t.stoppedAt[stage] ?? 0) + 1;
  for (const r of decisive) {
    t.reasons[r.code] = (t.reasons[r.code] ?? 0) + 1;
    t.departments[r.department] = (t.departments[r.department] ?? 0) + 1;
  }
}

/** One audience member's decision, when the caller asked for the list. */
export interface AudienceMember {
  customerId: string;
  decision: Outcome;
  until?: number;
  codes: string[];
}

export interface AudienceResult {
  tally: DecisionTally;
  members: AudienceMember[] | null;
}

/**
 * Decides `request` for every state `select` accepts. `counter` is pointed at each customer
 * through `use` (LiveContactCounter) or ignores the state (NO_CONTACTS). `listLimit` > 0 keeps
 * that many members.
 */
export function decideAudience(
  compiled: CompiledPolicy,
  states: Iterable<CustomerState | undefined>,
  request: DecisionRequest,
  now: number,
  counter: ContactCounter & { use?(state: CustomerState | undefined): unknown },
  options: { listLimit?: number; customerIdOf?: (state: CustomerState | undefined, index: number) => string } = {},
): AudienceResult {
  const tally = emptyTally();
  const limit = options.listLimit ?? 0;
  const members: AudienceMember[] | null = limit > 0 ? [] : null;
  let index = 0;
  for (const state of states) {
    counter.use?.(state);
    const d = decide(compiled, state, request, now, counter);
    tallyDecision(tally, d);
    if (members !== null && members.length < limit) {
      const customerId = options.customerIdOf?.(state, index) ?? state?.customerId ?? '';
      members.push({ customerId, decision: d.decision, ...(d.until === undefined ? {} : { until: d.until }), codes: decisiveReasons(d).map((r) => r.code) });
    }
    index++;
  }
  return { tally, members };
}
