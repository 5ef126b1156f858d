/**
 * The identity graph: which customer profile every identifier belongs to, which profiles
 * were merged into which, and why some were not. Pure and in memory: no I/O, no clock
 * (times come in as arguments), ids from an injected generator. Storage persists what
 * `drainChanges()` returns and feeds it back through the `load*` methods at start-up.
 *
 * Model (see README.md): every profile has an id; a profile may be merged into another,
 * forming a forest; a tree's root is "the customer". An identifier belongs to the profile it
 * was first linked to, not to the root, so undoing a merge gives each side its own back.
 */
import type { IdGenerator } from '../core/clock.js';
import { TuttiError } from '../core/errors.js';
import { type Identifier, MAX_IDENTIFIER_LENGTH, PREVIOUS_ID, identifierRank, isJunkIdentifier } from './identifiers.js';
import { IdentifierStore } from './identifier-store.js';
import { copyConflict, copyMerge, IdentityAudit, type MergeEntry } from './identity-audit.js';
import type {
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
import { ProfileForest } from './profile-forest.js';

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

/** The actor of merges the graph makes on its own. */
export const SYSTEM_ACTOR = 'system';

const NO_MERGES: readonly MergeRecord[] = Object.freeze([]);
const NO_CONFLICTS: readonly ConflictRecord[] = Object.freeze([]);

/** Scratch markers for identifiers of the event being resolved. */
const UNMATCHED = -1;
const UNLINKABLE = -2;

/** Resolves identifiers to customers, merges clusters that share one, and keeps the audit. */
export class IdentityGraph {
  private readonly forest = new ProfileForest();
  private readonly store = new IdentifierStore();
  private readonly audit = new IdentityAudit();
  private changes: IdentityChange[] = [];
  /** Per identifier of the event being resolved: its entry in the store, or UNMATCHED / UNLINKABLE. */
  private entries = new Int32Array(8);

  /** `ids` makes profile (`cus`), merge (`mrg`) and conflict (`cfl`) ids. */
  constructor(
    private readonly ids: IdGenerator,
    options: IdentityGraphOptions = {},
  ) {
    const customers = options.expectedCustomers ?? 0;
    const identifiers = options.expectedIdentifiers ?? customers * 4;
    if (customers > 0) this.forest.reserve(customers);
    if (identifiers > 0) this.store.reserve(identifiers, customers);
  }

  // ── loading from storage (no changes recorded) ──────────────────────────────

  /** Loads a profile. Loading an existing id again is a no-op. */
  loadCustomer(id: string, createdAt: number): void {
    this.forest.add(id, createdAt);
  }

  /**
   * Loads a link. Returns false (and loads nothing) when the identifier is already linked or
   * is junk by today's rules, so tightening the junk list takes effect at the next start.
   */
  loadIdentifier(identifier: Identifier, customerId: string, sourceId: string, at: number): boolean {
    const p = this.forest.indexOf(customerId);
    if (p < 0) throw new Error(`identifier ${identifier.type}:${identifier.value} names unknown customer ${customerId}`);
    if (!this.linkable(identifier.type, identifier.value) || this.store.find(identifier.type, identifier.value) >= 0) return false;
    this.addLink(identifier.type, identifier.value, p, sourceId, at);
    return true;
  }

  /**
   * Loads a merge record; it is applied unless undone. Any order works: a merge only ever
   * points a root at another profile, so the forest of the merges not undone is the same
   * whatever order they are replayed in.
   */
  loadMerge(record: MergeRecord): void {
    if (this.audit.hasMerge(record.id)) return;
    const from = this.forest.indexOf(record.fromId);
    const into = this.forest.indexOf(record.intoId);
    if (from < 0 || into < 0) throw new Error(`merge ${record.id} names an unknown customer`);
    const entry = this.audit.addMerge({ ...record }, from, into);
    if (record.undoneAt === null && this.forest.parentOf(from) < 0 && this.forest.rootOf(into) !== from) {
      this.forest.attach(from, into);
      entry.applied = true;
    }
  }

  /** Replays an unmerge change literally (for storage that keeps the change log rather than updating merge rows). */
  loadUnmerge(mergeId: string, at: number, actor: string): void {
    const entry = this.audit.merge(mergeId);
    if (entry && entry.rec.undoneAt === null) this.undo(entry, at, actor);
  }

  /** Loads a conflict record (it also stops the same conflict being recorded again). */
  loadConflict(c: ConflictRecord): void {
    this.audit.addConflict({ ...c }, this.forest.indexOf(c.customerA), this.forest.indexOf(c.customerB));
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
    const n = identifiers.length;
    if (this.entries.length < n) this.entries = new Int32Array(n * 2);
    const entries = this.entries;
    const store = this.store;
    let best = -1;
    let bestRank = Infinity;
    let root = -1;
    let slow = false;
    let userIds = 0;
    let lastOwner = -1;
    let lastRoot = -1;
    for (let i = 0; i < n; i++) {
      const { type, value } = identifiers[i]!;
      // One message is one user: a second usable userId in it (malformed) is ignored, never linked or merged on.
      if (type === 'userId' && userIds > 0) {
        entries[i] = UNLINKABLE;
        continue;
      }
      let e: number;
      if (type === PREVIOUS_ID) {
        e = store.find('userId', value);
        if (e < 0) e = store.find('anonymousId', value);
      } else {
        e = store.find(type, value);
      }
      if (e < 0) {
        const linkable = this.linkable(type, value);
        entries[i] = linkable ? UNMATCHED : UNLINKABLE;
        if (linkable) {
          slow = true;
          if (type === 'userId') userIds++;
        }
        continue;
      }
      if (type === 'userId') userIds++;
      entries[i] = e;
      // An event's identifiers usually share one owner: skip the walk to the root for repeats.
      const owner = store.ownerOf(e);
      const r = owner === lastOwner ? lastRoot : this.forest.rootOf(owner);
      lastOwner = owner;
      lastRoot = r;
      if (root < 0) root = r;
      else if (r !== root) slow = true;
      const rank = identifierRank(type);
      if (rank < bestRank) {
        bestRank = rank;
        best = i;
      }
    }
    if (slow || best < 0) return this.resolveSlow(identifiers, ctx, best);
    return {
      customerId: this.forest.idOf(store.ownerOf(entries[best]!)),
      rootId: this.forest.idOf(root),
      created: false,
      merged: NO_MERGES,
      conflicts: NO_CONFLICTS,
    };
  }

  /** Segment alias: `previousRef` (usually the anonymousId, or `{type:'previousId'}`) and `userId` are one person. */
  alias(previousRef: Identifier, userId: Identifier, ctx: ResolveContext): ResolveResult {
    return this.resolve([userId, previousRef], ctx);
  }

  /** Links, merges and conflicts: the path for events that change the graph. `entries` is filled by resolve. */
  private resolveSlow(identifiers: readonly Identifier[], ctx: ResolveContext, best: number): ResolveResult {
    const n = identifiers.length;
    const entries = this.entries.slice(0, n); // linking and merging below must not disturb it
    const forest = this.forest;
    const store = this.store;
    let created = false;
    let base: number;

    if (best < 0) {
      base = this.newProfile(ctx.at);
      created = true;
    } else {
      base = store.ownerOf(entries[best]!);
      // A userId we have not seen, about to join the matched cluster: would that be a bad merge?
      const u = identifiers.findIndex((id, i) => id.type === 'userId' && entries[i] === UNMATCHED);
      if (u >= 0) {
        const weak = this.effectiveType(identifiers[best]!, entries[best]!) === 'anonymousId';
        if (this.guard(-1, store.sourceIndexFor(ctx.sourceId), true, forest.rootOf(base), weak) !== null) {
          base = this.newProfile(ctx.at);
          created = true;
        }
      }
    }

    for (let i = 0; i < n; i++) {
      if (entries[i] !== UNMATCHED) continue;
      const id = identifiers[i]!;
      const type = id.type === PREVIOUS_ID ? 'anonymousId' : id.type;
      if (store.find(type, id.value) >= 0) continue; // listed twice in this event
      this.link(type, id.value, base, ctx.sourceId, ctx.at);
    }

    // Every other cluster the event touched: merge, or record why not. Strongest link first,
    // so a cluster reached by both an email and an anonymousId is judged on the email.
    const order: number[] = [];
    for (let i = 0; i < n; i++) if (entries[i]! >= 0) order.push(i);
    const rank = (i: number): number => identifierRank(this.effectiveType(identifiers[i]!, entries[i]!));
    order.sort((x, y) => rank(x) - rank(y) || x - y);
    const merged: MergeRecord[] = [];
    const conflicts: ConflictRecord[] = [];
    const refused: number[] = [];
    for (const i of order) {
      const e = entries[i]!;
      const owner = store.ownerOf(e);
      const other = forest.rootOf(owner);
      const cur = forest.rootOf(base);
      if (other === cur || refused.includes(other)) continue;
      const type = this.effectiveType(identifiers[i]!, e);
      const identifier = { type, value: identifiers[i]!.value };
      const reason = this.guard(cur, -1, false, other, type === 'anonymousId');
      if (reason !== null) {
        refused.push(other);
        conflicts.push(this.conflict(base, owner, identifier, reason, ctx));
        continue;
      }
      const [from, into] = forest.isOlder(cur, other) ? [other, cur] : [cur, other];
      const rec = this.applyMerge(from, into, {
        reason: `identifier:${type}`,
        identifier,
        sourceId: ctx.sourceId,
        messageId: ctx.messageId,
        actor: SYSTEM_ACTOR,
        at: ctx.at,
      });
      merged.push(copyMerge(rec));
    }

    return {
      customerId: forest.idOf(base),
      rootId: forest.idOf(forest.rootOf(base)),
      created,
      merged: merged.length > 0 ? merged : NO_MERGES,
      conflicts: conflicts.length > 0 ? conflicts : NO_CONFLICTS,
    };
  }

  // ── administration ──────────────────────────────────────────────────────────

  /**
   * Merges the customer `fromId` into `intoId` by hand (either may be any profile of its
   * cluster; their roots are merged, `into`'s surviving). Refused (code `merge_refused`) when
   * they already are one customer, and — unless `force` — when both hold userIds from the
   * same source or were unmerged before. Unknown ids: code `customer_not_found`.
   */
  merge(fromId: string, intoId: string, ctx: MergeContext): MergeRecord {
    const f = this.forest.indexOf(fromId);
    const t = this.forest.indexOf(intoId);
    if (f < 0 || t < 0) throw new TuttiError('customer_not_found', `No customer ${f < 0 ? fromId : intoId}.`);
    const from = this.forest.rootOf(f);
    const into = this.forest.rootOf(t);
    if (from === into) throw new TuttiError('merge_refused', 'Those are already the same customer.');
    if (!ctx.force) {
      if (this.unmergedBetween(from, into)) {
        throw new TuttiError('merge_refused', 'These customers were unmerged before; merge with force to join them again.', { reason: 'unmerged_before' });
      }
      if (this.sameSourceUserIds(from, -1, into)) {
        throw new TuttiError('merge_refused', 'Both customers have a user id from the same system, so they look like two people; merge with force to override.', {
          reason: 'same_source_user_ids',
        });
      }
    }
    const rec = this.applyMerge(from, into, { reason: ctx.reason, identifier: null, sourceId: null, messageId: null, actor: ctx.actor, at: ctx.at });
    return copyMerge(rec);
  }

  /**
   * Undoes a merge: its `from` profile becomes a root again with its whole subtree (merges
   * made later inside either side stay). The two clusters will not be merged automatically
   * again. Unknown or already undone: code `merge_not_found`. Returns the two roots now.
   */
  unmerge(mergeId: string, ctx: UnmergeContext): { fromRoot: string; intoRoot: string } {
    const entry = this.audit.merge(mergeId);
    if (!entry || entry.rec.undoneAt !== null) throw new TuttiError('merge_not_found', `No merge ${mergeId} to undo.`);
    this.undo(entry, ctx.at, ctx.actor);
    this.changes.push({ kind: 'unmerge', mergeId, at: ctx.at, actor: ctx.actor });
    return { fromRoot: this.forest.idOf(this.forest.rootOf(entry.from)), intoRoot: this.forest.idOf(this.forest.rootOf(entry.into)) };
  }

  // ── queries ─────────────────────────────────────────────────────────────────

  /** The root (customer) id of any profile id, or undefined for an unknown id. */
  rootOf(customerId: string): string | undefined {
    const p = this.forest.indexOf(customerId);
    return p < 0 ? undefined : this.forest.idOf(this.forest.rootOf(p));
  }

  /** The root (customer) id an identifier resolves to, or undefined. The identifier must be normalised. */
  lookup(identifier: Identifier): string | undefined {
    const e = this.store.find(identifier.type, identifier.value);
    return e < 0 ? undefined : this.forest.idOf(this.forest.rootOf(this.store.ownerOf(e)));
  }

  hasCustomer(id: string): boolean {
    return this.forest.indexOf(id) >= 0;
  }

  /** Every profile id of the customer (`rootId` may be any of its profiles), the root first; [] when unknown. */
  clusterOf(rootId: string): string[] {
    return this.cluster(rootId).map((p) => this.forest.idOf(p));
  }

  /** The customer's identifiers across all its profiles, oldest link first. */
  identifiersOf(rootId: string): LinkedIdentifier[] {
    const found: number[] = [];
    for (const p of this.cluster(rootId)) for (let i = this.store.firstOf(p); i >= 0; i = this.store.nextOf(i)) found.push(i);
    found.sort((a, b) => this.store.atOf(a) - this.store.atOf(b) || a - b);
    return found.map((i) => ({
      type: this.store.typeOf(i),
      value: this.store.valueOf(i),
      customerId: this.forest.idOf(this.store.ownerOf(i)),
      sourceId: this.store.sourceOf(i),
      at: this.store.atOf(i),
    }));
  }

  /** Every merge touching any profile of the customer, undone ones included, oldest first. */
  mergesOf(rootId: string): MergeRecord[] {
    return this.audit.mergesTouching(this.cluster(rootId));
  }

  /** Every conflict touching any profile of the customer, oldest first. */
  conflictsOf(rootId: string): ConflictRecord[] {
    return this.audit.conflictsTouching(this.cluster(rootId));
  }

  /** Number of customers (roots). */
  customerCount(): number {
    return this.forest.rootCount;
  }

  /** Number of profiles, merged ones included. */
  profileCount(): number {
    return this.forest.size;
  }

  /** Number of linked identifiers. */
  identifierCount(): number {
    return this.store.size;
  }

  /** When a profile was created, or undefined for an unknown id. */
  createdAt(id: string): number | undefined {
    const p = this.forest.indexOf(id);
    return p < 0 ? undefined : this.forest.createdAt(p);
  }

  /** Approximate bytes held by the graph's columns (merge and conflict records not counted). */
  byteSize(): number {
    return this.forest.byteSize() + this.store.byteSize() + this.entries.byteLength;
  }

  /** Every mutation since the last drain, in order; storage persists them with the events that caused them. */
  drainChanges(): IdentityChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  // ── internals ───────────────────────────────────────────────────────────────

  private linkable(type: string, value: string): boolean {
    return type.length > 0 && value.length > 0 && value.length <= MAX_IDENTIFIER_LENGTH && this.store.acceptsType(type) && !isJunkIdentifier(type, value);
  }

  /** The type an identifier of the event matched as (`previousId` becomes userId or anonymousId). */
  private effectiveType(id: Identifier, entry: number): string {
    return id.type === PREVIOUS_ID ? (entry >= 0 ? this.store.typeOf(entry) : 'anonymousId') : id.type;
  }

  private newProfile(at: number): number {
    const id = this.ids('cus');
    if (this.forest.indexOf(id) >= 0) throw new Error(`the id generator repeated ${id}`);
    const p = this.forest.add(id, at);
    this.changes.push({ kind: 'customer', id, createdAt: at });
    return p;
  }

  private link(type: string, value: string, p: number, sourceId: string, at: number): void {
    this.addLink(type, value, p, sourceId, at);
    this.changes.push({ kind: 'link', identifier: { type, value }, customerId: this.forest.idOf(p), sourceId, at });
  }

  private addLink(type: string, value: string, p: number, sourceId: string, at: number): void {
    this.store.add(type, value, p, sourceId, at);
    if (type === 'userId') this.forest.markUser(p);
  }

  /**
   * Why cluster `a` and cluster `b` must not merge, or null. `a` may be -1 for "a new
   * profile holding only a pending userId from source `pendingSource`"; `weak` says the only
   * link between them is an anonymousId.
   */
  private guard(a: number, pendingSource: number, pendingUser: boolean, b: number, weak: boolean): ConflictReason | null {
    const aUser = pendingUser || (a >= 0 && this.forest.clusterHasUser(a));
    const bUser = this.forest.clusterHasUser(b);
    if (weak && aUser && bUser) return 'shared_anonymous_id';
    if (a >= 0 && this.unmergedBetween(a, b)) return 'unmerged_before';
    if (aUser && bUser && this.sameSourceUserIds(a, pendingSource, b)) return 'same_source_user_ids';
    return null;
  }

  /**
   * True when cluster `b` holds a userId first seen from a source that also gave cluster `a`
   * (or the pending userId from `pendingSource`) a userId. Identifiers are unique, so two
   * such userIds always differ in value.
   */
  private sameSourceUserIds(a: number, pendingSource: number, b: number): boolean {
    const sources = new Set<number>();
    if (pendingSource >= 0) sources.add(pendingSource);
    if (a >= 0) for (const i of this.userIdsOf(a)) sources.add(this.store.sourceIndexOf(i));
    if (sources.size === 0) return false;
    for (const i of this.userIdsOf(b)) if (sources.has(this.store.sourceIndexOf(i))) return true;
    return false;
  }

  private userIdsOf(root: number): number[] {
    const out: number[] = [];
    for (const p of this.forest.members(root)) {
      for (let i = this.store.firstOf(p); i >= 0; i = this.store.nextOf(i)) if (this.store.isUserId(i)) out.push(i);
    }
    return out;
  }

  /** True when an undone merge joined a profile of cluster `a` and a profile of cluster `b`. */
  private unmergedBetween(a: number, b: number): boolean {
    if (!this.audit.hasUndone()) return false;
    for (const p of this.forest.members(a)) {
      for (const m of this.audit.undoneAt(p)) {
        const q = m.from === p ? m.into : m.from;
        if (this.forest.rootOf(q) === b) return true;
      }
    }
    return false;
  }

  private applyMerge(from: number, into: number, fields: Omit<MergeRecord, 'id' | 'fromId' | 'intoId' | 'undoneAt' | 'undoneBy'>): MergeRecord {
    const rec: MergeRecord = {
      id: this.ids('mrg'),
      fromId: this.forest.idOf(from),
      intoId: this.forest.idOf(into),
      ...fields,
      undoneAt: null,
      undoneBy: null,
    };
    const entry = this.audit.addMerge(rec, from, into);
    this.forest.attach(from, into);
    entry.applied = true;
    this.changes.push({ kind: 'merge', record: copyMerge(rec) });
    return rec;
  }

  private undo(entry: MergeEntry, at: number, actor: string): void {
    if (entry.applied) this.forest.detach(entry.from);
    this.audit.markUndone(entry, at, actor);
  }

  /** Records a conflict between profiles `a` and `b`, once per pair and reason; returns the record either way. */
  private conflict(a: number, b: number, identifier: Identifier, reason: ConflictReason, ctx: ResolveContext): ConflictRecord {
    const existing = this.audit.findConflict(a, b, reason);
    if (existing) return copyConflict(existing);
    const rec: ConflictRecord = {
      id: this.ids('cfl'),
      customerA: this.forest.idOf(a),
      customerB: this.forest.idOf(b),
      identifier,
      reason,
      sourceId: ctx.sourceId,
      messageId: ctx.messageId,
      at: ctx.at,
    };
    this.audit.addConflict(rec, a, b);
    this.changes.push({ kind: 'conflict', record: copyConflict(rec) });
    return copyConflict(rec);
  }

  private cluster(id: string): number[] {
    const p = this.forest.indexOf(id);
    return p < 0 ? [] : this.forest.members(this.forest.rootOf(p));
  }
}
