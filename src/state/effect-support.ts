/**
 * What the catalogue-effect modules share: the handler signature and tombstones. A tombstone
 * remembers that a ticket, complaint, shipment, refund or dispute was closed before it was seen
 * open, so the late "opened" event that arrives afterwards does not bring it back.
 */
import { type CustomerState, LIMITS, type TombstoneKind } from './state-types.js';
import { appended, type Obj } from './values.js';

/** One catalogued event's effect on the state; `department` is the sending source's department. */
export type EffectHandler = (s: CustomerState, p: Obj, department: string, at: number, seq: number) => void;

/** Handlers of one event category, keyed by event name (catalogue-effects.ts joins them into one map). */
export type EffectTable = ReadonlyArray<readonly [string, EffectHandler]>;

/** True when `id` was closed at or after `at`: an event that would reopen it is stale. */
export function isBuried(s: CustomerState, kind: TombstoneKind, id: string, at: number): boolean {
  const list = s.tombstones;
  if (list === null) return false;
  for (const t of list) if (t.kind === kind && t.id === id && t.at >= at) return true;
  return false;
}

/** Remembers that `id` closed at `at` without being open here (bounded: the oldest falls off). */
export function bury(s: CustomerState, kind: TombstoneKind, id: string, at: number): void {
  const list = s.tombstones;
  if (list !== null) {
    for (const t of list) {
      if (t.kind === kind && t.id === id) {
        if (at > t.at) t.at = at;
        return;
      }
    }
  }
  const next = appended(list, { kind, id, at });
  s.tombstones = next.length > LIMITS.tombstones ? next.slice(1) : next;
}
