/**
 * The readiness report, composed from the section engines: audience (computed by the caller
 * through the contact policy), demand, logistics, service, and each promise checked against
 * the department that must keep it. Pure: a function of the campaign, the capabilities, the
 * audience tally, the campaign history and the clock.
 */
import type { CampaignSpec, PromiseSpec } from './campaign-schema.js';
import type { Capabilities } from './capability-schema.js';
import { demandSection } from './report-demand.js';
import { logisticsSection } from './report-logistics.js';
import { costQuantile, serviceSection } from './report-service.js';
import { buildCalendar } from './report-timeline.js';
import type { AudienceSection, Finding, PromiseCheck, ReadinessReport } from './report-types.js';

export interface ReadinessInput {
  campaignId: string;
  spec: CampaignSpec;
  now: number;
  capabilities: Capabilities;
  audience: AudienceSection;
  history: readonly { audienceSize: number; orders: number }[];
}

const OWNER: Record<PromiseSpec['type'], string> = { delivery: 'logistics', support: 'service', refund: 'billing' };

function describePromise(p: PromiseSpec): string {
  if (p.text !== undefined) return p.text;
  if (p.type === 'delivery') return p.withinDays === 1 ? 'Next-day delivery' : `Delivery within ${p.withinDays} days`;
  if (p.type === 'support') return `Support: ${Math.round(p.serviceLevel * 100)} % answered within ${p.seconds} s`;
  return `Refund within ${p.withinDays} days`;
}

export function computeReadiness(input: ReadinessInput): ReadinessReport {
  const { spec, capabilities: caps, audience, now } = input;
  const cal = buildCalendar(spec, now);
  const q = caps.service === null ? 0.83 : costQuantile(caps.service);
  const demand = demandSection(spec, audience.effective, input.history, cal, q);
  const findings: Finding[] = [];

  const logistics = caps.logistics === null ? null : logisticsSection(spec, caps.logistics, cal, demand.p50, demand.p90);
  if (logistics !== null) findings.push(...logistics.findings);
  const service = caps.service === null ? null : serviceSection(spec, caps.service, cal, demand, logistics?.baselineOrders ?? 0, logistics?.lateOrdersP50 ?? [], q);
  if (service !== null) findings.push(...service.findings);

  // Refund promises against billing's capability.
  spec.promises.forEach((p) => {
    if (p.type !== 'refund') return;
    const billing = caps.billing;
    if (billing !== null && p.withinDays >= billing.refundWithinDays) return;
    findings.push({
      id: `billing.refund-promise.${p.withinDays}d`,
      severity: 'blocker',
      department: 'billing',
      constraint: 'refund lead time',
      quantity: billing === null ? p.withinDays : billing.refundWithinDays - p.withinDays,
      unit: billing === null ? 'days promised, no billing capability declared' : 'days over the promise',
      date: cal.dates[0] ?? null,
      message: billing === null
        ? `${describePromise(p)}: billing has not declared what it can promise.`
        : `${describePromise(p)}: billing refunds within ${billing.refundWithinDays} days, ${billing.refundWithinDays - p.withinDays} more than promised.`,
      formula: 'promised days ≥ billing.refundWithinDays',
      mitigations: billing === null ? ['Ask billing to declare its refund capability.'] : [`Promise refunds within ${billing.refundWithinDays} days.`, 'Agree a faster refund process with billing before launch.'],
    });
  });
  for (const [dept, cap] of [['logistics', caps.logistics], ['service', caps.service]] as const) {
    const needed = dept === 'service' || spec.promises.some((p) => OWNER[p.type] === dept) || (spec.products.skus?.length ?? 0) + (spec.products.categories?.length ?? 0) > 0;
    if (cap === null && needed) {
      findings.push({
        id: `${dept}.capability-missing`, severity: 'blocker', department: dept, constraint: `${dept} capability`, quantity: 1, unit: 'document missing', date: null,
        message: `${dept} has not declared its capability, so the campaign's effect on it cannot be checked.`, formula: '—',
        mitigations: [`Ask ${dept} to declare it (PUT /v1/capabilities/${dept}).`],
      });
    }
  }

  // Unhappy customers in the audience: the policy holds them back; marketing should know.
  const unhappy = ['suppression.open_complaint', 'suppression.late_shipment', 'suppression.promise_broken_recently', 'suppression.detractor', 'suppression.pending_refund', 'suppression.open_dispute'];
  // Distinct customers: one with a complaint and a late shipment is one customer held back.
  const held = audience.heldBySuppression;
  if (held > 0) {
    findings.push({
      id: 'audience.unhappy-customers',
      severity: 'warning',
      department: spec.department ?? 'marketing',
      constraint: 'customers who should not receive it',
      quantity: held,
      unit: 'customers held back by the contact policy',
      date: null,
      message: `${held} of ${audience.matched} customers in the audience are unhappy right now (reasons, a customer may have several: ${unhappy.filter((c) => (audience.byReason[c] ?? 0) > 0).map((c) => `${audience.byReason[c]} ${c.slice('suppression.'.length).replace(/_/g, ' ')}`).join(', ')}); the contact policy will not send to them.`,
      formula: audience.formula,
      mitigations: ['Leave them out explicitly, or reach them through service first.'],
    });
  }

  const promises: PromiseCheck[] = spec.promises.map((p) => {
    const department = OWNER[p.type];
    const related = findings.filter((f) => f.department === department && f.severity === 'blocker' && (f.id.includes('promise') || f.id.endsWith('capability-missing')));
    const capability = p.type === 'delivery'
      ? (caps.logistics?.nodes.map((n) => `${n.id}: ${n.standardLeadTimeDays} d lead time, cut-off ${n.carrierCutoff}`).join('; ') ?? 'not declared')
      : p.type === 'support'
        ? (caps.service === null ? 'not declared' : `target ${Math.round(caps.service.serviceLevel.target * 100)} % in ${caps.service.serviceLevel.seconds} s with the current roster`)
        : (caps.billing === null ? 'not declared' : `refunds within ${caps.billing.refundWithinDays} days`);
    return { promise: describePromise(p), department, capability, ok: related.length === 0, explanation: related.length === 0 ? `${department} can keep it.` : related.map((f) => f.message).join(' ') };
  });

  const blockers = findings.filter((f) => f.severity === 'blocker');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const affected = new Set<string>(['service', ...findings.map((f) => f.department)]);
  if (logistics !== null) affected.add('logistics');
  for (const p of spec.promises) affected.add(OWNER[p.type]);
  affected.delete(spec.department ?? 'marketing');
  return {
    campaignId: input.campaignId,
    campaignName: spec.name,
    generatedAt: new Date(now).toISOString(),
    inputs: {
      campaign: spec,
      capabilities: caps.meta,
      campaignsInHistory: input.history.length,
      policyVersion: audience.policyVersion,
      calendar: { from: cal.dates[0], days: cal.days },
    },
    audience,
    demand: demand.section,
    logistics: logistics?.section ?? null,
    service: service?.section ?? null,
    promises,
    blockers,
    warnings,
    affectedDepartments: [...affected].sort(),
    computeMs: 0,
  };
}
