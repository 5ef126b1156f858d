/**
 * The live customer state: a pure projection of one customer's events (DESIGN 3.1, 3.2, 3.5).
 *
 * `applyEvent` folds one event into the state in place. It is on the ingest hot path and runs
 * for a million customers held in memory, so the state is plain, compact JSON data:
 *
 * - One shared shape: every field is always present, `null` when empty. All states share one
 *   hidden class and a snapshot round-trips through JSON.stringify/parse unchanged (no
 *   undefined-valued keys, no Map/Set/Date, no NaN or -0).
 * - Open items (tickets, complaints, shipments, …) are small arrays of records carrying their
 *   id, not objects keyed by id: every customer's ids differ, and id-keyed objects would give
 *   each customer its own hidden class. The arrays hold a handful of items, so a scan is faster
 *   than hashing.
 * - Repeated strings (departments, channels, purposes) are interned.
 *
 * Determinism and order: the reducer reads no clock; time comes only from event timestamps.
 * "Latest" facts (traits, time zone, consent, survey answers, ETAs) take the value with the
 * greater event timestamp, ties to the greater seq, so a late-arriving old event does not
 * overwrite a newer fact. Counters and sums are commutative. A close that arrives before its
 * open leaves a tombstone so the late open does not resurrect the item.
 */
import type { TuttiEvent } from '../core/event.js';
import { applyCatalogueEffect, applyConsentMap, contactKind } from './catalogue-effects.js';
import { keepPromisesMatching } from './promise-effects.js';
import { noteResolution } from './resolution-effects.js';
import { type CustomerState, LIMITS, type RecentContact, STATE_VERSION, type TraitValue } from './state-types.js';
import { canonicalTimeZone, intern, isNewer, isObject, isSafeKey, objectOr, type Obj } from './values.js';

export * from './state-types.js';

/** The state of a customer with no events. */
export function emptyState(customerId: string): CustomerState {
  return {
    version: STATE_VERSION,
    customerId,
    firstSeenAt: null,
    lastSeenAt: null,
    lastSeq: 0,
    eventCount: 0,
    eventsByDepartment: null,
    traits: null,
    traitsAt: null,
    traitsSeq: 0,
    timezone: null,
    timezoneAt: null,
    timezoneSeq: 0,
    tickets: null,
    complaints: null,
    shipments: null,
    refunds: null,
    disputes: null,
    promises: null,
    nps: null,
    csat: null,
    consent: null,
    contacts: null,
    recentContacts: null,
    orders: null,
    churnedAt: null,
    tombstones: null,
    resolutions: null,
  };
}

/**
 * Folds one event into the state, in place. Never throws on odd payloads: a value that cannot
 * be read skips that one effect. Track events named in the catalogue drive their effects; every
 * event updates first/last seen, department counts, traits (identify traits and
 * context.traits), the time zone, consent from context.consent.categoryPreferences, and may
 * keep an open promise whose kept_by it matches.
 */
export function applyEvent(state: CustomerState, ev: TuttiEvent): void {
  const seq = typeof ev.seq === 'number' && Number.isFinite(ev.seq) ? ev.seq + 0 : 0;
  if (seq > state.lastSeq) state.lastSeq = seq;
  state.eventCount++;
  const department = typeof ev.department === 'string' && isSafeKey(ev.department) ? intern(ev.department) : 'unknown';
  countDepartment(state, department);

  const at = typeof ev.timestamp === 'number' && Number.isFinite(ev.timestamp) ? ev.timestamp + 0 : null;
  // Without a usable time no fact can be ordered against the others: count the event, nothing more.
  if (at === null) return;
  if (state.firstSeenAt === null || at < state.firstSeenAt) state.firstSeenAt = at;
  if (state.lastSeenAt === null || at > state.lastSeenAt) state.lastSeenAt = at;

  // Person traits come from identify and from any event's context.traits; group traits
  // describe a company and are not merged. The device's zone (context.timezone) goes first so a
  // trait the person set, in the same event, wins.
  const context = objectOr(ev.context);
  if (context['timezone'] !== undefined) setTimezone(state, context['timezone'], at, seq);
  const contextTraits = context['traits'];
  if (isObject(contextTraits)) {
    mergeTraits(state, contextTraits, at, seq);
    if (contextTraits['timezone'] !== undefined) setTimezone(state, contextTraits['timezone'], at, seq);
  }
  if (ev.type === 'identify') {
    const traits = objectOr(ev.traits);
    mergeTraits(state, traits, at, seq);
    if (traits['timezone'] !== undefined) setTimezone(state, traits['timezone'], at, seq);
  }

  const consent = context['consent'];
  if (isObject(consent)) {
    const prefs = consent['categoryPreferences'];
    if (isObject(prefs)) applyConsentMap(state, prefs, department, at, seq);
  }

  if (ev.type === 'track' && typeof ev.event === 'string') {
    const properties = objectOr(ev.properties);
    noteResolution(state, ev.event, properties, department, at, seq);
    applyCatalogueEffect(state, ev.event, properties, department, at, seq);
    keepPromisesMatching(state, ev.event, properties, at);
  }
}

/** Folds events in the order given (the caller passes log order) into a fresh state. */
export function foldEvents(customerId: string, events: Iterable<TuttiEvent>): CustomerState {
  const state = emptyState(customerId);
  for (const ev of events) applyEvent(state, ev);
  return state;
}

/** A deep copy, for what-if evaluation that must not touch the live state. */
export function cloneState(state: CustomerState): CustomerState {
  return structuredClone(state);
}

/** The recent outbound contacts as objects, oldest first. */
export function recentContactList(state: CustomerState): RecentContact[] {
  const recent = state.recentContacts;
  if (recent === null) return [];
  const out: RecentContact[] = [];
  for (let i = 0; i < recent.at.length; i++) {
    const at = recent.at[i];
    const kind = recent.kind[i];
    if (at !== undefined && kind !== undefined) out.push({ ...kind, at });
  }
  return out;
}

/**
 * Reads a snapshot written as JSON.stringify(state). Returns null when the text is not a state
 * of this STATE_VERSION: the caller then re-folds the customer from the log. Shares the
 * contact kinds and repeated strings again (JSON.parse gives every record its own copies),
 * which keeps a warmed-up process as small as one that built its states live.
 */
export function parseState(json: string): CustomerState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!isObject(value) || value['version'] !== STATE_VERSION || typeof value['customerId'] !== 'string') return null;
  const state = value as unknown as CustomerState;
  const recent = state.recentContacts;
  if (recent !== null && Array.isArray(recent.kind)) {
    recent.kind = recent.kind.map((k) => contactKind(intern(k.department), intern(k.channel), intern(k.event), k.purpose === undefined ? undefined : intern(k.purpose), k.viaDecision === true));
  }
  for (const list of [state.tickets, state.complaints, state.shipments, state.refunds, state.disputes, state.consent, state.contacts, state.promises?.open, state.resolutions]) {
    if (Array.isArray(list)) for (const item of list as Array<{ department: string }>) if (typeof item.department === 'string') item.department = intern(item.department);
  }
  for (const c of state.contacts ?? []) if (typeof c.channel === 'string') c.channel = intern(c.channel);
  for (const c of state.consent ?? []) if (typeof c.purpose === 'string') c.purpose = intern(c.purpose);
  return state;
}

function countDepartment(state: CustomerState, department: string): void {
  let counts = state.eventsByDepartment;
  if (counts === null) {
    counts = {};
    state.eventsByDepartment = counts;
  }
  counts[department] = (Object.hasOwn(counts, department) ? (counts[department] ?? 0) : 0) + 1;
}

function traitValue(v: unknown): TraitValue | undefined {
  if (typeof v === 'string') return v.length <= LIMITS.traitText ? v : undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? v + 0 : undefined;
  if (typeof v === 'boolean') return v;
  return undefined;
}

/**
 * Newest traits win key by key against the watermark (traitsAt, traitsSeq): an event at least
 * as new overwrites; an older one only fills keys not yet known. With one watermark rather than
 * a time per key this is exact when events carry the same keys (the usual identify), and close
 * otherwise — the memory of a timestamp per trait is not worth it.
 */
function mergeTraits(state: CustomerState, src: Obj, at: number, seq: number): void {
  const newer = state.traitsAt === null || isNewer(at, seq, state.traitsAt, state.traitsSeq);
  let any = false;
  let traits = state.traits;
  let size = -1;
  for (const key in src) {
    if (!Object.hasOwn(src, key) || key === 'timezone' || !isSafeKey(key)) continue;
    const value = traitValue(src[key]);
    if (value === undefined) continue;
    any = true;
    if (traits === null) {
      traits = {};
      state.traits = traits;
      size = 0;
    }
    if (Object.hasOwn(traits, key)) {
      if (newer) traits[key] = value;
      continue;
    }
    if (size < 0) size = Object.keys(traits).length;
    if (size >= LIMITS.traits) continue;
    traits[key] = value;
    size++;
  }
  if (any && newer) {
    state.traitsAt = at;
    state.traitsSeq = seq;
  }
}

function setTimezone(state: CustomerState, raw: unknown, at: number, seq: number): void {
  if (state.timezoneAt !== null && !isNewer(at, seq, state.timezoneAt, state.timezoneSeq)) return;
  const zone = canonicalTimeZone(raw);
  if (zone === null) return;
  state.timezone = zone;
  state.timezoneAt = at;
  state.timezoneSeq = seq;
}
