/**
 * The identity graph's internal stores, as one plain object that IdentityGraph owns and the
 * helper modules (identity-resolution.ts, identity-merges.ts, identity-guard-rails.ts) work
 * on. Keeping them in an object rather than class fields lets those helpers be plain
 * functions while IdentityGraph stays the one public class. Also here: the small mutations
 * every path shares, each recording its IdentityChange.
 */
import type { IdGenerator } from '../core/clock.js';
import { MAX_IDENTIFIER_LENGTH, isJunkIdentifier } from './identifiers.js';
import { IdentifierStore } from './identifier-store.js';
import { IdentityAudit } from './identity-audit.js';
import type { IdentityChange, IdentityGraphOptions } from './identity-types.js';
import { ProfileForest } from './profile-forest.js';

/** Everything an IdentityGraph holds. Not exported from identity-graph.ts: callers use the class. */
export interface GraphCore {
  readonly forest: ProfileForest;
  readonly store: IdentifierStore;
  readonly audit: IdentityAudit;
  /** Makes profile (`cus`), merge (`mrg`) and conflict (`cfl`) ids. */
  readonly ids: IdGenerator;
  /** Every mutation since the last drain, in order. */
  changes: IdentityChange[];
  /** Per identifier of the event being resolved: its entry in the store, or UNMATCHED / UNLINKABLE (identity-resolution.ts). */
  entries: Int32Array;
}

/** Empty stores, pre-sized from the options so a large load allocates its buffers once. */
export function createGraphCore(ids: IdGenerator, options: IdentityGraphOptions): GraphCore {
  const core: GraphCore = {
    forest: new ProfileForest(),
    store: new IdentifierStore(),
    audit: new IdentityAudit(),
    ids,
    changes: [],
    entries: new Int32Array(8),
  };
  const customers = options.expectedCustomers ?? 0;
  const identifiers = options.expectedIdentifiers ?? customers * 4;
  if (customers > 0) core.forest.reserve(customers);
  if (identifiers > 0) core.store.reserve(identifiers, customers);
  return core;
}

/** Whether an identifier may ever be linked: non-empty, not too long, not junk, and its type fits the type table. */
export function linkable(g: GraphCore, type: string, value: string): boolean {
  return type.length > 0 && value.length > 0 && value.length <= MAX_IDENTIFIER_LENGTH && g.store.acceptsType(type) && !isJunkIdentifier(type, value);
}

/** Creates a root profile with a fresh id and records it. */
export function newProfile(g: GraphCore, at: number): number {
  const id = g.ids('cus');
  if (g.forest.indexOf(id) >= 0) throw new Error(`the id generator repeated ${id}`);
  const p = g.forest.add(id, at);
  g.changes.push({ kind: 'customer', id, createdAt: at });
  return p;
}

/** Links an identifier (known to be absent) to profile `p` and records it. */
export function link(g: GraphCore, type: string, value: string, p: number, sourceId: string, at: number): void {
  addLink(g, type, value, p, sourceId, at);
  g.changes.push({ kind: 'link', identifier: { type, value }, customerId: g.forest.idOf(p), sourceId, at });
}

/** Links without recording (loading from storage uses this directly). */
export function addLink(g: GraphCore, type: string, value: string, p: number, sourceId: string, at: number): void {
  g.store.add(type, value, p, sourceId, at);
  if (type === 'userId') g.forest.markUser(p);
}

/** Every profile of the customer that profile id `id` belongs to, the root first; [] when unknown. */
export function clusterOf(g: GraphCore, id: string): number[] {
  const p = g.forest.indexOf(id);
  return p < 0 ? [] : g.forest.members(g.forest.rootOf(p));
}
