/**
 * Keyword rules for the front door: high-precision phrases an operations lead keeps in a YAML
 * file. When a rule fires on a clause it decides that clause's intent, ahead of the classifier —
 * the lead's word beats the statistics.
 *
 *   - intent: double_charge
 *     any: [charged twice, billed twice, duplicate payment]
 *     unless: [not charged twice]      # optional
 *
 * Phrases match whole words of the clause in `matchForm` (lower case, "can't" = "cannot",
 * punctuation ignored), so `charged twice` matches "You CHARGED twice!!" but not
 * "overcharged twice". Like the policy reader (src/decide/parse-policy.ts), the reader reports
 * every problem it finds, each naming its line: `line 7: rules[2].any[0] has no words`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { matchForm } from './intent-text.js';

/** One rule, ready to match: phrases already in `matchForm`. */
export interface IntentRule {
  intent: string;
  any: string[];
  unless: string[];
  /** The 1-based line of the rule in its file (0 when built in code). */
  line: number;
}

/** A parsed rules file. Plain JSON. */
export interface IntentRules {
  rules: IntentRule[];
}

/** One problem in a rules file; line and column are 1-based. */
export interface RuleError {
  line: number;
  column: number;
  /** e.g. `rules[2].any[0]`; empty for the file as a whole. */
  path: string;
  /** e.g. `line 7: rules[2].any[0] has no words`. */
  message: string;
}

export type ParseRulesResult = { ok: true; rules: IntentRules } | { ok: false; errors: RuleError[] };

/** A rule that fired on a text. */
export interface RuleHit {
  intent: string;
  /** The phrase that matched, in `matchForm`. */
  phrase: string;
  /** Index of the rule in the file. */
  rule: number;
  line: number;
}

const KEYS = new Set(['intent', 'any', 'unless', 'note']);
const MAX_ERRORS = 50;

/**
 * Reads a rules file (a YAML list of rules; an empty file is no rules). With `knownIntents`, an
 * intent outside the list is an error (a typo would otherwise make a rule that never routes).
 */
export function parseIntentRules(text: string, knownIntents?: readonly string[]): ParseRulesResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: RuleError[] = [];
  const add = (offset: number, path: string, problem: string): void => {
    if (errors.length >= MAX_ERRORS) return;
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ line, column: col, path, message: `line ${line}: ${path === '' ? '' : `${path} `}${problem}` });
  };
  const at = (node: unknown): number => (isNodeWithRange(node) ? node.range[0] : 0);
  const lineAt = (node: unknown): number => lineCounter.linePos(at(node)).line;

  for (const e of doc.errors) add(e.pos[0], '', e.message.split('\n')[0] ?? e.message);
  if (errors.length > 0) return { ok: false, errors };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { ok: true, rules: { rules: [] } };
  if (!isSeq(root)) {
    add(at(root), '', 'the rules file must be a list of rules, each like "- {intent: double_charge, any: [charged twice]}"');
    return { ok: false, errors };
  }

  const known = knownIntents === undefined ? null : new Set(knownIntents);
  const owner = new Map<string, { intent: string; line: number }>();
  const rules: IntentRule[] = [];
  root.items.forEach((item, i) => {
    const path = `rules[${i}]`;
    if (!isMap(item)) {
      add(at(item), path, 'must be a mapping with intent and any');
      return;
    }
    for (const pair of item.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!KEYS.has(key)) add(at(pair.key), `${path}.${key}`, 'is not a known setting (intent, any, unless, note)');
    }
    const intentNode = item.get('intent', true);
    const intentValue: unknown = isScalar(intentNode) ? intentNode.value : undefined;
    let intent = '';
    if (intentNode === undefined) add(at(item), `${path}.intent`, 'is missing');
    else if (typeof intentValue !== 'string' || intentValue.trim() === '') add(at(intentNode), `${path}.intent`, 'must be an intent name');
    else {
      intent = intentValue.trim();
      if (known !== null && !known.has(intent)) {
        add(at(intentNode), `${path}.intent`, `"${intent}" is not a known intent (known: ${[...known].join(', ')})`);
      }
    }
    const any = phrases(item, 'any', path, true, add, at);
    const unless = phrases(item, 'unless', path, false, add, at);
    for (const { phrase, node, index } of any) {
      const previous = owner.get(phrase);
      if (previous !== undefined && previous.intent !== intent) {
        add(at(node), `${path}.any[${index}]`, `"${phrase}" is already a phrase for ${previous.intent} (line ${previous.line})`);
      } else if (previous === undefined) owner.set(phrase, { intent, line: lineAt(node) });
    }
    rules.push({ intent, any: any.map((p) => p.phrase), unless: unless.map((p) => p.phrase), line: lineAt(item) });
  });
  return errors.length > 0 ? { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) } : { ok: true, rules: { rules } };
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** The phrases of `key` in a rule, in `matchForm`, each with its node for error positions. */
function phrases(
  item: YAMLMap,
  key: 'any' | 'unless',
  path: string,
  required: boolean,
  add: (offset: number, path: string, problem: string) => void,
  at: (node: unknown) => number,
): { phrase: string; node: unknown; index: number }[] {
  const node = item.get(key, true);
  if (node === undefined) {
    if (required) add(at(item), `${path}.${key}`, 'is missing (a list of phrases)');
    return [];
  }
  if (!isSeq(node) || (required && node.items.length === 0)) {
    add(at(node), `${path}.${key}`, `must be a ${required ? 'non-empty ' : ''}list of phrases, like [charged twice, billed twice]`);
    return [];
  }
  const out: { phrase: string; node: unknown; index: number }[] = [];
  node.items.forEach((p, index) => {
    const raw = isScalar(p) && (typeof p.value === 'string' || typeof p.value === 'number') ? String(p.value) : null;
    if (raw === null) add(at(p), `${path}.${key}[${index}]`, 'must be a phrase (words)');
    else if (matchForm(raw) === '') add(at(p), `${path}.${key}[${index}]`, `has no words; got ${JSON.stringify(raw)}`);
    else out.push({ phrase: matchForm(raw), node: p, index });
  });
  return out;
}

/**
 * The rules that fire on `text`, in file order: a rule fires when one of its phrases occurs as
 * whole words and none of its `unless` phrases does.
 */
export function matchRules(rules: IntentRules, text: string): RuleHit[] {
  if (rules.rules.length === 0) return [];
  const padded = ` ${matchForm(text)} `;
  const hits: RuleHit[] = [];
  rules.rules.forEach((rule, i) => {
    const phrase = rule.any.find((p) => padded.includes(` ${p} `));
    if (phrase === undefined) return;
    if (rule.unless.some((p) => padded.includes(` ${p} `))) return;
    hits.push({ intent: rule.intent, phrase, rule: i, line: rule.line });
  });
  return hits;
}
