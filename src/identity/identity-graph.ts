/**
 * The identity graph: which customer profile every identifier belongs to, which profiles
 * were merged into which, and why some were not. Pure and in memory: no I/O, no clock
 * (times come in as arguments), ids from an injected generator. Storage persists what
 * `drainChanges()` returns and feeds it back through the `load*` methods at start-up.
 *
 * Model (see README.md): every profile has an id; a profile may be merged into another,
 * forming a forest; a tree's root is "the customer". An identifier belongs to the profile it
 * was first linked to, not to the root, so undoing a merge gives each side its own back.
 *
 * IdentityGraph is the one public class; the work is done by plain functions over its stores
 * (identity-graph-core.ts): identity-resolution.ts resolves events, identity-guard-rails.ts
 * says which merges are refused, identity-merges.ts merges, unmerges and records conflicts.
 */
import type { IdGenerator } from '../core/clock.js';
import type { Identifier } from './identifiers.js';
import { addLink, clusterOf, createGraphCore, type GraphCore, linkable } from './identity-graph-core.js';
import { mergeByHand, undoMerge, unmergeByHand } from './identity-merges.js';
import { resolveIdentifiers } from './identity-resolution.js';
import type {
  ConflictRecord,
  IdentityChange,
  IdentityGraphOptions,
  LinkedIdentifier,
  MergeContext,
  MergeRecord,
  ResolveContext,
  ResolveResult,
  UnmergeContext,
} from './identity-types.js';

export type {
  ConflictReason,
  ConflictRecord,
  IdentityChange,
  IdentityGraphOptions,
  LinkedIdentifier,
  MergeContext,
  MergeRecord,
  ResolveContext,
  ResolveResult,
  UnmergeContext,
} from './identity-types.js';
export { SYSTEM_ACTOR } from './identity-merges.js';

/** Resolves identifiers to customers, merges clusters that share one, and keeps the audit. */
export class IdentityGraph {
  private readonly core: GraphCore;

  /** `ids` makes profile (`cus`), merge (`mrg`) and conflict (`cfl`) ids. */
  constructor(ids: IdGenerator, options: IdentityGraphOptions = {}) {
    this.core = createGraphCore(ids, options);
  }

  // ── loading from storage (no changes recorded) ──────────────────────────────

  /** Loads a profile. Loading an existing id again is a no-op. */
  loadCustomer(id: string, createdAt: number): void {
    this.core.forest.add(id, createdAt);
  }

  /**
   * Loads a link. Returns false (and loads nothing) when the identifier is already linked or
   * is junk by today's rules, so tightening the junk list takes effect at the next start.
   */
  loadIdentifier(identifier: Identifier, customerId: string, sourceId: string, at: number): boolean {
    const g = this.core;
    const p = g.forest.indexOf(customerId);
    if (p < 0) throw new Error(`identifier ${identifier.type}:${identifier.value} names unknown customer ${customerId}`);
    if (!linkable(g, identifier.type, identifier.value) || g.store.find(identifier.type, identifier.value) >= 0) return false;
    addLink(g, identifier.type, identifier.value, p, sourceId, at);
    return true;
  }

  /**
   * Loads a merge record; it is applied unless undone. Any order works: a merge only ever
   * points a root at another profile, so the forest of the merges not undone is the same
   * whatever order they are replayed in.
   */
  loadMerge(record: MergeRecord): void {
    const { audit, forest } = this.core;
    if (audit.hasMerge(record.id)) return;
    const from = forest.indexOf(record.fromId);
    const into = forest.indexOf(record.intoId);
    if (from < 0 || into < 0) throw new Error(`merge ${record.id} names an unknown customer`);
    const entry = audit.addMerge({ ...record }, from, into);
    if (record.undoneAt === null && forest.parentOf(from) < 0 && forest.rootOf(into) !== from) {
      forest.attach(from, into);
      entry.applied = true;
    }
  }

  /** Replays an unmerge change literally (for storage that keeps the change log rather than updating merge rows). */
  loadUnmerge(mergeId: string, at: number, actor: string): void {
    const entry = this.core.audit.merge(mergeId);
    if (entry && entry.rec.undoneAt === null) undoMerge(this.core, entry, at, actor);
  }

  /** Loads a conflict record (it also stops the same conflict being recorded again). */
  loadConflict(c: ConflictRecord): void {
    const { audit, forest } = this.core;
    audit.addConflict({ ...c }, forest.indexOf(c.customerA), forest.indexOf(c.customerB));
  }

  // ── resolution: the ingest hot path ─────────────────────────────────────────

  /**
   * Files an event's identifiers (strongest first, as `extractIdentifiers` returns them;
   * values normalised) under a customer:
   * - the event goes to the profile owning the strongest identifier already known, or to a
   *   new profile when none is known (also when every identifier is junk or there are none);
   * - identifiers not known yet are linked to that profile (junk ones never are);
   * - every other cluster the event touches is merged with it, the older root surviving —
   *   unless a guard-rail objects, in which case a conflict is recorded instead.
   * Guard-rails: two userIds first seen from the same source are two people; clusters once
   * unmerged stay apart until an admin merges them; an anonymousId alone never joins two
   * clusters that each carry a userId (a shared device). A new userId that would fall foul of
   * these on its way into the matched cluster gets a profile of its own instead. Only the
   * first userId of an event counts (one message is one user).
   *
   * The type `previousId` (alias messages) is looked up as a userId, then an anonymousId,
   * and linked as an anonymousId when unknown.
   *
   * When every identifier is known and all belong to one customer this allocates only the
   * result object (identifiers never seen before also pay for the junk check).
   */
  resolve(identifiers: readonly Identifier[], ctx: ResolveContext): ResolveResult {
    return resolveIdentifiers(this.core, identifiers, ctx);
  }

  /** Segment alias: `previousRef` (usually the anonymousId, or `{type:'previousId'}`) and `userId` are one person. */
  alias(previousRef: Identifier, userId: Identifier, ctx: ResolveContext): ResolveResult {
    return this.resolve([userId, previousRef], ctx);
  }

  // ── administration ──────────────────────────────────────────────────────────

  /**
   * Merges the customer `fromId` into `intoId` by hand (either may be any profile of its
   * cluster; their roots are merged, `into`'s surviving). Refused (code `merge_refused`) when
   * they already are one customer, and — unless `force` — when both hold userIds from the
   * same source or were unmerged before. Unknown ids: code `customer_not_found`.
   */
  merge(fromId: string, intoId: string, ctx: MergeContext): MergeRecord {
    return mergeByHand(this.core, fromId, intoId, ctx);
  }

  /**
   * Undoes a merge: its `from` profile becomes a root again with its whole subtree (merges
   * made later inside either side stay). The two clusters will not be merged automatically
   * again. Unknown or already undone: code `merge_not_found`. Returns the two roots now.
   */
  unmerge(mergeId: string, ctx: UnmergeContext): { fromRoot: string; intoRoot: string } {
    return unmergeByHand(this.core, mergeId, ctx);
  }

  // ── queries ─────────────────────────────────────────────────────────────────

  /** The root (customer) id of any profile id, or undefined for an unknown id. */
  rootOf(customerId: string): string | undefined {
    const { forest } = this.core;
    const p = forest.indexOf(customerId);
    return p < 0 ? undefined : forest.idOf(forest.rootOf(p));
  }

  /** The root (customer) id an identifier resolves to, or undefined. The identifier must be normalised. */
  lookup(identifier: Identifier): string | undefined {
    const { forest, store } = this.core;
    const e = store.find(identifier.type, identifier.value);
    return e < 0 ? undefined : forest.idOf(forest.rootOf(store.ownerOf(e)));
  }

  /** True when `id` is a known profile id (root or merged). */
  hasCustomer(id: string): boolean {
    return this.core.forest.indexOf(id) >= 0;
  }

  /** Every profile id of the customer (`rootId` may be any of its profiles), the root first; [] when unknown. */
  clusterOf(rootId: string): string[] {
    const { forest } = this.core;
    return clusterOf(this.core, rootId).map((p) => forest.idOf(p));
  }

  /** The customer's identifiers across all its profiles, oldest link first. */
  identifiersOf(rootId: string): LinkedIdentifier[] {
    const { forest, store } = this.core;
    const found: number[] = [];
    for (const p of clusterOf(this.core, rootId)) for (let i = store.firstOf(p); i >= 0; i = store.nextOf(i)) found.push(i);
    found.sort((a, b) => store.atOf(a) - store.atOf(b) || a - b);
    return found.map((i) => ({
      type: store.typeOf(i),
      value: store.valueOf(i),
      customerId: forest.idOf(store.ownerOf(i)),
      sourceId: store.sourceOf(i),
      at: store.atOf(i),
    }));
  }

  /** Every merge touching any profile of the customer, undone ones included, oldest first. */
  mergesOf(rootId: string): MergeRecord[] {
    return this.core.audit.mergesTouching(clusterOf(this.core, rootId));
  }

  /** Every conflict touching any profile of the customer, oldest first. */
  conflictsOf(rootId: string): ConflictRecord[] {
    return this.core.audit.conflictsTouching(clusterOf(this.core, rootId));
  }

  /** Number of customers (roots). */
  customerCount(): number {
    return this.core.forest.rootCount;
  }

  /** Number of profiles, merged ones included. */
  profileCount(): number {
    return this.core.forest.size;
  }

  /** Number of linked identifiers. */
  identifierCount(): number {
    return this.core.store.size;
  }

  /** When a profile was created, or undefined for an unknown id. */
  createdAt(id: string): number | undefined {
    const { forest } = this.core;
    const p = forest.indexOf(id);
    return p < 0 ? undefined : forest.createdAt(p);
  }

  /** Approximate bytes held by the graph's columns (merge and conflict records not counted). */
  byteSize(): number {
    const { forest, store, entries } = this.core;
    return forest.byteSize() + store.byteSize() + entries.byteLength;
  }

  /** Every mutation since the last drain, in order; storage persists them with the events that caused them. */
  drainChanges(): IdentityChange[] {
    const out = this.core.changes;
    this.core.changes = [];
    return out;
  }
}
