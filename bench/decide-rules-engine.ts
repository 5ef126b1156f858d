/**
 * The baseline for bench/decide: Tutti's default contact policy (src/decide/default-policy.yaml)
 * written for json-rules-engine, the way a TypeScript team would reach for it.
 *
 * - Engines built once and reused for every request (as a service would hold them): one Engine
 *   with every rule, or one per purpose (see RulesEngineDecider).
 * - The stages are rule priorities: consent 100 → suppressions 90/89 → cool-downs 85–82 →
 *   caps 70/69 → quiet hours 60 → priority 50. A rule whose event says `blocks` stops the
 *   engine (`engine.stop()`, the library's documented way to halt), so later stages do not run,
 *   as in Tutti's pipeline. Rules of one priority run together, so every blocking suppression
 *   and every full cap is reported, as Tutti reports them.
 * - Facts are computed per request from the same CustomerState and contact counters Tutti reads,
 *   WITH TUTTI'S OWN HELPERS (factHolds, latestResolution, countInWindow, zoneOffsets), as a team
 *   would feed the engine facts it computes in TypeScript: the comparison then measures the rule
 *   evaluation, and a difference in answers points at the rules, not at fact code.
 * - It answers with the decision and the reason codes only; Tutti also writes every reason's
 *   plain-English message and evidence. That favours the baseline.
 *
 * Not encoded (not needed by the default policy): `consent.missing` (ifUnknown is granted),
 * `cap.none` (every purpose that is not transactional has a cap on every channel), the
 * quiet-hours `until` instant (the comparison checks outcome and reason codes).
 */
import { Engine, type NestedCondition, type RuleProperties } from 'json-rules-engine';
import { type ContactCounter, type ContactScope, PURPOSE_BIT } from '../src/decide/contact-counters.js';
import { factHolds } from '../src/decide/customer-facts.js';
import type { DecisionRequest, Outcome } from '../src/decide/decision-types.js';
import { localMinuteOfDay, zoneOffsets } from '../src/decide/time-zones.js';
import { latestResolution } from '../src/state/resolution-effects.js';
import type { CustomerState, ResolutionKind } from '../src/state/state-types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The default policy's caps, as a team would write them next to their rules. */
const CAPS = {
  promotionalDaily: { windowMs: DAY, scope: { purposeMask: PURPOSE_BIT.sales | PURPOSE_BIT.marketing, channels: null, departments: null } },
  promotionalWeekly: { windowMs: 7 * DAY, scope: { purposeMask: PURPOSE_BIT.sales | PURPOSE_BIT.marketing, channels: null, departments: null } },
  callsAndTextsWeekly: { windowMs: 7 * DAY, scope: { purposeMask: PURPOSE_BIT.sales | PURPOSE_BIT.marketing, channels: ['call', 'sms'], departments: null } },
  serviceDaily: { windowMs: DAY, scope: { purposeMask: PURPOSE_BIT.service, channels: null, departments: null } },
} satisfies Record<string, { windowMs: number; scope: ContactScope }>;

const FALLBACK_ZONE = zoneOffsets('Europe/Paris')!;
const QUIET_START = 21 * 60;
const QUIET_END = 8 * 60;

type ConsentStatus = 'granted' | 'withdrawn' | 'unknown';

/** What the engine's rules test: one flat object of facts per request. */
export interface DecisionFacts {
  purpose: string;
  channel: string;
  department: string;
  consentMarketing: ConsentStatus;
  consentSalesCalls: ConsentStatus;
  /** Consent for the request's channel (a spam mark withdraws email). */
  consentChannel: ConsentStatus;
  openComplaint: boolean;
  lateShipment: boolean;
  pendingRefund: boolean;
  openDispute: boolean;
  promiseBrokenRecently: boolean;
  detractor: boolean;
  /** ms since the latest resolution of each kind; Infinity when none (or it is in the future). */
  sinceComplaintResolved: number;
  sinceDisputeResolved: number;
  sinceTicketResolved: number;
  promotionalDaily: number;
  promotionalWeekly: number;
  callsAndTextsWeekly: number;
  serviceDaily: number;
  /** Minute of the day in the customer's zone (the policy's fallback zone when unknown). */
  localMinute: number;
}

function consentStatus(state: CustomerState | undefined, purpose: string): ConsentStatus {
  const facts = state?.consent;
  if (facts) for (const f of facts) if (f.purpose === purpose) return f.granted ? 'granted' : 'withdrawn';
  return 'unknown';
}

function since(state: CustomerState | undefined, kind: ResolutionKind, now: number): number {
  const r = latestResolution(state?.resolutions ?? null, kind);
  return r === undefined || r.at > now ? Number.POSITIVE_INFINITY : now - r.at;
}

/** The facts for one request, from the customer's live state, the contact counters and the clock. */
export function decisionFacts(state: CustomerState | undefined, request: DecisionRequest, now: number, counters: ContactCounter): DecisionFacts {
  const id = state?.customerId ?? request.customerId;
  const count = (cap: { windowMs: number; scope: ContactScope }): number => (id === undefined ? 0 : counters.countInWindow(id, cap.scope, now - cap.windowMs, now));
  const holds = (fact: Parameters<typeof factHolds>[1], withinMs = Number.POSITIVE_INFINITY): boolean => state !== undefined && factHolds(state, fact, now, 0, withinMs);
  const zone = (state?.timezone == null ? null : zoneOffsets(state.timezone)) ?? FALLBACK_ZONE;
  return {
    purpose: request.purpose,
    channel: request.channel,
    department: request.department,
    consentMarketing: consentStatus(state, 'marketing'),
    consentSalesCalls: consentStatus(state, 'sales_calls'),
    consentChannel: consentStatus(state, request.channel),
    openComplaint: holds('open_complaint'),
    lateShipment: holds('late_shipment'),
    pendingRefund: holds('pending_refund'),
    openDispute: holds('open_dispute'),
    promiseBrokenRecently: holds('promise_broken_recently', 30 * DAY),
    detractor: holds('detractor', 90 * DAY),
    sinceComplaintResolved: since(state, 'complaint_resolved', now),
    sinceDisputeResolved: since(state, 'dispute_resolved', now),
    sinceTicketResolved: since(state, 'ticket_resolved', now),
    promotionalDaily: count(CAPS.promotionalDaily),
    promotionalWeekly: count(CAPS.promotionalWeekly),
    callsAndTextsWeekly: count(CAPS.callsAndTextsWeekly),
    serviceDaily: count(CAPS.serviceDaily),
    localMinute: localMinuteOfDay(now, zone.offsetAt(now)),
  };
}

// Condition shorthands. The rules below are plain json-rules-engine JSON.
const is = (fact: keyof DecisionFacts, value: unknown): NestedCondition => ({ fact, operator: 'equal', value });
const isNot = (fact: keyof DecisionFacts, value: unknown): NestedCondition => ({ fact, operator: 'notEqual', value });
const purposeIn = (...purposes: string[]): NestedCondition => ({ fact: 'purpose', operator: 'in', value: purposes });
const atLeast = (fact: keyof DecisionFacts, value: number): NestedCondition => ({ fact, operator: 'greaterThanInclusive', value });
const under = (fact: keyof DecisionFacts, value: number): NestedCondition => ({ fact, operator: 'lessThan', value });
const blocking = (type: string, priority: number, ...all: NestedCondition[]): RuleProperties => ({ name: type, priority, conditions: { all }, event: { type, params: { blocks: true } } });
const noting = (type: string, priority: number, ...all: NestedCondition[]): RuleProperties => ({ name: type, priority, conditions: { all }, event: { type } });

/** The suppressions of the default policy: [fact, code, the purposes it blocks]. */
const SUPPRESSIONS: ReadonlyArray<[keyof DecisionFacts, string, string[]]> = [
  ['openComplaint', 'suppression.open_complaint', ['sales', 'marketing']],
  ['lateShipment', 'suppression.late_shipment', ['sales', 'marketing']],
  ['pendingRefund', 'suppression.pending_refund', ['sales', 'marketing']],
  ['openDispute', 'suppression.open_dispute', ['sales', 'marketing']],
  ['promiseBrokenRecently', 'suppression.promise_broken_recently', ['sales', 'marketing']],
  ['detractor', 'suppression.detractor', ['marketing']],
];
const ALL_PURPOSES = ['transactional', 'service', 'sales', 'marketing'];

/** The default policy as json-rules-engine rules. */
export function defaultPolicyRules(): RuleProperties[] {
  const rules: RuleProperties[] = [
    // Consent (priority 100). Marketing needs consent for marketing; sales for marketing and
    // sales calls; both respect a withdrawal recorded for the channel; unknown counts as granted.
    noting('consent.not_required', 100, purposeIn('service', 'transactional')),
    blocking('consent.withdrawn', 100, is('purpose', 'marketing'), is('consentMarketing', 'withdrawn')),
    blocking('consent.channel_withdrawn', 100, is('purpose', 'marketing'), isNot('consentMarketing', 'withdrawn'), is('consentChannel', 'withdrawn')),
    noting('consent.granted', 100, is('purpose', 'marketing'), is('consentMarketing', 'granted'), isNot('consentChannel', 'withdrawn')),
    noting('consent.assumed', 100, is('purpose', 'marketing'), is('consentMarketing', 'unknown'), isNot('consentChannel', 'withdrawn')),
    { name: 'consent.withdrawn (sales)', priority: 100, conditions: { all: [is('purpose', 'sales'), { any: [is('consentMarketing', 'withdrawn'), is('consentSalesCalls', 'withdrawn')] }] }, event: { type: 'consent.withdrawn', params: { blocks: true } } },
    blocking('consent.channel_withdrawn', 100, is('purpose', 'sales'), isNot('consentMarketing', 'withdrawn'), isNot('consentSalesCalls', 'withdrawn'), is('consentChannel', 'withdrawn')),
    noting('consent.granted', 100, is('purpose', 'sales'), is('consentMarketing', 'granted'), is('consentSalesCalls', 'granted'), isNot('consentChannel', 'withdrawn')),
    {
      name: 'consent.assumed (sales)', priority: 100,
      conditions: { all: [is('purpose', 'sales'), isNot('consentMarketing', 'withdrawn'), isNot('consentSalesCalls', 'withdrawn'), isNot('consentChannel', 'withdrawn'), { any: [is('consentMarketing', 'unknown'), is('consentSalesCalls', 'unknown')] }] },
      event: { type: 'consent.assumed' },
    },
  ];

  // Hard suppressions (90 blocks; 89 reports what holds without blocking, or that all is clear).
  for (const [fact, code, blocks] of SUPPRESSIONS) rules.push(blocking(code, 90, purposeIn(...blocks), is(fact, true)));
  for (const purpose of ALL_PURPOSES) {
    const exempt = SUPPRESSIONS.filter(([, , blocks]) => !blocks.includes(purpose)).map(([fact]) => is(fact, true));
    if (exempt.length > 0) rules.push({ name: `suppression.exempt (${purpose})`, priority: 89, conditions: { all: [is('purpose', purpose), { any: exempt }] }, event: { type: 'suppression.exempt' } });
    rules.push({ name: `suppression.clear (${purpose})`, priority: 89, conditions: { all: [is('purpose', purpose), ...SUPPRESSIONS.filter(([, , blocks]) => !blocks.includes(purpose)).map(([fact]) => is(fact, false))] }, event: { type: 'suppression.clear' } });
  }

  // Cool-downs, in policy order: the first that runs is the reason.
  rules.push(
    blocking('cooldown.complaint_resolved', 85, purposeIn('sales', 'marketing'), under('sinceComplaintResolved', 7 * DAY)),
    blocking('cooldown.dispute_resolved', 84, purposeIn('sales', 'marketing'), under('sinceDisputeResolved', 14 * DAY)),
    blocking('cooldown.ticket_resolved', 83, is('purpose', 'marketing'), under('sinceTicketResolved', 2 * DAY)),
    noting('cooldown.clear', 82, purposeIn(...ALL_PURPOSES)),
  );

  // Frequency caps across departments (70 full; 69 within, or bypassed for transactional).
  rules.push(
    blocking('cap.exceeded', 70, purposeIn('sales', 'marketing'), atLeast('promotionalDaily', 1)),
    blocking('cap.exceeded', 70, purposeIn('sales', 'marketing'), atLeast('promotionalWeekly', 3)),
    blocking('cap.exceeded', 70, purposeIn('sales', 'marketing'), { fact: 'channel', operator: 'in', value: ['call', 'sms'] }, atLeast('callsAndTextsWeekly', 1)),
    blocking('cap.exceeded', 70, is('purpose', 'service'), atLeast('serviceDaily', 5)),
    noting('cap.bypassed', 69, is('purpose', 'transactional')),
    noting('cap.within', 69, purposeIn('service', 'sales', 'marketing')),
  );

  // Quiet hours 21:00–08:00 local for sales and marketing, then the priority note.
  rules.push(
    { name: 'quiet_hours.deferred', priority: 60, conditions: { all: [purposeIn('sales', 'marketing'), { any: [atLeast('localMinute', QUIET_START), under('localMinute', QUIET_END)] }] }, event: { type: 'quiet_hours.deferred' } },
    noting('quiet_hours.clear', 60, purposeIn('sales', 'marketing'), atLeast('localMinute', QUIET_END), under('localMinute', QUIET_START)),
    noting('quiet_hours.not_applicable', 60, purposeIn('service', 'transactional')),
    noting('priority.rank', 50, purposeIn(...ALL_PURPOSES)),
  );
  return rules;
}

/** What the rules engine answers: the outcome and the reason codes, in the order they fired. */
export interface RulesDecision {
  decision: Outcome;
  codes: string[];
}

/** Whether a rule can fire for a purpose: the purpose condition every rule above opens with. */
function appliesTo(rule: RuleProperties, purpose: string): boolean {
  const first = 'all' in rule.conditions ? rule.conditions.all[0] : undefined;
  if (first === undefined || !('fact' in first) || first.fact !== 'purpose') return true;
  return first.operator === 'equal' ? first.value === purpose : (first.value as string[]).includes(purpose);
}

/**
 * The default policy on json-rules-engine: engines built once, then `decide` per request.
 *
 * `layout`: 'single' is one Engine holding every rule (the obvious way); 'per-purpose' is one
 * Engine per purpose holding only the rules that can fire for it, built once each — every rule
 * of a priority set is evaluated (and json-rules-engine deep-clones each rule's conditions into
 * its result), so fewer rules per run make it about twice as fast. The benchmark times both
 * and rates Tutti against the faster.
 */
export class RulesEngineDecider {
  private readonly engines = new Map<string, Engine>();

  /** `counterFor`: the contact counter for a customer (Tutti's LiveContactCounter pointed at its state). */
  constructor(private readonly counterFor: (state: CustomerState | undefined) => ContactCounter, readonly layout: 'single' | 'per-purpose' = 'per-purpose') {
    const rules = defaultPolicyRules();
    const build = (subset: RuleProperties[]): Engine => {
      const engine = new Engine(subset, { allowUndefinedFacts: false });
      // A blocking rule ends the run after its priority set: later stages do not run.
      engine.on('success', (event) => {
        if (event.params?.['blocks'] === true) engine.stop();
      });
      return engine;
    };
    if (layout === 'single') {
      const engine = build(rules);
      for (const purpose of ALL_PURPOSES) this.engines.set(purpose, engine);
    } else {
      for (const purpose of ALL_PURPOSES) this.engines.set(purpose, build(rules.filter((r) => appliesTo(r, purpose))));
    }
  }

  /** Not reentrant: `engine.stop()` is engine-wide, so run one request at a time (await each). */
  async decide(state: CustomerState | undefined, request: DecisionRequest, now: number): Promise<RulesDecision> {
    const engine = this.engines.get(request.purpose);
    if (engine === undefined) throw new TypeError(`unknown purpose ${request.purpose}`);
    const facts = decisionFacts(state, request, now, this.counterFor(state));
    const { events } = await engine.run(facts as unknown as Record<string, unknown>);
    const codes = events.map((e) => e.type);
    const blocked = events.some((e) => e.params?.['blocks'] === true);
    return { decision: blocked ? 'suppress' : codes.includes('quiet_hours.deferred') ? 'defer' : 'send', codes };
  }
}
