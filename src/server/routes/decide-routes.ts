/**
 * One voice over HTTP: decisions, audience batches, reservations, the active policy, policy
 * simulation and each customer's decision history. Thin: parse, check the role, call the
 * DecisionService, shape the answer.
 *
 * Roles: a department user decides only for its own department; an admin for any. Applying a
 * policy is for admins; reading and simulating one is for everyone.
 */
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resolveCustomerRef } from '../../app/customers.js';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { bearerAuth, requireAdmin } from '../auth.js';
import { BatchBody, CustomerSelector, DecideBody, DecideResponse, DecisionsQuery, ErrorResponse, PolicyBody, SimulateBody } from './decide-schemas.js';

const AnyObject = Type.Object({}, { additionalProperties: true });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

/** `{userId: "u-17"}` → `userId:u-17`; a string is already a ref. */
function refOf(customer: Static<typeof CustomerSelector>): string {
  if (typeof customer === 'string') return customer;
  const [key, value] = Object.entries(customer).find(([, v]) => v !== undefined) ?? ['', ''];
  return key === 'id' || key === 'ref' ? String(value) : `${key}:${String(value)}`;
}

function instant(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new TuttiError('invalid_request', `"${text}" is not an ISO 8601 time.`);
  return ms;
}

/** A department user may speak only for its department. */
function requireDepartment(request: FastifyRequest, departments: readonly string[]): void {
  const role = request.user?.role;
  if (role === 'admin') return;
  const other = departments.find((d) => d !== role);
  if (other !== undefined) throw new TuttiError('forbidden', `A ${role ?? 'signed-out'} user may decide only for ${role ?? 'its department'}, not for ${other}.`);
}

function decodeCursor(cursor: string): { at: number; id: string } {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const at = Number(text.slice(0, colon));
  if (colon < 0 || !Number.isSafeInteger(at)) throw new TuttiError('invalid_cursor');
  return { at, id: text.slice(colon + 1) };
}

export function decideRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];
    const tags = ['decisions'];

    app.post<{ Body: Static<typeof DecideBody> }>(
      '/v1/decide',
      { schema: { tags, summary: 'May this department contact this customer, now, with this message (or which of these candidates)?', security, body: DecideBody, response: { 200: DecideResponse, ...errors } } },
      async (request) => {
        const b = request.body;
        requireDepartment(request, [b.department, ...(b.candidates ?? []).map((c) => c.department ?? b.department)]);
        return tutti.decisions.decide({
          customer: refOf(b.customer), department: b.department, channel: b.channel, purpose: b.purpose, message: b.message, candidates: b.candidates,
          at: instant(b.at), commit: b.commit, actor: request.user?.name ?? 'unknown',
        });
      },
    );

    app.post<{ Body: Static<typeof BatchBody> }>(
      '/v1/decide/batch',
      { schema: { tags, summary: 'Decide for an audience (refs or a segment expression): counts per outcome, reason and department', security, body: BatchBody, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const b = request.body;
        requireDepartment(request, [b.department]);
        const result = tutti.decisions.decideBatch({ refs: b.audience.refs, segment: b.audience.segment, department: b.department, channel: b.channel, purpose: b.purpose, message: b.message, at: instant(b.at), list: b.list });
        return {
          policyVersion: result.policyVersion,
          audience: result.audience,
          unknownRefs: result.unknownRefs,
          ...result.tally,
          customers: result.members?.map((m) => ({ ...m, until: m.until === undefined ? undefined : new Date(m.until).toISOString() })),
        };
      },
    );

    const ReservationId = Type.Object({ id: Type.String({ maxLength: 100 }) });
    app.post<{ Params: Static<typeof ReservationId> }>(
      '/v1/reservations/:id/release',
      { schema: { tags, summary: "Release a committed send's place under the caps (delivery failed)", security, params: ReservationId, response: { 200: AnyObject, ...errors } } },
      async (request) => tutti.decisions.release(request.params.id),
    );

    app.get(
      '/v1/policy',
      { schema: { tags, summary: 'The active contact policy: version, who applied it, the file and its parsed form', security, response: { 200: AnyObject, ...errors } } },
      async () => policyView(tutti),
    );

    app.put<{ Body: Static<typeof PolicyBody> }>(
      '/v1/policy',
      { schema: { tags, summary: 'Apply a new contact policy (admin). A file with problems is refused with each problem and its line; the active policy stays.', security, body: PolicyBody, response: { 200: AnyObject, 409: ErrorResponse, ...errors } } },
      async (request) => {
        requireAdmin(request);
        await tutti.decisions.applyPolicy(request.body.document, request.user?.name ?? 'unknown');
        return policyView(tutti);
      },
    );

    app.post<{ Body: Static<typeof SimulateBody> }>(
      '/v1/policies/simulate',
      { schema: { tags, summary: 'Replay a proposed policy over every customer (or past decisions) and show what would change', security, body: SimulateBody, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const b = request.body;
        return tutti.decisions.simulate({ policy: b.policy, over: b.over, at: instant(b.at), from: instant(b.from), to: instant(b.to) });
      },
    );

    const Ref = Type.Object({ ref: Type.String() });
    app.get<{ Params: Static<typeof Ref>; Querystring: Static<typeof DecisionsQuery> }>(
      '/v1/customers/:ref/decisions',
      { schema: { tags, summary: "A customer's decisions, newest first: why was (or wasn't) it sent?", security, params: Ref, querystring: DecisionsQuery, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const root = resolveCustomerRef(tutti, request.params.ref);
        const limit = request.query.limit ?? 50;
        const rows = await tutti.decisions.history(root, limit + 1, request.query.cursor === undefined ? null : decodeCursor(request.query.cursor));
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return {
          customerId: root,
          decisions: page.map((r) => ({
            decisionId: r.id,
            decidedAt: new Date(r.at).toISOString(),
            department: r.department,
            channel: r.channel,
            purpose: r.purpose,
            messageId: r.message_id,
            decision: r.outcome,
            until: r.until === null ? undefined : new Date(r.until).toISOString(),
            policyVersion: r.policy_version,
            reservationId: r.reservation_id ?? undefined,
            actor: r.actor,
            reasons: JSON.parse(r.reasons) as unknown,
          })),
          nextCursor: rows.length > limit && last !== undefined ? Buffer.from(`${last.at}:${last.id}`).toString('base64url') : null,
        };
      },
    );
  };
}

function policyView(tutti: Tutti) {
  const p = tutti.decisions.policy();
  return {
    version: p.version,
    appliedBy: p.appliedBy,
    appliedAt: p.appliedAt === null ? null : new Date(p.appliedAt).toISOString(),
    document: p.document,
    policy: p.compiled.source,
  };
}
