/**
 * The routing configuration as data: reading the YAML an operations lead edits (queues.yaml is
 * the shipped default) into a checked `QueueConfig`, and compiling it into what the router and
 * the SLA clocks use (durations in ms, intent → queue). Errors name the line, the path and the
 * problem in plain words — `line 14: queues[1].overflowAfter must be like 10m …` — in three
 * layers, each reporting all it finds: YAML syntax, shape (QueueConfigSchema), meaning
 * (queues-checks.ts). The layout follows decide/parse-policy.ts.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { isMap, isNode, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { durationMs } from '../decide/policy-schema.js';
import { checkQueueConfig } from './queues-checks.js';
import { DEFAULT_QUEUES_YAML } from './queues-default.js';
import { type QueueConfig, QueueConfigSchema, type Strategy } from './queues-schema.js';

export { DEFAULT_QUEUES_YAML } from './queues-default.js';
export type { AgentSpec, QueueConfig, QueueSpec, Strategy } from './queues-schema.js';

/** One problem in a routing configuration file. Line and column are 1-based. */
export interface QueueConfigError {
  line: number;
  column: number;
  /** e.g. `queues[1].overflowAfter`; empty for the document as a whole. */
  path: string;
  /** e.g. `line 14: queues[1].overflowAfter must be like 10m (…); got "30"`. */
  message: string;
}

export type ParseQueueConfigResult = { ok: true; config: QueueConfig } | { ok: false; errors: QueueConfigError[] };

const check = TypeCompiler.Compile(QueueConfigSchema);
const MAX_ERRORS = 50;

/** Parses and checks a routing configuration (YAML, or JSON which YAML reads too). */
export function parseQueueConfig(text: string): ParseQueueConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const errors: QueueConfigError[] = [];
  const add = (offset: number, path: string, problem: string): void => {
    const { line, col } = lineCounter.linePos(offset);
    errors.push({ line, column: col, path, message: `line ${line}: ${path === '' ? '' : `${path} `}${problem}` });
  };

  for (const e of doc.errors) add(e.pos[0], '', e.message.split('\n')[0] ?? e.message);
  if (errors.length > 0) return { ok: false, errors };

  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add(0, '', 'the routing configuration must be a mapping with version, triage, queues and agents');
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

  const config = value as QueueConfig;
  for (const problem of checkQueueConfig(config)) add(valueOffset(doc, problem.path), dotted(problem.path), problem.message);
  return errors.length > 0 ? { ok: false, errors: sorted(errors) } : { ok: true, config };
}

/** The demo company's routing configuration (queues.yaml). Throws if the shipped text is invalid (a test guards it). */
export function defaultQueueConfig(): QueueConfig {
  const parsed = parseQueueConfig(DEFAULT_QUEUES_YAML);
  if (!parsed.ok) throw new Error(`the default routing configuration is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.config;
}

/** A queue's SLA targets in ms. */
export interface SlaTargets {
  firstResponseMs: number;
  resolutionMs: number;
  /** Fraction of each target at which the warning fires, in (0, 1). */
  warnAt: number;
}

/** A queue as the router uses it. */
export interface CompiledQueue {
  name: string;
  department: string;
  team: string;
  intents: readonly string[];
  requiredSkills: readonly string[];
  optionalSkills: readonly string[];
  /** null when the queue has no optional skills to relax. */
  relaxOptionalAfterMs: number | null;
  overflowTo: string | null;
  overflowAfterMs: number | null;
  strategy: Strategy;
  sla: SlaTargets;
}

/** A configuration compiled for routing: queues by name and the intent table. */
export interface CompiledQueues {
  version: string;
  queues: ReadonlyMap<string, CompiledQueue>;
  intentQueue: ReadonlyMap<string, string>;
  triageQueue: string;
  minConfidence: number;
  agents: QueueConfig['agents'];
}

/** Compiles a checked configuration (from parseQueueConfig or defaultQueueConfig). */
export function compileQueues(config: QueueConfig): CompiledQueues {
  const queues = new Map<string, CompiledQueue>();
  const intentQueue = new Map<string, string>();
  for (const q of config.queues) {
    const optionalSkills = q.optionalSkills ?? [];
    queues.set(q.name, {
      name: q.name,
      department: q.department,
      team: q.team,
      intents: q.intents,
      requiredSkills: q.requiredSkills ?? [],
      optionalSkills,
      relaxOptionalAfterMs: optionalSkills.length > 0 && q.relaxOptionalAfter !== undefined ? durationMs(q.relaxOptionalAfter) : null,
      overflowTo: q.overflowTo ?? null,
      overflowAfterMs: q.overflowTo !== undefined && q.overflowAfter !== undefined ? durationMs(q.overflowAfter) : null,
      strategy: q.strategy,
      sla: { firstResponseMs: durationMs(q.sla.firstResponse), resolutionMs: durationMs(q.sla.resolution), warnAt: q.sla.warnAt },
    });
    for (const intent of q.intents) intentQueue.set(intent, q.name);
  }
  return { version: config.version, queues, intentQueue, triageQueue: config.triage.queue, minConfidence: config.triage.minConfidence, agents: config.agents };
}

/**
 * The queue a work item starts in: its intent's queue, or triage when the item is flagged for
 * triage (understand.ts found the message unclear), no queue lists its intent, or the intent was
 * found with a confidence below `triage.minConfidence`.
 */
export function queueForIntent(compiled: CompiledQueues, item: { intent: string; confidence?: number; triage?: boolean }): string {
  if (item.triage === true || (item.confidence !== undefined && item.confidence < compiled.minConfidence)) return compiled.triageQueue;
  return compiled.intentQueue.get(item.intent) ?? compiled.triageQueue;
}

/** The SLA targets of a queue; throws for a queue the configuration does not have. */
export function slaTargetsFor(compiled: CompiledQueues, queue: string): SlaTargets {
  const q = compiled.queues.get(queue);
  if (q === undefined) throw new Error(`there is no queue named ${queue}`);
  return q.sla;
}

function sorted(errors: QueueConfigError[]): QueueConfigError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** `['queues', 0, 'sla']` → `queues[0].sla`. */
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
