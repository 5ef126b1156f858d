/**
 * Policy simulation: a proposed policy replayed against the active one over the customer base
 * (or over past decisions), and what would change — by department, purpose and reason.
 * Pure: the caller supplies the states, requests and counters; nothing is recorded.
 */
import type { CustomerState } from '../state/state-types.js';
import { decisiveReasons } from './audience.js';
import type { CompiledPolicy } from './compile-policy.js';
import type { ContactCounter } from './contact-counters.js';
import { decide } from './decide.js';
import type { Decision, DecisionRequest, Outcome } from './decision-types.js';

/** The requests replayed for every customer when none are given: each department's usual outreach. */
export const DEFAULT_PROBES: readonly DecisionRequest[] = [
  { department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'probe-marketing-email' } },
  { department: 'sales', channel: 'call', purpose: 'sales', message: { id: 'probe-sales-call' } },
  { department: 'service', channel: 'email', purpose: 'service', message: { id: 'probe-service-email' } },
  { department: 'logistics', channel: 'sms', purpose: 'transactional', message: { id: 'probe-logistics-sms' } },
  { department: 'billing', channel: 'email', purpose: 'transactional', message: { id: 'probe-billing-email' } },
];

/** One kind of change: decisions of a department and purpose that went from one outcome to another, for a reason. */
export interface PolicyChange {
  department: string;
  purpose: string;
  from: Outcome;
  to: Outcome;
  /** The codes that decided the new outcome (or, for a new send, the old one's). */
  reason: string;
  /** The codes that decided the old outcome ('' for a send). */
  previousReason: string;
  count: number;
  /** Up to five customers it happens to. */
  examples: string[];
}

export interface SimulationReport {
  currentVersion: string;
  proposedVersion: string;
  decisions: number;
  changed: number;
  outcomes: { current: Record<Outcome, number>; proposed: Record<Outcome, number> };
  byDepartment: Record<string, { decisions: number; changed: number; sendsBefore: number; sendsAfter: number }>;
  /** Most frequent first. */
  changes: PolicyChange[];
}

/** Collects outcome pairs into a report. */
export class SimulationCollector {
  private readonly report: SimulationReport;
  private readonly changes = new Map<string, PolicyChange>();

  constructor(currentVersion: string, proposedVersion: string) {
    const zero = (): Record<Outcome, number> => ({ send: 0, suppress: 0, defer: 0 });
    this.report = { currentVersion, proposedVersion, decisions: 0, changed: 0, outcomes: { current: zero(), proposed: zero() }, byDepartment: {}, changes: [] };
  }

  add(customerId: string, request: DecisionRequest, before: Decision, after: Decision): void {
    const r = this.report;
    r.decisions++;
    r.outcomes.current[before.decision]++;
    r.outcomes.proposed[after.decision]++;
    const dept = (r.byDepartment[request.department] ??= { decisions: 0, changed: 0, sendsBefore: 0, sendsAfter: 0 });
    dept.decisions++;
    if (before.decision === 'send') dept.sendsBefore++;
    if (after.decision === 'send') dept.sendsAfter++;
    const why = (d: Decision): string => decisiveReasons(d).map((x) => x.code).join('+');
    if (before.decision === after.decision && why(before) === why(after)) return;
    r.changed++;
    dept.changed++;
    const reason = after.decision === 'send' ? why(before) : why(after);
    const previousReason = why(before);
    const key = `${request.department}|${request.purpose}|${before.decision}|${after.decision}|${reason}|${previousReason}`;
    let change = this.changes.get(key);
    if (change === undefined) {
      change = { department: request.department, purpose: request.purpose, from: before.decision, to: after.decision, reason, previousReason, count: 0, examples: [] };
      this.changes.set(key, change);
    }
    change.count++;
    if (change.examples.length < 5) change.examples.push(customerId);
  }

  finish(): SimulationReport {
    this.report.changes = [...this.changes.values()].sort((a, b) => b.count - a.count);
    return this.report;
  }
}

/** Replays `probes` for every customer under both policies. */
export function simulateOverCustomers(
  current: CompiledPolicy,
  proposed: CompiledPolicy,
  states: Iterable<CustomerState>,
  probes: readonly DecisionRequest[],
  now: number,
  counterFor: (state: CustomerState, policy: CompiledPolicy) => ContactCounter,
): SimulationReport {
  const out = new SimulationCollector(current.version, proposed.version);
  for (const state of states) {
    for (const request of probes) {
      const before = decide(current, state, request, now, counterFor(state, current));
      const after = decide(proposed, state, request, now, counterFor(state, proposed));
      out.add(state.customerId, request, before, after);
    }
  }
  return out.finish();
}
