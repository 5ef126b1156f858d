/**
 * The promise ledger over HTTP: list and filter promises, the kept-rate metrics, make a
 * promise (an agent's action), renegotiate, cancel, note a proactive notice. Thin: parse,
 * check the role, call src/app/promises.ts.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { resolveCustomerRef } from '../../app/customers.js';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { bearerAuth } from '../auth.js';
import { ErrorResponse } from './decide-schemas.js';

const AnyObject = Type.Object({}, { additionalProperties: true });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };
const Status = Type.Union([Type.Literal('open'), Type.Literal('kept'), Type.Literal('broken'), Type.Literal('renegotiated'), Type.Literal('cancelled')]);
const ListQuery = Type.Object({
  customer: Type.Optional(Type.String({ maxLength: 500 })),
  department: Type.Optional(Type.String({ maxLength: 64 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Status),
  campaign: Type.Optional(Type.String({ maxLength: 200 })),
  dueFrom: Type.Optional(Type.String({ format: 'date-time' })),
  dueTo: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
const MetricsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
});
const MakeBody = Type.Object({
  customer: Type.String({ minLength: 1, maxLength: 500, description: 'a customer ref: cus_… or type:value' }),
  type: Type.String({ minLength: 1, maxLength: 64, description: 'delivery, callback, refund, visit, …' }),
  department: Type.Optional(Type.String({ maxLength: 64, description: 'the owning department (default: your role)' })),
  owner: Type.Optional(Type.String({ maxLength: 200 })),
  dueAt: Type.String({ format: 'date-time' }),
  graceMinutes: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  keptBy: Type.Optional(Type.Object({
    event: Type.String({ minLength: 1, maxLength: 100 }),
    order_id: Type.Optional(Type.String({ maxLength: 200 })),
    shipment_id: Type.Optional(Type.String({ maxLength: 200 })),
    refund_id: Type.Optional(Type.String({ maxLength: 200 })),
    ticket_id: Type.Optional(Type.String({ maxLength: 200 })),
    min_amount: Type.Optional(Type.Number({ minimum: 0 })),
  }, { additionalProperties: false })),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  workItemId: Type.Optional(Type.String({ maxLength: 100 })),
}, { additionalProperties: false });
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ChangeBody = Type.Object({ newDueAt: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false });

const ms = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

export function promiseRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];
    const tags = ['promises'];

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      '/v1/promises',
      { schema: { tags, summary: 'Promises, by due time, with filters', security, querystring: ListQuery, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const q = request.query;
        const page = tutti.promises.list({
          customerId: q.customer === undefined ? undefined : resolveCustomerRef(tutti, q.customer), department: q.department, type: q.type, status: q.status,
          campaignId: q.campaign, dueFrom: ms(q.dueFrom), dueTo: ms(q.dueTo), limit: q.limit, cursor: q.cursor,
        });
        return { promises: page.items, nextCursor: page.nextCursor };
      },
    );

    app.get<{ Querystring: Static<typeof MetricsQuery> }>(
      '/v1/promises/metrics',
      { schema: { tags, summary: 'Kept and strict rates by department, type and campaign; repeat breakers; promises due per day per department', security, querystring: MetricsQuery, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const to = ms(request.query.to) ?? tutti.clock.now();
        const from = ms(request.query.from) ?? to - 30 * 86_400_000;
        return tutti.promises.metrics(from, to, request.query.days ?? 14);
      },
    );

    app.get<{ Params: Static<typeof Id> }>(
      '/v1/promises/:id',
      { schema: { tags, summary: 'One promise with its history', security, params: Id, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const p = tutti.promises.ledger.get(request.params.id);
        if (p === undefined) throw new TuttiError('not_found', `No promise has the id ${request.params.id}.`);
        return p;
      },
    );

    app.post<{ Body: Static<typeof MakeBody> }>(
      '/v1/promises',
      { schema: { tags, summary: "Make a promise to a customer (an agent's action); written to the timeline as Promise Made", security, body: MakeBody, response: { 201: AnyObject, ...errors } } },
      async (request, reply) => {
        const b = request.body;
        const role = request.user?.role ?? '';
        const department = b.department ?? (role === 'admin' ? 'service' : role);
        if (role !== 'admin' && department !== role) throw new TuttiError('forbidden', `A ${role} user makes promises for ${role}, not ${department}.`);
        const dueAt = Date.parse(b.dueAt);
        const record = await tutti.promises.make({ customerId: resolveCustomerRef(tutti, b.customer), type: b.type, department, owner: b.owner, dueAt, graceMinutes: b.graceMinutes, keptBy: b.keptBy, description: b.description, workItemId: b.workItemId });
        reply.code(201);
        return record;
      },
    );

    for (const kind of ['renegotiate', 'cancel', 'notice'] as const) {
      app.post<{ Params: Static<typeof Id>; Body: Static<typeof ChangeBody> }>(
        `/v1/promises/:id/${kind}`,
        { schema: { tags, summary: kind === 'renegotiate' ? 'The customer agreed to a new due time (before the old one passed)' : kind === 'cancel' ? 'Withdraw the promise by agreement' : 'Note that the customer was told before due that it will slip', security, params: Id, body: ChangeBody, response: { 200: AnyObject, ...errors } } },
        async (request) => {
          if (kind === 'renegotiate') {
            const newDueAt = ms(request.body?.newDueAt);
            if (newDueAt === undefined) throw new TuttiError('invalid_request', 'newDueAt is required.', { field: 'newDueAt' });
            return tutti.promises.change(request.params.id, { kind, newDueAt });
          }
          return tutti.promises.change(request.params.id, { kind });
        },
      );
    }
  };
}
