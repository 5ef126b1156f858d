/**
 * The audit side of the identity graph: every merge (undone ones included) and every
 * conflict, indexed by the profiles they touch. Profiles are the graph's integer indexes.
 * Records are rare next to links, so plain objects and Maps are fine here.
 */
import type { ConflictRecord, MergeRecord } from './identity-types.js';

/** A merge and its endpoints. */
export interface MergeEntry {
  rec: MergeRecord;
  from: number;
  into: number;
  /** Whether this merge's edge is in the forest now (false once undone, or if storage held an inconsistent one). */
  applied: boolean;
}

/** Copies handed out, so callers cannot edit the audit trail. */
export const copyMerge = (r: MergeRecord): MergeRecord => ({ ...r });
export const copyConflict = (r: ConflictRecord): ConflictRecord => ({ ...r });

function push<K>(index: Map<K, number[]>, key: K, value: number): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}

function conflictKey(a: number, b: number, reason: string): string {
  return a < b ? `${a} ${b} ${reason}` : `${b} ${a} ${reason}`;
}

/** Merges and conflicts, by id and by profile. */
export class IdentityAudit {
  private readonly merges: MergeEntry[] = [];
  private readonly mergeIndex = new Map<string, number>();
  private readonly mergesByProfile = new Map<number, number[]>();
  /** Undone merges per endpoint profile: the "unmerged before" guard-rail. */
  private readonly undoneByProfile = new Map<number, number[]>();
  private readonly conflicts: ConflictRecord[] = [];
  private readonly conflictIds = new Set<string>();
  private readonly conflictsByProfile = new Map<number, number[]>();
  /** `a b reason` (profile indexes, smaller first) → conflict: one record per pair and reason. */
  private readonly conflictKeys = new Map<string, number>();

  /** Adds a merge (not yet applied) and returns its entry. */
  addMerge(rec: MergeRecord, from: number, into: number): MergeEntry {
    const mi = this.merges.length;
    const entry: MergeEntry = { rec, from, into, applied: false };
    this.merges.push(entry);
    this.mergeIndex.set(rec.id, mi);
    push(this.mergesByProfile, from, mi);
    push(this.mergesByProfile, into, mi);
    if (rec.undoneAt !== null) this.indexUndone(mi);
    return entry;
  }

  hasMerge(id: string): boolean {
    return this.mergeIndex.has(id);
  }

  /** The merge with this id, or undefined. */
  merge(id: string): MergeEntry | undefined {
    const mi = this.mergeIndex.get(id);
    return mi === undefined ? undefined : this.merges[mi];
  }

  /** Marks a merge undone (the caller cuts the forest edge). */
  markUndone(entry: MergeEntry, at: number, actor: string): void {
    entry.applied = false;
    entry.rec.undoneAt = at;
    entry.rec.undoneBy = actor;
    this.indexUndone(this.mergeIndex.get(entry.rec.id)!);
  }

  /** True once any merge was undone (lets the guard-rail skip its walk in the common case). */
  hasUndone(): boolean {
    return this.undoneByProfile.size > 0;
  }

  /** Undone merges with profile `p` at one end. */
  undoneAt(p: number): readonly MergeEntry[] {
    return (this.undoneByProfile.get(p) ?? []).map((mi) => this.merges[mi]!);
  }

  /** Copies of the merges touching any of `profiles`, oldest first. */
  mergesTouching(profiles: readonly number[]): MergeRecord[] {
    return collect(profiles, this.mergesByProfile).map((mi) => copyMerge(this.merges[mi]!.rec));
  }

  /** Adds a conflict between profiles `a` and `b` (-1 when unknown). Known ids are ignored. */
  addConflict(rec: ConflictRecord, a: number, b: number): void {
    if (this.conflictIds.has(rec.id)) return;
    const ci = this.conflicts.length;
    this.conflicts.push(rec);
    this.conflictIds.add(rec.id);
    if (a >= 0) push(this.conflictsByProfile, a, ci);
    if (b >= 0 && b !== a) push(this.conflictsByProfile, b, ci);
    if (a >= 0 && b >= 0) {
      const key = conflictKey(a, b, rec.reason);
      if (!this.conflictKeys.has(key)) this.conflictKeys.set(key, ci);
    }
  }

  /** The conflict already recorded between `a` and `b` for `reason`, or undefined. */
  findConflict(a: number, b: number, reason: string): ConflictRecord | undefined {
    const ci = this.conflictKeys.get(conflictKey(a, b, reason));
    return ci === undefined ? undefined : this.conflicts[ci];
  }

  /** Copies of the conflicts touching any of `profiles`, oldest first. */
  conflictsTouching(profiles: readonly number[]): ConflictRecord[] {
    return collect(profiles, this.conflictsByProfile).map((ci) => copyConflict(this.conflicts[ci]!));
  }

  private indexUndone(mi: number): void {
    const m = this.merges[mi]!;
    push(this.undoneByProfile, m.from, mi);
    push(this.undoneByProfile, m.into, mi);
  }
}

function collect(profiles: readonly number[], index: Map<number, number[]>): number[] {
  const found = new Set<number>();
  for (const p of profiles) for (const x of index.get(p) ?? []) found.add(x);
  return [...found].sort((a, b) => a - b);
}
