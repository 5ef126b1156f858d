/** Builders for the promise ledger tests (test support; production code does not import it). */
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { event } from '../state/test-events.js';

export { DAY, HOUR, T0 } from '../state/test-events.js';
export const MINUTE = 60_000;

export const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Makes logged events with increasing seqs, as the pipeline hands them over (the ledger skips
 * a seq it has already passed).
 */
export class EventLog {
  private seq = 0;
  readonly events: TuttiEvent[] = [];

  track(name: string, properties: JsonObject, at: number, department = 'service'): TuttiEvent {
    const ev = event(name, properties, { at, seq: ++this.seq, department });
    this.events.push(ev);
    return ev;
  }

  made(id: string, due: number, at: number, extra: JsonObject = {}, department = 'service'): TuttiEvent {
    return this.track('Promise Made', { promise_id: id, type: 'refund', owner: 'billing', due_at: iso(due), ...extra }, at, department);
  }
}
