/**
 * A campaign (or any change a department launches at customers), as declared by API, CLI or
 * file: who it goes to, when, what it sells, what it promises and what response it expects.
 * `checkCampaign` adds what the schema cannot say and names the field of every problem.
 */
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { TuttiError } from '../core/errors.js';
import { PURPOSES } from '../decide/policy-schema.js';
import type { FieldProblem } from './check-capabilities.js';

const Name = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

export const PromiseSpecSchema = Type.Union([
  Type.Object({ type: Type.Literal('delivery'), withinDays: Type.Integer({ description: '1 = next-day delivery' }), text: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('support'), serviceLevel: Type.Number({ description: 'share answered within seconds' }), seconds: Type.Number(), text: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('refund'), withinDays: Type.Number(), text: Type.Optional(Type.String({ maxLength: 300 })) }, { additionalProperties: false }),
]);
export type PromiseSpec = Static<typeof PromiseSpecSchema>;

export const CampaignSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  /** The department launching it (default marketing). */
  department: Type.Optional(Name),
  channel: Name,
  purpose: Type.Optional(Type.Union(PURPOSES.map((p) => Type.Literal(p)))),
  message: Type.Optional(Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })),
  audience: Type.Object({ segment: Type.String({ minLength: 1, maxLength: 2000, description: 'a segment expression over customer state, e.g. "orders >= 1"' }) }, { additionalProperties: false }),
  /** Waves: when each goes out and the share of the audience it reaches. */
  schedule: Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), share: Type.Number() }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  products: Type.Object({
    skus: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 1000 })),
    categories: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
  }, { additionalProperties: false }),
  promises: Type.Array(PromiseSpecSchema, { maxItems: 20 }),
  expectedResponse: Type.Optional(Type.Object({
    /** An order rate per audience member; without it the rate comes from past campaigns. */
    rate: Type.Optional(Type.Number()),
    /** How many audience members' worth of evidence a given rate is worth (default 200). */
    strength: Type.Optional(Type.Number()),
  }, { additionalProperties: false })),
  /** Share of a wave's orders on day 0, 1, 2, … after it goes out (normalised). */
  responseProfile: Type.Optional(Type.Array(Type.Number(), { minItems: 1, maxItems: 60 })),
  /** Days the review looks ahead from the first wave (default 21). */
  horizonDays: Type.Optional(Type.Integer()),
}, { additionalProperties: false });
export type CampaignSpec = Static<typeof CampaignSchema>;

const shape = TypeCompiler.Compile(CampaignSchema);

/** Checks a campaign at `now`; throws `invalid_campaign` naming every field at fault. */
export function checkCampaign(value: unknown, now: number): CampaignSpec {
  const problems: FieldProblem[] = [];
  for (const e of shape.Errors(value)) {
    problems.push({ field: `campaign${e.path.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.')}`, problem: e.message.toLowerCase() });
    if (problems.length >= 20) break;
  }
  if (problems.length === 0) {
    const c = value as CampaignSpec;
    const add = (field: string, problem: string): void => void problems.push({ field: `campaign.${field}`, problem });
    let total = 0;
    c.schedule.forEach((w, i) => {
      const at = Date.parse(w.at);
      if (Number.isNaN(at)) add(`schedule[${i}].at`, `is not a date-time (got ${w.at})`);
      else if (at < now - 60_000) add(`schedule[${i}].at`, `is in the past (${w.at}); a campaign is reviewed before it goes out`);
      if (!(w.share > 0) || w.share > 1) add(`schedule[${i}].share`, `must be above 0 and at most 1 (got ${w.share})`);
      total += w.share;
    });
    if (Math.abs(total - 1) > 0.001) add('schedule', `shares must add up to 1 (got ${Math.round(total * 1000) / 1000})`);
    if ((c.products.skus?.length ?? 0) + (c.products.categories?.length ?? 0) === 0) add('products', 'must name at least one SKU or category');
    c.promises.forEach((p, i) => {
      if (p.type === 'support') {
        if (!(p.serviceLevel > 0 && p.serviceLevel < 1)) add(`promises[${i}].serviceLevel`, `must be a share between 0 and 1 (got ${p.serviceLevel})`);
        if (!(p.seconds > 0)) add(`promises[${i}].seconds`, `must be above 0 (got ${p.seconds})`);
      } else if (!(p.withinDays >= 0)) {
        add(`promises[${i}].withinDays`, `must not be negative (got ${p.withinDays})`);
      }
    });
    const r = c.expectedResponse;
    if (r?.rate !== undefined && !(r.rate > 0 && r.rate < 1)) add('expectedResponse.rate', `must be a share between 0 and 1 (got ${r.rate})`);
    if (r?.strength !== undefined && !(r.strength > 0)) add('expectedResponse.strength', `must be above 0 (got ${r.strength})`);
    if (c.responseProfile !== undefined && (c.responseProfile.some((x) => !(x >= 0)) || c.responseProfile.reduce((a, b) => a + b, 0) <= 0)) add('responseProfile', 'must be shares ≥ 0 with a positive sum');
    if (c.horizonDays !== undefined && (c.horizonDays < 1 || c.horizonDays > 90)) add('horizonDays', `must be from 1 to 90 (got ${c.horizonDays})`);
  }
  if (problems.length > 0) {
    const first = problems[0] as FieldProblem;
    throw new TuttiError('invalid_campaign', `${first.field} ${first.problem}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}.`, { errors: problems });
  }
  return value as CampaignSpec;
}
