/**
 * Reads a policy file (YAML or JSON) into a Policy, or into errors an operations lead can act
 * on: each names the line and column, the path (`caps[0].window`) and the problem in plain
 * words — `line 12: caps[0].window must be like 7d …`. Three layers, each reporting all it
 * finds: YAML syntax (the `yaml` parser), shape (PolicySchema, TypeBox), meaning
 * (policy-checks.ts). A file with errors never replaces the active policy; the caller keeps it.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { isMap, isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { checkPolicy } from './policy-checks.js';
import { type Policy, PolicySchema } from './policy-schema.js';

/** One problem in a policy file. Line and column are 1-based. */
export interface PolicyError {
  line: number;
  column: number;
  /** e.g. `caps[0].window`; empty for the document as a whole. */
  path: string;
  /** e.g. `line 12: caps[0].window must be like 7d (…); got "7"`. */
  message: string;
}

export type ParsePolicyResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyError[] };

const check = TypeCompiler.Compile(PolicySchema);
const MAX_ERRORS = 50;

/**
 * Parses and validates a policy file. `format` defaults to JSON when the text starts with `{`,
 * else YAML (JSON is read by the same parser, so errors carry positions either way).
 */
export function parsePolicy(text: string, format?: 'yaml' | 'json'): ParsePolicyResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const errors: PolicyError[] = [];
  const add = (offset: number, path: string, problem: string): void => {
    const { line, column } = position(offset);
    errors.push({ line, column, path, message: `line ${line}: ${path === '' ? '' : `${path} `}${problem}` });
  };

  for (const e of doc.errors) add(e.pos[0], '', e.message.split('\n')[0] ?? e.message);
  if ((format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml')) === 'json' && errors.length === 0) {
    try {
      JSON.parse(text);
    } catch (e) {
      // The yaml parser is more lenient than JSON (comments, trailing commas); say so at the spot.
      const at = /position (\d+)/.exec(String(e))?.[1];
      add(at === undefined ? 0 : Number(at), '', `is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add(0, '', 'the policy must be a mapping with version, departments, purposes, suppressions, cooldowns, caps, quietHours and arbitration');
    return { ok: false, errors };
  }

  const seen = new Set<string>();
  for (const e of check.Errors(value)) {
    const segments = e.path.split('/').slice(1).map(unescapePointer);
    const path = dotted(segments);
    // Unions report once per branch; one message per path is enough.
    if (seen.has(path) || errors.length >= MAX_ERRORS) continue;
    seen.add(path);
    if (e.type === ValueErrorType.ObjectAdditionalProperties) {
      add(keyOffset(doc, segments), path, `is not a known setting (check the spelling)`);
    } else if (e.type === ValueErrorType.ObjectRequiredProperty) {
      add(valueOffset(doc, segments), path, 'is missing');
    } else {
      const hint = (e.schema as { hint?: unknown }).hint;
      const problem = typeof hint === 'string' ? hint : e.message.toLowerCase();
      add(valueOffset(doc, segments), path, `${problem}; got ${show(e.value)}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors: sorted(errors) };

  const policy = value as Policy;
  for (const problem of checkPolicy(policy)) add(valueOffset(doc, problem.path), dotted(problem.path), problem.message);
  return errors.length > 0 ? { ok: false, errors: sorted(errors) } : { ok: true, policy };
}

function sorted(errors: PolicyError[]): PolicyError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `['caps', 0, 'window']` → `caps[0].window`. */
function dotted(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

function unescapePointer(s: string): string | number {
  const text = s.replace(/~1/g, '/').replace(/~0/g, '~');
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Where the value at `path` starts; for a path that does not exist, its nearest existing parent. */
function valueOffset(doc: Document, path: readonly (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

/** Where the key of the last segment is written (for unknown settings), else its value. */
function keyOffset(doc: Document, path: readonly (string | number)[]): number {
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  const key = path[path.length - 1];
  if (isMap(parent)) {
    for (const pair of parent.items) {
      const k = pair.key;
      if (isNode(k) && k.range && String((k as { value?: unknown }).value) === String(key)) return k.range[0];
    }
  }
  return valueOffset(doc, path);
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
