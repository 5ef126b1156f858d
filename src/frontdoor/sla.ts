/**
 * SLA clocks per work item (DESIGN 3.4): first response and resolution, each due a queue's
 * target after the item was created, with a warning at `warnAt` of the target and a breach
 * past it. Pure: the clock is a small JSON-safe record the caller stores with the work item
 * (`work_items.details`), time comes in as ms.
 *
 * The rules:
 * - **First response** runs from creation until the first reply the customer sees
 *   (`slaFirstResponse`), or until the item first waits on the customer (asking the customer
 *   something is a response), or until the item is resolved or cancelled. It never pauses.
 * - **Resolution** runs while the item is new, assigned or in progress. It pauses while the
 *   item is `waiting_on_customer`: the customer holds the next move, so their time is not
 *   counted against the team (the common "pause on pending" rule); the due time moves later by
 *   every pause. It stops when the item is resolved or cancelled. A reopened item resumes it,
 *   the time it spent closed counting as a pause; events already fired do not fire again.
 * - An event fires once the clock's running time **exceeds** the threshold: a reply exactly at
 *   the due time is on time. Its timestamp is the moment the threshold was reached, not the
 *   moment someone looked, so the timeline does not depend on how often `slaEvents` runs.
 * - `due_at` is the moment the clock reaches its target if it keeps running: for a breach the
 *   breach moment itself, for a warning the due time as it stood when the warning fired.
 *
 * Each event fires once: the clock records fired events (`markFired`). Status changes and the
 * first response go through `slaStatusChange` / `slaFirstResponse`, which first fire what was
 * due up to that moment, so a pause never hides a crossing that happened before it.
 */
import type { SlaTargets } from './queues.js';
import type { WorkItemStatus } from './status.js';

export type SlaClockName = 'first_response' | 'resolution';
export type SlaEventName = 'SLA Warning' | 'SLA Breached';
export type SlaEventKey = `${SlaClockName}:${'warning' | 'breach'}`;

/** What a work item stores of its SLA clocks. */
export interface SlaClock {
  /** The work item's creation time: both clocks start here. */
  startedAt: number;
  /** Copied from the queue when the item was created, so editing the configuration later does not move a promise. */
  targets: SlaTargets;
  /** When the first-response clock stopped; null while it runs. */
  firstResponseStoppedAt: number | null;
  /** When the resolution clock stopped (resolved or cancelled); null while the item is open. */
  resolutionStoppedAt: number | null;
  /** Completed pauses of the resolution clock, ms. */
  pausedMs: number;
  /** When the current pause began (waiting on the customer); null when not paused. */
  pausedSince: number | null;
  fired: SlaEventKey[];
}

/** An event for the customer's (internal) timeline. */
export interface SlaEvent {
  event: SlaEventName;
  key: SlaEventKey;
  /** When the threshold was reached, ms. */
  timestamp: number;
  properties: { work_item_id: string; clock: SlaClockName; due_at: string };
}

/** A clock as read at some instant. */
export interface SlaReading {
  state: 'running' | 'paused' | 'stopped';
  elapsedMs: number;
  targetMs: number;
  /** When the target is reached if the clock keeps running (from now, for a paused clock). */
  dueAt: number;
  warned: boolean;
  breached: boolean;
}

/** The item `slaEvents` reads: its id and its stored clock. */
export interface SlaItem {
  id: string;
  sla: SlaClock;
}

const RUNNING: ReadonlySet<WorkItemStatus> = new Set(['new', 'assigned', 'in_progress']);
const CLOSED: ReadonlySet<WorkItemStatus> = new Set(['resolved', 'cancelled']);

/** The clocks of a work item created at `createdAt` in a queue with these targets. */
export function startSlaClock(createdAt: number, targets: SlaTargets): SlaClock {
  return { startedAt: createdAt, targets: { ...targets }, firstResponseStoppedAt: null, resolutionStoppedAt: null, pausedMs: 0, pausedSince: null, fired: [] };
}

/** The warning and breach events due by `now` that have not fired yet, in time order. */
export function slaEvents(item: SlaItem, now: number): SlaEvent[] {
  const { sla } = item;
  const fired = new Set(sla.fired);
  const out: SlaEvent[] = [];
  const consider = (clock: SlaClockName, end: number, origin: number, targetMs: number): void => {
    const due = origin + targetMs;
    const thresholds: [SlaEventKey, SlaEventName, number][] = [
      [`${clock}:warning`, 'SLA Warning', origin + warnMs(sla.targets, targetMs)],
      [`${clock}:breach`, 'SLA Breached', due],
    ];
    for (const [key, event, at] of thresholds) {
      if (fired.has(key) || !(at < end)) continue;
      out.push({ event, key, timestamp: at, properties: { work_item_id: item.id, clock, due_at: new Date(due).toISOString() } });
    }
  };
  consider('first_response', firstResponseEnd(sla, now), sla.startedAt, sla.targets.firstResponseMs);
  consider('resolution', resolutionEnd(sla, now), sla.startedAt + sla.pausedMs, sla.targets.resolutionMs);
  return out.sort((a, b) => a.timestamp - b.timestamp || rank(a.key) - rank(b.key));
}

/** The clock with these events recorded as fired. */
export function markFired(sla: SlaClock, events: readonly SlaEvent[]): SlaClock {
  const fired = new Set(sla.fired);
  for (const e of events) fired.add(e.key);
  return { ...sla, fired: [...fired] };
}

/**
 * The work item's status changed at `at`: fires what was due up to then, then pauses, resumes
 * or stops the clocks. Returns the new clock (events already marked fired) and the events.
 */
export function slaStatusChange(item: SlaItem, status: WorkItemStatus, at: number): { sla: SlaClock; events: SlaEvent[] } {
  const events = slaEvents(item, at);
  const sla = markFired(item.sla, events);
  if (RUNNING.has(status) || status === 'waiting_on_customer') {
    if (sla.resolutionStoppedAt !== null) {
      // Reopened: the time spent closed is not the team's.
      sla.pausedMs += Math.max(0, at - sla.resolutionStoppedAt);
      sla.resolutionStoppedAt = null;
    }
  }
  if (RUNNING.has(status)) {
    resume(sla, at);
  } else if (status === 'waiting_on_customer') {
    sla.firstResponseStoppedAt ??= at;
    sla.pausedSince ??= at;
  } else if (CLOSED.has(status)) {
    sla.firstResponseStoppedAt ??= at;
    resume(sla, at);
    sla.resolutionStoppedAt ??= at;
  }
  return { sla, events };
}

/** The first reply the customer sees went out at `at`: fires what was due, then stops that clock. */
export function slaFirstResponse(item: SlaItem, at: number): { sla: SlaClock; events: SlaEvent[] } {
  const events = slaEvents(item, at);
  const sla = markFired(item.sla, events);
  sla.firstResponseStoppedAt ??= at;
  return { sla, events };
}

/** Both clocks as they stand at `now`. */
export function readSla(sla: SlaClock, now: number): { firstResponse: SlaReading; resolution: SlaReading } {
  const fired = new Set(sla.fired);
  const read = (clock: SlaClockName, end: number, origin: number, targetMs: number, state: SlaReading['state']): SlaReading => {
    const elapsedMs = Math.max(0, end - origin);
    const dueAt = state === 'paused' ? now + Math.max(0, targetMs - elapsedMs) : origin + targetMs;
    return {
      state,
      elapsedMs,
      targetMs,
      dueAt,
      warned: fired.has(`${clock}:warning`) || elapsedMs > warnMs(sla.targets, targetMs),
      breached: fired.has(`${clock}:breach`) || elapsedMs > targetMs,
    };
  };
  const resolutionState = sla.resolutionStoppedAt !== null ? 'stopped' : sla.pausedSince !== null ? 'paused' : 'running';
  return {
    firstResponse: read('first_response', firstResponseEnd(sla, now), sla.startedAt, sla.targets.firstResponseMs, sla.firstResponseStoppedAt === null ? 'running' : 'stopped'),
    resolution: read('resolution', resolutionEnd(sla, now), sla.startedAt + sla.pausedMs, sla.targets.resolutionMs, resolutionState),
  };
}

function resume(sla: SlaClock, at: number): void {
  if (sla.pausedSince === null) return;
  sla.pausedMs += Math.max(0, at - sla.pausedSince);
  sla.pausedSince = null;
}

function warnMs(targets: SlaTargets, targetMs: number): number {
  return Math.round(targets.warnAt * targetMs);
}

/** Until when the first-response clock has run, as seen at `now`. */
function firstResponseEnd(sla: SlaClock, now: number): number {
  return sla.firstResponseStoppedAt === null ? now : Math.min(now, sla.firstResponseStoppedAt);
}

/** Until when the resolution clock has run since its last resume, as seen at `now`. */
function resolutionEnd(sla: SlaClock, now: number): number {
  let end = now;
  if (sla.pausedSince !== null) end = Math.min(end, sla.pausedSince);
  if (sla.resolutionStoppedAt !== null) end = Math.min(end, sla.resolutionStoppedAt);
  return end;
}

function rank(key: SlaEventKey): number {
  return (key.endsWith('warning') ? 0 : 2) + (key.startsWith('first') ? 0 : 1);
}
