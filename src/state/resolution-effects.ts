/**
 * Resolutions of complaints, tickets and disputes: what contact cool-downs start from.
 *
 * The state forgets an item once it closes (it keeps only what is open), so the moment of
 * closing is remembered in `state.resolutions`. `noteResolution` runs inside applyEvent just
 * BEFORE the event's other effects, because it needs the state as it was to know whether a
 * resolved ticket was also a complaint.
 */
import { type CustomerState, LIMITS, type Resolution, type ResolutionKind } from './state-types.js';
import { intern } from './values.js';

const CLOSED = new Set(['resolved', 'closed', 'solved', 'done', 'cancelled', 'canceled']);

/** Records the resolution a track event carries, if any. `properties` is the event's (an object). */
export function noteResolution(state: CustomerState, event: string, properties: Record<string, unknown>, department: string, at: number, seq: number): void {
  const status = typeof properties['status'] === 'string' ? properties['status'].toLowerCase() : '';
  const add = (kind: ResolutionKind, id: unknown): void => {
    if (typeof id !== 'string' && typeof id !== 'number') return;
    insertResolution(state, { kind, id: String(id), at, department: intern(department), seq });
  };
  switch (event) {
    case 'Complaint Resolved':
      add('complaint_resolved', properties['complaint_id']);
      break;
    case 'Complaint Updated':
      if (CLOSED.has(status)) add('complaint_resolved', properties['complaint_id']);
      break;
    case 'Ticket Updated':
    case 'Ticket Resolved': {
      // A ticket updated to a closed status is resolved (as the ticket effects treat it).
      if (event === 'Ticket Updated' && !CLOSED.has(status)) break;
      const id = properties['ticket_id'];
      add('ticket_resolved', id);
      // A ticket flagged as a complaint closes its complaint too.
      const complaint = state.complaints?.find((c) => c.viaTicket === true && c.ticketId === String(id));
      if (complaint !== undefined) add('complaint_resolved', complaint.id);
      break;
    }
    case 'Dispute Resolved':
      add('dispute_resolved', properties['dispute_id']);
      break;
    default:
      break;
  }
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
function insertResolution(state: CustomerState, r: Resolution): void {
  const list = state.resolutions ?? (state.resolutions = []);
  let i = list.length;
  while (i > 0 && (list[i - 1]?.at ?? 0) > r.at) i--;
  list.splice(i, 0, r);
  if (list.length <= LIMITS.resolutions) return;
  // Over the limit, drop the oldest entry that a newer one of its kind supersedes, so a run of
  // ticket resolutions cannot push out the only complaint resolution.
  const drop = list.findIndex((old, j) => list.some((newer, k) => k > j && newer.kind === old.kind));
  list.splice(drop < 0 ? 0 : drop, 1);
}
