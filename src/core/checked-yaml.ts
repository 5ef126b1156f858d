/**
 * Reads a configuration file an operations lead edits (YAML, or JSON, which YAML reads too)
 * against a TypeBox schema, with errors that name the line and column, the path
 * (`caps[0].window`) and the problem in plain words. Three layers, each reporting all it
 * finds: YAML syntax, shape (the schema; a schema's `hint` is the wording used), meaning (the
 * caller's checks). The contact policy and the routing configuration both read this way.
 */
import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { type Document, isMap, isNode, LineCounter, type Node, parseDocument } from 'yaml';

/** One problem in a file. Line and column are 1-based. */
export interface FileError {
  line: number;
  column: number;
  /** e.g. `caps[0].window`; empty for the document as a whole. */
  path: string;
  /** e.g. `line 12: caps[0].window must be like 7d (…); got "7"`. */
  message: string;
}

/** A problem the caller's meaning checks found, at a path into the document. */
export interface PathProblem {
  path: readonly (string | number)[];
  message: string;
}

export type CheckedYaml<T> = { ok: true; value: T } | { ok: false; errors: FileError[] };

const MAX_ERRORS = 50;

export interface CheckedYamlOptions<T> {
  /** Said when the document is not a mapping, e.g. "the policy must be a mapping with …". */
  notAMapping: string;
  /** Checks of meaning, run when the shape is right. */
  meaning?: (value: T) => readonly PathProblem[];
  /** Syntax problems found by the caller (a stricter JSON read), as [offset, problem]. */
  extraSyntax?: (text: string) => Array<[number, string]>;
}

export function readCheckedYaml<T>(text: string, check: TypeCheck<TSchema>, options: CheckedYamlOptions<T>): CheckedYaml<T> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: FileError[] = [];
  const add = (offset: number, path: string, problem: string): void => {
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ line, column: col, path, message: `line ${line}: ${path === '' ? '' : `${path} `}${problem}` });
  };

  for (const e of doc.errors) add(e.pos[0], '', e.message.split('\n')[0] ?? e.message);
  if (errors.length === 0) for (const [offset, problem] of options.extraSyntax?.(text) ?? []) add(offset, '', problem);
  if (errors.length > 0) return { ok: false, errors };

  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add(0, '', options.notAMapping);
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
      add(keyOffset(doc, segments), path, 'is not a known setting (check the spelling)');
    } else if (e.type === ValueErrorType.ObjectRequiredProperty) {
      add(valueOffset(doc, segments), path, 'is missing');
    } else {
      const hint = (e.schema as { hint?: unknown }).hint;
      add(valueOffset(doc, segments), path, `${typeof hint === 'string' ? hint : e.message.toLowerCase()}; got ${show(e.value)}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors: sorted(errors) };

  const typed = value as T;
  for (const problem of options.meaning?.(typed) ?? []) add(valueOffset(doc, problem.path), dotted(problem.path), problem.message);
  return errors.length > 0 ? { ok: false, errors: sorted(errors) } : { ok: true, value: typed };
}

function sorted(errors: FileError[]): FileError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `['caps', 0, 'window']` → `caps[0].window`. */
export function dotted(segments: readonly (string | number)[]): string {
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
