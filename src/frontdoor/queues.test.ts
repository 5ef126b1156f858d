import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileQueues, DEFAULT_QUEUES_YAML, defaultQueueConfig, parseQueueConfig, type QueueConfigError, queueForIntent, slaTargetsFor } from './queues.js';

const INTENTS = ['delivery_problem', 'double_charge', 'refund_request', 'product_question', 'complaint', 'cancel_order', 'change_address', 'account_access', 'praise', 'return'];

/** The default text with one passage replaced (by its exact text). */
function edited(find: string, replace: string, text = DEFAULT_QUEUES_YAML): string {
  expect(text).toContain(find);
  return text.replace(find, replace);
}

function errorsOf(text: string): QueueConfigError[] {
  const result = parseQueueConfig(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function lineOf(text: string, find: string): number {
  return text.slice(0, text.indexOf(find)).split('\n').length;
}

const messages = (errors: QueueConfigError[]): string[] => errors.map((e) => e.message.replace(/^line \d+: /, ''));

describe('the default routing configuration', () => {
  it('is valid, and the .ts constant is the .yaml file', () => {
    const file = readFileSync(new URL('./queues.yaml', import.meta.url), 'utf8');
    expect(DEFAULT_QUEUES_YAML).toBe(file);
    expect(parseQueueConfig(file).ok).toBe(true);
    expect(defaultQueueConfig().version).toBe('default-2026.1');
  });

  it('routes every intent of the demo company to its team, and anything else to triage', () => {
    const compiled = compileQueues(defaultQueueConfig());
    const department = (intent: string) => compiled.queues.get(queueForIntent(compiled, { intent }))?.department;
    expect(INTENTS.map((i) => [i, department(i)])).toEqual([
      ['delivery_problem', 'logistics'], ['double_charge', 'billing'], ['refund_request', 'billing'], ['product_question', 'service'],
      ['complaint', 'service'], ['cancel_order', 'sales'], ['change_address', 'logistics'], ['account_access', 'service'], ['praise', 'service'], ['return', 'sales'],
    ]);
    expect(queueForIntent(compiled, { intent: 'gift_wrapping' })).toBe('triage');
    expect(queueForIntent(compiled, { intent: 'double_charge', confidence: 0.59 })).toBe('triage');
    expect(queueForIntent(compiled, { intent: 'double_charge', confidence: 0.6 })).toBe('billing-payments');
    expect(queueForIntent(compiled, { intent: 'double_charge', triage: true })).toBe('triage');
  });

  it('staffs every queue with 3–6 agents covering every language and region', () => {
    const config = defaultQueueConfig();
    for (const q of config.queues) {
      const staff = config.agents.filter((a) => a.queues.includes(q.name));
      expect(staff.length, q.name).toBeGreaterThanOrEqual(3);
      expect(staff.length, q.name).toBeLessThanOrEqual(6);
      for (const language of ['en', 'fr', 'de', 'es']) expect(staff.some((a) => a.languages.includes(language)), `${q.name} ${language}`).toBe(true);
      for (const region of ['eu', 'americas', 'asia']) expect(staff.some((a) => a.regions.includes(region)), `${q.name} ${region}`).toBe(true);
    }
  });

  it('compiles durations to ms', () => {
    const compiled = compileQueues(defaultQueueConfig());
    expect(slaTargetsFor(compiled, 'sales-orders')).toEqual({ firstResponseMs: 30 * 60_000, resolutionMs: 8 * 3_600_000, warnAt: 0.8 });
    expect(compiled.queues.get('logistics-delivery')).toMatchObject({ relaxOptionalAfterMs: 600_000, overflowTo: 'overflow', overflowAfterMs: 1_800_000 });
    expect(compiled.queues.get('overflow')).toMatchObject({ relaxOptionalAfterMs: null, overflowTo: null, overflowAfterMs: null, requiredSkills: [] });
    expect(() => slaTargetsFor(compiled, 'nope')).toThrow(/no queue named nope/);
  });
});

describe('parseQueueConfig errors', () => {
  it('names the line, the path and the problem for a bad value', () => {
    const text = edited('overflowAfter: 20m', 'overflowAfter: 20');
    const [e, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    const line = lineOf(text, 'overflowAfter: 20');
    expect(e).toMatchObject({ line, path: 'queues[2].overflowAfter' });
    expect(e?.message).toBe(`line ${line}: queues[2].overflowAfter must be like 10m (a whole number, then m, h, d or w); got 20`);
  });

  it('reports every shape problem in line order: unknown settings, missing ones, bad choices', () => {
    const text = edited('    strategy: round-robin\n    sla: { firstResponse: 30m', '    strategy: fifo\n    colour: red\n    sla: { firstResponse: 30m')
      .replace('    team: Payments Team\n', '')
      .replace('warnAt: 0.8 }\n\n  - name: service-care', 'warnAt: 1.5 }\n\n  - name: service-care');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['queues[1].team', 'queues[2].strategy', 'queues[2].colour', 'queues[2].sla.warnAt']);
    expect(messages(errors)).toEqual([
      'queues[1].team is missing',
      'queues[2].strategy must be one of: round-robin, least-loaded; got "fifo"',
      'queues[2].colour is not a known setting (check the spelling)',
      'queues[2].sla.warnAt must be a fraction between 0 and 1, like 0.8; got 1.5',
    ]);
    expect(errors[2]?.line).toBe(lineOf(text, 'colour: red'));
  });

  it('checks references between queues and agents', () => {
    const text = edited('intents: [cancel_order, return]', 'intents: [cancel_order, return, praise]')
      .replace('queues: [triage], skills: [triage, support]', 'queues: [triage, nowhere], skills: [triage, support]')
      .replace('{ id: agt_hugo, name: Hugo Lefebvre, queues: [logistics-delivery], skills: [shipping]', '{ id: agt_hugo, name: Hugo Lefebvre, queues: [logistics-delivery], skills: [parcels]')
      .replace('id: agt_yuna', 'id: agt_felix');
    const errors = errorsOf(text);
    expect(messages(errors)).toEqual([
      'queues[3].intents[3] intent praise is already routed to queue sales-orders',
      'agents[1].queues[0] agent agt_hugo works queue logistics-delivery but lacks its required skill shipping',
      'agents[20].queues[1] there is no queue named nowhere',
      'agents[22].id agent agt_felix is listed twice',
    ]);
    expect(errors[3]?.line).toBe(lineOf(text, '{ id: agt_felix, name: Yuna'));
  });

  it('checks overflow: a target that exists, a delay, no cycles', () => {
    const cycle = edited('    strategy: least-loaded\n    sla: { firstResponse: 2h, resolution: 48h, warnAt: 0.8 }\n\n# languages', '    strategy: least-loaded\n    overflowTo: triage\n    overflowAfter: 1h\n    sla: { firstResponse: 2h, resolution: 48h, warnAt: 0.8 }\n\n# languages');
    expect(messages(errorsOf(cycle))).toEqual([
      'queues[4].overflowTo overflow from triage comes back to it (triage → overflow → triage)',
      'queues[5].overflowTo overflow from overflow comes back to it (overflow → triage → overflow)',
    ]);
    expect(messages(errorsOf(edited('overflowTo: overflow\n    overflowAfter: 20m', 'overflowTo: sales-orders\n    overflowAfter: 20m')))).toEqual(['queues[2].overflowTo queue sales-orders cannot overflow to itself']);
    expect(messages(errorsOf(edited('overflowTo: overflow\n    overflowAfter: 20m', 'overflowTo: overflo')))).toEqual([
      'queues[2].overflowTo queue sales-orders overflows, so it needs overflowAfter (like 30m)',
      'queues[2].overflowTo there is no queue named overflo',
    ]);
  });

  it('checks SLA order, optional skills, triage and queues nobody works', () => {
    const text = edited('sla: { firstResponse: 30m, resolution: 8h', 'sla: { firstResponse: 9h, resolution: 8h')
      .replace('    relaxOptionalAfter: 15m\n', '')
      .replace('  queue: triage\n', '  queue: triag\n')
      .replace(/queues: \[overflow\]/g, 'queues: [logistics-delivery]')
      .replace(/queues: \[(\S+), overflow\]/g, 'queues: [$1]');
    const errors = errorsOf(text);
    expect(messages(errors)).toEqual([
      'triage.queue there is no queue named triag',
      'queues[2].sla.firstResponse the first response (9h) cannot be due after the resolution (8h)',
      'queues[3].optionalSkills queue service-care has optional skills, so it needs relaxOptionalAfter (like 10m)',
      'queues[5].name no agent works queue overflow and it does not overflow, so its work would wait for ever',
      expect.stringMatching(/^agents\[23\]\.queues\[0\] agent agt_bruno works queue logistics-delivery but lacks its required skill shipping$/),
      expect.stringMatching(/^agents\[24\]\.queues\[0\] agent agt_greta works queue logistics-delivery/),
    ]);
  });

  it('names the line of a YAML syntax error and rejects a document that is not a mapping', () => {
    const text = edited('  - name: billing-payments\n', '  - name: billing-payments\n   department: [billing\n');
    const [e] = errorsOf(text);
    expect(e?.line).toBeGreaterThanOrEqual(lineOf(text, 'department: [billing'));
    expect(messages(errorsOf('- just\n- a list\n'))).toEqual(['the routing configuration must be a mapping with version, triage, queues and agents']);
    expect(messages(errorsOf('version: "1"\ntriage: { queue: t, minConfidence: 0.5 }\nqueues: []\nagents: []\n'))).toEqual(['queues must be a non-empty list of queues; got []']);
  });
});
