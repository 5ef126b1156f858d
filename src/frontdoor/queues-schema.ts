/**
 * The routing configuration file format (DESIGN 3.4): queues, the teams and departments that
 * work them, and the agents. An operations lead edits it as YAML; `parseQueueConfig` in
 * queues.ts reads it with errors that name the line, as parse-policy.ts does for the contact
 * policy.
 *
 * Every object is closed, so a misspelt key is an error rather than a setting silently
 * ignored. A schema's `hint` is the plain English an error message uses.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { DURATION_PATTERN } from '../decide/policy-schema.js';

const hinted = <T extends TSchema>(schema: T, hint: string): T => Object.assign(schema, { hint });
const closed = { additionalProperties: false } as const;

/** The two ways a queue picks among eligible agents. */
export const STRATEGIES = ['round-robin', 'least-loaded'] as const;
export type Strategy = (typeof STRATEGIES)[number];

const Name = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$', hint: 'must be a lower-case name like billing-payments or double_charge' });
const Names = Type.Array(Name, { uniqueItems: true, hint: 'must be a list of distinct lower-case names' });
const NonEmptyNames = Type.Array(Name, { minItems: 1, uniqueItems: true, hint: 'must be a non-empty list of distinct lower-case names' });
/** Same rule as core/departments.ts isValidDepartmentName. */
const Department = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$', hint: 'must be a lower-case department name like billing' });
const Duration = Type.String({ pattern: DURATION_PATTERN, hint: 'must be like 10m (a whole number, then m, h, d or w)' });
const Language = Type.String({ pattern: '^[a-z]{2,3}$', hint: 'must be a two- or three-letter language code like en' });
const Title = Type.String({ minLength: 1, maxLength: 80, hint: 'must be a non-empty text of at most 80 characters' });

const Sla = Type.Object({
  /** From the work item's creation to the first reply the customer sees. */
  firstResponse: Duration,
  /** From creation to resolved, not counting time spent waiting on the customer. */
  resolution: Duration,
  /** Fraction of each target at which the warning fires. */
  warnAt: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, hint: 'must be a fraction between 0 and 1, like 0.8' }),
}, closed);

const Queue = Type.Object({
  name: Name,
  department: Department,
  /** The team that works the queue (internal: never shown to a customer). */
  team: Title,
  /** The intents routed here; empty for queues reached only by triage or overflow. */
  intents: Names,
  /** Every agent taking work here must have all of these. */
  requiredSkills: Type.Optional(Names),
  /** Required too, until the item has waited `relaxOptionalAfter` in the queue. */
  optionalSkills: Type.Optional(Names),
  relaxOptionalAfter: Type.Optional(Duration),
  /** Unassigned work moves to this queue after waiting `overflowAfter` here. */
  overflowTo: Type.Optional(Name),
  overflowAfter: Type.Optional(Duration),
  strategy: hinted(Type.Union(STRATEGIES.map((s) => Type.Literal(s))), `must be one of: ${STRATEGIES.join(', ')}`),
  sla: Sla,
}, closed);

const Agent = Type.Object({
  id: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', hint: 'must be an id of letters, digits, _ . or - like agt_lena' }),
  name: Title,
  queues: NonEmptyNames,
  skills: Names,
  languages: Type.Array(Language, { minItems: 1, uniqueItems: true, hint: 'must be a non-empty list of distinct language codes' }),
  regions: NonEmptyNames,
  /** Work items the agent holds at once. */
  capacity: Type.Integer({ minimum: 1, maximum: 100, hint: 'must be a whole number from 1 to 100' }),
}, closed);

/** The whole routing configuration. */
export const QueueConfigSchema = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 64, hint: 'must be a non-empty string (quote it: "2026.1")' }),
  description: Type.Optional(Type.String()),
  triage: Type.Object({
    /** Where work goes when no queue lists its intent or the intent was found with low confidence. */
    queue: Name,
    /** Intents found with a confidence below this go to triage. */
    minConfidence: Type.Number({ minimum: 0, maximum: 1, hint: 'must be a number from 0 to 1' }),
  }, closed),
  queues: Type.Array(Queue, { minItems: 1, hint: 'must be a non-empty list of queues' }),
  agents: Type.Array(Agent),
}, closed);

export type QueueConfig = Static<typeof QueueConfigSchema>;
export type QueueSpec = Static<typeof Queue>;
export type AgentSpec = Static<typeof Agent>;
export type SlaSpec = Static<typeof Sla>;
