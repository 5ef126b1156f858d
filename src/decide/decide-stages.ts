/**
 * The pipeline's stages, one function each. A stage appends its reason(s) to `out` and says
 * whether the message may go on: `true` to continue, `false` for suppress, or (quiet hours) the
 * instant to defer to. Stages read the state and counters, never write them, and allocate only
 * the reasons they leave.
 */
import type { ConsentFact, CustomerState } from '../state/state-types.js';
import type { CompiledPolicy, CompiledPurpose } from './compile-policy.js';
import { departmentPriority } from './compile-policy.js';
import type { ContactCounter } from './contact-counters.js';
import { ago, describeFact, factHolds } from './customer-facts.js';
import type { DecisionRequest, Reason, ReasonCode, Stage } from './decision-types.js';
import { latestResolution } from '../state/resolution-effects.js';
import type { Resolution } from '../state/state-types.js';
import { clockText, localMidnight, localMinuteOfDay, zoneOffsets } from './time-zones.js';

const NO_EVIDENCE: readonly string[] = Object.freeze([]);

function reason(code: ReasonCode, stage: Stage, department: string, message: string, evidence: readonly string[] = NO_EVIDENCE): Reason {
  return { code, stage, department, message, evidence };
}

/** Consent and subscriptions: every consent purpose the message needs, and the channel's own. */
export function consentStage(p: CompiledPurpose, state: CustomerState | undefined, req: DecisionRequest, now: number, out: Reason[]): boolean {
  const rule = p.consent;
  if (rule === null) {
    out.push(reason('consent.not_required', 'consent', req.department, p.text.consentNotRequired));
    return true;
  }
  const facts = state?.consent ?? null;
  let granted: Reason | null = null;
  let unknown = false;
  const needs = rule.channel ? rule.purposes.length + 1 : rule.purposes.length;
  for (let i = 0; i < needs; i++) {
    const name = i < rule.purposes.length ? (rule.purposes[i] ?? '') : req.channel;
    const fact = findConsent(facts, name);
    if (fact === undefined) {
      // An unknown channel is the norm: only a withdrawal recorded for it (spam mark) counts.
      if (i >= rule.purposes.length) continue;
      unknown = true;
      if (!rule.assumeGranted) {
        out.push(reason('consent.missing', 'consent', req.department, `No consent for ${name} on record, and the policy requires it for ${p.name}`));
        return false;
      }
    } else if (!fact.granted) {
      const code = i < rule.purposes.length ? 'consent.withdrawn' : 'consent.channel_withdrawn';
      const what = i < rule.purposes.length ? `Consent for ${name}` : `Consent to contact by ${name}`;
      out.push(reason(code, 'consent', fact.department, `${what} was withdrawn ${ago(fact.at, now)} (recorded by ${fact.department}); no ${p.name} message may go`, [`event:${fact.seq}`]));
      return false;
    } else if (granted === null) {
      granted = reason('consent.granted', 'consent', fact.department, `Consent for ${name} granted ${ago(fact.at, now)} (recorded by ${fact.department})`, [`event:${fact.seq}`]);
    }
  }
  out.push(granted !== null && !unknown ? granted : reason('consent.assumed', 'consent', req.department, p.text.consentAssumed));
  return true;
}

function findConsent(facts: readonly ConsentFact[] | null, purpose: string): ConsentFact | undefined {
  if (facts !== null) for (let i = 0; i < facts.length; i++) if (facts[i]?.purpose === purpose) return facts[i];
  return undefined;
}

/** Hard suppressions: every rule whose fact holds; those not blocking this purpose are reported as exempt. */
export function suppressionStage(p: CompiledPurpose, state: CustomerState | undefined, req: DecisionRequest, now: number, out: Reason[]): boolean {
  let blocked = false;
  let exempt: Reason | null = null;
  if (state !== undefined) {
    const rules = p.suppressions;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r === undefined || !factHolds(state, r.fact, now, r.olderThanMs, r.withinMs)) continue;
      const match = describeFact(state, r.fact, now, r.olderThanMs, r.withinMs);
      if (match === null) continue;
      if (r.blocks) {
        blocked = true;
        out.push(reason(r.code, 'suppression', match.department, `${match.text} blocks ${p.name}`, match.evidence));
      } else if (exempt === null) {
        exempt = reason('suppression.exempt', 'suppression', match.department, `${match.text} does not block ${p.name}`, match.evidence);
      } else {
        exempt.message = `${exempt.message}; ${match.text} does not block ${p.name} either`;
        exempt.evidence = [...exempt.evidence, ...match.evidence];
      }
    }
  }
  if (blocked) return false;
  out.push(exempt ?? reason('suppression.clear', 'suppression', req.department, p.text.suppressionClear));
  return true;
}

/** Cool-downs: a resolution of the kind a rule names, less than its duration ago. */
export function cooldownStage(p: CompiledPurpose, resolutions: readonly Resolution[] | null, req: DecisionRequest, now: number, out: Reason[]): boolean {
  const rules = p.cooldowns;
  for (let i = 0; i < rules.length; i++) {
    const c = rules[i];
    const r = c === undefined ? undefined : latestResolution(resolutions, c.after);
    if (c === undefined || r === undefined || r.at > now || now - r.at >= c.forMs) continue;
    const what = c.after.slice(0, c.after.indexOf('_'));
    const ends = new Date(r.at + c.forMs).toISOString();
    out.push(reason(c.code, 'cooldown', r.department, `Cool-down: ${what} ${r.id} was resolved ${ago(r.at, now)} by ${r.department}; no ${p.name} for ${c.forText}, until ${ends}`, [r.id, `event:${r.seq}`]));
    return false;
  }
  out.push(reason('cooldown.clear', 'cooldown', req.department, p.text.cooldownClear));
  return true;
}

/** Frequency caps across departments and channels, from the contact counter. */
export function capStage(p: CompiledPurpose, customerId: string | undefined, req: DecisionRequest, now: number, counters: ContactCounter, out: Reason[]): boolean {
  if (p.bypassesCaps) {
    out.push(reason('cap.bypassed', 'cap', req.department, p.text.capBypassed));
    return true;
  }
  let within = '';
  let exceeded = false;
  const caps = p.caps;
  for (let i = 0; i < caps.length; i++) {
    const cap = caps[i];
    if (cap === undefined) continue;
    if ((cap.channels !== null && !cap.channels.includes(req.channel)) || (cap.departments !== null && !cap.departments.includes(req.department))) continue;
    const from = now - cap.windowMs;
    const count = customerId === undefined ? 0 : counters.countInWindow(customerId, cap.scope, from, now);
    if (count >= cap.max) {
      exceeded = true;
      const ids = customerId === undefined || counters.idsInWindow === undefined ? NO_EVIDENCE : counters.idsInWindow(customerId, cap.scope, from, now);
      out.push(reason('cap.exceeded', 'cap', req.department, `Frequency cap ${cap.name} is full: ${count} of ${cap.max} ${cap.scopeText} in the last ${cap.windowText}`, ids));
    } else {
      within = `${within === '' ? 'Within frequency caps: ' : `${within}; `}${cap.name} ${count} of ${cap.max} in ${cap.windowText}`;
    }
  }
  if (exceeded) return false;
  out.push(within === '' ? reason('cap.none', 'cap', req.department, p.text.capNone) : reason('cap.within', 'cap', req.department, within));
  return true;
}

/**
 * Quiet hours in the customer's own time zone (the policy's fallback when the state has none).
 * Returns true to continue or the instant the message may go.
 */
export function quietHoursStage(c: CompiledPolicy, p: CompiledPurpose, state: CustomerState | undefined, req: DecisionRequest, now: number, out: Reason[]): true | number {
  const windows = p.quietWindows;
  let applies = false;
  for (let i = 0; i < windows.length && !applies; i++) {
    const w = windows[i];
    applies = w !== undefined && (w.channels === null || w.channels.includes(req.channel));
  }
  if (!applies) {
    out.push(reason('quiet_hours.not_applicable', 'quiet_hours', req.department, p.text.quietNotApplicable));
    return true;
  }
  const own = state?.timezone ?? null;
  const zone = (own === null ? null : zoneOffsets(own)) ?? c.fallbackZone;
  const whose = own !== null && zone.zone === own ? "the customer's zone" : 'policy fallback zone';
  const evidence = own !== null && zone.zone === own && state !== undefined && state.timezoneSeq > 0 ? [`event:${state.timezoneSeq}`] : NO_EVIDENCE;
  const offset = zone.offsetAt(now);
  const minute = localMinuteOfDay(now, offset);
  // Walk forward while some window covers the instant: overlapping windows chain.
  let until = now;
  let text = '';
  for (let guard = 0; guard <= windows.length; guard++) {
    const off = until === now ? offset : zone.offsetAt(until);
    const m = until === now ? minute : localMinuteOfDay(until, off);
    let next = until;
    for (let i = 0; i < windows.length; i++) {
      const w = windows[i];
      if (w === undefined || (w.channels !== null && !w.channels.includes(req.channel)) || !inWindow(m, w.startMinute, w.endMinute)) continue;
      if (text === '') text = w.text;
      const endWall = localMidnight(until, off) + w.endMinute * 60_000 + (w.endMinute <= m ? 86_400_000 : 0);
      const end = zone.wallToUtc(endWall, until);
      if (end > next) next = end;
    }
    if (next === until) break;
    until = next;
  }
  if (until === now) {
    out.push(reason('quiet_hours.clear', 'quiet_hours', req.department, `It is ${clockText(minute)} in ${zone.zone} (${whose}), outside quiet hours`, evidence));
    return true;
  }
  const localEnd = clockText(localMinuteOfDay(until, zone.offsetAt(until)));
  out.push(reason('quiet_hours.deferred', 'quiet_hours', req.department, `Quiet hours ${text} for ${p.name} in ${zone.zone} (${whose}): it is ${clockText(minute)} there; deferred until ${localEnd} local, ${new Date(until).toISOString()}`, evidence));
  return until;
}

function inWindow(m: number, start: number, end: number): boolean {
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** Priority between departments: informational for one message, a factor in arbitration. */
export function priorityStage(c: CompiledPolicy, p: CompiledPurpose, req: DecisionRequest, out: Reason[]): void {
  let texts = c.priorityText.get(req.department);
  if (texts === undefined) {
    texts = [];
    if (c.priorityText.size < 10_000) c.priorityText.set(req.department, texts);
  }
  const index = p.bit === 1 ? 0 : p.bit === 2 ? 1 : p.bit === 4 ? 2 : 3;
  let text = texts[index];
  if (text === undefined) {
    const [rank, weight] = departmentPriority(c, req.department);
    const listed = c.departments.has(req.department) ? `ranks ${rank} of ${c.departments.size} departments` : 'is not listed in the policy';
    text = `${req.department} ${listed} (weight ${weight}); purpose ${p.name} weight ${p.weight}: priority ${round(weight * p.weight)}`;
    texts[index] = text;
  }
  out.push(reason('priority.rank', 'priority', req.department, text));
}

/** Four significant digits, for messages. */
export function round(x: number): number {
  return Number(x.toPrecision(4));
}
