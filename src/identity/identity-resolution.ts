/**
 * Resolving an event's identifiers to a customer: the ingest hot path, and the slow path for
 * events that link, merge or hit a guard-rail. The rules are documented on
 * IdentityGraph.resolve and in README.md.
 */
import { type Identifier, PREVIOUS_ID, identifierRank } from './identifiers.js';
import { copyMerge } from './identity-audit.js';
import { type GraphCore, link, linkable, newProfile } from './identity-graph-core.js';
import { guard } from './identity-guard-rails.js';
import { SYSTEM_ACTOR, applyMerge, recordConflict } from './identity-merges.js';
import type { ConflictRecord, MergeRecord, ResolveContext, ResolveResult } from './identity-types.js';

const NO_MERGES: readonly MergeRecord[] = Object.freeze([]);
const NO_CONFLICTS: readonly ConflictRecord[] = Object.freeze([]);

/** Scratch markers for identifiers of the event being resolved. */
const UNMATCHED = -1;
const UNLINKABLE = -2;

/**
 * Files an event's identifiers under a customer (see IdentityGraph.resolve). Looks every
 * identifier up into `g.entries`; when all are known and share one root it answers at once,
 * allocating only the result, otherwise it hands over to the slow path.
 */
export function resolveIdentifiers(g: GraphCore, identifiers: readonly Identifier[], ctx: ResolveContext): ResolveResult {
  const n = identifiers.length;
  if (g.entries.length < n) g.entries = new Int32Array(n * 2);
  const entries = g.entries;
  const store = g.store;
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
      const ok = linkable(g, type, value);
      entries[i] = ok ? UNMATCHED : UNLINKABLE;
      if (ok) {
        slow = true;
        if (type === 'userId') userIds++;
      }
      continue;
    }
    if (type === 'userId') userIds++;
    entries[i] = e;
    // An event's identifiers usually share one owner: skip the walk to the root for repeats.
    const owner = store.ownerOf(e);
    const r = owner === lastOwner ? lastRoot : g.forest.rootOf(owner);
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
  if (slow || best < 0) return resolveSlow(g, identifiers, ctx, best);
  return {
    customerId: g.forest.idOf(store.ownerOf(entries[best]!)),
    rootId: g.forest.idOf(root),
    created: false,
    merged: NO_MERGES,
    conflicts: NO_CONFLICTS,
  };
}

/** Links, merges and conflicts: the path for events that change the graph. `g.entries` is filled by resolve. */
function resolveSlow(g: GraphCore, identifiers: readonly Identifier[], ctx: ResolveContext, best: number): ResolveResult {
  const n = identifiers.length;
  const entries = g.entries.slice(0, n); // linking and merging below must not disturb it
  const forest = g.forest;
  const store = g.store;
  let created = false;
  let base: number;

  if (best < 0) {
    base = newProfile(g, ctx.at);
    created = true;
  } else {
    base = store.ownerOf(entries[best]!);
    // A userId we have not seen, about to join the matched cluster: would that be a bad merge?
    const u = identifiers.findIndex((id, i) => id.type === 'userId' && entries[i] === UNMATCHED);
    if (u >= 0) {
      const weak = effectiveType(g, identifiers[best]!, entries[best]!) === 'anonymousId';
      if (guard(g, -1, store.sourceIndexFor(ctx.sourceId), true, forest.rootOf(base), weak) !== null) {
        base = newProfile(g, ctx.at);
        created = true;
      }
    }
  }

  for (let i = 0; i < n; i++) {
    if (entries[i] !== UNMATCHED) continue;
    const id = identifiers[i]!;
    const type = id.type === PREVIOUS_ID ? 'anonymousId' : id.type;
    if (store.find(type, id.value) >= 0) continue; // listed twice in this event
    link(g, type, id.value, base, ctx.sourceId, ctx.at);
  }

  // Every other cluster the event touched: merge, or record why not. Strongest link first,
  // so a cluster reached by both an email and an anonymousId is judged on the email.
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (entries[i]! >= 0) order.push(i);
  const rank = (i: number): number => identifierRank(effectiveType(g, identifiers[i]!, entries[i]!));
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
    const type = effectiveType(g, identifiers[i]!, e);
    const identifier = { type, value: identifiers[i]!.value };
    const reason = guard(g, cur, -1, false, other, type === 'anonymousId');
    if (reason !== null) {
      refused.push(other);
      conflicts.push(recordConflict(g, base, owner, identifier, reason, ctx));
      continue;
    }
    const [from, into] = forest.isOlder(cur, other) ? [other, cur] : [cur, other];
    const rec = applyMerge(g, from, into, {
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

/** The type an identifier of the event matched as (`previousId` becomes userId or anonymousId). */
function effectiveType(g: GraphCore, id: Identifier, entry: number): string {
  return id.type === PREVIOUS_ID ? (entry >= 0 ? g.store.typeOf(entry) : 'anonymousId') : id.type;
}
