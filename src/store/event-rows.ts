/** Converts between TuttiEvent and its row in the `events` table. */
import type { JsonObject, MessageType, TuttiEvent } from '../core/event.js';
import { fromJsonColumn, toJsonColumn } from './json-column.js';
import type { EventsTable } from './schema.js';

interface Payload {
  properties: JsonObject;
  traits: JsonObject;
  context: JsonObject;
}

export type EventRow = Omit<EventsTable, 'seq'> & { seq: number };
export type NewEventRow = Omit<EventsTable, 'seq'>;

/** The payload column: what a timeline shows besides the indexed columns. */
export function eventPayload(ev: Pick<TuttiEvent, 'properties' | 'traits' | 'context'>): string {
  return toJsonColumn({ properties: ev.properties, traits: ev.traits, context: ev.context });
}

export function toEventRow(ev: TuttiEvent, payload: string = eventPayload(ev)): NewEventRow {
  return {
    source_id: ev.sourceId,
    department: ev.department,
    message_id: ev.messageId,
    type: ev.type,
    event: ev.event,
    customer_id: ev.customerId,
    user_id: ev.userId,
    anonymous_id: ev.anonymousId,
    ts: ev.timestamp,
    received_at: ev.receivedAt,
    payload,
    catalogue_version: ev.catalogueVersion,
  };
}

export function fromEventRow(row: EventRow): TuttiEvent {
  const payload = fromJsonColumn<Payload>(row.payload, { properties: {}, traits: {}, context: {} });
  return {
    seq: row.seq,
    sourceId: row.source_id,
    department: row.department,
    messageId: row.message_id,
    type: row.type as MessageType,
    event: row.event,
    customerId: row.customer_id,
    userId: row.user_id,
    anonymousId: row.anonymous_id,
    timestamp: row.ts,
    receivedAt: row.received_at,
    properties: payload.properties ?? {},
    traits: payload.traits ?? {},
    context: payload.context ?? {},
    catalogueVersion: row.catalogue_version,
  };
}
