/**
 * The Segment HTTP tracking API: /v1/batch and the single-message routes. Thin: the work is
 * in ingest/ (validation) and the pipeline (dedupe, identity, durable commit, live state).
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { MESSAGE_TYPES } from '../../core/event.js';
import { INGEST_LIMITS } from '../../ingest/limits.js';
import { type IngestRoute, readBody } from '../../ingest/segment-parse.js';
import { validateMessages } from '../../ingest/validate-batch.js';

const IngestResponse = Type.Object({
  success: Type.Boolean({ description: 'true when every event was stored or was already stored' }),
  stored: Type.Integer(),
  duplicates: Type.Integer({ description: 'events whose (source, messageId) the log already held' }),
  rejected: Type.Integer(),
  errors: Type.Array(
    Type.Object({
      index: Type.Integer({ description: 'position of the event in the batch' }),
      messageId: Type.Union([Type.String(), Type.Null()]),
      code: Type.String(),
      message: Type.String(),
    }),
  ),
});

const ErrorResponse = Type.Object({
  error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

/** The write key from `Authorization: Basic base64(writeKey:)`, if present. */
function basicAuthUser(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon === -1 ? decoded : decoded.slice(0, colon);
  return user.length > 0 ? user : null;
}

export function ingestRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    const handle = (route: IngestRoute) => async (request: FastifyRequest) => {
      const receivedAt = tutti.clock.now();
      const body = readBody(request.body, route);
      const writeKey = basicAuthUser(request) ?? body.writeKey;
      const source = writeKey ? await tutti.sources.byWriteKey(writeKey) : undefined;
      if (!source) throw new TuttiError('unauthorized');
      const { items, errors } = validateMessages(body.messages, source, receivedAt, body.sentAt);
      if (items.length === 0 && errors.length > 0) {
        const first = errors[0]!;
        const code = errors.every((e) => e.code === 'event_too_large') ? 'event_too_large' : 'invalid_event';
        throw new TuttiError(code, route === 'batch' ? `No event in the batch is valid; the first: ${first.message}.` : first.message, { errors });
      }
      const outcome = await tutti.pipeline.submit(items);
      return { success: errors.length === 0, stored: outcome.stored, duplicates: outcome.duplicates, rejected: errors.length, errors };
    };

    const schema = (route: IngestRoute) => ({
      tags: ['ingest'],
      summary: route === 'batch' ? 'Send up to 2,500 events at once (what Segment SDKs use)' : `Send one ${route} message`,
      description:
        'Segment HTTP tracking API. Auth: HTTP Basic with a source write key as the user name (or writeKey in the body). ' +
        `Gzip bodies accepted; limits: ${INGEST_LIMITS.maxEventBytes / 1024} KB per event, ${INGEST_LIMITS.maxBodyBytes / 1024} KB per request, ` +
        `${INGEST_LIMITS.maxBatchEvents} events per batch. Acknowledged events are durable. Invalid events are named by index; the rest are stored.`,
      security: [{ writeKey: [] }],
      body: Type.Object({}, { additionalProperties: true }),
      response: { 200: IngestResponse, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
    });
    // The body is validated event by event in ingest/, so errors can name indexes: the schema
    // above documents it, and this compiler keeps Fastify from rejecting the whole request.
    const acceptAll = () => () => true;

    for (const route of ['batch', ...MESSAGE_TYPES] as const) {
      app.post(`/v1/${route}`, { schema: schema(route), validatorCompiler: acceptAll, bodyLimit: INGEST_LIMITS.maxBodyBytes }, handle(route));
    }
  };
}
