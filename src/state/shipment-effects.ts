/**
 * Catalogue effects of logistics: a shipment is pending from dispatch (or a delay notice)
 * until delivered. Its ETA is the one from the newest event, so a late-arriving dispatch does
 * not undo a delay.
 */
import { type CustomerState, LIMITS, type PendingShipment } from './state-types.js';
import { bury, type EffectTable, isBuried } from './effect-support.js';
import { appended, idOf, parseTime, removedAt } from './values.js';

/** Handlers for the shipment category. */
export const SHIPMENT_EFFECTS: EffectTable = [
  ['Shipment Dispatched', (s, p, d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined || isBuried(s, 'shipment', id, at)) return;
    const shipment = upsertShipment(s, id, idOf(p['order_id']), d, at);
    if (shipment === null) return;
    if (shipment.dispatchedAt === null || at < shipment.dispatchedAt) shipment.dispatchedAt = at;
    setEta(shipment, parseTime(p['eta']), at);
  }],
  ['Shipment Delayed', (s, p, d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined || isBuried(s, 'shipment', id, at)) return;
    const shipment = upsertShipment(s, id, idOf(p['order_id']), d, at);
    if (shipment === null) return;
    shipment.delayedCount++;
    setEta(shipment, parseTime(p['new_eta']), at);
  }],
  ['Shipment Delivered', (s, p, _d, at) => {
    const id = idOf(p['shipment_id']);
    if (id === undefined) return;
    const list = s.shipments;
    const i = list === null ? -1 : list.findIndex((x) => x.id === id);
    if (i < 0 || list === null) bury(s, 'shipment', id, at);
    else s.shipments = removedAt(list, i);
  }],
];

function upsertShipment(s: CustomerState, id: string, orderId: string | undefined, department: string, at: number): PendingShipment | null {
  const existing = s.shipments?.find((x) => x.id === id);
  if (existing !== undefined) {
    if (existing.orderId === undefined && orderId !== undefined) existing.orderId = orderId;
    return existing;
  }
  if ((s.shipments?.length ?? 0) >= LIMITS.openItems) return null;
  const shipment: PendingShipment = orderId === undefined
    ? { id, dispatchedAt: null, eta: null, etaAt: at, delayedCount: 0, department }
    : { id, orderId, dispatchedAt: null, eta: null, etaAt: at, delayedCount: 0, department };
  s.shipments = appended(s.shipments, shipment);
  return shipment;
}

/** The ETA from the newest event that gave a parseable one. */
function setEta(shipment: PendingShipment, eta: number | null, at: number): void {
  if (eta === null) return;
  if (shipment.eta === null || at >= shipment.etaAt) {
    shipment.eta = eta;
    shipment.etaAt = at;
  }
}
