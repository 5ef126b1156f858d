/**
 * Reading a ledger snapshot (`PromiseLedger.toJSON`) back. The check is structural and cheap:
 * a snapshot of another version or shape is refused (null) so the caller rebuilds from the log,
 * the way `parseState` treats customer states.
 */
import { isObject } from '../state/values.js';
import { LEDGER_SNAPSHOT_VERSION, type PendingOp, type PromiseRecord } from './promise-types.js';

const STATUSES = new Set(['open', 'kept', 'broken', 'renegotiated', 'cancelled']);

export interface SnapshotParts {
  lastSeq: number;
  lastTick: number | null;
  records: PromiseRecord[];
  pending: Array<[string, PendingOp[]]>;
}

/** Whether a value has the fields the ledger relies on (indexes, heap, matching). */
export function isPromiseRecord(v: unknown): v is PromiseRecord {
  if (!isObject(v)) return false;
  return (
    typeof v['id'] === 'string' &&
    typeof v['customerId'] === 'string' &&
    typeof v['type'] === 'string' &&
    typeof v['department'] === 'string' &&
    typeof v['owner'] === 'string' &&
    isObject(v['origin']) &&
    Number.isFinite(v['madeAt']) &&
    Number.isFinite(v['termsAt']) &&
    Number.isFinite(v['dueAt']) &&
    Number.isFinite(v['graceMs']) &&
    typeof v['status'] === 'string' &&
    STATUSES.has(v['status']) &&
    Array.isArray(v['history']) &&
    (v['keptBy'] === undefined || (isObject(v['keptBy']) && typeof v['keptBy']['event'] === 'string'))
  );
}

function isPending(v: unknown): v is [string, PendingOp[]] {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && Array.isArray(v[1]) && v[1].every((op) => isObject(op) && typeof op['kind'] === 'string' && Number.isFinite(op['at']));
}

/** The parts of a snapshot, or null when `v` is not a snapshot of this version. */
export function readSnapshot(v: unknown): SnapshotParts | null {
  if (!isObject(v) || v['version'] !== LEDGER_SNAPSHOT_VERSION) return null;
  const { lastSeq, lastTick, records, pending } = v;
  if (typeof lastSeq !== 'number' || !Number.isFinite(lastSeq)) return null;
  if (lastTick !== null && (typeof lastTick !== 'number' || !Number.isFinite(lastTick))) return null;
  if (!Array.isArray(records) || !records.every(isPromiseRecord)) return null;
  if (!Array.isArray(pending) || !pending.every(isPending)) return null;
  return { lastSeq, lastTick, records, pending };
}
