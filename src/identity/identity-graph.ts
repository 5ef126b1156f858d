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

interface MergeEntry {
  rec: MergeRecord;
  from: number;
  into: number;
  /** Whether this merge's edge is in the forest now (false once undone, or if storage held an inconsistent one). */
  applied: boolean;
}

interface ConflictEntry {
  rec: ConflictRecord;
  a: number;
  b: number;
}

const copyMerge = (r: MergeRecord): MergeRecord => ({ ...r });
const copyConflict = (r: ConflictRecord): ConflictRecord => ({ ...r });

function push<K>(index: Map<K, number[]>, key: K, value: number): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

/** Resolves identifiers to customers, merges clusters that share one, and keeps the audit. */
export class IdentityGraph {
  private readonly forest = new ProfileForest();
  private readonly store = new IdentifierStore();
  private readonly merges: MergeEntry[] = [];
  private readonly mergeIndex = new Map<string, number>();
  private readonly mergesByProfile = new Map<number, number[]>();
  /** Undone merges per endpoint profile: the "unmerged before" guard-rail. */
  private readonly undoneByProfile = new Map<number, number[]>();
  private readonly conflicts: ConflictEntry[] = [];
  private readonly conflictIds = new Set<string>();
  private readonly conflictsByProfile = new Map<number, number[]>();
  /** `a b reason` (profile indexes, smaller first) → conflict index: one record per pair and reason. */
  private readonly conflictKeys = new Map<string, number>();
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
    if (this.mergeIndex.has(record.id)) return;
    const from = this.forest.indexOf(record.fromId);
    const into = this.forest.indexOf(record.intoId);
    if (from < 0 || into < 0) throw new Error(`merge ${record.id} names an unknown customer`);
    const mi = this.addMergeEntry({ ...record }, from, into);
    const entry = this.merges[mi]!;
    if (record.undoneAt !== null) {
      push(this.undoneByProfile, from, mi);
      push(this.undoneByProfile, into, mi);
    } else if (this.forest.parentOf(from) < 0 && this.forest.rootOf(into) !== from) {
      this.forest.attach(from, into);
      entry.applied = true;
    }
  }

  /** Replays an unmerge change literally (for storage that keeps the change log rather than updating merge rows). */
  loadUnmerge(mergeId: string, at: number, actor: string): void {
    const mi = this.mergeIndex.get(mergeId);
    if (mi !== undefined && this.merges[mi]!.rec.undoneAt === null) this.undo(mi, at, actor);
  }

  /** Loads a conflict record (it also stops the same conflict being recorded again). */
  loadConflict(c: ConflictRecord): void {
    if (this.conflictIds.has(c.id)) return;
    this.addConflictEntry({ ...c }, this.forest.indexOf(c.customerA), this.forest.indexOf(c.customerB));
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
   * these on its way into the matched cluster gets a profile of its own instead (and an
   * event naming several unknown userIds links only the first).
   *
   * The type `previousId` (alias messages) is looked up as a userId, then an anonymousId,
   * and linked as an anonymousId when unknown.
   *
   * When every identifier is known and all belong to one customer this allocates only the
   * result object.
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
    for (let i = 0; i < n; i++) {
      const { type, value } = identifiers[i]!;
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
        if (linkable) slow = true;
        continue;
      }
      entries[i] = e;
      const r = this.forest.rootOf(store.ownerOf(e));
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
      // A second unknown userId from this source (a malformed event) would make the cluster two people.
      if (type === 'userId' && this.sameSourceUserIds(-1, store.sourceIndexFor(ctx.sourceId), forest.rootOf(base))) continue;
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
    const mi = this.mergeIndex.get(mergeId);
    const entry = mi === undefined ? undefined : this.merges[mi];
    if (mi === undefined || !entry || entry.rec.undoneAt !== null) throw new TuttiError('merge_not_found', `No merge ${mergeId} to undo.`);
    this.undo(mi, ctx.at, ctx.actor);
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

  /** The customer's identifiers across all its profiles, in the order they were linked. */
  identifiersOf(rootId: string): LinkedIdentifier[] {
    const found: number[] = [];
    for (const p of this.cluster(rootId)) for (let i = this.store.firstOf(p); i >= 0; i = this.store.nextOf(i)) found.push(i);
    found.sort((a, b) => a - b);
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
    return this.collect(rootId, this.mergesByProfile).map((mi) => copyMerge(this.merges[mi]!.rec));
  }

  /** Every conflict touching any profile of the customer, oldest first. */
  conflictsOf(rootId: string): ConflictRecord[] {
    return this.collect(rootId, this.conflictsByProfile).map((ci) => copyConflict(this.conflicts[ci]!.rec));
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
    if (this.undoneByProfile.size === 0) return false;
    for (const p of this.forest.members(a)) {
      for (const mi of this.undoneByProfile.get(p) ?? []) {
        const m = this.merges[mi]!;
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
    const mi = this.addMergeEntry(rec, from, into);
    this.forest.attach(from, into);
    this.merges[mi]!.applied = true;
    this.changes.push({ kind: 'merge', record: copyMerge(rec) });
    return rec;
  }

  private addMergeEntry(rec: MergeRecord, from: number, into: number): number {
    const mi = this.merges.length;
    this.merges.push({ rec, from, into, applied: false });
    this.mergeIndex.set(rec.id, mi);
    push(this.mergesByProfile, from, mi);
    push(this.mergesByProfile, into, mi);
    return mi;
  }

  private undo(mi: number, at: number, actor: string): void {
    const m = this.merges[mi]!;
    if (m.applied) this.forest.detach(m.from);
    m.applied = false;
    m.rec.undoneAt = at;
    m.rec.undoneBy = actor;
    push(this.undoneByProfile, m.from, mi);
    push(this.undoneByProfile, m.into, mi);
  }

  /** Records a conflict between profiles `a` and `b`, once per pair and reason; returns the record either way. */
  private conflict(a: number, b: number, identifier: Identifier, reason: ConflictReason, ctx: ResolveContext): ConflictRecord {
    const existing = this.conflictKeys.get(conflictKey(a, b, reason));
    if (existing !== undefined) return copyConflict(this.conflicts[existing]!.rec);
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
    this.addConflictEntry(rec, a, b);
    this.changes.push({ kind: 'conflict', record: copyConflict(rec) });
    return copyConflict(rec);
  }

  private addConflictEntry(rec: ConflictRecord, a: number, b: number): void {
    const ci = this.conflicts.length;
    this.conflicts.push({ rec, a, b });
    this.conflictIds.add(rec.id);
    if (a >= 0) push(this.conflictsByProfile, a, ci);
    if (b >= 0 && b !== a) push(this.conflictsByProfile, b, ci);
    if (a >= 0 && b >= 0) {
      const key = conflictKey(a, b, rec.reason);
      if (!this.conflictKeys.has(key)) this.conflictKeys.set(key, ci);
    }
  }

  private cluster(id: string): number[] {
    const p = this.forest.indexOf(id);
    return p < 0 ? [] : this.forest.members(this.forest.rootOf(p));
  }

  private collect(rootId: string, index: Map<number, number[]>): number[] {
    const found = new Set<number>();
    for (const p of this.cluster(rootId)) for (const x of index.get(p) ?? []) found.add(x);
    return [...found].sort((a, b) => a - b);
  }
}

function conflictKey(a: number, b: number, reason: string): string {
  return a < b ? `${a} ${b} ${reason}` : `${b} ${a} ${reason}`;
}
