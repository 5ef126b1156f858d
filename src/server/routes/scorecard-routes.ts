/**
 * The relationship scorecard over HTTP (DESIGN 3.6): a customer's health, the department
 * scorecard and the wall map with its drill-down. Thin: parse, call the scorecard service
 * (src/scorecard/scorecard-service.ts), shape the answer. Any signed-in user may read them.
 *
 * Periods are [from, to) in ISO 8601 (a date or a date-time); `to` defaults to now and `from`
 * to 30 days before `to`.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { resolveCustomerRef } from '../../app/customers.js';
import type { Tutti } from '../../app/tutti.js';
import { isValidDepartmentName } from '../../core/departments.js';
import { TuttiError } from '../../core/errors.js';
import { HEALTH_BANDS, HEALTH_MEASURES, TRIGGER_CODES } from '../../scorecard/health.js';
import { HOLD_KINDS } from '../../scorecard/fact-columns.js';
import { scorecardService } from '../../scorecard/scorecard-service.js';
import { bearerAuth } from '../auth.js';

const DAY = 86_400_000;

const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Instant = Type.String({ description: 'ISO 8601 date-time' });

const Ref = Type.Object({
  ref: Type.String({ description: 'A Tutti customer id (cus_…) or type:value, e.g. email:ann@example.com, userId:u-17' }),
});

const PeriodQuery = Type.Object({
  from: Type.Optional(Type.String({ maxLength: 40, description: 'Start of the period (inclusive), ISO 8601; default 30 days before `to`' })),
  to: Type.Optional(Type.String({ maxLength: 40, description: 'End of the period (exclusive), ISO 8601; default now' })),
});

const CellQuery = Type.Object({
  from: PeriodQuery.properties.from,
  to: PeriodQuery.properties.to,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'collisions listed at most (the count covers all)' })),
});

const CellParams = Type.Object({
  actor: Type.String({ description: 'The department that acted, e.g. marketing' }),
  holder: Type.String({ description: 'The department that had something open, e.g. service' }),
});

const Health = Type.Object({
  customerId: Type.String(),
  at: Instant,
  score: Type.Number({ description: 'Σ weight × part score / Σ weight, 0–100' }),
  band: Literals(HEALTH_BANDS),
  scoreBand: Literals(HEALTH_BANDS),
  parts: Type.Array(Type.Object({
    measure: Literals(HEALTH_MEASURES),
    score: Type.Number(),
    weight: Type.Number(),
    contribution: Type.Number({ description: 'weight × score / Σ weight' }),
    explanation: Type.String(),
  })),
  triggers: Type.Array(Type.Object({ code: Literals(TRIGGER_CODES), explanation: Type.String(), since: Nullable(Instant) })),
  trend: Type.Object({
    previous: Nullable(Type.Number()),
    delta: Nullable(Type.Number()),
    direction: Literals(['up', 'down', 'flat', 'unknown']),
    since: Instant,
    days: Type.Integer(),
  }),
  weightsVersion: Type.String(),
});

const Line = {
  contacts: Type.Integer({ description: 'outbound actions in the period' }),
  won: Type.Object({ orders: Type.Integer(), revenue: Type.Number(), leads: Type.Integer() }),
  cost: Type.Object({ complaints: Type.Integer(), promisesBroken: Type.Integer(), unsubscribes: Type.Integer(), customersLost: Type.Integer() }),
};

const Scorecard = Type.Object({
  from: Instant,
  to: Instant,
  departments: Type.Array(Type.Object({ department: Type.String(), ...Line, complaintsHandled: Type.Integer({ description: "complaints raised through the department's own systems: its workload" }) })),
  campaigns: Type.Array(Type.Object({ campaignId: Type.String(), department: Type.String(), ...Line })),
  direct: Type.Object({ orders: Type.Integer(), revenue: Type.Number() }, { description: 'orders no contact or campaign brought' }),
  unattributed: Type.Object({ complaints: Type.Integer(), customersLost: Type.Integer() }),
  totals: Type.Object(Line),
  rules: Type.Array(Type.String()),
});

const WallMap = Type.Object({
  from: Instant,
  to: Instant,
  departments: Type.Array(Type.String()),
  matrix: Type.Array(Type.Array(Type.Integer()), { description: 'matrix[a][h]: actions of departments[a] while departments[h] had something open' }),
  cells: Type.Array(Type.Object({
    actor: Type.String(),
    holder: Type.String(),
    count: Type.Integer(),
    customers: Type.Integer(),
    byKind: Type.Record(Type.String(), Type.Integer()),
    own: Type.Boolean({ description: "actor = holder: the department's own open work, not a wall" }),
  })),
  totals: Type.Object({ actions: Type.Integer(), collisions: Type.Integer(), customers: Type.Integer() }),
});

const CollisionEvent = {
  seq: Type.Integer({ description: 'position in the event log (the timeline id)' }),
  event: Type.String(),
  department: Type.String(),
  at: Instant,
  channel: Type.Optional(Type.String()),
  purpose: Type.Optional(Type.String()),
  campaignId: Type.Optional(Type.String()),
  itemId: Type.Optional(Type.String()),
};

const WallMapCell = Type.Object({
  actor: Type.String(),
  holder: Type.String(),
  from: Instant,
  to: Instant,
  count: Type.Integer(),
  customers: Type.Integer(),
  truncated: Type.Boolean(),
  collisions: Type.Array(Type.Object({
    customerId: Type.String(),
    action: Type.Object(CollisionEvent),
    held: Type.Array(Type.Object({ ...CollisionEvent, kind: Literals(HOLD_KINDS), since: Instant, until: Nullable(Instant) })),
  })),
});

function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new TuttiError('invalid_request', `\`${name}\` must be an ISO 8601 date or date-time, e.g. 2025-05-01 or 2025-05-01T00:00:00Z; got "${value}".`);
  return ms;
}

/** [from, to) from the query: `to` defaults to now, `from` to 30 days before `to`. */
function period(query: { from?: string; to?: string }, now: number): { from: number; to: number } {
  const to = query.to === undefined ? now : instant(query.to, 'to');
  const from = query.from === undefined ? to - 30 * DAY : instant(query.from, 'from');
  if (!(from < to)) throw new TuttiError('invalid_request', '`from` must be before `to`.');
  return { from, to };
}

function department(name: string): string {
  const d = name.toLowerCase();
  if (!isValidDepartmentName(d)) throw new TuttiError('invalid_department', `"${name}" is not a department name.`);
  return d;
}

export function scorecardRoutes(tutti: Tutti) {
  const service = scorecardService(tutti);
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];

    app.get<{ Params: Static<typeof Ref> }>(
      '/v1/customers/:ref/health',
      {
        schema: {
          tags: ['scorecard'],
          summary: "A customer's relationship health: the score, its band, every part with its weight and explanation, the hard triggers and the 30-day trend",
          security,
          params: Ref,
          response: { 200: Health, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => service.customerHealth(resolveCustomerRef(tutti, request.params.ref)),
    );

    app.get<{ Querystring: Static<typeof PeriodQuery> }>(
      '/v1/scorecard',
      {
        schema: {
          tags: ['scorecard'],
          summary: 'Per department and per campaign over a period: what it won (orders, revenue, leads) and what it cost the relationship (complaints, promises broken, unsubscribes, customers lost)',
          security,
          querystring: PeriodQuery,
          response: { 200: Scorecard, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const { from, to } = period(request.query, tutti.clock.now());
        return service.scorecard(from, to);
      },
    );

    app.get<{ Querystring: Static<typeof PeriodQuery> }>(
      '/v1/wallmap',
      {
        schema: {
          tags: ['scorecard'],
          summary: 'The wall map: how often each department acted on customers while another department had something open with them, over a period',
          security,
          querystring: PeriodQuery,
          response: { 200: WallMap, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const { from, to } = period(request.query, tutti.clock.now());
        return service.wallMap(from, to);
      },
    );

    app.get<{ Params: Static<typeof CellParams>; Querystring: Static<typeof CellQuery> }>(
      '/v1/wallmap/:actor/:holder',
      {
        schema: {
          tags: ['scorecard'],
          summary: 'One wall-map cell: the customers, actions and open items behind it, each with its event-log position',
          security,
          params: CellParams,
          querystring: CellQuery,
          response: { 200: WallMapCell, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => {
        const { from, to } = period(request.query, tutti.clock.now());
        return service.wallMapCell(department(request.params.actor), department(request.params.holder), from, to, request.query.limit ?? 100);
      },
    );
  };
}
