/**
 * Properties of the router over random sequences of calls, checked call by call against a
 * plain re-statement of the rules (`Model`: sets of strings and whole scans, no bit masks):
 * - the same assignments (agent, queue, order) and overflow moves as the model — so every
 *   assignment goes to an eligible agent chosen by the queue's strategy, and freed capacity
 *   goes to the oldest waiting item the agent can take;
 * - after every call no waiting item has an eligible agent with spare capacity (work never
 *   waits beside a free, able agent), and after a tick none waits past its overflow deadline;
 * - every routed item is exactly once either waiting or held; loads equal what agents hold;
 * - the same calls give the same answers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileQueues, defaultQueueConfig, parseQueueConfig, type QueueConfig } from './queues.js';
import { type Assignment, type Overflow, type Presence, type RoutableItem, Router } from './routing.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;
/**
 * A tight company where work and capacity meet often: few agents, capacities of 1–2, shared
 * memberships, optional skills, an overflow chain (billing → care → leads).
 */
const TIGHT = `version: "tight"
triage: { queue: triage, minConfidence: 0.5 }
queues:
  - { name: billing, department: billing, team: Billing Team, intents: [double_charge, refund_request], requiredSkills: [payments],
      optionalSkills: [chargebacks], relaxOptionalAfter: 10m, overflowTo: care, overflowAfter: 20m, strategy: round-robin,
      sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: care, department: service, team: Care Team, intents: [complaint, praise], requiredSkills: [support], optionalSkills: [product_expert],
      relaxOptionalAfter: 5m, overflowTo: leads, overflowAfter: 30m, strategy: least-loaded, sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: triage, department: service, team: Triage Team, intents: [], strategy: round-robin, overflowTo: leads, overflowAfter: 15m,
      sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: leads, department: service, team: Leads, intents: [], strategy: least-loaded, sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
agents:
  - { id: b1, name: Bea, queues: [billing, care], skills: [payments, chargebacks, support], languages: [en, fr], regions: [eu], capacity: 1 }
  - { id: b2, name: Bo, queues: [billing], skills: [payments], languages: [en], regions: [eu, americas], capacity: 2 }
  - { id: c1, name: Cat, queues: [care, triage], skills: [support, product_expert], languages: [en, de], regions: [eu], capacity: 2 }
  - { id: c2, name: Cid, queues: [care], skills: [support], languages: [en, fr], regions: [americas], capacity: 1 }
  - { id: t1, name: Tam, queues: [triage], skills: [], languages: [en], regions: [eu, americas], capacity: 2 }
  - { id: l1, name: Lou, queues: [leads, triage], skills: [chargebacks], languages: [en, fr, de], regions: [eu, americas], capacity: 2 }
`;

function tight(): QueueConfig {
  const parsed = parseQueueConfig(TIGHT);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.config;
}

interface World {
  config: QueueConfig;
  compiled: ReturnType<typeof compileQueues>;
  agents: string[];
  intents: string[];
}

function world(config: QueueConfig): World {
  const compiled = compileQueues(config);
  return { config, compiled, agents: config.agents.map((a) => a.id), intents: [...compiled.intentQueue.keys(), 'mystery'] };
}

type Op =
  | { kind: 'submit'; intent: string; confidence?: number; language?: string; region?: string; skills: string[]; age: number }
  | { kind: 'release'; pick: number }
  | { kind: 'presence'; agent: string; presence: Presence }
  | { kind: 'capacity'; agent: string; capacity: number }
  | { kind: 'tick'; advance: number };

const opArb = ({ agents, intents }: World): fc.Arbitrary<Op> => fc.oneof(
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('submit' as const),
    intent: fc.constantFrom(...intents),
    confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined, freq: 2 }),
    language: fc.option(fc.constantFrom('en', 'en', 'fr', 'de', 'es', 'it', 'fr-CA'), { nil: undefined, freq: 2 }),
    region: fc.option(fc.constantFrom('eu', 'eu', 'americas', 'asia', 'oceania'), { nil: undefined, freq: 2 }),
    skills: fc.oneof({ weight: 4, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(['carrier_claims', 'chargebacks', 'product_expert', 'vip'], { maxLength: 1 }) }),
    age: fc.integer({ min: 0, max: 20 * MIN }),
  }, { requiredKeys: ['kind', 'intent', 'skills', 'age'] }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('presence' as const), agent: fc.constantFrom(...agents), presence: fc.constantFrom<Presence>('online', 'online', 'away', 'offline') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), agent: fc.constantFrom(...agents), capacity: fc.integer({ min: 0, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), advance: fc.integer({ min: 0, max: 40 * MIN }) }) },
);

interface ModelAgent {
  id: string;
  queues: string[];
  skills: Set<string>;
  languages: Set<string>;
  regions: Set<string>;
  presence: Presence;
  load: number;
  capacity: number;
}

interface ModelWaiting {
  item: RoutableItem;
  queue: string;
  enteredAt: number;
  relaxed: boolean;
}

const older = (a: RoutableItem, b: RoutableItem) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The routing rules restated plainly — sets of strings, whole scans, no masks, no open counts
 * — as a reference the router must agree with call by call.
 */
class Model {
  readonly agents = new Map<string, ModelAgent>();
  readonly waiting = new Map<string, ModelWaiting>();
  readonly held = new Map<string, { agent: string; queue: string }>();
  private readonly last = new Map<string, string>();
  private readonly known: { skills: Set<string>; languages: Set<string>; regions: Set<string> };

  constructor(private readonly w: World, presence: Presence) {
    for (const a of w.config.agents) {
      this.agents.set(a.id, { id: a.id, queues: a.queues, skills: new Set(a.skills), languages: new Set(a.languages), regions: new Set(a.regions), presence, load: 0, capacity: a.capacity });
    }
    this.known = {
      skills: new Set([...w.config.agents.flatMap((a) => a.skills), ...w.config.queues.flatMap((q) => [...(q.requiredSkills ?? []), ...(q.optionalSkills ?? [])])]),
      languages: new Set(w.config.agents.flatMap((a) => a.languages)),
      regions: new Set(w.config.agents.flatMap((a) => a.regions)),
    };
  }

  /** Everything but presence and capacity: skills, optional skills unless relaxed, language, region, membership. */
  able(agent: ModelAgent, x: ModelWaiting): boolean {
    const q = this.w.compiled.queues.get(x.queue)!;
    if (!agent.queues.includes(x.queue)) return false;
    const skills = [...q.requiredSkills, ...(x.relaxed ? [] : q.optionalSkills), ...(x.item.requiredSkills ?? []).filter((s) => this.known.skills.has(s))];
    if (!skills.every((s) => agent.skills.has(s))) return false;
    const language = x.item.language?.toLowerCase().split(/[-_]/)[0];
    if (language !== undefined && this.known.languages.has(language) && !agent.languages.has(language)) return false;
    const region = x.item.region?.toLowerCase();
    if (region !== undefined && this.known.regions.has(region) && !agent.regions.has(region)) return false;
    return true;
  }

  free(agent: ModelAgent): boolean {
    return agent.presence === 'online' && agent.load < agent.capacity;
  }

  private pick(x: ModelWaiting): ModelAgent | null {
    const members = [...this.agents.values()].filter((a) => a.queues.includes(x.queue)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const ok = members.filter((a) => this.free(a) && this.able(a, x));
    if (ok.length === 0) return null;
    if (this.w.compiled.queues.get(x.queue)!.strategy === 'round-robin') {
      const last = this.last.get(x.queue);
      return ok.find((a) => last === undefined || a.id > last) ?? ok[0]!;
    }
    return ok.reduce((best, a) => (a.load / a.capacity < best.load / best.capacity || (a.load / a.capacity === best.load / best.capacity && a.load < best.load) ? a : best));
  }

  private assign(x: ModelWaiting, agent: ModelAgent, now: number): Assignment {
    this.waiting.delete(x.item.id);
    agent.load += 1;
    this.last.set(x.queue, agent.id);
    this.held.set(x.item.id, { agent: agent.id, queue: x.queue });
    return { itemId: x.item.id, agentId: agent.id, queue: x.queue, at: now };
  }

  private fill(agent: ModelAgent, now: number): Assignment[] {
    const out: Assignment[] = [];
    while (this.free(agent)) {
      const next = [...this.waiting.values()].filter((x) => this.able(agent, x)).sort((a, b) => older(a.item, b.item))[0];
      if (next === undefined) break;
      out.push(this.assign(next, agent, now));
    }
    return out;
  }

  submit(item: RoutableItem, queue: string, now: number): Assignment | null {
    const x = { item, queue, enteredAt: now, relaxed: this.w.compiled.queues.get(queue)!.relaxOptionalAfterMs === null };
    const agent = this.pick(x);
    if (agent !== null) return this.assign(x, agent, now);
    this.waiting.set(item.id, x);
    return null;
  }

  release(id: string, now: number): Assignment[] {
    if (this.waiting.delete(id)) return [];
    const h = this.held.get(id);
    if (h === undefined) return [];
    this.held.delete(id);
    const agent = this.agents.get(h.agent)!;
    agent.load -= 1;
    return this.fill(agent, now);
  }

  presence(id: string, presence: Presence, now: number): Assignment[] {
    const agent = this.agents.get(id)!;
    agent.presence = presence;
    return this.fill(agent, now);
  }

  capacity(id: string, capacity: number, now: number): Assignment[] {
    const agent = this.agents.get(id)!;
    agent.capacity = capacity;
    return this.fill(agent, now);
  }

  tick(now: number): { assignments: Assignment[]; overflowed: Overflow[] } {
    const overflowed: Overflow[] = [];
    const changed: ModelWaiting[] = [];
    for (const x of this.waiting.values()) {
      let moved = false;
      for (;;) {
        const q = this.w.compiled.queues.get(x.queue)!;
        if (q.overflowTo === null || q.overflowAfterMs === null || now < x.enteredAt + q.overflowAfterMs) break;
        overflowed.push({ itemId: x.item.id, from: x.queue, to: q.overflowTo, at: x.enteredAt + q.overflowAfterMs });
        x.enteredAt += q.overflowAfterMs;
        x.queue = q.overflowTo;
        x.relaxed = false;
        moved = true;
      }
      const relax = this.w.compiled.queues.get(x.queue)!.relaxOptionalAfterMs;
      const relaxed = x.relaxed || relax === null || now >= x.enteredAt + relax;
      if (moved || relaxed !== x.relaxed) changed.push(x);
      x.relaxed = relaxed;
    }
    const assignments: Assignment[] = [];
    for (const x of changed.sort((a, b) => older(a.item, b.item))) {
      const agent = this.pick(x);
      if (agent !== null) assignments.push(this.assign(x, agent, now));
    }
    return { assignments, overflowed };
  }
}

const byItem = (list: Overflow[]) => [...list].sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));

function run(w: World, ops: Op[], check: boolean, presence: Presence = 'offline'): unknown[] {
  const { compiled } = w;
  const router = new Router(w.config, { presence });
  const model = new Model(w, presence);
  const live: string[] = [];
  const out: unknown[] = [];
  let now = T0;
  let n = 0;
  for (const op of ops) {
    let assignments: Assignment[] = [];
    let expected: Assignment[] = [];
    if (op.kind === 'submit') {
      const item: RoutableItem = { id: `wi_${String(n++).padStart(3, '0')}`, intent: op.intent, createdAt: now - op.age, requiredSkills: op.skills };
      if (op.confidence !== undefined) item.confidence = op.confidence;
      if (op.language !== undefined) item.language = op.language;
      if (op.region !== undefined) item.region = op.region;
      live.push(item.id);
      const result = router.submit(item, now);
      out.push(result);
      const queue = op.intent === 'mystery' || (op.confidence ?? 1) < compiled.minConfidence ? compiled.triageQueue : compiled.intentQueue.get(op.intent)!;
      if (check) expect(result.queue).toBe(queue);
      if (result.assignment !== null) assignments = [result.assignment];
      const a = model.submit(item, queue, now);
      if (a !== null) expected = [a];
    } else if (op.kind === 'release') {
      if (live.length === 0) continue;
      const [id] = live.splice(op.pick % live.length, 1);
      assignments = router.release(id!, now);
      expected = model.release(id!, now);
    } else if (op.kind === 'presence') {
      assignments = router.setPresence(op.agent, op.presence, now);
      expected = model.presence(op.agent, op.presence, now);
    } else if (op.kind === 'capacity') {
      assignments = router.setCapacity(op.agent, op.capacity, now);
      expected = model.capacity(op.agent, op.capacity, now);
    } else {
      now += op.advance;
      const result = router.tick(now);
      const reference = model.tick(now);
      assignments = result.assignments;
      expected = reference.assignments;
      out.push(result.overflowed);
      if (check) expect(byItem(result.overflowed)).toEqual(byItem(reference.overflowed));
    }
    out.push(assignments);
    if (!check) continue;
    expect(assignments).toEqual(expected);

    // The router's view of every item and agent is the model's.
    for (const id of live) {
      const s = router.itemState(id);
      const x = model.waiting.get(id);
      if (x !== undefined) {
        expect(s).toEqual({ queue: x.queue, agentId: null, waitingSince: x.enteredAt, optionalSkillsRelaxed: x.relaxed });
        // Work-conserving: nobody free and able is left idle beside a waiting item.
        for (const agent of model.agents.values()) expect(model.free(agent) && model.able(agent, x), `${id} waits in ${x.queue} while ${agent.id} is free`).toBe(false);
        const q = compiled.queues.get(x.queue)!;
        if (op.kind === 'tick' && q.overflowAfterMs !== null) expect(now).toBeLessThan(x.enteredAt + q.overflowAfterMs);
      } else {
        expect(s).toMatchObject({ agentId: model.held.get(id)?.agent, queue: model.held.get(id)?.queue });
      }
    }
    expect(router.waiting()).toEqual([...model.waiting.values()].sort((a, b) => older(a.item, b.item)).map((x) => x.item.id));
    for (const agent of model.agents.values()) {
      expect(router.agentState(agent.id)).toMatchObject({ presence: agent.presence, load: agent.load, capacity: agent.capacity });
      expect(router.heldBy(agent.id).length).toBe(agent.load);
    }
  }
  return out;
}

describe('Router properties', () => {
  const small = world(tight());
  const demo = world(defaultQueueConfig());

  it('agrees with the plain model call by call, never leaves work beside a free able agent, keeps counts true', () => {
    fc.assert(fc.property(fc.array(opArb(small), { minLength: 1, maxLength: 150 }), (ops) => {
      run(small, ops, true);
    }), { numRuns: 300 });
  });

  it('holds the same on the demo company, everyone starting online', () => {
    fc.assert(fc.property(fc.array(opArb(demo), { minLength: 1, maxLength: 200 }), (ops) => {
      run(demo, ops, true, 'online');
    }), { numRuns: 60 });
  });

  it('gives the same answers to the same calls', () => {
    fc.assert(fc.property(fc.array(opArb(small), { maxLength: 100 }), (ops) => {
      expect(JSON.stringify(run(small, ops, false))).toBe(JSON.stringify(run(small, ops, false)));
    }), { numRuns: 50 });
  });
});
