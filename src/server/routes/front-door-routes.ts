/**
 * The front door over HTTP.
 *
 * For customers (no login): `GET /help` (the web form), `POST /v1/requests` (form, email-like
 * and chat-like intake), `GET /r/{token}` (the status page: HTML, or JSON when asked) and
 * `POST /r/{token}/messages` (a reply). Intake is rate-limited per client and per contact and
 * answers the same whether or not Tutti knows the address. Nothing here names a queue, team,
 * department, region, agent or internal status.
 *
 * For staff (bearer token): the request with its work items, acting on a work item, queues
 * and agent presence.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_TEXT_CHARS } from '../../app/front-door.js';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { RateLimiter } from '../../frontdoor/rate-limit.js';
import { renderStatusPage, STATUS_PAGE_CSP } from '../../frontdoor/status-page.js';
import { bearerAuth } from '../auth.js';
import { ErrorResponse } from './decide-schemas.js';

const AnyObject = Type.Object({}, { additionalProperties: true });

const IntakeBody = Type.Object({
  customer: Type.Optional(Type.Object({
    email: Type.Optional(Type.String({ maxLength: 320 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
  }, { additionalProperties: false })),
  // The web form posts flat fields.
  email: Type.Optional(Type.String({ maxLength: 320 })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  channel: Type.Optional(Type.Union([Type.Literal('form'), Type.Literal('email'), Type.Literal('chat')])),
  subject: Type.Optional(Type.String({ maxLength: 300 })),
  text: Type.String({ maxLength: MAX_TEXT_CHARS * 2 }),
}, { additionalProperties: false });

const Token = Type.Object({ token: Type.String({ maxLength: 100 }) });
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const ReplyBody = Type.Object({ text: Type.String({ maxLength: MAX_TEXT_CHARS * 2 }) }, { additionalProperties: false });
const ActBody = Type.Object({
  status: Type.Optional(Type.String({ maxLength: 40 })),
  assignee: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  note: Type.Optional(Type.String({ maxLength: MAX_TEXT_CHARS })),
  reply: Type.Optional(Type.String({ maxLength: MAX_TEXT_CHARS })),
}, { additionalProperties: false });
const PresenceBody = Type.Object({ presence: Type.Union([Type.Literal('online'), Type.Literal('away'), Type.Literal('offline')]) }, { additionalProperties: false });

const wantsHtml = (request: FastifyRequest): boolean => {
  const accept = String(request.headers.accept ?? '');
  return accept.includes('text/html') && !accept.includes('application/json');
};

function helpForm(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Contact us</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}label{display:block;margin-top:1rem}input,textarea{width:100%;font:inherit}textarea{min-height:8rem}button{margin-top:1rem;font:inherit;padding:.4rem 1rem}</style>
</head><body><main>
<h1>Contact us</h1>
<p>Tell us what happened in your own words. One message is enough, even if it is about several things.</p>
<form method="post" action="/v1/requests">
<input type="hidden" name="channel" value="form">
<label for="name">Your name</label><input id="name" name="name" autocomplete="name">
<label for="email">Your e-mail address</label><input id="email" name="email" type="email" required autocomplete="email">
<label for="subject">Subject (optional)</label><input id="subject" name="subject">
<label for="text">Your message</label><textarea id="text" name="text" required maxlength="${MAX_TEXT_CHARS}"></textarea>
<button type="submit">Send</button>
</form>
</main></body></html>
`;
}

function sendHtml(reply: FastifyReply, html: string, status = 200): FastifyReply {
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').header('content-security-policy', STATUS_PAGE_CSP).header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer').send(html);
}

export function frontDoorRoutes(tutti: Tutti) {
  const perClient = new RateLimiter({ burst: 20, perMinute: 30 });
  const perContact = new RateLimiter({ burst: 5, perMinute: 2 });
  const limited = (key: string, limiter: RateLimiter): void => {
    const wait = limiter.take(key, tutti.clock.now());
    if (wait > 0) throw new TuttiError('overloaded', `Too many messages; please try again in ${wait} seconds.`, { retryAfterSeconds: wait });
  };

  return async (app: FastifyInstance): Promise<void> => {
    app.get('/help', { schema: { hide: true } }, async (_request, reply) => sendHtml(reply, helpForm()));

    app.post<{ Body: Static<typeof IntakeBody> }>(
      '/v1/requests',
      { schema: { tags: ['front door'], summary: 'A customer writes in their own words (web form, email-like or chat-like); no login. Returns the request id and its unguessable status page.', body: IntakeBody, response: { 201: Type.Object({ id: Type.String(), statusUrl: Type.String(), status: Type.String() }), 303: Type.Null(), 400: ErrorResponse, 429: ErrorResponse } } },
      async (request, reply) => {
        const b = request.body;
        const contact = { email: b.customer?.email ?? b.email, phone: b.customer?.phone ?? b.phone, name: b.customer?.name ?? b.name };
        const clean = Object.fromEntries(Object.entries(contact).map(([k, v]) => [k, typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined]).filter(([, v]) => v !== undefined)) as { email?: string; phone?: string; name?: string };
        if (clean.email === undefined && clean.phone === undefined) throw new TuttiError('invalid_request', 'Give an e-mail address or a phone number so we can reply.', { field: 'customer.email' });
        limited(`ip:${request.ip}`, perClient);
        limited(`contact:${(clean.email ?? clean.phone ?? '').toLowerCase()}`, perContact);
        const result = await tutti.frontDoor.submit({ contact: clean, channel: b.channel ?? 'form', subject: b.subject?.trim() || undefined, text: b.text });
        const statusUrl = `${request.protocol}://${request.host}${result.statusPath}`;
        if (wantsHtml(request)) return reply.code(303).header('location', result.statusPath).send();
        reply.code(201);
        return { id: result.id, statusUrl, status: result.status };
      },
    );

    app.get<{ Params: Static<typeof Token>; Querystring: { format?: string } }>(
      '/r/:token',
      { schema: { tags: ['front door'], summary: "The customer's status page: one request, one plain status, the messages meant for the customer (HTML, or JSON with Accept: application/json or ?format=json)", params: Token } },
      async (request, reply) => {
        const view = await tutti.frontDoor.customerStatus(request.params.token);
        if (request.query.format === 'json' || !wantsHtml(request)) return reply.header('cache-control', 'no-store').send(view);
        return sendHtml(reply.header('cache-control', 'no-store'), renderStatusPage(view, `/r/${encodeURIComponent(request.params.token)}/messages`));
      },
    );

    app.post<{ Params: Static<typeof Token>; Body: Static<typeof ReplyBody> }>(
      '/r/:token/messages',
      { schema: { tags: ['front door'], summary: 'The customer replies on their request', params: Token, body: ReplyBody } },
      async (request, reply) => {
        limited(`ip:${request.ip}`, perClient);
        const view = await tutti.frontDoor.customerReply(request.params.token, request.body.text);
        if (wantsHtml(request)) return reply.code(303).header('location', `/r/${encodeURIComponent(request.params.token)}`).send();
        return view;
      },
    );

    // Staff: bearer token.
    await app.register(async (staff) => {
      staff.addHook('preHandler', bearerAuth(tutti));
      const security = [{ bearer: [] }];
      const tags = ['front door'];
      const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse };

      staff.get('/v1/requests', { schema: { tags, summary: 'Recent requests with their customer status', security, response: { 200: AnyObject, ...errors } } }, async () => ({ requests: await tutti.frontDoor.recentRequests(100) }));

      staff.get<{ Params: Static<typeof Id> }>(
        '/v1/requests/:id',
        { schema: { tags, summary: 'A request with its work items (queue, assignee, internal status, SLA clocks) and every message', security, params: Id, response: { 200: AnyObject, 302: Type.Null(), ...errors } } },
        async (request, reply) => {
          const view = await tutti.frontDoor.staffView(request.params.id, request.user?.role);
          if ('redirectTo' in view) return reply.code(302).header('location', `/v1/requests/${view.redirectTo}`).send();
          return view;
        },
      );

      staff.patch<{ Params: Static<typeof Id>; Body: Static<typeof ActBody> }>(
        '/v1/work-items/:id',
        { schema: { tags, summary: 'Act on a work item: status, assignee, an internal note, a reply the customer sees', security, params: Id, body: ActBody, response: { 200: AnyObject, ...errors } } },
        async (request) => tutti.frontDoor.act(request.params.id, { ...request.body, actor: request.user?.name ?? 'unknown', role: request.user?.role }),
      );

      staff.get('/v1/queues', { schema: { tags, summary: 'Queues: what waits and who works them', security, response: { 200: AnyObject, ...errors } } }, async () => ({ queues: tutti.frontDoor.queues() }));

      staff.post<{ Params: Static<typeof Id>; Body: Static<typeof PresenceBody> }>(
        '/v1/agents/:id/presence',
        { schema: { tags, summary: "An agent's presence; coming online takes waiting work", security, params: Id, body: PresenceBody, response: { 200: AnyObject, ...errors } } },
        async (request) => {
          const role = request.user?.role;
          if (role !== 'admin' && role !== 'service') throw new TuttiError('forbidden', 'Only admins and service leads set agents\' presence.');
          return tutti.frontDoor.setPresence(request.params.id, request.body.presence);
        },
      );
    });
  };
}

