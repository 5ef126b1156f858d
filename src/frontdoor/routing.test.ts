import { describe, expect, it } from 'vitest';
import { defaultQueueConfig, parseQueueConfig, type QueueConfig } from './queues.js';
import { type RoutableItem, Router } from './routing.js';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const MIN = 60_000;

/** A small company: billing (round-robin, optional chargebacks), care (least-loaded), triage, overflow. */
const SMALL = `version: "test"
triage: { queue: triage, minConfidence: 0.5 }
queues:
  - { name: billing, department: billing, team: Billing Team, intents: [double_charge, refund_request], requiredSkills: [payments],
      optionalSkills: [chargebacks], relaxOptionalAfter: 10m, overflowTo: overflow, overflowAfter: 30m, strategy: round-robin,
      sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: care, department: service, team: Care Team, intents: [complaint], requiredSkills: [support], strategy: least-loaded,
      sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: triage, department: service, team: Triage Team, intents: [], strategy: round-robin, sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
  - { name: overflow, department: service, team: Leads, intents: [], strategy: least-loaded, sla: { firstResponse: 1h, resolution: 24h, warnAt: 0.8 } }
agents:
  - { id: b1, name: Bea, queues: [billing], skills: [payments, chargebacks], languages: [en, fr], regions: [eu], capacity: 2 }
  - { id: b2, name: Bo, queues: [billing], skills: [payments, chargebacks], languages: [en], regions: [eu, americas], capacity: 2 }
  - { id: b3, name: Bix, queues: [billing], skills: [payments], languages: [en, de], regions: [eu], capacity: 2 }
  - { id: c1, name: Cat, queues: [care], skills: [support], languages: [en], regions: [eu], capacity: 4 }
  - { id: c2, name: Cid, queues: [care], skills: [support], languages: [en], regions: [eu], capacity: 2 }
  - { id: t1, name: Tam, queues: [triage, care], skills: [support], languages: [en], regions: [eu], capacity: 3 }
  - { id: o1, name: Oz, queues: [overflow], skills: [], languages: [en, fr, de], regions: [eu, americas], capacity: 5 }
`;

function small(): QueueConfig {
  const parsed = parseQueueConfig(SMALL);
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.config;
}

/** A router over SMALL with the given agents online (the rest offline). */
function router(online: string[]): Router {
  const r = new Router(small());
  for (const id of online) r.setPresence(id, 'online', T0);
  return r;
}

let seq = 0;
function item(intent: string, extra: Partial<RoutableItem> = {}): RoutableItem {
  seq += 1;
  return { id: `wi_${String(seq).padStart(4, '0')}`, intent, createdAt: T0, ...extra };
}

const agentOf = (r: Router, it: RoutableItem, now = T0) => r.submit(it, now).assignment?.agentId ?? null;

describe('Router selection', () => {
  it('round-robin takes the next eligible agent after the last one, in id order', () => {
    const r = router(['b1', 'b2', 'b3']);
    // b3 lacks the optional skill chargebacks, so it is skipped until the item has waited 10m.
    expect([1, 2, 3, 4].map(() => agentOf(r, item('double_charge')))).toEqual(['b1', 'b2', 'b1', 'b2']);
    expect(agentOf(r, item('double_charge'))).toBeNull(); // b1 and b2 are full
  });

  it('least-loaded takes the lowest load per capacity, then the lower load, then the id', () => {
    const r = router(['c1', 'c2']); // c1 capacity 4, c2 capacity 2
    const picks = [1, 2, 3, 4, 5, 6].map(() => agentOf(r, item('complaint')));
    // 0/4 = 0/2 → c1 (id); 1/4 > 0/2 → c2; 1/4 < 1/2 → c1; 2/4 = 1/2, load 1 < 2 → c2; c2 is full → c1; c1.
    expect(picks).toEqual(['c1', 'c2', 'c1', 'c2', 'c1', 'c1']);
    expect(r.agentState('c1')).toMatchObject({ load: 4, capacity: 4 });
    expect(r.agentState('c2')).toMatchObject({ load: 2, capacity: 2 });
  });

  it('matches language and region, and drops a requirement nothing configured can meet', () => {
    const r = router(['b1', 'b2', 'b3', 'o1']);
    expect(agentOf(r, item('double_charge', { language: 'fr-FR', region: 'EU' }))).toBe('b1');
    expect(agentOf(r, item('double_charge', { language: 'en', region: 'americas' }))).toBe('b2');
    const german = item('double_charge', { language: 'de' }); // only b3 writes German, and b3 lacks chargebacks
    expect(r.submit(german, T0)).toMatchObject({ queue: 'billing', assignment: null, ignored: [] });
    const italian = r.submit(item('double_charge', { language: 'it', region: 'mars', requiredSkills: ['payments', 'latin'] }), T0);
    expect(italian).toMatchObject({ queue: 'billing', ignored: ['skill:latin', 'language:it', 'region:mars'] });
    expect(italian.assignment?.agentId).toBe('b1');
  });

  it('takes only online agents; an agent coming online takes the oldest waiting work first', () => {
    const r = router([]);
    r.setPresence('c1', 'away', T0);
    const late = item('complaint', { createdAt: T0 + 5 * MIN });
    const early = item('complaint', { createdAt: T0 + 1 * MIN });
    expect(r.submit(late, T0 + 6 * MIN).assignment).toBeNull();
    expect(r.submit(early, T0 + 6 * MIN).assignment).toBeNull();
    expect(r.waiting('care')).toEqual([early.id, late.id]);
    const got = r.setPresence('t1', 'online', T0 + 7 * MIN);
    expect(got).toEqual([
      { itemId: early.id, agentId: 't1', queue: 'care', at: T0 + 7 * MIN },
      { itemId: late.id, agentId: 't1', queue: 'care', at: T0 + 7 * MIN },
    ]);
    expect(r.setPresence('t1', 'offline', T0 + 8 * MIN)).toEqual([]);
    expect(r.heldBy('t1')).toEqual([early.id, late.id].sort()); // going offline keeps the work
  });

  it('a release gives the freed capacity to the oldest waiting item the agent can take, across its queues', () => {
    const r = router(['t1']); // t1 works triage and care, capacity 3
    const a = item('complaint', { createdAt: T0 });
    const b = item('complaint', { createdAt: T0 + 1 });
    const c = item('complaint', { createdAt: T0 + 2 });
    for (const x of [a, b, c]) r.submit(x, T0 + 10);
    const inTriage = item('unheard_of', { createdAt: T0 + 3 });
    const inCare = item('complaint', { createdAt: T0 + 4 });
    const olderInTriage = item('unheard_of', { createdAt: T0 - 100 });
    expect(r.submit(inTriage, T0 + 10).queue).toBe('triage');
    r.submit(inCare, T0 + 10);
    r.submit(olderInTriage, T0 + 10);
    expect(r.release(b.id, T0 + 20)).toEqual([{ itemId: olderInTriage.id, agentId: 't1', queue: 'triage', at: T0 + 20 }]);
    expect(r.release(a.id, T0 + 30)).toEqual([{ itemId: inTriage.id, agentId: 't1', queue: 'triage', at: T0 + 30 }]);
    expect(r.release('no-such-item', T0 + 30)).toEqual([]);
    expect(r.release(inCare.id, T0 + 40)).toEqual([]); // withdrawn while waiting
    expect(r.waiting()).toEqual([]);
  });

  it('raising capacity takes waiting work; lowering it keeps what the agent holds', () => {
    const r = router(['c2']); // capacity 2
    const items = [1, 2, 3].map(() => item('complaint'));
    for (const x of items) r.submit(x, T0);
    expect(r.waiting('care')).toEqual([items[2]!.id]);
    expect(r.setCapacity('c2', 1, T0)).toEqual([]);
    expect(r.agentState('c2')?.load).toBe(2);
    expect(r.release(items[0]!.id, T0)).toEqual([]); // 1 of capacity 1 still held
    expect(r.setCapacity('c2', 3, T0 + 1)).toEqual([{ itemId: items[2]!.id, agentId: 'c2', queue: 'care', at: T0 + 1 }]);
    expect(() => r.setCapacity('c2', -1, T0)).toThrow(/capacity/);
    expect(() => r.setPresence('nobody', 'online', T0)).toThrow(/no agent nobody/);
  });
});

describe('Router timers', () => {
  it('relaxes optional skills after relaxOptionalAfter, not before', () => {
    const r = router(['b3']); // b3 has payments but not chargebacks
    const x = item('refund_request');
    expect(r.submit(x, T0).assignment).toBeNull();
    expect(r.tick(T0 + 10 * MIN - 1)).toEqual({ assignments: [], overflowed: [] });
    expect(r.itemState(x.id)).toMatchObject({ queue: 'billing', waitingSince: T0, optionalSkillsRelaxed: false });
    expect(r.tick(T0 + 10 * MIN).assignments).toEqual([{ itemId: x.id, agentId: 'b3', queue: 'billing', at: T0 + 10 * MIN }]);
  });

  it('moves unassigned work to the overflow queue at its deadline, whenever the tick comes', () => {
    const r = router(['o1']);
    const x = item('double_charge');
    const y = item('double_charge', { language: 'it' });
    r.submit(x, T0);
    r.submit(y, T0 + 5 * MIN);
    expect(r.tick(T0 + 29 * MIN).overflowed).toEqual([]);
    const result = r.tick(T0 + 50 * MIN);
    expect(result.overflowed).toEqual([
      { itemId: x.id, from: 'billing', to: 'overflow', at: T0 + 30 * MIN },
      { itemId: y.id, from: 'billing', to: 'overflow', at: T0 + 35 * MIN },
    ]);
    expect(result.assignments.map((a) => [a.itemId, a.agentId, a.queue])).toEqual([[x.id, 'o1', 'overflow'], [y.id, 'o1', 'overflow']]);
  });

  it('overflowed work waits in the overflow queue with its new deadline', () => {
    const r = router([]);
    const x = item('double_charge');
    r.submit(x, T0);
    r.tick(T0 + 45 * MIN);
    expect(r.itemState(x.id)).toEqual({ queue: 'overflow', agentId: null, waitingSince: T0 + 30 * MIN, optionalSkillsRelaxed: true });
    expect(r.setPresence('o1', 'online', T0 + 46 * MIN)).toEqual([{ itemId: x.id, agentId: 'o1', queue: 'overflow', at: T0 + 46 * MIN }]);
  });
});

describe('Router triage and reroute', () => {
  it('sends unknown intents, low confidence and flagged items to triage, and reroutes them', () => {
    const r = router(['t1', 'b1']);
    expect(r.submit(item('gift_wrap'), T0).queue).toBe('triage');
    expect(r.submit(item('double_charge', { confidence: 0.4 }), T0).queue).toBe('triage');
    const flagged = item('double_charge', { triage: true, confidence: 0.9 });
    expect(r.submit(flagged, T0)).toMatchObject({ queue: 'triage', assignment: { agentId: 't1' } });
    const { result, freed } = r.reroute(flagged.id, { intent: 'refund_request' }, T0 + MIN);
    expect(result).toMatchObject({ queue: 'billing', assignment: { agentId: 'b1', queue: 'billing' } });
    expect(freed).toEqual([]);
    expect(r.reroute(flagged.id, { queue: 'care' }, T0 + 2 * MIN).result.queue).toBe('care');
    expect(() => r.reroute('nope', { queue: 'care' }, T0)).toThrow(/not routed/);
    expect(() => r.reroute(flagged.id, { queue: 'nowhere' }, T0)).toThrow(/no queue named nowhere/);
  });

  it('refuses an item routed twice', () => {
    const r = router([]);
    const x = item('complaint');
    r.submit(x, T0);
    expect(() => r.submit(x, T0)).toThrow(/already routed/);
  });

  it('restores stored state and routes what waits', () => {
    const r = router([]);
    const held = item('complaint');
    const waiting = item('complaint', { createdAt: T0 - 5 * MIN });
    r.restore(held, 'care', 'c1', T0);
    r.restore(waiting, 'care', null, T0 - 5 * MIN);
    expect(r.agentState('c1')?.load).toBe(1);
    r.setPresence('c2', 'online', T0); // fills c2 with the waiting item
    expect(r.itemState(waiting.id)?.agentId).toBe('c2');
    expect(r.routeWaiting(T0)).toEqual([]);
  });

  it('is deterministic: the same calls give the same answers', () => {
    const run = () => {
      const r = new Router(defaultQueueConfig(), { presence: 'online' });
      const out: unknown[] = [];
      for (let i = 0; i < 300; i++) {
        const intents = ['delivery_problem', 'double_charge', 'return', 'complaint', 'mystery'];
        out.push(r.submit({ id: `x${i}`, intent: intents[i % 5]!, language: ['en', 'fr', 'de', 'es'][i % 4]!, createdAt: T0 + i * 1000 }, T0 + i * 1000));
        if (i % 3 === 0) out.push(r.release(`x${i - 30}`, T0 + i * 1000));
        if (i % 50 === 0) out.push(r.tick(T0 + i * 60_000));
      }
      return JSON.stringify(out);
    };
    expect(run()).toBe(run());
  });
});

describe('Router speed', () => {
  it('routes one item in well under 0.1 ms with 1,000 agents in a queue', () => {
    const languages = ['en', 'fr', 'de', 'es'];
    const regions = ['eu', 'americas', 'asia'];
    const config: QueueConfig = {
      version: 'speed',
      triage: { queue: 'big', minConfidence: 0 },
      queues: [{ name: 'big', department: 'service', team: 'Big Team', intents: ['complaint'], requiredSkills: ['support'], optionalSkills: ['senior'], relaxOptionalAfter: '10m', strategy: 'least-loaded', sla: { firstResponse: '1h', resolution: '1d', warnAt: 0.8 } },
        { name: 'rr', department: 'service', team: 'Round Team', intents: ['praise'], requiredSkills: ['support'], strategy: 'round-robin', sla: { firstResponse: '1h', resolution: '1d', warnAt: 0.8 } }],
      agents: Array.from({ length: 1000 }, (_, i) => ({
        id: `agt_${String(i).padStart(4, '0')}`, name: `Agent ${i}`, queues: ['big', 'rr'], skills: i % 2 === 0 ? ['support', 'senior'] : ['support'],
        languages: [languages[i % 4]!, 'en'].filter((l, j, a) => a.indexOf(l) === j), regions: [regions[i % 3]!], capacity: 3,
      })),
    };
    const r = new Router(config, { presence: 'online' });
    const n = 6000; // fills most of the 3,000 slots, so late items scan many full agents
    const started = performance.now();
    let assigned = 0;
    for (let i = 0; i < n; i++) {
      const res = r.submit({ id: `w${i}`, intent: i % 2 === 0 ? 'complaint' : 'praise', language: languages[i % 4]!, region: regions[i % 3]!, createdAt: T0 + i }, T0 + i);
      if (res.assignment !== null) assigned += 1;
      if (i % 4 === 3) r.release(`w${i - 2}`, T0 + i);
    }
    const perItemMs = (performance.now() - started) / n;
    if (process.env.ROUTING_SPEED === '1') console.log(`routing: ${(perItemMs * 1000).toFixed(2)} µs per item, 1,000 agents`);
    expect(assigned).toBeGreaterThan(2000);
    // The target is 0.1 ms; typically it takes about 0.01 ms (1,000 mask checks when most agents
    // are full). The bound is five times the target so a busy machine does not fail the test.
    expect(perItemMs).toBeLessThan(0.5);
  });
});
