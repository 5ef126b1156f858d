/**
 * The relationship-health configuration: the weights of the measures, the band thresholds and
 * the trend window. The shipped default is health-weights.json; an operator points
 * TUTTI_HEALTH_WEIGHTS at an edited copy (for example one written by `npm run calibrate:health
 * -- --write FILE`). The file is checked when it is read, and a bad one is refused with the
 * field named, so a typo never silently changes every customer's score.
 */
import { readFileSync } from 'node:fs';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import defaults from './health-weights.json' with { type: 'json' };
import { HEALTH_MEASURES, type HealthConfig } from './health.js';

const Weight = Type.Number({ minimum: 0, maximum: 1000 });
const ConfigSchema = Type.Object({
  version: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.Optional(Type.String()),
  weights: Type.Object(
    { promise_reliability: Weight, support_experience: Weight, sentiment: Weight, value_usage: Weight, contact_pressure: Weight },
    { additionalProperties: false },
  ),
  bands: Type.Object({ healthy: Type.Number({ minimum: 0, maximum: 100 }), watch: Type.Number({ minimum: 0, maximum: 100 }), at_risk: Type.Number({ minimum: 0, maximum: 100 }) }, { additionalProperties: false }),
  trendDays: Type.Integer({ minimum: 1, maximum: 365 }),
}, { additionalProperties: false });
const check = TypeCompiler.Compile(ConfigSchema);

/** Environment variable naming a weights file to use instead of the shipped default. */
export const HEALTH_WEIGHTS_ENV = 'TUTTI_HEALTH_WEIGHTS';

/** Checks a parsed configuration; throws an Error naming the first bad field. */
export function parseHealthConfig(value: unknown, where = 'health weights'): HealthConfig {
  if (!check.Check(value)) {
    const first = check.Errors(value).First();
    throw new Error(`${where}: ${first ? `${first.path || '/'} ${first.message.toLowerCase()}` : 'not a health configuration'}`);
  }
  let sum = 0;
  for (const m of HEALTH_MEASURES) sum += value.weights[m];
  if (!(sum > 0)) throw new Error(`${where}: /weights must not all be 0`);
  const b = value.bands;
  if (!(b.healthy > b.watch && b.watch > b.at_risk)) throw new Error(`${where}: /bands must satisfy healthy > watch > at_risk`);
  return { version: value.version, weights: { ...value.weights }, bands: { ...b }, trendDays: value.trendDays };
}

/** The shipped default (health-weights.json). */
export function defaultHealthConfig(): HealthConfig {
  return parseHealthConfig(defaults, 'health-weights.json');
}

/** The configuration from `path`, else from $TUTTI_HEALTH_WEIGHTS, else the shipped default. */
export function loadHealthConfig(path: string | undefined = process.env[HEALTH_WEIGHTS_ENV]): HealthConfig {
  if (path === undefined || path === '') return defaultHealthConfig();
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseHealthConfig(value, path);
}
