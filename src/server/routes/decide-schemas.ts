/** JSON schemas (TypeBox) for the contact-decision API: inputs are checked, outputs serialised fast. */
import { Type } from '@sinclair/typebox';
import { PURPOSES } from '../../decide/policy-schema.js';

export const ErrorResponse = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) });

const Purpose = Type.Union(PURPOSES.map((p) => Type.Literal(p)), { description: 'transactional | service | sales | marketing' });
const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

export const CustomerSelector = Type.Union([
  Type.String({ minLength: 1, maxLength: 500, description: 'a ref: cus_… or type:value' }),
  Type.Object({
    id: Type.Optional(Type.String({ maxLength: 200 })),
    ref: Type.Optional(Type.String({ maxLength: 500 })),
    userId: Type.Optional(Type.String({ maxLength: 500 })),
    anonymousId: Type.Optional(Type.String({ maxLength: 500 })),
    email: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ maxLength: 500 })),
    order: Type.Optional(Type.String({ maxLength: 500 })),
    ticket: Type.Optional(Type.String({ maxLength: 500 })),
    crm: Type.Optional(Type.String({ maxLength: 500 })),
  }, { additionalProperties: false, minProperties: 1, description: 'one identifier, e.g. {"userId": "u-17"} or {"email": "ann@example.com"}' }),
]);

export const Message = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })),
  value: Type.Optional(Type.Number({ minimum: 0, description: 'expected value of the contact, for arbitration' })),
  propensity: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'probability the customer responds, for arbitration' })),
}, { additionalProperties: false });

const Candidate = Type.Object({
  department: Type.Optional(Name),
  channel: Type.Optional(Name),
  purpose: Type.Optional(Purpose),
  message: Message,
}, { additionalProperties: false });

const Instant = Type.String({ format: 'date-time', description: 'ISO 8601; default now' });

export const DecideBody = Type.Object({
  customer: CustomerSelector,
  department: Name,
  channel: Name,
  purpose: Purpose,
  message: Type.Optional(Message),
  candidates: Type.Optional(Type.Array(Candidate, { minItems: 1, maxItems: 50, description: 'instead of message: the winner is returned, and why each other lost' })),
  at: Type.Optional(Instant),
  commit: Type.Optional(Type.Boolean({ description: 'on send, reserve its place under every cap it counts toward (atomic)' })),
}, { additionalProperties: false });

const Reason = Type.Object({
  code: Type.String(),
  stage: Type.String(),
  department: Type.String(),
  message: Type.String(),
  evidence: Type.Array(Type.String()),
});

const CandidateView = Type.Object({
  index: Type.Integer(),
  department: Type.String(),
  channel: Type.String(),
  purpose: Type.String(),
  message: Type.Object({ id: Type.String() }, { additionalProperties: true }),
  decision: Type.String(),
  until: Type.Optional(Type.String()),
  score: Type.Number(),
  scoreParts: Type.Object({}, { additionalProperties: true }),
  reasons: Type.Array(Reason),
  lostBecause: Type.Optional(Type.String()),
});

export const DecideResponse = Type.Object({
  decisionId: Type.String(),
  customerId: Type.String(),
  knownCustomer: Type.Boolean(),
  decision: Type.Union([Type.Literal('send'), Type.Literal('suppress'), Type.Literal('defer')]),
  until: Type.Optional(Type.String({ description: 'for defer: when the message may go' })),
  reasons: Type.Array(Reason),
  policyVersion: Type.String(),
  decidedAt: Type.String(),
  reservationId: Type.Optional(Type.String()),
  winner: Type.Optional(Type.Union([CandidateView, Type.Null()])),
  losers: Type.Optional(Type.Array(CandidateView)),
});

export const BatchBody = Type.Object({
  audience: Type.Object({
    refs: Type.Optional(Type.Array(Type.String({ maxLength: 500 }), { maxItems: 100_000 })),
    segment: Type.Optional(Type.String({ maxLength: 2000, description: 'e.g. "orders >= 2 and not late_shipment"' })),
  }, { additionalProperties: false, minProperties: 1, maxProperties: 1 }),
  department: Name,
  channel: Name,
  purpose: Purpose,
  message: Message,
  at: Type.Optional(Instant),
  list: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, description: 'return up to this many customers with their decisions' })),
}, { additionalProperties: false });

export const SimulateBody = Type.Object({
  policy: Type.String({ minLength: 1, maxLength: 1_000_000, description: 'the proposed policy file, YAML or JSON' }),
  over: Type.Optional(Type.Union([Type.Literal('customers'), Type.Literal('decisions')])),
  at: Type.Optional(Instant),
  from: Type.Optional(Instant),
  to: Type.Optional(Instant),
}, { additionalProperties: false });

export const PolicyBody = Type.Object({
  document: Type.String({ minLength: 1, maxLength: 1_000_000, description: 'the policy file, YAML or JSON' }),
}, { additionalProperties: false });

export const DecisionsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
