/**
 * Promise records in one fixed shape. Every record is built here with every field present
 * (absent ones undefined, which JSON leaves out), and fields are cleared by assigning undefined,
 * never `delete`: a million records then share one hidden class, a clock break writes into
 * fields that already exist instead of growing each record's property store, and `delete`
 * never drops a record into slow dictionary mode. A tick breaking a million promises is
 * mostly allocation, so this is what keeps it within its budget.
 */
import type { HistoryEntry, KeptBy, PromiseOrigin, PromiseRecord, PromiseStatus } from './promise-types.js';

export interface RecordTerms {
  id: string;
  customerId: string;
  type: string;
  department: string;
  owner: string;
  origin: PromiseOrigin;
  madeAt: number;
  termsAt: number;
  dueAt: number;
  graceMs: number;
  keptBy: KeptBy | undefined;
  campaignId: string | undefined;
  description: string | undefined;
}

export function deadlineOf(r: PromiseRecord): number {
  return r.dueAt + r.graceMs;
}

/** A record in the canonical shape. */
export function newRecord(t: RecordTerms, status: PromiseStatus, history: HistoryEntry[]): PromiseRecord {
  return {
    id: t.id,
    customerId: t.customerId,
    type: t.type,
    department: t.department,
    owner: t.owner,
    origin: t.origin,
    madeAt: t.madeAt,
    termsAt: t.termsAt,
    dueAt: t.dueAt,
    graceMs: t.graceMs,
    keptBy: t.keptBy,
    campaignId: t.campaignId,
    description: t.description,
    status,
    closedAt: undefined,
    closedBy: undefined,
    reason: undefined,
    renegotiatedTo: undefined,
    renegotiatedFrom: undefined,
    proactiveNotice: undefined,
    fulfilledLateAt: undefined,
    history,
  };
}

/** A stored record (parsed JSON or a table row) brought back to the canonical shape. */
export function reviveRecord(r: PromiseRecord): PromiseRecord {
  const out = newRecord(
    {
      id: r.id, customerId: r.customerId, type: r.type, department: r.department, owner: r.owner, origin: { kind: r.origin.kind, ref: r.origin.ref },
      madeAt: r.madeAt, termsAt: r.termsAt, dueAt: r.dueAt, graceMs: r.graceMs, keptBy: r.keptBy === undefined || r.keptBy === null ? undefined : { ...r.keptBy },
      campaignId: r.campaignId ?? undefined, description: r.description ?? undefined,
    },
    r.status,
    r.history.map((h) => ({ ...h })),
  );
  out.closedAt = r.closedAt ?? undefined;
  out.closedBy = r.closedBy ?? undefined;
  out.reason = r.reason ?? undefined;
  out.renegotiatedTo = r.renegotiatedTo ?? undefined;
  out.renegotiatedFrom = r.renegotiatedFrom ?? undefined;
  out.proactiveNotice = r.proactiveNotice ?? undefined;
  out.fulfilledLateAt = r.fulfilledLateAt ?? undefined;
  return out;
}

/**
 * The history with one more entry, as a new exact-size array: `push` would give most records a
 * 17-slot backing store for their second entry.
 */
export function withEntry(history: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry[] {
  const n = history.length;
  // Literals are allocated inline; `new Array(n)` goes through the runtime (measured: it was
  // half the cost of a tick breaking a million promises).
  if (n === 1) return [history[0] as HistoryEntry, entry];
  if (n === 2) return [history[0] as HistoryEntry, history[1] as HistoryEntry, entry];
  const out = new Array<HistoryEntry>(n + 1);
  for (let i = 0; i < n; i++) out[i] = history[i] as HistoryEntry;
  out[n] = entry;
  return out;
}
