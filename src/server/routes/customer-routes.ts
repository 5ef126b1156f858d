/** The read API for customers (profile, state, timeline) and identity administration. */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { customerProfile, mergeCustomers, resolveCustomerRef, unmergeCustomers } from '../../app/customers.js';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { readTimeline } from '../../store/event-log.js';
import { bearerAuth, requireAdmin } from '../auth.js';
import { visibleProperties } from '../visibility.js';

const Ref = Type.Object({
  ref: Type.String({ description: 'A Tutti customer id (cus_…) or type:value, e.g. email:ann@example.com, userId:u-17, phone:+33612345678, order:O-123' }),
});
const AnyObject = Type.Object({}, { additionalProperties: true });
const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) });

const TimelineQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  department: Type.Optional(Type.String({ description: 'Comma-separated departments to keep, e.g. service,logistics', maxLength: 400 })),
});

const TimelineEvent = Type.Object({
  id: Type.Integer({ description: 'position in the event log' }),
  event: Type.String(),
  type: Type.String(),
  department: Type.String(),
  source: Type.String(),
  messageId: Type.String(),
  customerProfile: Type.String(),
  timestamp: Type.String({ format: 'date-time' }),
  receivedAt: Type.String({ format: 'date-time' }),
  properties: AnyObject,
  traits: AnyObject,
  context: AnyObject,
});

const Timeline = Type.Object({
  customerId: Type.String(),
  events: Type.Array(TimelineEvent),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as cursor for the next page; null at the end' }),
});

function encodeCursor(ts: number, seq: number): string {
  return Buffer.from(`${ts}:${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): { ts: number; seq: number } {
  const [ts, seq] = Buffer.from(cursor, 'base64url').toString('utf8').split(':').map(Number);
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(seq)) throw new TuttiError('invalid_cursor');
  return { ts: ts!, seq: seq! };
}

export function customerRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];

    app.get(
      '/v1/me',
      { schema: { tags: ['users'], summary: 'Who the token belongs to: name and role (admin or a department)', security, response: { 200: Type.Object({ name: Type.String(), role: Type.String() }), 401: ErrorResponse } } },
      async (request) => ({ name: request.user?.name ?? '', role: request.user?.role ?? '' }),
    );

    app.get<{ Params: Static<typeof Ref> }>(
      '/v1/customers/:ref',
      {
        schema: {
          tags: ['customers'],
          summary: 'A customer: identifiers across departments, merges, conflicts and live state',
          security,
          params: Ref,
          response: { 200: Type.Object({ id: Type.String() }, { additionalProperties: true }), 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => customerProfile(tutti, resolveCustomerRef(tutti, request.params.ref)),
    );

    app.get<{ Params: Static<typeof Ref>; Querystring: Static<typeof TimelineQuery> }>(
      '/v1/customers/:ref/timeline',
      {
        schema: {
          tags: ['customers'],
          summary: "Every department's events for one customer, in event-time order",
          security,
          params: Ref,
          querystring: TimelineQuery,
          response: { 200: Timeline, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        const root = resolveCustomerRef(tutti, request.params.ref);
        const limit = request.query.limit ?? 100;
        const departments = request.query.department?.split(',').map((d) => d.trim().toLowerCase()).filter((d) => d.length > 0);
        const events = await readTimeline(tutti.store.db, {
          customerIds: tutti.identity().clusterOf(root),
          departments,
          after: request.query.cursor ? decodeCursor(request.query.cursor) : undefined,
          limit: limit + 1,
        });
        const page = events.slice(0, limit);
        const last = page[page.length - 1];
        return {
          customerId: root,
          events: page.map((e) => ({
            id: e.seq,
            event: e.event,
            type: e.type,
            department: e.department,
            source: tutti.sources.byId(e.sourceId)?.name ?? e.sourceId,
            messageId: e.messageId,
            customerProfile: e.customerId,
            timestamp: new Date(e.timestamp).toISOString(),
            receivedAt: new Date(e.receivedAt).toISOString(),
            properties: visibleProperties(e.properties, e.department, request.user?.role),
            traits: e.traits,
            context: e.context,
          })),
          nextCursor: events.length > limit && last ? encodeCursor(last.timestamp, last.seq) : null,
        };
      },
    );

    const MergeBody = Type.Object({
      from: Type.String({ description: 'ref of the customer to merge away' }),
      reason: Type.String({ minLength: 1, maxLength: 500 }),
      force: Type.Optional(Type.Boolean({ description: 'override the guard-rails (different userIds from one source, an earlier unmerge)' })),
    });
    app.post<{ Params: Static<typeof Ref>; Body: Static<typeof MergeBody> }>(
      '/v1/customers/:ref/merge',
      { schema: { tags: ['identity'], summary: 'Merge another customer into this one (admin)', security, params: Ref, body: MergeBody, response: { 200: AnyObject, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } } },
      async (request) => {
        requireAdmin(request);
        return mergeCustomers(tutti, { from: request.body.from, into: request.params.ref, actor: request.user?.name ?? 'unknown', reason: request.body.reason, force: request.body.force });
      },
    );

    const MergeId = Type.Object({ id: Type.String() });
    app.post<{ Params: Static<typeof MergeId> }>(
      '/v1/merges/:id/undo',
      { schema: { tags: ['identity'], summary: 'Undo a merge (admin)', security, params: MergeId, response: { 200: AnyObject, 403: ErrorResponse, 404: ErrorResponse } } },
      async (request) => {
        requireAdmin(request);
        return unmergeCustomers(tutti, { mergeId: request.params.id, actor: request.user?.name ?? 'unknown' });
      },
    );
  };
}
