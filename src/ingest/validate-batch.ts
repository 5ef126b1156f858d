/**
 * Validates every message of a request on its own: the good ones go on to the pipeline, the
 * bad ones are named by their index and never take the rest of the batch down with them.
 */
import { eventPayload } from '../store/event-rows.js';
import type { IngestItem } from './ingest-pipeline.js';
import { INGEST_LIMITS } from './limits.js';
import { type EventError, normaliseMessage, type SourceContext } from './segment-parse.js';

export interface ValidatedBatch {
  items: IngestItem[];
  errors: EventError[];
}

export function validateMessages(messages: unknown[], source: SourceContext, receivedAt: number, sentAt: number | null): ValidatedBatch {
  const items: IngestItem[] = [];
  const errors: EventError[] = [];
  for (let index = 0; index < messages.length; index++) {
    const result = normaliseMessage(messages[index], source, receivedAt, sentAt);
    if (!result.ok) {
      errors.push({ index, messageId: result.messageId, code: result.code, message: result.message });
      continue;
    }
    let payload: string;
    try {
      payload = eventPayload(result.event);
    } catch {
      // JSON.stringify throws on pathological input (nesting deeper than the stack).
      errors.push({ index, messageId: result.event.messageId, code: 'invalid_event', message: 'the event is nested too deeply to store' });
      continue;
    }
    // payload.length counts UTF-16 units; only near the limit is the exact UTF-8 size worth computing.
    const bytes = payload.length * 3 > INGEST_LIMITS.maxEventBytes ? Buffer.byteLength(payload) : payload.length;
    if (bytes > INGEST_LIMITS.maxEventBytes) {
      errors.push({ index, messageId: result.event.messageId, code: 'event_too_large', message: `the event is ${bytes} bytes; the limit is ${INGEST_LIMITS.maxEventBytes}` });
      continue;
    }
    items.push({ event: result.event, payload });
  }
  return { items, errors };
}
