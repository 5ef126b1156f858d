/**
 * Joins facts to customers at query time. Facts are filed under the profile their event arrived
 * for; a customer is a root with all the profiles merged into it, and merges happen after the
 * fact. So a query resolves each customer it needs once (through the identity graph), marks
 * every profile of that customer's cluster, and from then on a fact's customer is one
 * typed-array read.
 *
 * The trick the engines rely on: after `resolve` has been called for the customers that matter
 * (say, everyone with a hold in the period), `peek(profile) < 0` proves a fact's customer is not
 * one of them — no identity look-up for the other million facts.
 *
 * Two shortcuts keep the look-ups off the hot path: when no profile is merged at all (profiles =
 * customers) a profile is its own customer and nothing is looked up; otherwise RootsCache keeps
 * the resolutions between queries while the number of merged profiles stays the same (for at
 * most a minute, so an unmerge balanced by a merge elsewhere is picked up soon).
 */
import type { ScorecardLedger } from './ledger.js';

/** What the engines need of the identity graph (IdentityGraph is one). */
export interface IdentityView {
  /** The root id of any profile id, or undefined when unknown. */
  rootOf(customerId: string): string | undefined;
  /** Every profile id of the customer, root first. */
  clusterOf(rootId: string): string[];
  /** Profiles, merged ones included (with customerCount: no merge at all when equal). */
  profileCount?(): number;
  /** Customers (roots). */
  customerCount?(): number;
}

/** Treats every profile as its own customer (tests, and stores without merges). */
export const PROFILES_ARE_CUSTOMERS: IdentityView = { rootOf: (id) => id, clusterOf: (id) => [id] };

function unmerged(identity: IdentityView): boolean {
  if (identity === PROFILES_ARE_CUSTOMERS) return true;
  return identity.profileCount !== undefined && identity.customerCount !== undefined && identity.profileCount() === identity.customerCount();
}

export class CustomerRoots {
  /** Profile → local customer index, or -1 when not resolved. */
  private memo: Int32Array;
  /** Local customer index → root id. */
  private readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  /** Every profile is its own customer: customer index = profile index. */
  readonly trivial: boolean;

  constructor(private readonly ledger: ScorecardLedger, private readonly identity: IdentityView) {
    this.trivial = unmerged(identity);
    this.memo = new Int32Array(this.trivial ? 0 : ledger.profileCount).fill(-1);
  }

  /** Makes room for profiles the ledger learned since (they start unresolved). */
  grow(): void {
    const n = this.ledger.profileCount;
    if (this.trivial || n <= this.memo.length) return;
    const next = new Int32Array(n).fill(-1);
    next.set(this.memo);
    this.memo = next;
  }

  /** The customer (local index) of a profile, resolving and marking its cluster if needed. */
  resolve(p: number): number {
    if (this.trivial) return p;
    const hit = this.memo[p]!;
    if (hit >= 0) return hit;
    const profileId = this.ledger.profileId(p);
    const root = this.identity.rootOf(profileId) ?? profileId;
    let c = this.byId.get(root);
    if (c === undefined) {
      c = this.ids.length;
      this.ids.push(root);
      this.byId.set(root, c);
      const cluster = this.identity.clusterOf(root);
      if (cluster.length > 1 || cluster[0] !== profileId) {
        for (const id of cluster) {
          const q = this.ledger.findProfile(id);
          if (q >= 0 && q < this.memo.length) this.memo[q] = c;
        }
      }
    }
    this.memo[p] = c;
    return c;
  }

  /** The customer of a profile if it was resolved (directly or through its cluster), else -1. */
  peek(p: number): number {
    if (this.trivial) return p;
    return p < this.memo.length ? this.memo[p]! : -1;
  }

  /** The root id of a customer index. */
  id(c: number): string {
    return this.trivial ? this.ledger.profileId(c) : (this.ids[c] ?? 'unknown');
  }
}

/** Reuses one CustomerRoots between queries while no profile was merged or unmerged. */
export class RootsCache {
  private roots: CustomerRoots | null = null;
  private key: { identity: IdentityView; merged: number; at: number } | null = null;

  constructor(private readonly maxAgeMs = 60_000) {}

  get(ledger: ScorecardLedger, identity: IdentityView, now: number): CustomerRoots {
    const merged = identity.profileCount !== undefined && identity.customerCount !== undefined ? identity.profileCount() - identity.customerCount() : Number.NaN;
    const k = this.key;
    if (this.roots !== null && k !== null && k.identity === identity && k.merged === merged && now - k.at <= this.maxAgeMs && (merged === 0) === this.roots.trivial) {
      this.roots.grow();
      return this.roots;
    }
    this.roots = new CustomerRoots(ledger, identity);
    this.key = { identity, merged, at: now };
    return this.roots;
  }
}
