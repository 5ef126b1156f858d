/**
 * Logistics' side of the demo, by order_id only (the warehouse and the carrier never see who
 * the customer is): dispatch at the node before the carrier cut-off, an ETA promised on
 * dispatch, and the carrier's outcome — on time, announced late, silently late or lost for
 * weeks. Logistics is never told about marketing's next-day promises; it only expedites
 * half of those orders, by luck.
 */
import type { CampaignPlan } from './company-campaigns.js';
import { MODEL } from './company-model.js';
import type { CustomerSim } from './customer-sim.js';
import { iso } from './demo-format.js';
import { DAY, HOUR, MINUTE } from './demo-options.js';

const DELAY_REASONS = ['carrier capacity', 'weather', 'address issue', 'sorting centre backlog', 'customs'];

/** How a shipment went, for the service desk to react to. */
export interface Delivery {
  /** The ETA promised at dispatch (ms). */
  eta: number;
  /** When the parcel actually arrived (ms); may fall after the demo's end. */
  delivered: number;
  late: boolean;
  /** Missing in the carrier's network for weeks (also late). */
  lost: boolean;
  /** How late, in days (0 when on time). */
  delayDays: number;
  /** The order came from a campaign that promised next-day delivery. */
  nextDay: boolean;
  /** Logistics managed to ship that order next-day. */
  expedited: boolean;
}

/** Ships order `orderId` placed at t: dispatch, delivery promise, delays and delivery. */
export function deliver(sim: CustomerSim, t: number, orderId: string, campaign: CampaignPlan | null): Delivery {
  const rng = sim.rng;
  const node = sim.node;
  const k = sim.seq.ord;
  const shipmentId = `shp-${sim.index}-${k}`;
  let dispatch = dispatchTime(sim, t);
  if (dispatch < t + 60 * MINUTE) dispatch = t + rng.uniform(60, 120) * MINUTE;

  // Campaign next-day promise: half the time logistics manages to expedite.
  const nextDay = campaign?.promiseDays != null;
  const expedited = nextDay && rng.chance(0.5);
  let leadDays = node.standardLeadTimeDays + (rng.chance(0.15) ? 1 : 0);
  if (expedited) leadDays = 1;
  let etaDay = sim.localDay(dispatch);
  for (let d = 0; d < leadDays; d++) {
    etaDay += DAY;
    if (new Date(etaDay + sim.off + 12 * HOUR).getUTCDay() === 0) etaDay += DAY;
  }
  const eta = etaDay + 20 * HOUR;

  sim.logistics(dispatch, 'warehouse', 'Shipment Dispatched', { shipment_id: shipmentId, order_id: orderId, carrier: node.carrier, eta: iso(eta), node: node.id });
  sim.promise(dispatch + 1000, 'warehouse', {
    promise_id: sim.id('prm'), type: 'delivery', owner: 'logistics', due_at: iso(eta), order_id: orderId,
    description: `Delivery by ${iso(eta).slice(0, 10)}`, kept_by: { event: 'Shipment Delivered', order_id: orderId },
  }, 'order');

  // Delivery outcome.
  const r = rng.float();
  let delivered: number;
  let late = false;
  let lost = false;
  let delayDays = 0;
  if (r < MODEL.lostRate) {
    // Missing in the carrier's network: announced late, refunded, and found weeks later.
    late = true;
    lost = true;
    delayDays = rng.int(10, 25);
    const notice = eta + rng.uniform(1, 3) * DAY;
    sim.logistics(notice, 'carrier-feed', 'Shipment Delayed', { shipment_id: shipmentId, order_id: orderId, new_eta: iso(eta + delayDays * DAY), reason: 'missing in network' });
    delivered = eta + delayDays * DAY - rng.uniform(1, 9) * HOUR;
  } else if (r < MODEL.lostRate + MODEL.delayRate * (nextDay ? 1.5 : 1)) {
    late = true;
    delayDays = rng.int(1, 5);
    const notice = dispatch + (eta - dispatch) * rng.uniform(0.3, 0.95);
    const newEta = eta + delayDays * DAY;
    sim.logistics(notice, 'carrier-feed', 'Shipment Delayed', { shipment_id: shipmentId, order_id: orderId, new_eta: iso(newEta), reason: rng.pick(DELAY_REASONS) });
    delivered = rng.chance(0.75) ? newEta - rng.uniform(1, 9) * HOUR : newEta + rng.uniform(0.5, 3) * DAY;
  } else if (r < MODEL.lostRate + MODEL.delayRate * (nextDay ? 1.5 : 1) + MODEL.silentLateRate) {
    late = true;
    delivered = eta + rng.uniform(4, 72) * HOUR;
    delayDays = (delivered - eta) / DAY;
  } else {
    delivered = eta - rng.uniform(1, 10) * HOUR - (rng.chance(0.3) ? DAY : 0);
    if (delivered < dispatch + 10 * HOUR) delivered = dispatch + rng.uniform(10, 20) * HOUR;
  }
  sim.logistics(delivered, 'carrier-feed', 'Shipment Delivered', { shipment_id: shipmentId, order_id: orderId });
  return { eta, delivered, late, lost, delayDays, nextDay, expedited };
}

/** Next dispatch slot at the node: after the order, before the carrier cut-off on a working day. */
function dispatchTime(sim: CustomerSim, t: number): number {
  const node = sim.node;
  const nodeOff = node.utcOffset * HOUR;
  const cutoffHour = Number(node.carrierCutoff.slice(0, 2));
  let day = Math.floor((t + nodeOff) / DAY) * DAY - nodeOff;
  let cutoff = day + cutoffHour * HOUR;
  if (t + 90 * MINUTE > cutoff) {
    day += DAY;
    cutoff += DAY;
  }
  for (;;) {
    const weekday = new Date(day + nodeOff + 12 * HOUR).getUTCDay();
    if (weekday !== 0 && weekday !== 6) break;
    day += DAY;
    cutoff += DAY;
  }
  return cutoff - sim.rng.uniform(0.2, 3) * HOUR;
}
