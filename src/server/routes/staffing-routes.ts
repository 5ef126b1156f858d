/**
 * The staffing calculator over HTTP: `POST /v1/staffing`. Thin: the schema checks types, the
 * calculator (`src/readiness/staffing.ts`) checks ranges and names the bad field, so the API and
 * `tutti staffing` refuse the same things with the same sentences. Any signed-in user may call it.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Tutti } from '../../app/tutti.js';
import { calculateStaffing } from '../../readiness/staffing.js';
import { bearerAuth } from '../auth.js';

const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) });

const StaffingBody = Type.Object({
  volume: Type.Number({ description: 'contacts offered in the interval (≥ 0)' }),
  intervalSeconds: Type.Number({ description: 'length of the interval in seconds (> 0), e.g. 1800' }),
  ahtSeconds: Type.Number({ description: 'average handling time in seconds (> 0)' }),
  targetServiceLevel: Type.Optional(Type.Number({ description: 'fraction to answer within targetSeconds, strictly between 0 and 1; default 0.8' })),
  targetSeconds: Type.Number({ description: 'the T of "80 % answered within T seconds" (≥ 0)' }),
  shrinkage: Type.Optional(Type.Number({ description: 'fraction of paid time off the phones, in [0, 1); default 0' })),
  maxOccupancy: Type.Optional(Type.Number({ description: 'occupancy cap in (0, 1]: agents ≥ ⌈load / maxOccupancy⌉' })),
  agents: Type.Optional(Type.Number({ description: 'evaluate this roster (a whole number ≥ 1) instead of finding the minimum' })),
  patienceSeconds: Type.Optional(Type.Number({ description: 'mean patience of waiting callers (> 0): use Erlang A, which answers even when agents < load' })),
}, { additionalProperties: false });

const CurvePoint = Type.Object({
  agents: Type.Integer(),
  serviceLevel: Type.Number(),
  pWait: Type.Number(),
  asaSeconds: Type.Number(),
});

const StaffingResponse = Type.Object({
  model: Type.Union([Type.Literal('erlang-c'), Type.Literal('erlang-a')]),
  load: Type.Number({ description: 'offered load in Erlangs: volume × ahtSeconds / intervalSeconds' }),
  agents: Type.Integer({ description: 'agents on the phones: the minimum meeting the target, or the roster given' }),
  scheduled: Type.Integer({ description: '⌈agents / (1 − shrinkage)⌉' }),
  serviceLevel: Type.Number(),
  pWait: Type.Number(),
  asaSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'null when Erlang C has no answer (overloaded)' }),
  occupancy: Type.Number(),
  pAbandon: Type.Optional(Type.Number({ description: 'Erlang A only' })),
  overloaded: Type.Optional(Type.Literal(true, { description: 'agents ≤ load: Erlang C reports SL 0; Erlang A still answers' })),
  targetServiceLevel: Type.Number(),
  targetSeconds: Type.Number(),
  meetsTarget: Type.Boolean(),
  curve: Type.Array(CurvePoint, { description: 'rosters around the answer (Erlang C: only agents > load)' }),
});

export function staffingRoutes(tutti: Tutti) {
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook('preHandler', bearerAuth(tutti));
    const security = [{ bearer: [] }];

    app.post<{ Body: Static<typeof StaffingBody> }>(
      '/v1/staffing',
      {
        schema: {
          tags: ['readiness'],
          summary: 'Contact-centre staffing (Erlang C, or Erlang A with patience): the agents a contact volume needs, or what a roster delivers',
          security,
          body: StaffingBody,
          response: { 200: StaffingResponse, 400: ErrorResponse, 401: ErrorResponse },
        },
      },
      async (request) => calculateStaffing(request.body),
    );
  };
}
