/**
 * The promise part of the customer state (DESIGN 3.5, REFERENCE F): promises open with
 * `Promise Made`, close as kept, broken or cancelled by explicit events or — kept only — by the
 * event named in their kept_by, and move their due time on `Promise Renegotiated`.
 *
 * The reducer never marks a promise broken because time passed: the clock is not one of its
 * inputs. `summarize(state, now)` reports an open promise past due + grace as overdue, and the
 * promise ledger decides when to record it broken.
 */
import { matchesKeptBy, parseKeptBy } from './kept-by.js';
import { LIMITS, type ClosedPromise, type CustomerState, type OpenPromise, type PromiseLedger, type PromiseOutcome } from './state-types.js';
import { appended, idOf, intern, nonNegative, parseTime, text, type Obj } from './values.js';

const MINUTE = 60_000;

function ledger(s: CustomerState): PromiseLedger {
  return (s.promises ??= { open: [], kept: 0, broken: 0, renegotiated: 0, cancelled: 0, lastBrokenAt: null, recent: [] });
}

/** The owner is usually a department name, so it is interned; a person's name works too. */
function ownerOf(v: unknown): string | undefined {
  const owner = text(v, 64);
  return owner === undefined ? undefined : intern(owner);
}

/** `Promise Made`: opens (or, when re-sent, refreshes) a promise unless it already closed. */
export function makePromise(s: CustomerState, p: Obj, department: string, at: number): void {
  const id = idOf(p['promise_id']);
  const dueAt = parseTime(p['due_at']);
  if (id === undefined || dueAt === null) return;
  const led = ledger(s);
  // A close that came first (out of order, or a re-sent Made) wins: the recent list is the tombstone.
  for (const c of led.recent) if (c.id === id) return;
  const i = led.open.findIndex((o) => o.id === id);
  const prior = i < 0 ? undefined : led.open[i];
  if (prior !== undefined && at < prior.madeAt) return;
  const promise: OpenPromise = {
    id,
    type: text(p['type'], 64) ?? 'other',
    owner: ownerOf(p['owner']) ?? department,
    dueAt,
    graceMinutes: nonNegative(p['grace_minutes']) ?? 0,
    madeAt: at,
    department,
  };
  const keptBy = parseKeptBy(p['kept_by']);
  if (keptBy !== undefined) promise.keptBy = keptBy;
  const campaignId = idOf(p['campaign_id']);
  if (campaignId !== undefined) promise.campaignId = campaignId;
  if (prior === undefined) {
    if (led.open.length < LIMITS.openItems) led.open = appended(led.open, promise);
  } else {
    led.open[i] = promise;
  }
}

/**
 * Closes a promise. A promise already closed keeps its outcome unless a different outcome
 * arrives with a later timestamp (a person overruling an automatic "kept", say); the counters
 * follow the change.
 */
export function closePromise(s: CustomerState, id: string, outcome: PromiseOutcome, at: number): void {
  const led = ledger(s);
  const i = led.open.findIndex((o) => o.id === id);
  if (i >= 0) {
    const o = led.open[i];
    led.open.splice(i, 1);
    if (o !== undefined) remember(led, { id, outcome, at, type: o.type, owner: o.owner, department: o.department, dueAt: o.dueAt });
    count(led, outcome, at, 1);
    return;
  }
  const closed = led.recent.find((c) => c.id === id);
  if (closed !== undefined) {
    if (closed.outcome === outcome || at <= closed.at) return;
    count(led, closed.outcome, closed.at, -1);
    closed.outcome = outcome;
    closed.at = at;
    count(led, outcome, at, 1);
    return;
  }
  // Closed without a known Promise Made (made before Tutti listened, or arriving late).
  remember(led, { id, outcome, at });
  count(led, outcome, at, 1);
}

function remember(led: PromiseLedger, closed: ClosedPromise): void {
  const next = appended(led.recent, closed);
  led.recent = next.length > LIMITS.recentPromises ? next.slice(1) : next;
}

function count(led: PromiseLedger, outcome: PromiseOutcome, at: number, delta: 1 | -1): void {
  led[outcome] += delta;
  if (outcome === 'broken' && delta === 1 && (led.lastBrokenAt === null || at > led.lastBrokenAt)) led.lastBrokenAt = at;
}

/** `Promise Renegotiated`: the customer agreed a new due time; the promise stays open. */
export function renegotiatePromise(s: CustomerState, id: string, newDueAt: number): void {
  const led = ledger(s);
  const open = led.open.find((o) => o.id === id);
  if (open !== undefined) {
    open.dueAt = newDueAt;
    led.renegotiated++;
    return;
  }
  // Unknown promise: count the renegotiation unless the promise is known closed.
  if (!led.recent.some((c) => c.id === id)) led.renegotiated++;
}

/**
 * Keeps every open promise whose kept_by this event satisfies: same event name, every id the
 * promise names equal to the event's, amount ≥ min_amount, and on time (timestamp ≤ due + grace).
 * A match after the deadline proves the promise was broken (kept late): it closes as broken,
 * with `lateMatchAt` recording when it was fulfilled after all.
 */
export function keepPromisesMatching(s: CustomerState, event: string, p: Obj, at: number): void {
  const led = s.promises;
  if (led === null || led.open.length === 0 || event === 'Promise Made') return;
  for (let i = led.open.length - 1; i >= 0; i--) {
    const o = led.open[i];
    const k = o?.keptBy;
    if (o === undefined || k === undefined || !matchesKeptBy(k, event, p)) continue;
    if (at > o.dueAt + o.graceMinutes * MINUTE) {
      o.lateMatchAt = at;
      closePromise(s, o.id, 'broken', at);
      continue;
    }
    closePromise(s, o.id, 'kept', at);
  }
}
