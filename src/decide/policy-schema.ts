/**
 * The contact policy file format (DESIGN 3.2): a readable, versioned document an operations
 * lead edits, in YAML or JSON. This module holds the schema (TypeBox) and the types it gives;
 * `parsePolicy` in parse-policy.ts reads a file into a `Policy` with errors that name the line,
 * and compile-policy.ts turns a `Policy` into the fast evaluator's tables.
 *
 * Every object is closed (`additionalProperties: false`) so a misspelt key is an error with a
 * line number instead of a rule silently ignored. Each schema may carry a `hint`: the plain
 * English the error message uses instead of TypeBox's wording.
 */
import { type Static, type TLiteral, type TSchema, type TUnion, Type } from '@sinclair/typebox';

/** The four reasons a department contacts a customer, from least to most restricted. */
export const PURPOSES = ['transactional', 'service', 'sales', 'marketing'] as const;
export type Purpose = (typeof PURPOSES)[number];

/**
 * Customer facts a rule can test (see customer-facts.ts for how each is read from the state).
 * The first six are the brief's hard suppressions; the rest feed the relationship weight.
 */
export const FACTS = [
  'open_complaint',
  'late_shipment',
  'pending_refund',
  'open_dispute',
  'promise_broken_recently',
  'detractor',
  'open_ticket',
  'promise_overdue',
  'promoter',
  'recent_order',
] as const;
export type Fact = (typeof FACTS)[number];

/** Facts about open items: they accept `olderThan` (the item has been open at least this long). */
export const ITEM_FACTS: readonly Fact[] = ['open_complaint', 'late_shipment', 'pending_refund', 'open_dispute', 'open_ticket', 'promise_overdue'];
/** Facts about a past moment: they accept `within` (it happened at most this long ago). */
export const MOMENT_FACTS: readonly Fact[] = ['promise_broken_recently', 'detractor', 'promoter', 'recent_order'];

/** What a cool-down starts from (the state records them: state/resolution-effects.ts). */
export { RESOLUTIONS, type ResolutionKind } from '../state/state-types.js';
import { RESOLUTIONS } from '../state/state-types.js';

const hinted = <T extends TSchema>(schema: T, hint: string): T => Object.assign(schema, { hint });

function literalUnion<T extends string>(values: readonly T[], what: string): TUnion<TLiteral<T>[]> {
  return hinted(Type.Union(values.map((v) => Type.Literal(v))), `must be ${what}: ${values.join(', ')}`);
}

const closed = { additionalProperties: false } as const;

/** `30m`, `12h`, `7d`, `2w`: a whole number and a unit. */
export const DURATION_PATTERN = '^[1-9][0-9]{0,5}(m|h|d|w)$';
const Duration = Type.String({ pattern: DURATION_PATTERN, hint: 'must be like 7d (a whole number, then m, h, d or w)' });
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', hint: 'must be a 24-hour local time like 21:00' });
const Name = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$', hint: 'must be a lower-case name like marketing or sales_calls' });
const PurposeName = literalUnion(PURPOSES, 'one of the purposes');
const FactName = literalUnion(FACTS, 'one of the facts');
const Purposes = Type.Array(PurposeName, { minItems: 1, uniqueItems: true, hint: 'must be a non-empty list of distinct purposes' });
const Names = Type.Array(Name, { minItems: 1, uniqueItems: true, hint: 'must be a non-empty list of distinct lower-case names' });
const Weight = Type.Number({ exclusiveMinimum: 0, maximum: 1000, hint: 'must be a number above 0 and at most 1000' });

const ConsentRule = Type.Object({
  /** Consent purposes (as departments record them: marketing, sales_calls, …) that must not be withdrawn. */
  purposes: Names,
  /** Also honour a withdrawal recorded for the channel itself (an email marked as spam withdraws `email`). */
  channel: Type.Optional(Type.Boolean()),
  /** When the customer never said either way. */
  ifUnknown: literalUnion(['granted', 'denied'] as const, 'granted or denied'),
}, closed);

const PurposeRule = Type.Object({
  bypassesCaps: Type.Boolean(),
  countsTowardCaps: Type.Boolean(),
  /** Multiplies into the priority weight when candidates compete (default 1). */
  weight: Type.Optional(Weight),
  consent: Type.Union([Type.Literal('none'), ConsentRule], { hint: 'must be none or {purposes, channel?, ifUnknown}' }),
  /** Contact purposes departments record (`Contact Made` purpose: upsell, callback, …) that mean this purpose. */
  aliases: Type.Optional(Names),
}, closed);

const Department = Type.Object({ name: Name, weight: Weight }, closed);

const Suppression = Type.Object({
  when: FactName,
  blocks: Purposes,
  olderThan: Type.Optional(Duration),
  within: Type.Optional(Duration),
}, closed);

const Cooldown = Type.Object({
  after: literalUnion(RESOLUTIONS, 'one of the resolutions'),
  for: Duration,
  blocks: Purposes,
}, closed);

const Cap = Type.Object({
  name: Name,
  window: Duration,
  max: Type.Integer({ minimum: 0, maximum: 10_000, hint: 'must be a whole number from 0 to 10000' }),
  /** Absent: every purpose that counts toward caps. */
  purposes: Type.Optional(Purposes),
  /** Absent: every channel. */
  channels: Type.Optional(Names),
  /** Absent: across all departments — the point of one voice. */
  departments: Type.Optional(Names),
}, closed);

const QuietWindow = Type.Object({
  start: ClockTime,
  end: ClockTime,
  purposes: Purposes,
  channels: Type.Optional(Names),
}, closed);

const RelationshipRule = Type.Object({
  when: FactName,
  factor: Weight,
  purposes: Type.Optional(Purposes),
  olderThan: Type.Optional(Duration),
  within: Type.Optional(Duration),
}, closed);

const Probability = Type.Number({ minimum: 0, maximum: 1, hint: 'must be a number from 0 to 1' });
const Exponent = Type.Number({ minimum: 0, maximum: 10, hint: 'must be a number from 0 to 10' });

/** The whole policy document. */
export const PolicySchema = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 64, hint: 'must be a non-empty string (quote it: "2026.1")' }),
  description: Type.Optional(Type.String()),
  /** Priority order, most important first; weights must not increase down the list. */
  departments: Type.Array(Department, { minItems: 1, hint: 'must be a non-empty list of {name, weight}' }),
  purposes: Type.Object({ transactional: PurposeRule, service: PurposeRule, sales: PurposeRule, marketing: PurposeRule }, closed),
  suppressions: Type.Array(Suppression),
  cooldowns: Type.Array(Cooldown),
  caps: Type.Array(Cap),
  quietHours: Type.Object({
    /** The IANA zone used when the customer has none. */
    fallbackTimeZone: Type.String({ minLength: 1, hint: 'must be an IANA time zone like Europe/Paris' }),
    windows: Type.Array(QuietWindow),
  }, closed),
  arbitration: Type.Object({
    /** Exponents: score = value^v × propensity^p × relationship^r × priority. */
    weights: Type.Object({ value: Exponent, propensity: Exponent, relationship: Exponent }, closed),
    /** Used when a candidate message does not say. */
    defaults: Type.Object({ value: Type.Number({ minimum: 0, hint: 'must be a number ≥ 0' }), propensity: Probability }, closed),
    /** Priority weight of a department the policy does not list. */
    unlistedDepartmentWeight: Weight,
    relationship: Type.Array(RelationshipRule),
  }, closed),
}, closed);

export type Policy = Static<typeof PolicySchema>;
export type PurposePolicy = Static<typeof PurposeRule>;
export type SuppressionRule = Static<typeof Suppression>;
export type CooldownRule = Static<typeof Cooldown>;
export type CapRule = Static<typeof Cap>;
export type QuietWindowRule = Static<typeof QuietWindow>;
export type RelationshipRuleSpec = Static<typeof RelationshipRule>;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const UNIT_WORD = { m: 'minute', h: 'hour', d: 'day', w: 'week' } as const;

/** `7d` → 604800000. Call only on strings the schema accepted. */
export function durationMs(text: string): number {
  const unit = text.slice(-1) as keyof typeof UNIT_MS;
  return Number(text.slice(0, -1)) * UNIT_MS[unit];
}

/** `7d` → `7 days`, for reason messages. */
export function durationWords(text: string): string {
  const unit = text.slice(-1) as keyof typeof UNIT_WORD;
  const n = Number(text.slice(0, -1));
  return `${n} ${UNIT_WORD[unit]}${n === 1 ? '' : 's'}`;
}

/** `21:30` → minutes after midnight. */
export function clockMinutes(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}
