/**
 * A tiny language for decision tests (test support; production code does not import it):
 * events go into a real CustomerState through `applyEvent`, the clock moves, decisions are
 * asked for and checked against an outcome and reason codes. One statement a line:
 *
 *   # a comment
 *   at 2026-03-01T10:00Z                      set the clock (ISO 8601, UTC)
 *   at +1d                                    move it (m, h, d, w; may combine: +1d2h)
 *   at +8d  decide …                          either form may lead any statement
 *   event service "Complaint Opened" {complaint_id: "C-1"}
 *   identify {timezone: "Europe/Paris"}       traits (the customer's zone)
 *   contact sales call sales                  a contact happened now (counts toward caps)
 *   decide marketing email marketing "upsell-1" → suppress [suppression.open_complaint]
 *   decide sales email sales "offer" commit → send       commit: reserve the contact on send
 *   release                                   undo the last reservation (delivery failed)
 *   decide … → defer [quiet_hours.deferred] until 2026-03-29T06:00Z
 *
 * Properties are YAML flow mappings, so unquoted keys work. Expected codes must all appear
 * among the decision's reason codes; `until` must match exactly.
 */
import { parse as parseYaml } from 'yaml';
import type { JsonObject } from '../core/event.js';
import { applyEvent, emptyState } from '../state/customer-state.js';
import type { CustomerState } from '../state/state-types.js';
import { event } from '../state/test-events.js';
import type { CompiledPolicy } from './compile-policy.js';
import { InMemoryContactCounters } from './contact-counters.js';
import { decide, decideAndReserve } from './decide.js';
import type { Decision } from './decision-types.js';
import { PURPOSES, type Purpose } from './policy-schema.js';

/** What running a script saw: one entry per decide, and the failures (empty when all passed). */
export interface ScenarioRun {
  decisions: { line: number; decision: Decision }[];
  failures: string[];
  state: CustomerState;
}

const UNIT = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DECIDE = /^decide\s+(\S+)\s+(\S+)\s+(\S+)\s+"([^"]+)"(\s+commit)?\s*(?:→|->)\s*(send|suppress|defer)\s*(\[[^\]]*\])?\s*(?:until\s+(\S+))?$/;
const EVENT = /^event\s+(\S+)\s+"([^"]+)"\s*(\{.*\})?$/;
const IDENTIFY = /^identify\s*(\{.*\})$/;
const CONTACT = /^contact\s+(\S+)\s+(\S+)\s+(\S+)$/;

/** Runs a script against a fresh customer; throws only on a script it cannot read. */
export function runScenario(script: string, compiled: CompiledPolicy, customerId = 'cus_1'): ScenarioRun {
  const state = emptyState(customerId);
  const counters = new InMemoryContactCounters();
  let now = Number.NaN;
  const reservations: string[] = [];
  const run: ScenarioRun = { decisions: [], failures: [], state };

  script.split('\n').forEach((raw, index) => {
    const line = index + 1;
    let text = raw.replace(/#.*$/, '').trim();
    if (text === '') return;
    const fail = (message: string): never => {
      throw new Error(`scenario line ${line}: ${message}\n  ${raw.trim()}`);
    };
    const at = /^at\s+(\S+)\s*(.*)$/.exec(text);
    if (at !== null) {
      now = moveClock(now, at[1] ?? '', fail);
      text = (at[2] ?? '').trim();
      if (text === '') return;
    }
    if (Number.isNaN(now)) fail('set the clock with `at <ISO time>` first');
    const apply = (ev: ReturnType<typeof event>): void => {
      applyEvent(state, ev);
    };

    let m: RegExpExecArray | null;
    if ((m = EVENT.exec(text)) !== null) {
      apply(event(m[2] ?? '', props(m[3], fail), { at: now, department: m[1] ?? 'service' }));
    } else if ((m = IDENTIFY.exec(text)) !== null) {
      apply(event('Identify', {}, { at: now, type: 'identify', traits: props(m[1], fail) }));
    } else if ((m = CONTACT.exec(text)) !== null) {
      counters.record(customerId, { department: m[1] ?? '', channel: m[2] ?? '', purpose: purpose(m[3], fail) }, now);
    } else if (text === 'release') {
      const id = reservations.pop();
      if (id === undefined || !counters.release(id)) fail('no reservation to release');
    } else if ((m = DECIDE.exec(text)) !== null) {
      const request = { department: m[1] ?? '', channel: m[2] ?? '', purpose: purpose(m[3], fail), message: { id: m[4] ?? '' } };
      const { decision, reservationId } = m[5] !== undefined
        ? decideAndReserve(compiled, state, request, now, counters)
        : { decision: decide(compiled, state, request, now, counters), reservationId: null };
      if (reservationId !== null) reservations.push(reservationId);
      run.decisions.push({ line, decision });
      const problems = compare(decision, m[6] ?? '', codes(m[7]), m[8] === undefined ? undefined : time(m[8], fail));
      if (problems !== '') run.failures.push(`line ${line}: ${raw.trim()}\n  ${problems}\n  got ${describe(decision)}`);
    } else {
      fail('not a statement (at, event, identify, contact, decide, release)');
    }
  });
  return run;
}

function compare(d: Decision, outcome: string, expected: string[], until: number | undefined): string {
  const problems: string[] = [];
  if (d.decision !== outcome) problems.push(`expected ${outcome}`);
  const got = new Set(d.reasons.map((r) => r.code));
  const missing = expected.filter((c) => !got.has(c as never));
  if (missing.length > 0) problems.push(`missing reason codes ${missing.join(', ')}`);
  if (until !== undefined && d.until !== until) problems.push(`expected until ${new Date(until).toISOString()}`);
  return problems.join('; ');
}

function describe(d: Decision): string {
  const until = d.until === undefined ? '' : ` until ${new Date(d.until).toISOString()}`;
  return `${d.decision}${until}\n${d.reasons.map((r) => `    ${r.code}: ${r.message} [${r.evidence.join(', ')}]`).join('\n')}`;
}

function moveClock(now: number, text: string, fail: (m: string) => never): number {
  if (!text.startsWith('+')) return time(text, fail);
  if (Number.isNaN(now)) fail('a relative time needs an absolute `at` before it');
  const parts = text.slice(1).match(/\d+[mhdw]/g);
  if (parts === null || parts.join('') !== text.slice(1)) fail(`${text} is not like +1d or +2h30m`);
  let ms = 0;
  for (const p of parts ?? []) ms += Number(p.slice(0, -1)) * UNIT[p.slice(-1) as keyof typeof UNIT];
  return now + ms;
}

function time(text: string, fail: (m: string) => never): number {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? fail(`${text} is not an ISO 8601 time`) : ms;
}

function props(text: string | undefined, fail: (m: string) => never): JsonObject {
  if (text === undefined) return {};
  const value: unknown = parseYaml(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(`${text} is not a {key: value} mapping`);
  return value as JsonObject;
}

function purpose(text: string | undefined, fail: (m: string) => never): Purpose {
  return (PURPOSES as readonly string[]).includes(text ?? '') ? (text as Purpose) : fail(`${text} is not a purpose (${PURPOSES.join(', ')})`);
}

function codes(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text.slice(1, -1).split(',').map((c) => c.trim()).filter((c) => c !== '');
}
