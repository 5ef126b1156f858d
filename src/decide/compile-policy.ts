/**
 * Compiles a validated Policy into the tables decide.ts reads on the hot path: one record per
 * purpose holding only the rules that concern it, durations in ms, clock times in minutes,
 * cap scopes as bit masks, the fallback zone's offset table, and every reason message that
 * does not depend on the customer written out once. Nothing here runs per decision.
 */
import { type ContactScope, PURPOSE_BIT, purposesOfMask } from './contact-counters.js';
import { defaultWithinMs } from './customer-facts.js';
import type { ReasonCode } from './decision-types.js';
import {
  clockMinutes, durationMs, durationWords, type Fact, type Policy, type Purpose, PURPOSES, type ResolutionKind,
} from './policy-schema.js';
import { clockText, type ZoneOffsets, zoneOffsets } from './time-zones.js';

export interface CompiledCondition {
  fact: Fact;
  olderThanMs: number;
  withinMs: number;
}

export interface CompiledSuppression extends CompiledCondition {
  code: ReasonCode;
  /** Whether this rule blocks the purpose it is compiled under (else it is only reported as exempt). */
  blocks: boolean;
}

export interface CompiledCooldown {
  after: ResolutionKind;
  code: ReasonCode;
  forMs: number;
  forText: string;
}

export interface CompiledCap {
  name: string;
  windowMs: number;
  windowText: string;
  max: number;
  /** The contacts that count: the cap's purposes that count toward caps, its channels and departments. */
  scope: ContactScope;
  /** Which requests it limits (purposes are already filtered by the purpose record holding it). */
  channels: readonly string[] | null;
  departments: readonly string[] | null;
  /** e.g. "sales and marketing contacts across all departments". */
  scopeText: string;
}

export interface CompiledQuietWindow {
  startMinute: number;
  endMinute: number;
  channels: readonly string[] | null;
  text: string;
}

export interface CompiledRelationshipRule extends CompiledCondition {
  factor: number;
}

export interface CompiledConsent {
  purposes: readonly string[];
  channel: boolean;
  assumeGranted: boolean;
}

/** Everything the pipeline needs for one purpose. */
export interface CompiledPurpose {
  name: Purpose;
  bit: number;
  weight: number;
  bypassesCaps: boolean;
  countsTowardCaps: boolean;
  consent: CompiledConsent | null;
  /** Every suppression rule (so facts that do not block this purpose can still be reported). */
  suppressions: readonly CompiledSuppression[];
  cooldowns: readonly CompiledCooldown[];
  caps: readonly CompiledCap[];
  quietWindows: readonly CompiledQuietWindow[];
  relationship: readonly CompiledRelationshipRule[];
  text: {
    consentNotRequired: string;
    consentAssumed: string;
    suppressionClear: string;
    cooldownClear: string;
    capBypassed: string;
    capNone: string;
    quietNotApplicable: string;
  };
}

export interface CompiledPolicy {
  version: string;
  /** The policy it was compiled from (GET /v1/policy shows it). */
  source: Policy;
  purposes: Readonly<Record<Purpose, CompiledPurpose>>;
  /** Department → [rank (1 = first), weight]. */
  departments: ReadonlyMap<string, readonly [number, number]>;
  unlistedDepartmentWeight: number;
  fallbackTimeZone: string;
  fallbackZone: ZoneOffsets;
  arbitration: { valueExponent: number; propensityExponent: number; relationshipExponent: number; defaultValue: number; defaultPropensity: number };
  /** The longest cap window: how long a contact counter must remember. */
  maxCapWindowMs: number;
  /** Contact purpose labels (upsell, callback, …) → purpose, from `aliases`. */
  aliases: ReadonlyMap<string, Purpose>;
  /** Per department, the priority reason message for each purpose (filled on first use). */
  priorityText: Map<string, string[]>;
}

const conditionOf = (rule: { when: Fact; olderThan?: string; within?: string }): CompiledCondition => ({
  fact: rule.when,
  olderThanMs: rule.olderThan === undefined ? 0 : durationMs(rule.olderThan),
  withinMs: rule.within === undefined ? defaultWithinMs(rule.when) : durationMs(rule.within),
});

const list = (names: readonly string[]): string => names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** Compiles a policy that passed parsePolicy (or was built in code and passed checkPolicy). */
export function compilePolicy(policy: Policy): CompiledPolicy {
  const fallbackZone = zoneOffsets(policy.quietHours.fallbackTimeZone);
  if (fallbackZone === null) throw new Error(`unknown time zone ${policy.quietHours.fallbackTimeZone}`);
  const departments = new Map<string, readonly [number, number]>();
  policy.departments.forEach((d, i) => departments.set(d.name, [i + 1, d.weight]));

  let countingMask = 0;
  let bypassMask = 0;
  for (const p of PURPOSES) {
    if (policy.purposes[p].countsTowardCaps) countingMask |= PURPOSE_BIT[p];
    if (policy.purposes[p].bypassesCaps) bypassMask |= PURPOSE_BIT[p];
  }
  const caps = policy.caps.map((cap) => {
    let capMask = 0;
    for (const p of cap.purposes ?? PURPOSES) capMask |= PURPOSE_BIT[p];
    const channels = cap.channels ?? null;
    const departments = cap.departments ?? null;
    const scopeText = `${list(purposesOfMask(capMask & countingMask))} contacts${channels === null ? '' : ` by ${list(channels)}`} ${departments === null ? 'across all departments' : `from ${list(departments)}`}`;
    const compiled: CompiledCap = {
      name: cap.name, windowMs: durationMs(cap.window), windowText: durationWords(cap.window), max: cap.max,
      scope: { purposeMask: capMask & countingMask, channels, departments }, channels, departments, scopeText,
    };
    return { compiled, limitsMask: capMask & ~bypassMask };
  });

  const aliases = new Map<string, Purpose>();
  const purposes = {} as Record<Purpose, CompiledPurpose>;
  for (const name of PURPOSES) {
    const rule = policy.purposes[name];
    const bit = PURPOSE_BIT[name];
    for (const alias of rule.aliases ?? []) aliases.set(alias, name);
    const consent = rule.consent === 'none' ? null : { purposes: rule.consent.purposes, channel: rule.consent.channel === true, assumeGranted: rule.consent.ifUnknown === 'granted' };
    const windows = policy.quietHours.windows.filter((w) => w.purposes.includes(name));
    purposes[name] = {
      name, bit, weight: rule.weight ?? 1, bypassesCaps: rule.bypassesCaps, countsTowardCaps: rule.countsTowardCaps, consent,
      suppressions: policy.suppressions.map((s) => ({ ...conditionOf(s), code: `suppression.${s.when}` as ReasonCode, blocks: s.blocks.includes(name) })),
      cooldowns: policy.cooldowns.filter((c) => c.blocks.includes(name)).map((c) => ({ after: c.after, code: `cooldown.${c.after}` as ReasonCode, forMs: durationMs(c.for), forText: durationWords(c.for) })),
      caps: rule.bypassesCaps ? [] : caps.filter((c) => (c.limitsMask & bit) !== 0).map((c) => c.compiled),
      quietWindows: windows.map((w) => {
        const startMinute = clockMinutes(w.start);
        const endMinute = clockMinutes(w.end);
        return { startMinute, endMinute, channels: w.channels ?? null, text: `${clockText(startMinute)}–${clockText(endMinute)}` };
      }),
      relationship: policy.arbitration.relationship.filter((r) => r.purposes === undefined || r.purposes.includes(name)).map((r) => ({ ...conditionOf(r), factor: r.factor })),
      text: {
        consentNotRequired: `${cap1(name)} messages need no consent`,
        consentAssumed: consent === null ? '' : `No consent record for ${list(consent.purposes)}; the policy assumes it is granted`,
        suppressionClear: suppressionClearText(name, policy.suppressions.filter((s) => s.blocks.includes(name)).map((s) => s.when)),
        cooldownClear: policy.cooldowns.some((c) => c.blocks.includes(name)) ? `No cool-down running for ${name}` : `No cool-down applies to ${name}`,
        capBypassed: `${cap1(name)} messages bypass frequency caps`,
        capNone: `No frequency cap covers ${name} on this channel for this department`,
        quietNotApplicable: windows.length === 0 ? `Quiet hours do not apply to ${name}` : `Quiet hours for ${name} do not cover this channel`,
      },
    };
  }

  return {
    version: policy.version,
    source: policy,
    purposes,
    departments,
    unlistedDepartmentWeight: policy.arbitration.unlistedDepartmentWeight,
    fallbackTimeZone: policy.quietHours.fallbackTimeZone,
    fallbackZone,
    arbitration: {
      valueExponent: policy.arbitration.weights.value,
      propensityExponent: policy.arbitration.weights.propensity,
      relationshipExponent: policy.arbitration.weights.relationship,
      defaultValue: policy.arbitration.defaults.value,
      defaultPropensity: policy.arbitration.defaults.propensity,
    },
    maxCapWindowMs: caps.reduce((m, c) => Math.max(m, c.compiled.windowMs), 0),
    aliases,
    priorityText: new Map(),
  };
}

/**
 * The purpose a recorded contact counts as, for feeding a contact counter from events:
 * an exact purpose name, else an alias from the policy, else by department (marketing and
 * sales contacts are theirs; anything else is service).
 */
export function purposeOfContact(compiled: CompiledPolicy, label: string | undefined, department: string): Purpose {
  if (label !== undefined) {
    if ((PURPOSES as readonly string[]).includes(label)) return label as Purpose;
    const alias = compiled.aliases.get(label);
    if (alias !== undefined) return alias;
  }
  return department === 'marketing' || department === 'sales' ? department : 'service';
}

/** The department's rank and weight; unlisted departments rank after all listed ones. */
export function departmentPriority(compiled: CompiledPolicy, department: string): readonly [number, number] {
  return compiled.departments.get(department) ?? [compiled.departments.size + 1, compiled.unlistedDepartmentWeight];
}

function suppressionClearText(purpose: Purpose, facts: readonly Fact[]): string {
  if (facts.length === 0) return `No suppression rule covers ${purpose}`;
  const words = [...new Set(facts)].map((f) => f.replace(/_/g, ' '));
  const last = words.pop();
  return `No ${words.length === 0 ? last : `${words.join(', ')} or ${last}`} blocks ${purpose}`;
}

function cap1(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
