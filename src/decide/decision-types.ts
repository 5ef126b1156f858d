/**
 * What goes into a contact decision and what comes out: the request a department sends, the
 * decision with its reasons, and the catalogue of reason codes (README.md has the table).
 */
import type { Purpose } from './policy-schema.js';

/** The pipeline's stages, in the order they run. */
export const STAGES = ['consent', 'suppression', 'cooldown', 'cap', 'quiet_hours', 'priority', 'arbitration'] as const;
export type Stage = (typeof STAGES)[number];

/** Every reason code, `<stage>.<what>`. A stage that ran leaves exactly one code (suppression may leave several). */
export const REASON_CODES = [
  'consent.not_required',
  'consent.granted',
  'consent.assumed',
  'consent.withdrawn',
  'consent.channel_withdrawn',
  'consent.missing',
  'suppression.clear',
  'suppression.exempt',
  'suppression.open_complaint',
  'suppression.late_shipment',
  'suppression.pending_refund',
  'suppression.open_dispute',
  'suppression.promise_broken_recently',
  'suppression.detractor',
  'suppression.open_ticket',
  'suppression.promise_overdue',
  'suppression.promoter',
  'suppression.recent_order',
  'cooldown.clear',
  'cooldown.complaint_resolved',
  'cooldown.ticket_resolved',
  'cooldown.dispute_resolved',
  'cap.bypassed',
  'cap.none',
  'cap.within',
  'cap.exceeded',
  'quiet_hours.not_applicable',
  'quiet_hours.clear',
  'quiet_hours.deferred',
  'priority.rank',
  'arbitration.won',
  'arbitration.outscored',
  'arbitration.no_winner',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** The message a department wants to send. */
export interface CandidateMessage {
  id: string;
  tags?: readonly string[];
  /** Expected value of the contact (any unit, the same for all departments); policy default when absent. */
  value?: number;
  /** Probability (0–1) the customer responds; policy default when absent. */
  propensity?: number;
}

/** "May I, now, with this?" */
export interface DecisionRequest {
  /** Used for contact counts when there is no state (a customer Tutti does not know yet). */
  customerId?: string;
  department: string;
  channel: string;
  purpose: Purpose;
  message: CandidateMessage;
}

export interface Reason {
  code: ReasonCode;
  stage: Stage;
  /** The department whose record or rule gave the reason (a complaint's department), else the requester. */
  department: string;
  /** Plain English that cites the facts. */
  message: string;
  /** Ticket, complaint, shipment, order, refund, dispute, promise or reservation ids; `event:<seq>` for log entries. */
  evidence: readonly string[];
}

export type Outcome = 'send' | 'suppress' | 'defer';

export interface Decision {
  decision: Outcome;
  /** For defer: the instant (ms) the message may go. */
  until?: number;
  /** One per stage that ran, in pipeline order. */
  reasons: Reason[];
  policyVersion: string;
}

/** How an arbitration score was made (score = value^a × propensity^b × relationship^c × priority). */
export interface ScoreBreakdown {
  value: number;
  propensity: number;
  /** Product of the relationship factors that applied (1 when none). */
  relationship: number;
  /** Department weight × purpose weight. */
  priority: number;
  departmentWeight: number;
  purposeWeight: number;
  score: number;
  /** The relationship factors that applied, e.g. "open_ticket ×0.5 (Open ticket T-1 …)". */
  factors: string[];
}

/** One candidate's fate in `decideAmong`. */
export interface CandidateResult {
  index: number;
  request: DecisionRequest;
  decision: Decision;
  score: ScoreBreakdown;
}

export interface LosingCandidate extends CandidateResult {
  /** suppressed / deferred: its own pipeline said no (see its reasons); outscored: another candidate won arbitration. */
  lostBecause: 'suppressed' | 'deferred' | 'outscored';
}

export interface ArbitrationResult {
  /** The candidate to send (or, when none may go now, the best deferred one); null when all are suppressed. */
  winner: CandidateResult | null;
  losers: LosingCandidate[];
  policyVersion: string;
}
