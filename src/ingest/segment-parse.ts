/**
 * Pure parsing of Segment HTTP API bodies into TuttiEvents. No I/O: the route hands in the
 * decoded body, the source and the receive time; this returns events and per-index errors,
 * so one bad event never loses the rest of its batch.
 */
import { randomUUID } from 'node:crypto';
import { CATALOGUE_VERSION, checkProperties, isCatalogued } from '../core/catalogue.js';
import { TuttiError } from '../core/errors.js';
import { type JsonObject, MESSAGE_TYPES, type MessageType, TYPE_EVENT_NAMES, type TuttiEvent } from '../core/event.js';
import { INGEST_LIMITS } from './limits.js';

export type IngestRoute = 'batch' | MessageType;

export interface ParsedBody {
  messages: unknown[];
  writeKey: string | null;
  /** Batch-level sentAt (ms), used for clock-skew correction when a message has none. */
  sentAt: number | null;
}

export interface EventError {
  index: number;
  messageId: string | null;
  code: 'invalid_event' | 'event_too_large';
  message: string;
}

export interface SourceContext {
  id: string;
  department: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseTime(v: unknown): number | null {
  if (typeof v !== 'string' && !(v instanceof Date)) return null;
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

/** Splits a request body into messages: a batch, or a single message for /v1/track etc. */
export function readBody(body: unknown, route: IngestRoute): ParsedBody {
  if (!isObject(body)) throw new TuttiError('invalid_body', 'The body must be a JSON object.');
  const writeKey = typeof body.writeKey === 'string' ? body.writeKey : null;
  const sentAt = parseTime(body.sentAt);
  if (route !== 'batch') return { messages: [{ ...body, type: route }], writeKey, sentAt };
  const batch = body.batch;
  if (!Array.isArray(batch)) throw new TuttiError('invalid_body', 'A batch body needs a "batch" array of messages.');
  if (batch.length > INGEST_LIMITS.maxBatchEvents) {
    throw new TuttiError('batch_too_large', `The batch holds ${batch.length} events; the limit is ${INGEST_LIMITS.maxBatchEvents}.`);
  }
  return { messages: batch, writeKey, sentAt };
}

// Ids and names may not carry control characters: PostgreSQL text refuses NUL, and they would
// make timelines unreadable.
const CONTROL = /[\u0000-\u001f\u007f]/;

function readId(v: unknown, field: string): string | null | { error: string } {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return { error: `${field} must be a string` };
  if (v.length > INGEST_LIMITS.maxIdLength) return { error: `${field} is longer than ${INGEST_LIMITS.maxIdLength} characters` };
  if (CONTROL.test(v)) return { error: `${field} contains control characters` };
  return v.length === 0 ? null : v;
}

function readObject(v: unknown, field: string): { value: JsonObject } | { error: string } {
  if (v === undefined || v === null) return { value: {} };
  if (!isObject(v)) return { error: `${field} must be an object` };
  return { value: v as JsonObject };
}

function hasOtherIdentity(properties: JsonObject, traits: JsonObject, context: JsonObject): boolean {
  const ctxTraits = isObject(context.traits) ? context.traits : {};
  return (
    properties.order_id != null || properties.ticket_id != null || properties.email != null ||
    traits.email != null || traits.phone != null || ctxTraits.email != null || Array.isArray(context.externalIds)
  );
}

type Normalised = { ok: true; event: TuttiEvent } | { ok: false; messageId: string | null; code: EventError['code']; message: string };

function fail(messageId: string | null, message: string, code: EventError['code'] = 'invalid_event'): Normalised {
  return { ok: false, messageId, code, message };
}

/**
 * Turns one raw message into a TuttiEvent (customerId left empty for identity resolution),
 * or says precisely what is wrong with it.
 */
export function normaliseMessage(raw: unknown, source: SourceContext, receivedAt: number, batchSentAt: number | null): Normalised {
  if (!isObject(raw)) return fail(null, 'each message must be a JSON object');
  const messageIdIn = readId(raw.messageId, 'messageId');
  if (typeof messageIdIn === 'object' && messageIdIn !== null) return fail(null, messageIdIn.error);
  const messageId = messageIdIn ?? `tutti-${randomUUID()}`;

  const type = raw.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type)) {
    return fail(messageId, `type must be one of ${MESSAGE_TYPES.join(', ')}`);
  }
  const messageType = type as MessageType;

  const userId = readId(raw.userId, 'userId');
  if (typeof userId === 'object' && userId !== null) return fail(messageId, userId.error);
  const anonymousId = readId(raw.anonymousId, 'anonymousId');
  if (typeof anonymousId === 'object' && anonymousId !== null) return fail(messageId, anonymousId.error);

  const properties = readObject(raw.properties, 'properties');
  if ('error' in properties) return fail(messageId, properties.error);
  const traits = readObject(raw.traits, 'traits');
  if ('error' in traits) return fail(messageId, traits.error);
  const context = readObject(raw.context, 'context');
  if ('error' in context) return fail(messageId, context.error);
  // Copies, so annotations below (previousId, groupId) never write into the caller's objects.
  const props: JsonObject = { ...properties.value };
  const trts = traits.value;
  const ctx = context.value;

  let event: string;
  let catalogueVersion: string | null = null;
  if (messageType === 'track') {
    const name = raw.event;
    if (typeof name !== 'string' || name.trim().length === 0) return fail(messageId, 'a track message needs an event name');
    if (name.length > INGEST_LIMITS.maxIdLength || CONTROL.test(name)) return fail(messageId, 'the event name is too long or has control characters');
    event = name;
    const problem = checkProperties(name, props);
    if (problem !== null) return fail(messageId, problem);
    if (isCatalogued(name)) catalogueVersion = CATALOGUE_VERSION;
  } else {
    event = TYPE_EVENT_NAMES[messageType];
    catalogueVersion = CATALOGUE_VERSION;
  }

  // Alias carries the old id in previousId; keep it where identity resolution looks.
  if (messageType === 'alias') {
    const previousId = readId(raw.previousId, 'previousId');
    if (previousId === null || typeof previousId === 'object') return fail(messageId, 'an alias message needs a previousId string');
    props.previousId = previousId;
  }
  if (messageType === 'group' && raw.groupId != null) props.groupId = String(raw.groupId);
  if ((messageType === 'page' || messageType === 'screen') && typeof raw.name === 'string') props.name = raw.name;

  if (userId === null && anonymousId === null && !hasOtherIdentity(props, trts, ctx)) {
    return fail(messageId, 'a message needs a userId, an anonymousId or another identifier (email, order_id, ticket_id, context.externalIds)');
  }

  // Clock-skew correction: the client's clock may be off, but the gap between when it says the
  // event happened and when it says it sent it is right: timestamp = receivedAt − (sentAt − eventTime).
  const clientTime = parseTime(raw.originalTimestamp) ?? parseTime(raw.timestamp);
  const sentAt = parseTime(raw.sentAt) ?? batchSentAt;
  let timestamp = receivedAt;
  if (clientTime !== null) timestamp = sentAt !== null ? receivedAt - (sentAt - clientTime) : clientTime;
  if (!Number.isFinite(timestamp) || Math.abs(timestamp) > 8.64e15) return fail(messageId, 'timestamp is out of range');

  return {
    ok: true,
    event: {
      seq: 0,
      sourceId: source.id,
      department: source.department,
      messageId,
      type: messageType,
      event,
      customerId: '',
      userId,
      anonymousId,
      timestamp,
      receivedAt,
      properties: props,
      traits: trts,
      context: ctx,
      catalogueVersion,
    },
  };
}
