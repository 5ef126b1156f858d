/**
 * Reading and matching `kept_by` (catalogue `Promise Made`): one definition for the customer
 * state's reducer (promise-effects.ts) and the company-wide promise ledger (src/promises): same
 * event name, every id the promise names equal to the event's, and the event's amount (or
 * total, or revenue) at least `min_amount`. Timing is the ledger's business, not the matcher's.
 */
import type { KeptBy } from './state-types.js';
import { idOf, isObject, nonNegative, text, type Obj } from './values.js';

/** The catalogue's `kept_by` object, camel-cased, or undefined when it names no event. */
export function parseKeptBy(v: unknown): KeptBy | undefined {
  if (!isObject(v)) return undefined;
  const event = text(v['event'], 200);
  if (event === undefined) return undefined;
  const k: KeptBy = { event };
  const orderId = idOf(v['order_id']);
  if (orderId !== undefined) k.orderId = orderId;
  const shipmentId = idOf(v['shipment_id']);
  if (shipmentId !== undefined) k.shipmentId = shipmentId;
  const refundId = idOf(v['refund_id']);
  if (refundId !== undefined) k.refundId = refundId;
  const ticketId = idOf(v['ticket_id']);
  if (ticketId !== undefined) k.ticketId = ticketId;
  const minAmount = nonNegative(v['min_amount']);
  if (minAmount !== undefined) k.minAmount = minAmount;
  return k;
}

/** The money an event carries, for min_amount. */
function amountOf(p: Obj): number | undefined {
  return nonNegative(p['amount']) ?? nonNegative(p['total']) ?? nonNegative(p['revenue']);
}

/** Whether a track event named `event` with properties `p` proves `k` (ignoring time). */
export function matchesKeptBy(k: KeptBy, event: string, p: Obj): boolean {
  if (k.event !== event) return false;
  if (k.orderId !== undefined && idOf(p['order_id']) !== k.orderId) return false;
  if (k.shipmentId !== undefined && idOf(p['shipment_id']) !== k.shipmentId) return false;
  if (k.refundId !== undefined && idOf(p['refund_id']) !== k.refundId) return false;
  if (k.ticketId !== undefined && idOf(p['ticket_id']) !== k.ticketId) return false;
  if (k.minAmount !== undefined) {
    const amount = amountOf(p);
    if (amount === undefined || amount < k.minAmount) return false;
  }
  return true;
}

/** Structural equality of two matchers (a re-sent `Promise Made` that changes nothing is a no-op). */
export function sameKeptBy(a: KeptBy | undefined, b: KeptBy | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.event === b.event && a.orderId === b.orderId && a.shipmentId === b.shipmentId && a.refundId === b.refundId && a.ticketId === b.ticketId && a.minAmount === b.minAmount;
}
