/**
 * Reads a policy file (YAML or JSON) into a Policy, or into errors an operations lead can act
 * on: each names the line and column, the path (`caps[0].window`) and the problem in plain
 * words — `line 12: caps[0].window must be like 7d …`. Three layers, each reporting all it
 * finds: YAML syntax (the `yaml` parser), shape (PolicySchema, TypeBox), meaning
 * (policy-checks.ts). A file with errors never replaces the active policy; the caller keeps it.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type FileError, readCheckedYaml } from '../core/checked-yaml.js';
import { checkPolicy } from './policy-checks.js';
import { type Policy, PolicySchema } from './policy-schema.js';

/** One problem in a policy file. Line and column are 1-based. */
export type PolicyError = FileError;

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

const check = TypeCompiler.Compile(PolicySchema);

/**
 * Parses and validates a policy file. `format` defaults to JSON when the text starts with `{`,
 * else YAML (JSON is read by the same parser, so errors carry positions either way).
 */
export function parsePolicy(text: string, format?: 'yaml' | 'json'): ParsePolicyResult {
  const json = (format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml')) === 'json';
  const read = readCheckedYaml<Policy>(text, check, {
    notAMapping: 'the policy must be a mapping with version, departments, purposes, suppressions, cooldowns, caps, quietHours and arbitration',
    meaning: (policy) => checkPolicy(policy),
    // The yaml parser is more lenient than JSON (comments, trailing commas); say so at the spot.
    extraSyntax: (t) => {
      if (!json) return [];
      try {
        JSON.parse(t);
        return [];
      } catch (e) {
        const at = /position (\d+)/.exec(String(e))?.[1];
        return [[at === undefined ? 0 : Number(at), `is not valid JSON: ${(e as Error).message}`]];
      }
    },
  });
  return read.ok ? { ok: true, policy: read.value } : { ok: false, errors: read.errors };
}
