/**
 * The routing configuration as data: reading the YAML an operations lead edits (queues.yaml is
 * the shipped default) into a checked `QueueConfig`, and compiling it into what the router and
 * the SLA clocks use (durations in ms, intent → queue). Errors name the line, the path and the
 * problem in plain words — `line 14: queues[1].overflowAfter must be like 10m …` — in three
 * layers, each reporting all it finds: YAML syntax, shape (QueueConfigSchema), meaning
 * (queues-checks.ts). The layout follows decide/parse-policy.ts.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { type FileError, readCheckedYaml } from '../core/checked-yaml.js';
import { durationMs } from '../decide/policy-schema.js';
import { checkQueueConfig } from './queues-checks.js';
import { DEFAULT_QUEUES_YAML } from './queues-default.js';
import { type QueueConfig, QueueConfigSchema, type Strategy } from './queues-schema.js';

export { DEFAULT_QUEUES_YAML } from './queues-default.js';
export type { AgentSpec, QueueConfig, QueueSpec, Strategy } from './queues-schema.js';

/** One problem in a routing configuration file. Line and column are 1-based. */
export type QueueConfigError = FileError;

export type ParseQueueConfigResult = { ok: true; config: QueueConfig } | { ok: false; errors: QueueConfigError[] };

const check = TypeCompiler.Compile(QueueConfigSchema);

/** Parses and checks a routing configuration (YAML, or JSON which YAML reads too). */
export function parseQueueConfig(text: string): ParseQueueConfigResult {
  const read = readCheckedYaml<QueueConfig>(text, check, {
    notAMapping: 'the routing configuration must be a mapping with version, triage, queues and agents',
    meaning: (config) => checkQueueConfig(config),
  });
  return read.ok ? { ok: true, config: read.value } : { ok: false, errors: read.errors };
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
