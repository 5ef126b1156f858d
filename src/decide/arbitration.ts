/**
 * Arbitration among competing candidate messages for one customer (DESIGN 3.2): each
 * candidate runs the whole pipeline; among those that may go, the highest score wins.
 *
 *   score = value^a × propensity^b × relationship^c × priority
 *   priority = department weight × purpose weight
 *   relationship = product of the `arbitration.relationship` factors whose fact holds
 *
 * a, b, c are `arbitration.weights` (1 each by default: a plain product). Value and propensity
 * come from the message, else `arbitration.defaults`. Ties go to the earlier candidate, so the
 * result never depends on anything but the inputs. When a cap has one place left, every
 * candidate passes the cap stage on its own and the best one — not the first — wins it.
 */
import type { CustomerState } from '../state/state-types.js';
import { type CompiledPolicy, departmentPriority } from './compile-policy.js';
import type { ContactCounter } from './contact-counters.js';
import { describeFact, factHolds } from './customer-facts.js';
import { decide } from './decide.js';
import { round } from './decide-stages.js';
import type { ArbitrationResult, CandidateResult, DecisionRequest, LosingCandidate, Reason, ScoreBreakdown } from './decision-types.js';

/** The score of one candidate and how it was made. */
export function scoreCandidate(compiled: CompiledPolicy, state: CustomerState | undefined, request: DecisionRequest, now: number): ScoreBreakdown {
  const a = compiled.arbitration;
  const p = compiled.purposes[request.purpose];
  const value = finiteOr(request.message.value, a.defaultValue, 0, Number.MAX_VALUE);
  const propensity = finiteOr(request.message.propensity, a.defaultPropensity, 0, 1);
  let relationship = 1;
  const factors: string[] = [];
  if (state !== undefined) {
    for (const r of p.relationship) {
      if (!factHolds(state, r.fact, now, r.olderThanMs, r.withinMs)) continue;
      relationship *= r.factor;
      factors.push(`${r.fact} ×${r.factor} (${describeFact(state, r.fact, now, r.olderThanMs, r.withinMs)?.text ?? r.fact})`);
    }
  }
  const departmentWeight = departmentPriority(compiled, request.department)[1];
  const priority = departmentWeight * p.weight;
  const score = pow(value, a.valueExponent) * pow(propensity, a.propensityExponent) * pow(relationship, a.relationshipExponent) * priority;
  return { value, propensity, relationship, priority, departmentWeight, purposeWeight: p.weight, score, factors };
}

/**
 * Decides every candidate and picks the winner: the best-scoring send, else the best-scoring
 * defer (send it at its `until`), else none. Each loser says why it lost: its own pipeline
 * suppressed or deferred it (see its reasons), or it was outscored (an `arbitration.outscored`
 * reason with both scores). The winner's reasons end with `arbitration.won`.
 */
export function decideAmong(
  compiled: CompiledPolicy,
  state: CustomerState | undefined,
  candidates: readonly DecisionRequest[],
  now: number,
  counters: ContactCounter,
): ArbitrationResult {
  const results: CandidateResult[] = candidates.map((request, index) => ({
    index,
    request,
    decision: decide(compiled, state, request, now, counters),
    score: scoreCandidate(compiled, state, request, now),
  }));
  const best = (outcome: 'send' | 'defer'): CandidateResult | null => {
    let top: CandidateResult | null = null;
    for (const r of results) if (r.decision.decision === outcome && (top === null || r.score.score > top.score.score)) top = r;
    return top;
  };
  const winner = best('send') ?? best('defer');
  const losers: LosingCandidate[] = [];
  for (const r of results) {
    if (r === winner) continue;
    const outcome = r.decision.decision;
    if (outcome === 'suppress') losers.push({ ...r, lostBecause: 'suppressed' });
    else if (outcome === 'defer' && winner?.decision.decision === 'send') losers.push({ ...r, lostBecause: 'deferred' });
    else {
      r.decision.reasons.push(arbitrationReason('arbitration.outscored', r, `Lost to ${winner?.request.message.id} from ${winner?.request.department}: score ${round(r.score.score)} against ${round(winner?.score.score ?? 0)}. ${formula(r.score)}`));
      losers.push({ ...r, lostBecause: 'outscored' });
    }
  }
  if (winner !== null) {
    const others = results.length - 1;
    winner.decision.reasons.push(arbitrationReason('arbitration.won', winner, `Chosen over ${others} other candidate${others === 1 ? '' : 's'} with score ${round(winner.score.score)}. ${formula(winner.score)}`));
  }
  return { winner, losers, policyVersion: compiled.version };
}

function arbitrationReason(code: 'arbitration.won' | 'arbitration.outscored', r: CandidateResult, message: string): Reason {
  return { code, stage: 'arbitration', department: r.request.department, message, evidence: [r.request.message.id] };
}

/** "score = value 10 × propensity 0.3 × relationship 0.5 × priority 0.35 (sales 0.7 × marketing 0.5)". */
function formula(s: ScoreBreakdown): string {
  const relationship = s.factors.length === 0 ? `relationship ${round(s.relationship)}` : `relationship ${round(s.relationship)} [${s.factors.join('; ')}]`;
  return `Score = value ${round(s.value)} × propensity ${round(s.propensity)} × ${relationship} × priority ${round(s.priority)} (department ${round(s.departmentWeight)} × purpose ${round(s.purposeWeight)})`;
}

function finiteOr(v: number | undefined, fallback: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
}

function pow(x: number, e: number): number {
  return e === 1 ? x : Math.pow(x, e);
}
