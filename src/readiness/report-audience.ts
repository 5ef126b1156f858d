/**
 * The audience section: every customer the campaign's segment matches, decided by the active
 * contact policy as the campaign's message at its first wave (or now, if that has passed).
 * Who would be reached (send + defer), who is held back, per reason and per department.
 * Pure over the states it is given.
 */
import { decideAudience } from '../decide/audience.js';
import type { CompiledPolicy } from '../decide/compile-policy.js';
import { NO_CONTACTS } from '../decide/contact-counters.js';
import type { DecisionRequest } from '../decide/decision-types.js';
import type { Segment } from '../decide/segment-expression.js';
import type { CustomerState } from '../state/state-types.js';
import type { CampaignSpec } from './campaign-schema.js';
import type { AudienceSection } from './report-types.js';

/** The moment the audience is decided: the first wave, or now if that has passed. */
export function decisionMoment(spec: CampaignSpec, now: number): number {
  return Math.max(now, Math.min(...spec.schedule.map((w) => Date.parse(w.at))));
}

/** The campaign's message as a contact request. */
export function campaignRequest(spec: CampaignSpec): DecisionRequest {
  return { department: spec.department ?? 'marketing', channel: spec.channel, purpose: spec.purpose ?? 'marketing', message: { id: spec.message?.id ?? spec.name } };
}

export function audienceSection(policy: CompiledPolicy, states: Iterable<CustomerState>, segment: Segment, spec: CampaignSpec, now: number): AudienceSection {
  const request = campaignRequest(spec);
  const matching = (function* () {
    for (const s of states) if (segment.matches(s, now)) yield s;
  })();
  const { tally } = decideAudience(policy, matching, request, decisionMoment(spec, now), NO_CONTACTS);
  return {
    segment: spec.audience.segment,
    matched: tally.total,
    effective: tally.outcomes.send + tally.outcomes.defer,
    suppressed: tally.outcomes.suppress,
    deferred: tally.outcomes.defer,
    byReason: tally.reasons,
    byDepartment: tally.departments,
    heldBySuppression: tally.stoppedAt['suppression'] ?? 0,
    policyVersion: policy.version,
    formula: `customers matching "${spec.audience.segment}", each decided by contact policy ${policy.version} as a ${request.purpose} ${request.channel} from ${request.department} at the first wave; effective = send + defer (frequency caps left out: they depend on what else is sent that day)`,
  };
}
