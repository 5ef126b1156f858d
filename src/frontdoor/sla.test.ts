import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SlaTargets } from './queues.js';
import { markFired, readSla, type SlaClock, type SlaEvent, slaEvents, slaFirstResponse, slaStatusChange, startSlaClock } from './sla.js';
import { WORK_ITEM_STATUSES, type WorkItemStatus } from './status.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const TARGETS: SlaTargets = { firstResponseMs: HOUR, resolutionMs: 24 * HOUR, warnAt: 0.8 };
const iso = (ms: number) => new Date(ms).toISOString();

/** A work item whose clocks the test drives. */
class Item {
  sla: SlaClock;
  constructor(readonly id = 'wi_1', targets = TARGETS) {
    this.sla = startSlaClock(T0, targets);
  }
  /** Events due at `at`, recorded as fired (what a periodic job does). */
  look(at: number): SlaEvent[] {
    const events = slaEvents(this, at);
    this.sla = markFired(this.sla, events);
    return events;
  }
  status(status: WorkItemStatus, at: number): SlaEvent[] {
    const { sla, events } = slaStatusChange(this, status, at);
    this.sla = sla;
    return events;
  }
  reply(at: number): SlaEvent[] {
    const { sla, events } = slaFirstResponse(this, at);
    this.sla = sla;
    return events;
  }
}

const brief = (events: SlaEvent[]) => events.map((e) => `${e.event} ${e.properties.clock} @${(e.timestamp - T0) / MIN}m due ${(Date.parse(e.properties.due_at) - T0) / MIN}m`);

describe('SLA clocks', () => {
  it('warns at 80% and breaches past 100% of the first-response target, each once', () => {
    const item = new Item();
    expect(item.look(T0 + 48 * MIN)).toEqual([]); // reaching the threshold is not exceeding it
    const [warning] = item.look(T0 + 48 * MIN + 1);
    expect(warning).toEqual({ event: 'SLA Warning', key: 'first_response:warning', timestamp: T0 + 48 * MIN, properties: { work_item_id: 'wi_1', clock: 'first_response', due_at: iso(T0 + HOUR) } });
    expect(item.look(T0 + 50 * MIN)).toEqual([]);
    expect(brief(item.look(T0 + 3 * HOUR))).toEqual(['SLA Breached first_response @60m due 60m']);
    expect(item.look(T0 + 4 * HOUR)).toEqual([]);
  });

  it('stamps events when the threshold was reached, however late someone looks', () => {
    const item = new Item();
    expect(brief(item.look(T0 + 30 * HOUR))).toEqual([
      'SLA Warning first_response @48m due 60m',
      'SLA Breached first_response @60m due 60m',
      'SLA Warning resolution @1152m due 1440m',
      'SLA Breached resolution @1440m due 1440m',
    ]);
  });

  it('stops the first-response clock at the first reply; a reply exactly at the due time is on time', () => {
    const onTime = new Item();
    expect(brief(onTime.reply(T0 + HOUR))).toEqual(['SLA Warning first_response @48m due 60m']);
    expect(onTime.look(T0 + 5 * HOUR)).toEqual([]);
    const early = new Item();
    early.status('assigned', T0 + MIN);
    early.status('in_progress', T0 + 5 * MIN);
    expect(early.reply(T0 + 10 * MIN)).toEqual([]);
    expect(early.reply(T0 + 20 * MIN)).toEqual([]); // a second reply changes nothing
    expect(early.sla.firstResponseStoppedAt).toBe(T0 + 10 * MIN);
    expect(early.look(T0 + 10 * HOUR)).toEqual([]);
  });

  it('pauses resolution while waiting on the customer; asking them counts as the first response', () => {
    const item = new Item();
    item.status('in_progress', T0 + 10 * MIN);
    expect(item.status('waiting_on_customer', T0 + 30 * MIN)).toEqual([]);
    expect(item.look(T0 + 20 * HOUR)).toEqual([]); // paused, and first response stopped at 30m
    expect(readSla(item.sla, T0 + 20 * HOUR).resolution).toMatchObject({ state: 'paused', elapsedMs: 30 * MIN, dueAt: T0 + 20 * HOUR + 23.5 * HOUR });
    item.status('in_progress', T0 + 10 * HOUR + 30 * MIN); // 10 h paused: resolution due at 34 h
    expect(readSla(item.sla, T0 + 11 * HOUR).resolution).toMatchObject({ state: 'running', dueAt: T0 + 34 * HOUR, breached: false });
    expect(item.look(T0 + 29 * HOUR)).toEqual([]);
    expect(brief(item.look(T0 + 35 * HOUR))).toEqual(['SLA Warning resolution @1752m due 2040m', 'SLA Breached resolution @2040m due 2040m']);
  });

  it('fires what was due before a pause when the status changes, and nothing during the pause', () => {
    const item = new Item();
    // No reply for 2 h, then the agent asks the customer something.
    expect(brief(item.status('waiting_on_customer', T0 + 2 * HOUR))).toEqual(['SLA Warning first_response @48m due 60m', 'SLA Breached first_response @60m due 60m']);
    expect(item.look(T0 + 100 * HOUR)).toEqual([]);
  });

  it('stops at resolved or cancelled; a reopen resumes without counting the closed time', () => {
    const item = new Item();
    item.reply(T0 + 5 * MIN);
    item.status('resolved', T0 + 5 * HOUR);
    expect(item.look(T0 + 50 * HOUR)).toEqual([]);
    expect(readSla(item.sla, T0 + 50 * HOUR).resolution).toMatchObject({ state: 'stopped', elapsedMs: 5 * HOUR });
    item.status('in_progress', T0 + 60 * HOUR); // reopened after 55 h closed
    expect(readSla(item.sla, T0 + 60 * HOUR).resolution).toMatchObject({ state: 'running', elapsedMs: 5 * HOUR, dueAt: T0 + 79 * HOUR });
    expect(brief(item.status('cancelled', T0 + 80 * HOUR))).toEqual(['SLA Warning resolution @4452m due 4740m', 'SLA Breached resolution @4740m due 4740m']);
    expect(item.look(T0 + 200 * HOUR)).toEqual([]);
  });

  it('does not fire twice after a reopen, and keeps its targets when the queue changes', () => {
    const item = new Item('wi_2', { firstResponseMs: 30 * MIN, resolutionMs: 2 * HOUR, warnAt: 0.5 });
    expect(item.look(T0 + 3 * HOUR).map((e) => e.key)).toEqual(['first_response:warning', 'first_response:breach', 'resolution:warning', 'resolution:breach']);
    item.status('resolved', T0 + 3 * HOUR);
    item.status('in_progress', T0 + 4 * HOUR);
    expect(item.look(T0 + 10 * HOUR)).toEqual([]);
    expect(item.sla.targets).toEqual({ firstResponseMs: 30 * MIN, resolutionMs: 2 * HOUR, warnAt: 0.5 });
  });
});

// ---- Property: the events do not depend on how often anyone looks -------------------------

const RUNNING = new Set<WorkItemStatus>(['new', 'assigned', 'in_progress']);

/**
 * The rules computed from the whole history at once: the first-response clock runs from the
 * start until the first reply or the first non-running status; resolution accumulates the time
 * spent in running statuses. A threshold fires when the running time exceeds it.
 */
function reference(id: string, targets: SlaTargets, history: { at: number; status?: WorkItemStatus; reply?: true }[], end: number): Map<string, { timestamp: number; due: number }> {
  const out = new Map<string, { timestamp: number; due: number }>();
  const warnMs = (target: number) => Math.round(targets.warnAt * target);
  // First response.
  let stop = end;
  for (const h of history) {
    if (h.reply === true || (h.status !== undefined && !RUNNING.has(h.status))) {
      stop = Math.min(stop, h.at);
      break;
    }
  }
  for (const [kind, at] of [['warning', T0 + warnMs(targets.firstResponseMs)], ['breach', T0 + targets.firstResponseMs]] as const) {
    if (at < stop) out.set(`first_response:${kind}`, { timestamp: at, due: T0 + targets.firstResponseMs });
  }
  // Resolution: walk the running segments.
  const segments: [number, number][] = [];
  let status: WorkItemStatus = 'new';
  let since = T0;
  for (const h of [...history, { at: end, status: 'cancelled' as WorkItemStatus }]) {
    if (h.status === undefined) continue;
    if (RUNNING.has(status) && h.at > since) segments.push([since, Math.min(h.at, end)]);
    status = h.status;
    since = h.at;
  }
  const cross = (x: number): number | null => {
    let acc = 0;
    for (const [a, b] of segments) {
      if (acc + (b - a) > x) return a + (x - acc);
      acc += b - a;
    }
    return null;
  };
  const w = cross(warnMs(targets.resolutionMs));
  const b = cross(targets.resolutionMs);
  if (w !== null) out.set('resolution:warning', { timestamp: w, due: w + targets.resolutionMs - warnMs(targets.resolutionMs) });
  if (b !== null) out.set('resolution:breach', { timestamp: b, due: b });
  void id;
  return out;
}

type Step = { gap: number } & ({ kind: 'status'; status: WorkItemStatus } | { kind: 'reply' } | { kind: 'look' });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ gap: fc.integer({ min: 0, max: 6 * HOUR }), kind: fc.constant('status' as const), status: fc.constantFrom(...WORK_ITEM_STATUSES) }),
  fc.record({ gap: fc.integer({ min: 0, max: 6 * HOUR }), kind: fc.constant('reply' as const) }),
  fc.record({ gap: fc.integer({ min: 0, max: 6 * HOUR }), kind: fc.constant('look' as const) }),
);

const targetsArb: fc.Arbitrary<SlaTargets> = fc.record({
  firstResponseMs: fc.integer({ min: 1, max: 8 }).map((h) => h * HOUR),
  resolutionMs: fc.integer({ min: 8, max: 48 }).map((h) => h * HOUR),
  warnAt: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

describe('SLA clock properties', () => {
  it('fire each event once, at the moment the full history says, however often anyone looks', () => {
    fc.assert(fc.property(targetsArb, fc.array(stepArb, { maxLength: 30 }), fc.integer({ min: 0, max: 100 * HOUR }), (targets, steps, tail) => {
      const item = new Item('wi_p', targets);
      const history: { at: number; status?: WorkItemStatus; reply?: true }[] = [];
      const seen = new Map<string, SlaEvent>();
      const take = (events: SlaEvent[], at: number) => {
        for (const e of events) {
          expect(seen.has(e.key), `${e.key} fired twice`).toBe(false);
          expect(e.timestamp).toBeLessThan(at);
          seen.set(e.key, e);
        }
      };
      let at = T0;
      for (const step of steps) {
        at += step.gap;
        if (step.kind === 'status') {
          take(item.status(step.status, at), at);
          history.push({ at, status: step.status });
        } else if (step.kind === 'reply') {
          take(item.reply(at), at);
          history.push({ at, reply: true });
        } else {
          take(item.look(at), at);
        }
      }
      const end = at + tail;
      take(item.look(end), end + 1);
      const expected = reference('wi_p', targets, history, end);
      expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [key, e] of seen) {
        expect(e.timestamp, key).toBe(expected.get(key)?.timestamp);
        expect(e.properties.due_at, key).toBe(iso(expected.get(key)!.due));
        expect(e.event).toBe(key.endsWith('warning') ? 'SLA Warning' : 'SLA Breached');
      }
    }), { numRuns: 500 });
  });
});
