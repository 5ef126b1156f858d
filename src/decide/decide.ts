/**
 * One voice (DESIGN 3.2): may this department, now, contact this customer with this message?
 *
 * `decide` runs one ordered pipeline — consent → hard suppressions → cool-downs → frequency
 * caps → quiet hours → priority — and stops at the first stage that says no. Every stage that
 * ran leaves a reason (code, plain-English message citing the facts, evidence ids), so "why
 * wasn't this sent?" always has an answer. It is pure: a function of (policy, state, request,
 * clock, contact counts) that reads and never writes, so the same inputs give the
 * same decision and a simulation can replay it. `decideAndReserve` is the one impure helper:
 * decide and, on send, reserve the contact in the same synchronous step.
 */
import type { CustomerState } from '../state/state-types.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { ContactCounter, InMemoryContactCounters } from './contact-counters.js';
import { capStage, consentStage, cooldownStage, priorityStage, quietHoursStage, suppressionStage } from './decide-stages.js';
import type { Decision, DecisionRequest, Outcome, Reason } from './decision-types.js';

/**
 * Decides one request at `now` (ms).
 *
 * @param state the customer's live state; undefined for a customer Tutti does not know (no
 *   facts, consent defaults from the policy, contact counts by `request.customerId`).
 * @param counters recent contacts, for frequency caps.
 * @throws TypeError when the purpose is not one of the four (validate requests at the edge).
 */
export function decide(
  compiled: CompiledPolicy,
  state: CustomerState | undefined,
  request: DecisionRequest,
  now: number,
  counters: ContactCounter,
): Decision {
  const p = compiled.purposes[request.purpose];
  if (p === undefined) throw new TypeError(`unknown purpose ${String(request.purpose)}`);
  const reasons: Reason[] = [];
  if (!consentStage(p, state, request, now, reasons)) return result('suppress', undefined, reasons, compiled);
  if (!suppressionStage(p, state, request, now, reasons)) return result('suppress', undefined, reasons, compiled);
  if (!cooldownStage(p, state?.resolutions ?? null, request, now, reasons)) return result('suppress', undefined, reasons, compiled);
  if (!capStage(p, state?.customerId ?? request.customerId, request, now, counters, reasons)) return result('suppress', undefined, reasons, compiled);
  const quiet = quietHoursStage(compiled, p, state, request, now, reasons);
  priorityStage(compiled, p, request, reasons);
  return quiet === true ? result('send', undefined, reasons, compiled) : result('defer', quiet, reasons, compiled);
}

// One object shape for every decision (until is undefined unless deferred; JSON drops it).
function result(decision: Outcome, until: number | undefined, reasons: Reason[], compiled: CompiledPolicy): Decision {
  return { decision, until, reasons, policyVersion: compiled.version };
}

/** A decision and, when it is a send, the reservation that holds its place under the caps. */
export interface ReservedDecision {
  decision: Decision;
  /** Pass to `counters.release` if delivery fails; null unless the decision is send. */
  reservationId: string | null;
}

/**
 * Decides and, on send, reserves the contact before returning. Both happen in one synchronous
 * step, so within one process N concurrent committing decisions under a cap of one yield
 * exactly one send. (Across processes the integrator needs the database to do the same.)
 */
export function decideAndReserve(
  compiled: CompiledPolicy,
  state: CustomerState | undefined,
  request: DecisionRequest,
  now: number,
  counters: InMemoryContactCounters,
): ReservedDecision {
  const decision = decide(compiled, state, request, now, counters);
  const customerId = state?.customerId ?? request.customerId;
  if (decision.decision !== 'send' || customerId === undefined) return { decision, reservationId: null };
  const reservationId = counters.reserve(customerId, { department: request.department, channel: request.channel, purpose: request.purpose }, now);
  return { decision, reservationId };
}
