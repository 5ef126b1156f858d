import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IdGenerator } from '../core/clock.js';
import { sequentialIds } from '../core/clock.js';
import { type Identifier, identifierRank, isJunkIdentifier, PREVIOUS_ID } from './identifiers.js';
import { type ConflictRecord, type IdentityChange, IdentityGraph, type LinkedIdentifier, type MergeRecord } from './identity-graph.js';

const userId = (value: string): Identifier => ({ type: 'userId', value });
const email = (value: string): Identifier => ({ type: 'email', value });
const anon = (value: string): Identifier => ({ type: 'anonymousId', value });
const order = (value: string): Identifier => ({ type: 'order', value });

const SHOP = 'src_shop';
const HELP = 'src_help';

/** A graph plus an event helper whose clock ticks once per call. */
function setup(ids: IdGenerator = sequentialIds()) {
  const g = new IdentityGraph(ids);
  let at = 1_000;
  const ev = (identifiers: Identifier[], sourceId = SHOP) => g.resolve(identifiers, { sourceId, messageId: `msg-${at}`, at: at++ });
  return { g, ev, tick: () => at++ };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

// ── storage simulation: what the repositories persist, and how they load it back ──

interface Stored {
  customers: Map<string, number>;
  links: Map<string, { identifier: Identifier; customerId: string; sourceId: string; at: number }>;
  merges: Map<string, MergeRecord>;
  conflicts: ConflictRecord[];
}

const emptyStore = (): Stored => ({ customers: new Map(), links: new Map(), merges: new Map(), conflicts: [] });

function persist(s: Stored, changes: IdentityChange[]): void {
  for (const c of changes) {
    if (c.kind === 'customer') s.customers.set(c.id, c.createdAt);
    else if (c.kind === 'link') s.links.set(`${c.identifier.type}:${c.identifier.value}`, { identifier: c.identifier, customerId: c.customerId, sourceId: c.sourceId, at: c.at });
    else if (c.kind === 'merge') s.merges.set(c.record.id, { ...c.record });
    else if (c.kind === 'unmerge') {
      const m = s.merges.get(c.mergeId)!;
      m.undoneAt = c.at;
      m.undoneBy = c.actor;
    } else s.conflicts.push({ ...c.record });
  }
}

/** Loads like src/store/identity-repo.ts: customers by id, identifiers by type and value, merges by time then id, conflicts. */
function restore(s: Stored, ids: IdGenerator): IdentityGraph {
  const g = new IdentityGraph(ids);
  for (const [id, at] of [...s.customers].sort((a, b) => (a[0] < b[0] ? -1 : 1))) g.loadCustomer(id, at);
  const links = [...s.links.values()].sort((a, b) => a.identifier.type.localeCompare(b.identifier.type) || (a.identifier.value < b.identifier.value ? -1 : 1));
  for (const l of links) g.loadIdentifier(l.identifier, l.customerId, l.sourceId, l.at);
  for (const m of [...s.merges.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))) g.loadMerge({ ...m });
  for (const c of s.conflicts) g.loadConflict({ ...c });
  expect(g.drainChanges()).toEqual([]);
  return g;
}

/** Ids `<prefix>_<n>` from a counter that can start anywhere, so a restored graph continues where the first left off. */
function counter(start = 0) {
  let n = start;
  const gen: IdGenerator = (prefix) => `${prefix}_${String(++n).padStart(6, '0')}`;
  return { gen, used: () => n };
}

function snapshot(g: IdentityGraph, pool: Identifier[], profiles: string[]) {
  return {
    lookups: pool.map((i) => g.lookup(i) ?? null),
    roots: profiles.map((p) => g.rootOf(p) ?? null),
    clusters: profiles.map((p) => [...g.clusterOf(p)].sort()),
    customers: g.customerCount(),
  };
}

describe('IdentityGraph.resolve', () => {
  it('creates a profile for unknown identifiers and links them', () => {
    const { g, ev } = setup();
    const r = ev([userId('u-1'), email('ann@shop.com'), anon('a-1')]);
    expect(r).toMatchObject({ created: true, merged: [], conflicts: [] });
    expect(r.customerId).toBe(r.rootId);
    expect(g.lookup(email('ann@shop.com'))).toBe(r.rootId);
    expect(g.customerCount()).toBe(1);
    const changes = g.drainChanges();
    expect(changes.map((c) => c.kind)).toEqual(['customer', 'link', 'link', 'link']);
    expect(changes[1]).toEqual({ kind: 'link', identifier: userId('u-1'), customerId: r.customerId, sourceId: SHOP, at: 1000 });
    expect(g.drainChanges()).toEqual([]);
  });

  it('files known identifiers under their customer without changing anything', () => {
    const { g, ev } = setup();
    const first = ev([userId('u-1'), email('ann@shop.com')]);
    g.drainChanges();
    const again = ev([email('ann@shop.com'), userId('u-1')]);
    expect(again).toEqual({ customerId: first.customerId, rootId: first.rootId, created: false, merged: [], conflicts: [] });
    expect(g.drainChanges()).toEqual([]);
  });

  it('gives an event with no usable identifier a fresh profile of its own', () => {
    const { g, ev } = setup();
    const a = ev([]);
    const b = ev([userId('null'), email('test@test.com'), anon('0')]);
    expect(a.created && b.created).toBe(true);
    expect(a.rootId).not.toBe(b.rootId);
    expect(g.identifierCount()).toBe(0);
  });

  it('links a login to the anonymous visitor it follows (no merge needed)', () => {
    const { g, ev } = setup();
    const visit = ev([anon('a-1')]);
    const login = ev([userId('u-1'), anon('a-1')]);
    expect(login).toMatchObject({ customerId: visit.customerId, created: false, merged: [] });
    expect(g.lookup(userId('u-1'))).toBe(visit.rootId);
  });

  it('merges two customers that share an identifier, the older one surviving', () => {
    const { g, ev } = setup();
    const shop = ev([userId('u-1'), email('ann@shop.com')], SHOP);
    const help = ev([userId('zd-9'), order('O-1')], HELP);
    const r = ev([order('O-1'), email('ann@shop.com')], HELP);
    expect(r.merged).toHaveLength(1);
    const m = r.merged[0]!;
    // The reason names the identifier that reached the other cluster: the order the help desk knows.
    expect(m).toMatchObject({ fromId: help.rootId, intoId: shop.rootId, reason: 'identifier:order', identifier: order('O-1'), actor: 'system', undoneAt: null });
    expect(r.customerId).toBe(shop.customerId); // the profile of the strongest identifier (email beats order)
    expect(r.rootId).toBe(shop.rootId);
    expect(g.lookup(order('O-1'))).toBe(shop.rootId);
    expect(g.clusterOf(help.rootId)).toEqual([shop.rootId, help.rootId]);
    expect(g.customerCount()).toBe(1);
    expect(g.mergesOf(shop.rootId)).toEqual([m]);
    const ids = g.identifiersOf(shop.rootId);
    expect(ids.map((i) => `${i.type}:${i.value}@${i.customerId === shop.customerId ? 'shop' : 'help'}`)).toEqual([
      'userId:u-1@shop',
      'email:ann@shop.com@shop',
      'userId:zd-9@help',
      'order:O-1@help',
    ]);
    expect(ids[2]).toMatchObject({ sourceId: HELP });
  });

  it('keeps the older root even when the event is filed under the younger profile', () => {
    const { ev } = setup();
    const old = ev([email('ann@shop.com')]);
    const young = ev([userId('u-1')]);
    const r = ev([userId('u-1'), email('ann@shop.com')]);
    expect(r.customerId).toBe(young.customerId);
    expect(r.rootId).toBe(old.rootId);
    expect(r.merged[0]).toMatchObject({ fromId: young.rootId, intoId: old.rootId });
  });

  it('resolves an alias previousId as a userId or an anonymousId', () => {
    const { g, ev } = setup();
    const visit = ev([anon('a-1')]);
    const alias = ev([userId('u-1'), { type: PREVIOUS_ID, value: 'a-1' }]);
    expect(alias.customerId).toBe(visit.customerId);
    expect(g.lookup(userId('u-1'))).toBe(visit.rootId);
    const fresh = g.alias({ type: PREVIOUS_ID, value: 'a-2' }, userId('u-2'), { sourceId: SHOP, messageId: 'm', at: 5000 });
    expect(g.lookup(anon('a-2'))).toBe(fresh.rootId); // an unknown previousId is kept as an anonymousId
    const other = ev([userId('u-3')], HELP);
    const renamed = ev([userId('u-4'), { type: PREVIOUS_ID, value: 'u-3' }], SHOP);
    expect(renamed.rootId).toBe(other.rootId); // found as a userId (from another source, so no guard objects)
  });
});

describe('IdentityGraph.resolve edge cases', () => {
  it('counts only the first usable userId of an event (one message is one user)', () => {
    const { g, ev } = setup();
    const r = ev([userId('null'), userId('u-1'), userId('u-2')]);
    expect(g.lookup(userId('u-1'))).toBe(r.rootId);
    expect(g.lookup(userId('u-2'))).toBeUndefined();
    const other = ev([userId('u-3')]);
    expect(ev([userId('u-1'), userId('u-3')]).merged).toEqual([]); // u-3 is ignored, not merged on
    expect(g.rootOf(other.customerId)).toBe(other.rootId);
  });

  it('holds a customer with four identifiers in a few hundred bytes', () => {
    const g = new IdentityGraph(sequentialIds(), { expectedCustomers: 20_000 });
    for (let i = 0; i < 20_000; i++) {
      g.resolve([userId(`u-${i}`), email(`person.${i}@shop.com`), { type: 'phone', value: `+3361${1_000_000 + i}` }, anon(`6f1c2b8e-0d7c-4a3e-9a51-${1e11 + i}`)], {
        sourceId: SHOP,
        messageId: `m-${i}`,
        at: i,
      });
    }
    g.drainChanges();
    expect(g.customerCount()).toBe(20_000);
    expect(g.identifierCount()).toBe(80_000);
    expect(g.byteSize() / 20_000).toBeLessThan(350);
  });
});

describe('guard-rails', () => {
  it('never merges two userIds first seen from the same source', () => {
    const { g, ev } = setup();
    const ann = ev([userId('u-1'), email('family@shop.com')]);
    const bob = ev([userId('u-2'), email('family@shop.com')]);
    expect(bob.created).toBe(true);
    expect(bob.rootId).not.toBe(ann.rootId);
    expect(bob.conflicts).toEqual([expect.objectContaining({ customerA: bob.customerId, customerB: ann.customerId, reason: 'same_source_user_ids', identifier: email('family@shop.com') })]);
    expect(g.lookup(email('family@shop.com'))).toBe(ann.rootId);
    expect(g.conflictsOf(ann.rootId)).toEqual(bob.conflicts);
    // The same event again reports the conflict but does not record it twice.
    g.drainChanges();
    const again = ev([userId('u-2'), email('family@shop.com')]);
    expect(again.rootId).toBe(bob.rootId);
    expect(again.conflicts.map((c) => c.id)).toEqual(bob.conflicts.map((c) => c.id));
    expect(g.drainChanges()).toEqual([]);
  });

  it('does merge userIds from different sources (one person, two systems)', () => {
    const { ev } = setup();
    const shop = ev([userId('u-1'), email('ann@shop.com')], SHOP);
    const help = ev([userId('zd-1'), email('ann@shop.com')], HELP);
    expect(help.rootId).toBe(shop.rootId);
  });

  it('refuses to merge two identified users through a shared anonymousId (shared device)', () => {
    const { g, ev } = setup();
    const ann = ev([userId('u-1'), anon('tablet')]);
    const bob = ev([userId('u-2'), anon('tablet')], HELP);
    expect(bob.created).toBe(true);
    expect(bob.rootId).not.toBe(ann.rootId);
    expect(bob.conflicts).toEqual([expect.objectContaining({ reason: 'shared_anonymous_id', identifier: anon('tablet') })]);
    expect(g.lookup(anon('tablet'))).toBe(ann.rootId);
    expect(g.lookup(userId('u-2'))).toBe(bob.rootId);
    // Both already identified, linked by the device alone: still two people, filed under the userId's profile.
    const carl = ev([userId('u-3'), anon('phone-3')], HELP);
    const r = ev([anon('tablet'), userId('u-3')], HELP);
    expect(r.customerId).toBe(carl.customerId);
    expect(r.conflicts[0]).toMatchObject({ reason: 'shared_anonymous_id' });
    expect(g.customerCount()).toBe(3);
  });

  it('lets an anonymousId join a cluster that has no userId yet', () => {
    const { ev } = setup();
    const visitor = ev([anon('a-1'), email('ann@shop.com')]);
    const user = ev([userId('u-1'), order('O-1')]);
    const r = ev([userId('u-1'), anon('a-1')]);
    expect(r.merged).toHaveLength(1);
    expect(r.rootId).toBe(visitor.rootId);
    expect(r.customerId).toBe(user.customerId);
  });

  it('does not merge again what an admin unmerged', () => {
    const { g, ev } = setup();
    const a = ev([userId('u-1'), email('ann@shop.com')], SHOP);
    const b = ev([userId('zd-1'), order('O-1')], HELP);
    const merge = ev([order('O-1'), email('ann@shop.com')], HELP).merged[0]!;
    g.unmerge(merge.id, { actor: 'admin@tutti', at: 9_000 });
    expect(g.rootOf(b.customerId)).toBe(b.rootId);
    const r = ev([order('O-1'), email('ann@shop.com')], HELP);
    expect(r.merged).toEqual([]);
    expect(r.conflicts).toEqual([expect.objectContaining({ reason: 'unmerged_before' })]);
    expect(g.customerCount()).toBe(2);
    // Not by hand either, unless forced.
    expect(codeOf(() => g.merge(b.rootId, a.rootId, { actor: 'admin', reason: 'same person', at: 9_500 }))).toBe('merge_refused');
    const forced = g.merge(b.rootId, a.rootId, { actor: 'admin', reason: 'same person', at: 9_600, force: true });
    expect(forced).toMatchObject({ fromId: b.rootId, intoId: a.rootId, actor: 'admin', reason: 'same person', identifier: null });
    expect(g.customerCount()).toBe(1);
  });

  it('refuses a manual merge of two same-source users unless forced', () => {
    const { g, ev } = setup();
    const a = ev([userId('u-1')]);
    const b = ev([userId('u-2')]);
    expect(codeOf(() => g.merge(a.rootId, b.rootId, { actor: 'admin', reason: 'x', at: 1 }))).toBe('merge_refused');
    expect(codeOf(() => g.merge(a.rootId, a.rootId, { actor: 'admin', reason: 'x', at: 1, force: true }))).toBe('merge_refused');
    expect(codeOf(() => g.merge('cus_nope', a.rootId, { actor: 'admin', reason: 'x', at: 1 }))).toBe('customer_not_found');
    expect(g.merge(a.rootId, b.rootId, { actor: 'admin', reason: 'x', at: 1, force: true }).intoId).toBe(b.rootId);
  });
});

describe('unmerge', () => {
  it('gives each side its identifiers back and keeps later merges inside either side', () => {
    const { g, ev } = setup();
    const a = ev([userId('u-1'), email('ann@shop.com')], SHOP);
    const b = ev([userId('zd-1'), order('O-1')], HELP);
    const c = ev([{ type: 'ticket', value: 'T-1' }], HELP);
    const first = ev([order('O-1'), email('ann@shop.com')], HELP).merged[0]!; // b into a
    const second = ev([order('O-1'), { type: 'ticket', value: 'T-1' }], HELP).merged[0]!; // c into a (c's root is c; b's root is a)
    expect(second).toMatchObject({ fromId: c.rootId, intoId: a.rootId });
    g.drainChanges();
    const out = g.unmerge(first.id, { actor: 'admin', at: 20_000 });
    expect(out).toEqual({ fromRoot: b.customerId, intoRoot: a.rootId });
    expect(g.lookup(order('O-1'))).toBe(b.customerId);
    expect(g.lookup(email('ann@shop.com'))).toBe(a.rootId);
    expect(g.lookup({ type: 'ticket', value: 'T-1' })).toBe(a.rootId);
    expect(g.drainChanges()).toEqual([{ kind: 'unmerge', mergeId: first.id, at: 20_000, actor: 'admin' }]);
    expect(g.mergesOf(b.customerId)).toEqual([{ ...first, undoneAt: 20_000, undoneBy: 'admin' }]);
    expect(g.mergesOf(a.rootId).map((m) => m.id)).toEqual([first.id, second.id]);
    expect(codeOf(() => g.unmerge(first.id, { actor: 'admin', at: 1 }))).toBe('merge_not_found');
    expect(codeOf(() => g.unmerge('mrg_nope', { actor: 'admin', at: 1 }))).toBe('merge_not_found');
  });

  it('undoes a merge of a subtree that was itself merged further', () => {
    const { g, ev } = setup();
    const a = ev([email('a@shop.com')]);
    const b = ev([email('b@shop.com')]);
    const c = ev([email('c@shop.com')]);
    const bc = ev([email('c@shop.com'), email('b@shop.com')]).merged[0]!; // c into b
    const ab = ev([email('b@shop.com'), email('a@shop.com')]).merged[0]!; // b (with c) into a
    expect(g.clusterOf(c.rootId)).toHaveLength(3);
    g.unmerge(ab.id, { actor: 'admin', at: 50_000 });
    expect(g.rootOf(c.customerId)).toBe(b.rootId);
    expect(g.clusterOf(a.rootId)).toEqual([a.rootId]);
    g.unmerge(bc.id, { actor: 'admin', at: 50_001 });
    expect(g.customerCount()).toBe(3);
  });
});

describe('loading', () => {
  it('skips identifiers already linked or junk, and rejects unknown customers', () => {
    const g = new IdentityGraph(sequentialIds());
    g.loadCustomer('cus_a', 1);
    g.loadCustomer('cus_a', 1);
    expect(g.loadIdentifier(email('ann@shop.com'), 'cus_a', SHOP, 1)).toBe(true);
    expect(g.loadIdentifier(email('ann@shop.com'), 'cus_a', SHOP, 1)).toBe(false);
    expect(g.loadIdentifier(userId('null'), 'cus_a', SHOP, 1)).toBe(false);
    expect(() => g.loadIdentifier(email('bob@shop.com'), 'cus_b', SHOP, 1)).toThrow();
    expect(g.customerCount()).toBe(1);
    expect(g.createdAt('cus_a')).toBe(1);
    expect(g.hasCustomer('cus_b')).toBe(false);
    expect(g.drainChanges()).toEqual([]);
  });

  it('replays merges in any order to the same forest', () => {
    const { g, ev } = setup();
    ev([email('a@shop.com')]);
    ev([email('b@shop.com')]);
    ev([email('c@shop.com')]);
    ev([email('c@shop.com'), email('b@shop.com')]);
    ev([email('b@shop.com'), email('a@shop.com')]);
    const s = emptyStore();
    persist(s, g.drainChanges());
    const reversed = new IdentityGraph(sequentialIds());
    for (const [id, at] of s.customers) reversed.loadCustomer(id, at);
    for (const l of s.links.values()) reversed.loadIdentifier(l.identifier, l.customerId, l.sourceId, l.at);
    for (const m of [...s.merges.values()].reverse()) reversed.loadMerge(m);
    const pool = ['a', 'b', 'c'].map((x) => email(`${x}@shop.com`));
    expect(snapshot(reversed, pool, [...s.customers.keys()])).toEqual(snapshot(g, pool, [...s.customers.keys()]));
  });
});

// ── properties ────────────────────────────────────────────────────────────────

const POOL: Identifier[] = [
  ...['u-1', 'u-2', 'u-3'].map(userId),
  ...['a@shop.com', 'b@shop.com', 'c@shop.com'].map(email),
  { type: 'phone', value: '+33612345678' },
  ...['O-1', 'O-2'].map(order),
  ...['dev-1', 'dev-2', 'dev-3'].map(anon),
  { type: PREVIOUS_ID, value: 'dev-1' },
  // junk: never linked
  userId('null'),
  email('test@test.com'),
  anon('0'),
];
const LOOKUP_POOL = POOL.filter((i) => i.type !== PREVIOUS_ID);
const SOURCES = ['src_a', 'src_b', 'src_c'];

type Op =
  | { kind: 'event'; ids: number[]; source: number }
  | { kind: 'merge'; a: number; b: number; force: boolean }
  | { kind: 'unmerge'; k: number }
  | { kind: 'restart' };

const eventArb = fc.record({ kind: fc.constant('event' as const), ids: fc.uniqueArray(fc.nat(POOL.length - 1), { maxLength: 4 }), source: fc.nat(SOURCES.length - 1) });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: eventArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), a: fc.nat(), b: fc.nat(), force: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unmerge' as const), k: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/** An event's identifiers in the order extractIdentifiers would give them. */
const eventIds = (ids: number[]): Identifier[] => ids.map((i) => POOL[i]!).sort((x, y) => identifierRank(x.type) - identifierRank(y.type));

/** Applies one op; returns what happened (or the error code) so two graphs can be compared. */
function applyOp(g: IdentityGraph, op: Exclude<Op, { kind: 'restart' }>, s: Stored, at: number): unknown {
  try {
    if (op.kind === 'event') return g.resolve(eventIds(op.ids), { sourceId: SOURCES[op.source]!, messageId: `m-${at}`, at });
    const profiles = [...s.customers.keys()].sort();
    if (op.kind === 'merge') {
      if (profiles.length === 0) return null;
      return g.merge(profiles[op.a % profiles.length]!, profiles[op.b % profiles.length]!, { actor: 'admin', reason: 'test', at, force: op.force });
    }
    const open = [...s.merges.values()].filter((m) => m.undoneAt === null).sort((a, b) => (a.id < b.id ? -1 : 1));
    if (open.length === 0) return null;
    return g.unmerge(open[op.k % open.length]!.id, { actor: 'admin', at });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === undefined) throw error;
    return { error: code };
  }
}

describe('properties', () => {
  it('junk identifiers never link two events', () => {
    const junk = fc.constantFrom(userId('null'), userId('undefined'), userId('0'), anon('anonymous'), email('test@test.com'), email('noreply@shop.com'), { type: 'phone', value: '1111111' }, order('n/a'));
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(junk, { maxLength: 4, selector: (i) => `${i.type}:${i.value}` }), { minLength: 1, maxLength: 20 }), fc.boolean(), (events, withFresh) => {
        const { g, ev } = setup();
        const roots = events.map((ids, n) => ev(withFresh ? [...ids, order(`fresh-${n}`)] : ids).rootId);
        expect(new Set(roots).size).toBe(events.length);
        expect(g.identifierCount()).toBe(withFresh ? events.length : 0);
      }),
    );
  });

  it('resolving the same identifiers twice gives the same customer and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 25 }), eventArb, (history, last) => {
        // (An event with no usable identifier gets a fresh profile every time, by design.)
        fc.pre(eventIds(last.ids).some((i) => !isJunkIdentifier(i.type, i.value)));
        const { g } = setup();
        let at = 1;
        for (const e of history) g.resolve(eventIds(e.ids), { sourceId: SOURCES[e.source]!, messageId: 'm', at: at++ });
        const ctx = { sourceId: SOURCES[last.source]!, messageId: 'last', at: at++ };
        const first = g.resolve(eventIds(last.ids), ctx);
        g.drainChanges();
        const second = g.resolve(eventIds(last.ids), { ...ctx, at: at++ });
        expect(second.customerId).toBe(first.customerId);
        expect(second.rootId).toBe(first.rootId);
        expect(second.merged).toEqual([]);
        expect(g.drainChanges()).toEqual([]);
      }),
    );
  });

  it('merge then unmerge restores every root and lookup', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 2, maxLength: 25 }), fc.nat(), fc.nat(), (history, x, y) => {
        const { g } = setup();
        const s = emptyStore();
        let at = 1;
        for (const e of history) g.resolve(eventIds(e.ids), { sourceId: SOURCES[e.source]!, messageId: 'm', at: at++ });
        persist(s, g.drainChanges());
        const profiles = [...s.customers.keys()];
        const roots = [...new Set(profiles.map((p) => g.rootOf(p)!))].sort();
        fc.pre(roots.length >= 2);
        const from = roots[x % roots.length]!;
        const into = roots[(x + 1 + (y % (roots.length - 1))) % roots.length]!;
        const before = snapshot(g, LOOKUP_POOL, profiles);
        const m = g.merge(from, into, { actor: 'admin', reason: 'test', at: at++, force: true });
        expect(g.customerCount()).toBe(before.customers - 1);
        g.unmerge(m.id, { actor: 'admin', at: at++ });
        expect(snapshot(g, LOOKUP_POOL, profiles)).toEqual(before);
      }),
    );
  });

  it('without forced merges no customer ever holds two userIds from one source', () => {
    const noForce = opArb.filter((op) => op.kind !== 'merge' || !op.force);
    fc.assert(
      fc.property(fc.array(noForce, { maxLength: 40 }), (ops) => {
        const { g } = setup();
        const s = emptyStore();
        let at = 1;
        for (const op of ops) {
          if (op.kind === 'restart') continue;
          applyOp(g, op, s, at++);
          persist(s, g.drainChanges());
        }
        for (const root of new Set([...s.customers.keys()].map((p) => g.rootOf(p)!))) {
          const sources = g.identifiersOf(root).filter((i) => i.type === 'userId').map((i) => i.sourceId);
          expect(new Set(sources).size).toBe(sources.length);
        }
      }),
    );
  });

  it('drained changes replayed through load* reproduce the graph, which then behaves identically', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 50 }), (ops) => {
        const main = counter();
        const graphs = [new IdentityGraph(main.gen)];
        const s = emptyStore();
        let at = 1;
        const check = () => {
          const restored = restore(s, counter(main.used()).gen);
          const profiles = [...s.customers.keys()];
          const want = snapshot(graphs[0]!, LOOKUP_POOL, profiles);
          expect(snapshot(restored, LOOKUP_POOL, profiles)).toEqual(want);
          for (const p of profiles) {
            expect(restored.mergesOf(p)).toEqual(graphs[0]!.mergesOf(p));
            expect(restored.conflictsOf(p)).toEqual(graphs[0]!.conflictsOf(p));
            const byKey = (list: LinkedIdentifier[]) => [...list].sort((a, b) => (`${a.type}:${a.value}` < `${b.type}:${b.value}` ? -1 : 1));
            expect(byKey(restored.identifiersOf(p))).toEqual(byKey(graphs[0]!.identifiersOf(p)));
          }
          return restored;
        };
        for (const op of ops) {
          if (op.kind === 'restart') {
            graphs.push(check());
            continue;
          }
          const now = at++;
          const results = graphs.map((g) => applyOp(g, op, s, now));
          const changes = graphs.map((g) => g.drainChanges());
          for (let i = 1; i < graphs.length; i++) {
            expect(results[i]).toEqual(results[0]);
            expect(changes[i]).toEqual(changes[0]);
          }
          persist(s, changes[0]!);
        }
        check();
      }),
      { numRuns: 150 },
    );
  });

  it('a literal replay of the change log (loadUnmerge) reproduces the graph too', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const { g } = setup();
        const s = emptyStore();
        const log: IdentityChange[] = [];
        let at = 1;
        for (const op of ops) {
          if (op.kind === 'restart') continue;
          applyOp(g, op, s, at++);
          const changes = g.drainChanges();
          persist(s, changes);
          log.push(...changes);
        }
        const r = new IdentityGraph(sequentialIds());
        for (const c of log) {
          if (c.kind === 'customer') r.loadCustomer(c.id, c.createdAt);
          else if (c.kind === 'link') r.loadIdentifier(c.identifier, c.customerId, c.sourceId, c.at);
          else if (c.kind === 'merge') r.loadMerge(c.record);
          else if (c.kind === 'unmerge') r.loadUnmerge(c.mergeId, c.at, c.actor);
          else r.loadConflict(c.record);
        }
        const profiles = [...s.customers.keys()];
        expect(snapshot(r, LOOKUP_POOL, profiles)).toEqual(snapshot(g, LOOKUP_POOL, profiles));
      }),
    );
  });
});
