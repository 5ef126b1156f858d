/**
 * Orchestrated change over HTTP: department capabilities, campaigns, the readiness report,
 * sign-offs and the launch gate. Thin: parse, check the role, call src/app/campaigns.ts.
 *
 * Roles: a department edits its own capability and signs off for itself; admins may do both
 * for any department. Anyone signed in may declare a campaign and read reports.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { campaignList, campaignReport, campaignTracking, createCampaign, getCampaign, launchCampaign, readCapabilities, setCapability, signOff } from '../../app/campaigns.js';
import type { Tutti } from '../../app/tutti.js';
import { TuttiError } from '../../core/errors.js';
import { CampaignSchema } from '../../readiness/campaign-schema.js';
import { bearerAuth } from '../auth.js';
import { ErrorResponse } from './decide-schemas.js';

const AnyObject = Type.Object({}, { additionalProperties: true });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const Department = Type.Object({ department: Type.String({ maxLength: 64 }) });
const Id = Type.Object({ id: Type.String({ maxLength: 100 }) });
const SignoffBody = Type.Object({
  department: Type.Optional(Type.String({ maxLength: 64, description: 'admins only: sign for this department (others sign for their own)' })),
  decision: Type.Union([Type.Literal('approve'), Type.Literal('block')]),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
const LaunchBody = Type.Object({
  acceptances: Type.Optional(Type.Array(Type.Object({
    blocker: Type.String({ minLength: 1, maxLength: 300, description: 'the id of a blocker or open item' }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'who accepts it' }),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
  }, { additionalProperties: false }), { maxItems: 200 })),
}, { additionalProperties: false });

function mayActFor(request: FastifyRequest, department: string): void {
  const role = request.user?.role;
  if (role !== 'admin' && role !== department) throw new TuttiError('forbidden', `A ${role ?? 'signed-out'} user may not act for ${department}.`);
}

export function campaignRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];
    const tags = ['readiness'];

    app.get('/v1/capabilities', { schema: { tags, summary: "Every department's declared capability", security, response: { 200: AnyObject, ...errors } } }, async () => readCapabilities(tutti));

    app.get<{ Params: Static<typeof Department> }>(
      '/v1/capabilities/:department',
      { schema: { tags, summary: "One department's capability document", security, params: Department, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const caps = await readCapabilities(tutti);
        const doc = (caps as unknown as Record<string, unknown>)[request.params.department];
        if (doc === undefined || doc === null) throw new TuttiError('not_found', `${request.params.department} has not declared a capability.`);
        return { department: request.params.department, document: doc, ...caps.meta[request.params.department as 'logistics'] };
      },
    );

    app.put<{ Params: Static<typeof Department>; Body: unknown }>(
      '/v1/capabilities/:department',
      { schema: { tags, summary: 'Declare a department capability (that department or an admin); a bad document is refused naming the field, and the old one stays', security, params: Department, body: AnyObject, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        mayActFor(request, request.params.department);
        await setCapability(tutti, request.params.department, request.body, request.user?.name ?? 'unknown');
        return { department: request.params.department, updated: true };
      },
    );

    app.post<{ Body: Static<typeof CampaignSchema> }>(
      '/v1/campaigns',
      // The body is checked by checkCampaign, which names every field at fault.
      { schema: { tags, summary: 'Declare a campaign: audience, schedule, products, promises, expected response', security, body: AnyObject, response: { 201: AnyObject, ...errors } } },
      async (request, reply) => {
        const campaign = await createCampaign(tutti, request.body, request.user?.name ?? 'unknown');
        reply.code(201);
        return campaign;
      },
    );

    app.get('/v1/campaigns', { schema: { tags, summary: 'Campaigns, newest first', security, response: { 200: AnyObject, ...errors } } }, async () => ({ campaigns: await campaignList(tutti) }));

    app.get<{ Params: Static<typeof Id> }>(
      '/v1/campaigns/:id',
      { schema: { tags, summary: 'A campaign with its sign-offs and acceptances', security, params: Id, response: { 200: AnyObject, ...errors } } },
      async (request) => getCampaign(tutti, request.params.id),
    );

    app.get<{ Params: Static<typeof Id> }>(
      '/v1/campaigns/:id/report',
      { schema: { tags, summary: 'The launch-readiness report: audience, demand, logistics, service, promises, blockers with mitigations', security, params: Id, response: { 200: AnyObject, ...errors } } },
      async (request) => campaignReport(tutti, request.params.id),
    );

    app.post<{ Params: Static<typeof Id>; Body: Static<typeof SignoffBody> }>(
      '/v1/campaigns/:id/signoffs',
      { schema: { tags, summary: 'Sign off for your department, or raise a blocker', security, params: Id, body: SignoffBody, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const role = request.user?.role ?? '';
        const department = request.body.department ?? role;
        if (department === 'admin') throw new TuttiError('invalid_request', 'Admins sign for a department: give "department".');
        mayActFor(request, department);
        return signOff(tutti, request.params.id, { department, decision: request.body.decision, note: request.body.note, by: request.user?.name ?? 'unknown' });
      },
    );

    app.post<{ Params: Static<typeof Id>; Body: Static<typeof LaunchBody> }>(
      '/v1/campaigns/:id/launch',
      { schema: { tags, summary: 'Launch: refused (409) while blockers are open, unless each is accepted with a name and a reason', security, params: Id, body: LaunchBody, response: { 200: AnyObject, ...errors } } },
      async (request) => {
        const campaign = await getCampaign(tutti, request.params.id);
        mayActFor(request, campaign.department);
        const result = await launchCampaign(tutti, request.params.id, { acceptances: request.body?.acceptances, by: request.user?.name ?? 'unknown' });
        return { campaign: result.campaign, accepted: result.accepted, blockers: result.report.blockers.length };
      },
    );

    app.get<{ Params: Static<typeof Id> }>(
      '/v1/campaigns/:id/tracking',
      { schema: { tags, summary: 'After launch: forecast against actuals per department per day', security, params: Id, response: { 200: AnyObject, ...errors } } },
      async (request) => campaignTracking(tutti, request.params.id),
    );
  };
}
