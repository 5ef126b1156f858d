/**
 * The readiness report for bench/readiness, end to end and in phases. `readinessReport` does
 * what `campaignReport` (src/app/campaigns.ts) does once the campaign, capabilities and history
 * are read: parse the segment, decide the campaign's request through the contact policy for
 * every live state the segment matches (`audienceSection` of src/readiness/report-audience.ts, the
 * same function), then `computeReadiness`. The phase functions time the same work piece
 * by piece to show where the time goes.
 */
import { decisiveReasons } from '../src/decide/audience.js';
import type { CompiledPolicy } from '../src/decide/compile-policy.js';
import { NO_CONTACTS } from '../src/decide/contact-counters.js';
import { decide } from '../src/decide/decide.js';
import { parseSegment, type Segment } from '../src/decide/segment-expression.js';
import { type CampaignSpec, checkCampaign } from '../src/readiness/campaign-schema.js';
import type { Capabilities } from '../src/readiness/capability-schema.js';
import { computeReadiness } from '../src/readiness/readiness-report.js';
import { audienceSection as sharedAudienceSection, campaignRequest as requestOf, decisionMoment } from '../src/readiness/report-audience.js';
import { demandSection } from '../src/readiness/report-demand.js';
import { logisticsSection } from '../src/readiness/report-logistics.js';
import { costQuantile, serviceSection } from '../src/readiness/report-service.js';
import { buildCalendar } from '../src/readiness/report-timeline.js';
import type { AudienceSection, ReadinessReport } from '../src/readiness/report-types.js';
import type { LiveStates } from '../src/state/live-states.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * test/readiness-api.test.ts's `overpromising()` campaign: next-day delivery and 90 % in 20 s
 * support on coffee and kitchen, to every customer, first (only) wave at 07:00 UTC the day
 * after the demo's end. Checked as `createCampaign` checks it.
 */
export function overpromising(end: number): CampaignSpec {
  const at = new Date(end + DAY);
  at.setUTCHours(7, 0, 0, 0);
  return checkCampaign({
    name: 'Coffee Week Express',
    channel: 'email',
    audience: { segment: 'all' },
    schedule: [{ at: at.toISOString(), share: 1 }],
    products: { categories: ['coffee', 'kitchen'] },
    promises: [
      { type: 'delivery', withinDays: 1, text: 'Next-day delivery on every order' },
      { type: 'support', serviceLevel: 0.9, seconds: 20, text: 'Priority support: 90 % answered in 20 s' },
    ],
    expectedResponse: { rate: 0.3, strength: 500 },
  }, end);
}

export interface ReportInput {
  live: LiveStates;
  spec: CampaignSpec;
  now: number;
  capabilities: Capabilities;
  history: readonly { audienceSize: number; orders: number }[];
  policy: CompiledPolicy;
}

export { decisionMoment };

/** The audience section exactly as campaignReport builds it (src/readiness/report-audience.ts), over `live`. */
export function audienceSection(input: ReportInput): AudienceSection {
  const parsed = parseSegment(input.spec.audience.segment);
  if (!parsed.ok) throw new Error(`campaign.audience.segment: ${parsed.error.message}.`);
  return sharedAudienceSection(input.policy, input.live.values(), parsed.segment, input.spec, input.now);
}

/** The report end to end, as campaignReport computes it after its two database reads. */
export function readinessReport(input: ReportInput, campaignId = 'cmp_bench'): ReadinessReport {
  const audience = audienceSection(input);
  return computeReadiness({ campaignId, spec: input.spec, now: input.now, capabilities: input.capabilities, audience, history: input.history });
}

// ---- Phases: the same work split up, for "where the time goes". -------------------------------

/** Baseline: walk every live state (the Map iteration every audience pass pays) and read one field. */
export function bareScan(live: LiveStates): number {
  let n = 0;
  for (const [, s] of live.entries()) if (s.lastSeq >= 0) n++;
  return n;
}

/** The segment alone: parse once, match every state. */
export function segmentOnly(input: ReportInput): number {
  const parsed = parseSegment(input.spec.audience.segment);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const segment: Segment = parsed.segment;
  let n = 0;
  for (const [, s] of input.live.entries()) if (segment.matches(s, input.now)) n++;
  return n;
}

/** `decide` for every state, answers thrown away: the policy without the tally. */
export function decideOnly(input: ReportInput): number {
  const request = requestOf(input.spec);
  const at = decisionMoment(input.spec, input.now);
  let sends = 0;
  for (const [, s] of input.live.entries()) if (decide(input.policy, s, request, at, NO_CONTACTS).decision === 'send') sends++;
  return sends;
}

/**
 * A check on the report (not timed): how many distinct customers the policy holds back at the
 * suppression stage, against the `audience.unhappy-customers` warning's quantity, which adds up
 * the per-reason counts (`byReason`).
 */
export function unhappyCheck(input: ReportInput, report: ReadinessReport): { warned: number; distinct: number; withSeveral: number } {
  const request = requestOf(input.spec);
  const at = decisionMoment(input.spec, input.now);
  let distinct = 0;
  let withSeveral = 0;
  for (const [, s] of input.live.entries()) {
    const n = decisiveReasons(decide(input.policy, s, request, at, NO_CONTACTS)).filter((r) => r.stage === 'suppression').length;
    if (n > 0) distinct++;
    if (n > 1) withSeveral++;
  }
  const warned = report.warnings.find((w) => w.id === 'audience.unhappy-customers')?.quantity ?? 0;
  return { warned, distinct, withSeveral };
}

/** computeReadiness's sections one by one (calendar, demand, logistics, service), in ms each. */
export function sectionTimes(input: ReportInput, audience: AudienceSection): { calendar: number; demand: number; logistics: number; service: number; total: number } {
  const { spec, capabilities: caps, now } = input;
  const t0 = performance.now();
  const cal = buildCalendar(spec, now);
  const q = caps.service === null ? 0.83 : costQuantile(caps.service);
  const t1 = performance.now();
  const demand = demandSection(spec, audience.effective, input.history, cal, q);
  const t2 = performance.now();
  const logistics = caps.logistics === null ? null : logisticsSection(spec, caps.logistics, cal, demand.p50, demand.p90);
  const t3 = performance.now();
  if (caps.service !== null) serviceSection(spec, caps.service, cal, demand, logistics?.baselineOrders ?? 0, logistics?.lateOrdersP50 ?? [], q);
  const t4 = performance.now();
  computeReadiness({ campaignId: 'cmp_bench', spec, now, capabilities: caps, audience, history: input.history });
  const t5 = performance.now();
  return { calendar: t1 - t0, demand: t2 - t1, logistics: t3 - t2, service: t4 - t3, total: t5 - t4 };
}
