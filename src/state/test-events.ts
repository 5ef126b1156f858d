/** Event builders for the state tests (test support; production code does not import it). */
import type { JsonObject, MessageType, TuttiEvent } from '../core/event.js';

export const T0 = Date.UTC(2025, 0, 6, 9, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export interface EventOptions {
  at?: number;
  seq?: number;
  department?: string;
  type?: MessageType;
  traits?: JsonObject;
  context?: JsonObject;
}

let nextSeq = 1;

/** A track event (or another type via options) with sensible defaults. */
export function event(name: string, properties: JsonObject = {}, o: EventOptions = {}): TuttiEvent {
  const seq = o.seq ?? nextSeq++;
  const at = o.at ?? T0;
  return {
    seq,
    sourceId: 'src_test',
    department: o.department ?? 'service',
    messageId: `m-${seq}`,
    type: o.type ?? 'track',
    event: name,
    customerId: 'cus_1',
    userId: 'u-1',
    anonymousId: null,
    timestamp: at,
    receivedAt: at,
    properties,
    traits: o.traits ?? {},
    context: o.context ?? {},
    catalogueVersion: '1.0.0',
  };
}

export function identify(traits: JsonObject, o: EventOptions = {}): TuttiEvent {
  return event('Identify', {}, { ...o, type: 'identify', traits });
}
