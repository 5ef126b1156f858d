/**
 * What the front door writes on the customer's timeline, as Segment track messages from its
 * own source (department service): each work item is a ticket (a complaint when the problem
 * is one), so every department's contact decisions see it at once; SLA warnings and breaches;
 * the survey. They go through the ingest pipeline like any department's events.
 */
import { createHash } from 'node:crypto';
import type { SlaEvent } from '../frontdoor/sla.js';

export interface ContactDetails {
  email?: string;
  phone?: string;
  name?: string;
}

/** Intents whose work item is also a complaint on the customer's state. */
export const COMPLAINT_INTENTS: ReadonlySet<string> = new Set(['complaint']);

type Message = Record<string, unknown>;

/** Message ids derived from what they record, so a retried write is deduplicated by the log. */
function messageId(...parts: string[]): string {
  return `fd-${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32)}`;
}

function who(contact: ContactDetails): Message {
  const traits: Record<string, string> = {};
  if (contact.email !== undefined) traits['email'] = contact.email;
  if (contact.phone !== undefined) traits['phone'] = contact.phone;
  if (contact.name !== undefined) traits['name'] = contact.name;
  return { context: { traits } };
}

export function requestReceived(requestId: string, contact: ContactDetails, channel: string, intents: readonly string[], at: number): Message {
  return { type: 'track', event: 'Request Received', messageId: messageId('received', requestId), timestamp: new Date(at).toISOString(), ...who(contact), properties: { request_id: requestId, channel, intents } };
}

export function ticketOpened(workItemId: string, requestId: string, contact: ContactDetails, intent: string, clause: string, at: number): Message {
  return {
    type: 'track', event: 'Ticket Opened', messageId: messageId('opened', workItemId), timestamp: new Date(at).toISOString(), ...who(contact),
    properties: { ticket_id: workItemId, request_id: requestId, category: intent, subject: clause.slice(0, 200), complaint: COMPLAINT_INTENTS.has(intent) },
  };
}

/**
 * Later events carry the work item's id as `ticket_id`: identity resolution links ticket ids to
 * the customer who opened them, so no contact details need keeping.
 */
export function ticketResolved(workItemId: string, at: number): Message {
  return { type: 'track', event: 'Ticket Resolved', messageId: messageId('resolved', workItemId, String(at)), timestamp: new Date(at).toISOString(), properties: { ticket_id: workItemId } };
}

export function ticketUpdated(workItemId: string, status: string, at: number): Message {
  return { type: 'track', event: 'Ticket Updated', messageId: messageId('updated', workItemId, status, String(at)), timestamp: new Date(at).toISOString(), properties: { ticket_id: workItemId, status } };
}

export function slaEventMessage(e: SlaEvent): Message {
  return { type: 'track', event: e.event, messageId: messageId('sla', e.properties.work_item_id, e.key), timestamp: new Date(e.timestamp).toISOString(), properties: { ...e.properties, ticket_id: e.properties.work_item_id } };
}

export function surveySent(requestId: string, anyWorkItemId: string, at: number): Message {
  return { type: 'track', event: 'Survey Sent', messageId: messageId('survey', requestId), timestamp: new Date(at).toISOString(), properties: { request_id: requestId, ticket_id: anyWorkItemId, survey: 'csat' } };
}
