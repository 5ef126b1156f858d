/**
 * When a customer's complaints, tickets and disputes were resolved: what cool-downs start from.
 *
 * The live CustomerState forgets an item once it closes (it keeps only what is open), so the
 * moment of resolution has to be remembered next to it. `noteResolution` is a pure step meant
 * to run just BEFORE `applyEvent` for the same event — it needs the state as it was to know
 * whether a resolved ticket was a complaint. `foldResolutions` rebuilds the history of one
 * customer from its events in log order, like `foldEvents` does for the state.
 */
import type { TuttiEvent } from '../core/event.js';
import { applyEvent, emptyState } from '../state/customer-state.js';
import type { CustomerState } from '../state/state-types.js';
import type { ResolutionKind } from './policy-schema.js';

/** One resolution: which item, when (event time), by which department and which log entry. */
export interface Resolution {
  kind: ResolutionKind;
  id: string;
  at: number;
  department: string;
  seq: number;
}

/** The last resolutions kept per customer: cool-downs only need the latest of each kind. */
export const MAX_RESOLUTIONS = 8;

const CLOSED = new Set(['resolved', 'closed', 'solved', 'done', 'cancelled', 'canceled']);

/**
 * The customer's resolutions after `ev`, given `before`, the state just before `ev` is
 * applied. Returns `history` itself when the event resolves nothing, else a new array (oldest
 * first, at most MAX_RESOLUTIONS).
 */
export function noteResolution(history: readonly Resolution[] | null, before: CustomerState, ev: TuttiEvent): readonly Resolution[] | null {
  if (ev.type !== 'track' || typeof ev.timestamp !== 'number' || !Number.isFinite(ev.timestamp)) return history;
  const p = ev.properties;
  const status = typeof p['status'] === 'string' ? p['status'].toLowerCase() : '';
  let out = history;
  const add = (kind: ResolutionKind, id: unknown): void => {
    if (typeof id !== 'string' && typeof id !== 'number') return;
    out = added(out, { kind, id: String(id), at: ev.timestamp, department: ev.department, seq: ev.seq });
  };
  switch (ev.event) {
    case 'Complaint Resolved':
      add('complaint_resolved', p['complaint_id']);
      break;
    case 'Complaint Updated':
      if (CLOSED.has(status)) add('complaint_resolved', p['complaint_id']);
      break;
    case 'Ticket Updated':
    case 'Ticket Resolved': {
      // A ticket updated to a closed status is resolved (as catalogue-effects treats it).
      if (ev.event === 'Ticket Updated' && !CLOSED.has(status)) break;
      const id = p['ticket_id'];
      add('ticket_resolved', id);
      // A ticket flagged as a complaint closes its complaint too (catalogue-effects resolveTicket).
      const complaint = before.complaints?.find((c) => c.viaTicket === true && c.ticketId === String(id));
      if (complaint !== undefined) add('complaint_resolved', complaint.id);
      break;
    }
    case 'Dispute Resolved':
      add('dispute_resolved', p['dispute_id']);
      break;
    default:
      break;
  }
  return out;
}

/** One customer's resolution history from its events in log order. */
export function foldResolutions(events: Iterable<TuttiEvent>, customerId = 'history'): readonly Resolution[] | null {
  const state = emptyState(customerId);
  let history: readonly Resolution[] | null = null;
  for (const ev of events) {
    history = noteResolution(history, state, ev);
    applyEvent(state, ev);
  }
  return history;
}

/** The newest resolution of a kind, or undefined. */
export function latestResolution(history: readonly Resolution[] | null, kind: ResolutionKind): Resolution | undefined {
  if (history === null) return undefined;
  let best: Resolution | undefined;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r !== undefined && r.kind === kind && (best === undefined || r.at > best.at)) best = r;
  }
  return best;
}

/** Keeps the list in time order so an old event arriving late lands in its place. */
function added(history: readonly Resolution[] | null, r: Resolution): readonly Resolution[] {
  const list = history === null ? [] : history.slice();
  let i = list.length;
  while (i > 0 && (list[i - 1]?.at ?? 0) > r.at) i--;
  list.splice(i, 0, r);
  if (list.length <= MAX_RESOLUTIONS) return list;
  // Over the cap, drop the oldest entry that a newer one of its kind supersedes, so a run of
  // ticket resolutions cannot push out the only complaint resolution.
  const drop = list.findIndex((old, j) => list.some((newer, k) => k > j && newer.kind === old.kind));
  list.splice(drop < 0 ? 0 : drop, 1);
  return list;
}
