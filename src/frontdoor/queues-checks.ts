/**
 * The checks a schema cannot express: cross-references in a routing configuration that passed
 * QueueConfigSchema. Each problem carries the path of the value at fault so queues.ts can name
 * its line.
 */
import { durationMs } from '../decide/policy-schema.js';
import type { QueueConfig } from './queues-schema.js';

/** One problem: the path of the offending value (keys and indexes) and what is wrong. */
export interface QueueConfigProblem {
  path: (string | number)[];
  message: string;
}

/** Every semantic problem in a schema-valid configuration, in document order. */
export function checkQueueConfig(config: QueueConfig): QueueConfigProblem[] {
  const problems: QueueConfigProblem[] = [];
  const report = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };

  const queueIndex = new Map<string, number>();
  config.queues.forEach((q, i) => {
    if (queueIndex.has(q.name)) report(['queues', i, 'name'], `queue ${q.name} is defined twice`);
    else queueIndex.set(q.name, i);
  });

  if (!queueIndex.has(config.triage.queue)) report(['triage', 'queue'], `there is no queue named ${config.triage.queue}`);

  const intentOwner = new Map<string, string>();
  config.queues.forEach((q, i) => {
    q.intents.forEach((intent, j) => {
      const owner = intentOwner.get(intent);
      // One intent, one queue: otherwise which queue a problem lands in would depend on file order.
      if (owner !== undefined) report(['queues', i, 'intents', j], `intent ${intent} is already routed to queue ${owner}`);
      else intentOwner.set(intent, q.name);
    });
    if ((q.optionalSkills ?? []).length > 0 && q.relaxOptionalAfter === undefined) {
      report(['queues', i, 'optionalSkills'], `queue ${q.name} has optional skills, so it needs relaxOptionalAfter (like 10m)`);
    }
    const optional = new Set(q.optionalSkills ?? []);
    (q.requiredSkills ?? []).forEach((skill, j) => {
      if (optional.has(skill)) report(['queues', i, 'requiredSkills', j], `skill ${skill} cannot be both required and optional`);
    });
    if (q.overflowTo !== undefined) {
      if (q.overflowAfter === undefined) report(['queues', i, 'overflowTo'], `queue ${q.name} overflows, so it needs overflowAfter (like 30m)`);
      if (q.overflowTo === q.name) report(['queues', i, 'overflowTo'], `queue ${q.name} cannot overflow to itself`);
      else if (!queueIndex.has(q.overflowTo)) report(['queues', i, 'overflowTo'], `there is no queue named ${q.overflowTo}`);
    } else if (q.overflowAfter !== undefined) {
      report(['queues', i, 'overflowAfter'], `queue ${q.name} has overflowAfter but no overflowTo`);
    }
    if (durationMs(q.sla.firstResponse) > durationMs(q.sla.resolution)) {
      report(['queues', i, 'sla', 'firstResponse'], `the first response (${q.sla.firstResponse}) cannot be due after the resolution (${q.sla.resolution})`);
    }
  });

  // Overflow chains must end: a cycle would pass work round for ever. Each queue on a cycle is named.
  config.queues.forEach((q, i) => {
    if (q.overflowTo === q.name) return; // reported above
    const chain = [q.name];
    let next = q.overflowTo;
    for (let steps = 0; next !== undefined && steps < config.queues.length; steps++) {
      if (next === q.name) {
        report(['queues', i, 'overflowTo'], `overflow from ${q.name} comes back to it (${[...chain, q.name].join(' → ')})`);
        return;
      }
      chain.push(next);
      const index = queueIndex.get(next);
      next = index === undefined ? undefined : config.queues[index]?.overflowTo;
    }
  });

  const agentIds = new Set<string>();
  const members = new Map<string, number>();
  config.agents.forEach((a, i) => {
    if (agentIds.has(a.id)) report(['agents', i, 'id'], `agent ${a.id} is listed twice`);
    agentIds.add(a.id);
    const skills = new Set(a.skills);
    a.queues.forEach((name, j) => {
      const index = queueIndex.get(name);
      if (index === undefined) {
        report(['agents', i, 'queues', j], `there is no queue named ${name}`);
        return;
      }
      members.set(name, (members.get(name) ?? 0) + 1);
      const missing = (config.queues[index]?.requiredSkills ?? []).filter((s) => !skills.has(s));
      // Such a member could never take work here: almost always a forgotten skill.
      if (missing.length > 0) report(['agents', i, 'queues', j], `agent ${a.id} works queue ${name} but lacks its required skill${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
    });
  });

  config.queues.forEach((q, i) => {
    if ((members.get(q.name) ?? 0) === 0 && q.overflowTo === undefined) {
      report(['queues', i, 'name'], `no agent works queue ${q.name} and it does not overflow, so its work would wait for ever`);
    }
  });
  return problems;
}
