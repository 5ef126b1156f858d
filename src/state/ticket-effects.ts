/**
 * Catalogue effects of the service desk: tickets and complaints. They are entangled on
 * purpose: a ticket flagged `complaint: true` raises a complaint tied to it (`viaTicket`),
 * which an explicit Complaint Opened for that ticket replaces and resolving the ticket closes.
 */
import { type CustomerState, LIMITS, type OpenComplaint, type OpenTicket } from './state-types.js';
import { bury, type EffectTable, isBuried } from './effect-support.js';
import { appended, idOf, label, removedAt, text, type Obj } from './values.js';

/** Ticket or complaint statuses that mean "closed" in the usual help-desk tools. */
const CLOSED_STATUSES = new Set(['resolved', 'closed', 'solved', 'done', 'cancelled', 'canceled']);
const SEVERITIES = new Set(['low', 'medium', 'high']);

/** Handlers for the ticket and complaint categories. */
export const TICKET_EFFECTS: EffectTable = [
  ['Ticket Opened', (s, p, d, at) => {
    const id = idOf(p['ticket_id']);
    if (id === undefined || isBuried(s, 'ticket', id, at)) return;
    const ticket = upsertTicket(s, id, d, at);
    if (ticket === null) return;
    if (at < ticket.openedAt) ticket.openedAt = at;
    const subject = text(p['subject'], 120);
    if (subject !== undefined) ticket.subject = subject;
    const priority = text(p['priority'], 32);
    if (priority !== undefined) ticket.priority = priority;
    if (p['complaint'] === true) markTicketComplaint(s, ticket, text(p['category'], 120), at);
  }],
  ['Ticket Updated', (s, p, d, at) => {
    const id = idOf(p['ticket_id']);
    if (id === undefined) return;
    if (isClosedStatus(p['status'])) {
      resolveTicket(s, id, at);
      return;
    }
    if (isBuried(s, 'ticket', id, at)) return;
    const ticket = upsertTicket(s, id, d, at);
    if (ticket === null) return;
    const priority = text(p['priority'], 32);
    if (priority !== undefined) ticket.priority = priority;
    if (p['complaint'] === true) markTicketComplaint(s, ticket, text(p['category'], 120), at);
    else if (p['complaint'] === false) {
      ticket.complaint = false;
      dropTicketComplaint(s, id);
    }
  }],
  ['Ticket Resolved', (s, p, _d, at) => {
    const id = idOf(p['ticket_id']);
    if (id !== undefined) resolveTicket(s, id, at);
  }],
  ['Complaint Opened', (s, p, d, at) => openComplaint(s, p, d, at)],
  ['Complaint Updated', (s, p, d, at) => {
    if (isClosedStatus(p['status'])) {
      const id = idOf(p['complaint_id']);
      if (id !== undefined) resolveComplaint(s, id, at);
      return;
    }
    openComplaint(s, p, d, at);
  }],
  ['Complaint Resolved', (s, p, _d, at) => {
    const id = idOf(p['complaint_id']);
    if (id !== undefined) resolveComplaint(s, id, at);
  }],
];

function isClosedStatus(v: unknown): boolean {
  return typeof v === 'string' && CLOSED_STATUSES.has(v.toLowerCase());
}

function upsertTicket(s: CustomerState, id: string, department: string, at: number): OpenTicket | null {
  const existing = s.tickets?.find((t) => t.id === id);
  if (existing !== undefined) return existing;
  if ((s.tickets?.length ?? 0) >= LIMITS.openItems) return null;
  const ticket: OpenTicket = { id, openedAt: at, department, complaint: false };
  s.tickets = appended(s.tickets, ticket);
  return ticket;
}

function markTicketComplaint(s: CustomerState, ticket: OpenTicket, reason: string | undefined, at: number): void {
  ticket.complaint = true;
  const list = s.complaints;
  if (list !== null) {
    for (const c of list) {
      if (c.id === ticket.id || c.ticketId === ticket.id) {
        if (c.viaTicket === true && at < c.openedAt) c.openedAt = at;
        return;
      }
    }
  }
  const complaint: OpenComplaint = reason === undefined
    ? { id: ticket.id, openedAt: at, department: ticket.department, ticketId: ticket.id, viaTicket: true }
    : { id: ticket.id, openedAt: at, department: ticket.department, ticketId: ticket.id, reason, viaTicket: true };
  if ((list?.length ?? 0) < LIMITS.openItems) s.complaints = appended(list, complaint);
}

function dropTicketComplaint(s: CustomerState, ticketId: string): void {
  const list = s.complaints;
  if (list === null) return;
  const i = list.findIndex((c) => c.viaTicket === true && c.ticketId === ticketId);
  if (i >= 0) s.complaints = removedAt(list, i);
}

function resolveTicket(s: CustomerState, id: string, at: number): void {
  const list = s.tickets;
  const i = list === null ? -1 : list.findIndex((t) => t.id === id);
  if (i < 0 || list === null) bury(s, 'ticket', id, at);
  else s.tickets = removedAt(list, i);
  dropTicketComplaint(s, id);
}

/** Complaint Opened and Complaint Updated: create the complaint or refresh its details. */
function openComplaint(s: CustomerState, p: Obj, department: string, at: number): void {
  const id = idOf(p['complaint_id']);
  if (id === undefined || isBuried(s, 'complaint', id, at)) return;
  const ticketId = idOf(p['ticket_id']);
  const reason = text(p['reason'], 120);
  const severity = typeof p['severity'] === 'string' && SEVERITIES.has(p['severity']) ? p['severity'] : undefined;
  const causedBy = label(p['caused_by']);
  let list = s.complaints;
  // An explicit complaint about a ticket replaces the one the ticket's complaint flag raised.
  if (list !== null && ticketId !== undefined) {
    const j = list.findIndex((c) => c.viaTicket === true && c.ticketId === ticketId && c.id !== id);
    if (j >= 0) list = s.complaints = removedAt(list, j);
  }
  const i = list === null ? -1 : list.findIndex((c) => c.id === id);
  const prior = i < 0 || list === null ? undefined : list[i];
  const complaint: OpenComplaint = { id, openedAt: prior === undefined || at < prior.openedAt ? at : prior.openedAt, department: prior?.department ?? department };
  const tid = ticketId ?? prior?.ticketId;
  if (tid !== undefined) complaint.ticketId = tid;
  const r = reason ?? prior?.reason;
  if (r !== undefined) complaint.reason = r;
  const sev = severity ?? prior?.severity;
  if (sev !== undefined) complaint.severity = sev;
  const cb = causedBy ?? prior?.causedBy;
  if (cb !== undefined) complaint.causedBy = cb;
  // Rebuilt rather than patched: an explicit event drops the viaTicket marker without `delete`.
  if (prior === undefined || list === null) {
    if ((list?.length ?? 0) < LIMITS.openItems) s.complaints = appended(list, complaint);
  }
  else list[i] = complaint;
}

function resolveComplaint(s: CustomerState, id: string, at: number): void {
  const list = s.complaints;
  const i = list === null ? -1 : list.findIndex((c) => c.id === id);
  if (i < 0 || list === null) bury(s, 'complaint', id, at);
  else s.complaints = removedAt(list, i);
}
