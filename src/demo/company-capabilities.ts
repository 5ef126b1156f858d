/**
 * What the demo company can do, sized for its customer base: stock, inbound receipts and
 * pick-and-pack capacity at each fulfilment node; the service centre's roster and contact
 * parameters; billing's refund capacity. All are derived from the behaviour model
 * (company-model.ts), so they fit the demand the generator produces — with deliberate slack
 * and shortfalls for later features to find.
 */
import { COUNTRIES, type FulfilmentNode, NODES, PRODUCTS, type Region } from './company-catalogue.js';
import { MODEL, UNITS_PER_LINE } from './company-model.js';
import { DAY } from './demo-options.js';
import type { Rng } from './random.js';

/** Units of a SKU on hand at a node now. */
export interface StockLevel { sku: string; node: string; onHand: number }
/** A delivery of a SKU expected at a node. */
export interface InboundReceipt { sku: string; node: string; /** ISO date (YYYY-MM-DD). */ date: string; quantity: number }
/** A node's pick-and-pack capacity on one day. */
export interface NodeCapacity { node: string; /** ISO date. */ date: string; /** Orders the node can pick and pack that day. */ orders: number }

/** Agents on the queue in one half hour of the weekly service roster. */
export interface RosterInterval {
  /** 0 = Monday … 6 = Sunday, in the service centre's time zone. */
  day: number;
  /** Local start of the 30-minute interval, HH:MM. */
  start: string;
  agentsOnQueue: number;
}

/** The kinds of contact the service centre handles (handling times and mix are per kind). */
export type ContactType = 'delivery' | 'billing' | 'product' | 'complaint';

/** Inventory and supply over the four weeks after the demo's end. */
export interface DemoInventory {
  nodes: FulfilmentNode[];
  stock: StockLevel[];
  receipts: InboundReceipt[];
  capacity: NodeCapacity[];
  /** Expected orders per day per node at the current base (what the figures above were sized for). */
  expectedOrdersPerDay: Record<string, number>;
}

/** The service centre: roster and the parameters workforce planning needs. */
export interface DemoService {
  timezone: string;
  intervalMinutes: 30;
  roster: RosterInterval[];
  handlingTimeSeconds: Record<ContactType, number>;
  contactMix: Record<ContactType, number>;
  serviceLevel: { target: number; seconds: number };
  shrinkage: number;
  occupancyCap: number;
  contactsPerOrder: number;
  contactsPerLateOrder: number;
  /** Contacts not tied to an order (account, product questions) per day. */
  baselineContactsPerDay: number;
}

/** Billing's capability. */
export interface DemoBilling { refundWithinDays: number; refundsPerDayCapacity: number; disputeResponseDays: number }

/**
 * Stock, receipts and capacity per node for `ordersPerDay` orders in all, split by region
 * from the customer country weights. Draws from the company-data `rng` first (before the
 * roster and the campaign history).
 */
export function demoInventory(rng: Rng, ordersPerDay: number, end: number): DemoInventory {
  // Demand share per region, from customer country weights.
  const regionShare: Record<Region, number> = { eu: 0, americas: 0, asia: 0 };
  let totalWeight = 0;
  for (const c of COUNTRIES) totalWeight += c.weight;
  for (const c of COUNTRIES) regionShare[c.region] += c.weight / totalWeight;

  let popularity = 0;
  for (const p of PRODUCTS) popularity += p.popularity;
  const unitsPerOrder = MODEL.averageOrderLines * UNITS_PER_LINE;

  const stock: StockLevel[] = [];
  const receipts: InboundReceipt[] = [];
  const capacity: NodeCapacity[] = [];
  const expectedOrdersPerDay: Record<string, number> = {};
  const endDay = Math.floor(end / DAY) * DAY;
  for (const node of NODES) {
    const nodeOrders = ordersPerDay * regionShare[node.region];
    expectedOrdersPerDay[node.id] = Math.round(nodeOrders * 10) / 10;
    for (const p of PRODUCTS) {
      const daily = (nodeOrders * unitsPerOrder * p.popularity) / popularity;
      // Most SKUs hold weeks of supply; about one in ten is running low; a few are out.
      const r = rng.float();
      const daysOfSupply = r < 0.03 ? 0 : r < 0.12 ? rng.uniform(1, 6) : rng.uniform(15, 60);
      stock.push({ sku: p.sku, node: node.id, onHand: Math.round(daily * daysOfSupply) });
      const count = daysOfSupply < 10 ? rng.int(1, 2) : rng.int(0, 2);
      for (let k = 0; k < count; k++) {
        const day = rng.int(3, 27);
        receipts.push({ sku: p.sku, node: node.id, date: isoDate(endDay + day * DAY), quantity: Math.max(6, Math.round(daily * rng.uniform(20, 40))) });
      }
    }
    for (let d = 1; d <= 28; d++) {
      const date = endDay + d * DAY;
      const weekday = (new Date(date).getUTCDay() + 6) % 7;
      const factor = weekday === 6 ? 0 : weekday === 5 ? 0.5 : 1.3;
      capacity.push({ node: node.id, date: isoDate(date), orders: Math.ceil(nodeOrders * factor * 7 / 6.0) });
    }
  }
  receipts.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { nodes: NODES.map((x) => ({ ...x })), stock, receipts, capacity, expectedOrdersPerDay };
}

const INTRADAY: readonly number[] = (() => {
  // Contact arrivals per half hour 08:00–20:00: a morning peak and a smaller after-lunch one.
  const w: number[] = [];
  for (let i = 0; i < 24; i++) {
    const h = 8 + i / 2;
    w.push(Math.exp(-((h - 10.5) ** 2) / 4) + 0.7 * Math.exp(-((h - 14.5) ** 2) / 5) + 0.25);
  }
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / total);
})();

/** Relative contact volume by weekday, Monday first. */
const WEEKDAY_LOAD: readonly number[] = [1.25, 1.1, 1.0, 1.0, 0.95, 0.55, 0];

/**
 * The weekly roster and contact parameters for a base of `customers` placing `ordersPerDay`
 * orders: contact volumes from the same rates the generator uses. Draws from the company-data
 * `rng` after the inventory.
 */
export function demoService(rng: Rng, customers: number, ordersPerDay: number): DemoService {
  const lateShare = MODEL.delayRate + MODEL.silentLateRate + MODEL.lostRate;
  const contactsPerOrder = MODEL.ticketRateOnTime + MODEL.returnRate * 0.5;
  const contactsPerLateOrder = MODEL.ticketRateLate * (1 + MODEL.complaintRateLateTicket);
  const baselineContactsPerDay = Math.round(customers * 0.00012 * 10) / 10;
  const contactsPerDay = ordersPerDay * (contactsPerOrder + lateShare * contactsPerLateOrder) + baselineContactsPerDay;
  const handlingTimeSeconds: Record<ContactType, number> = { delivery: 240, billing: 300, product: 330, complaint: 600 };
  const contactMix: Record<ContactType, number> = { delivery: 0.45, billing: 0.2, product: 0.2, complaint: 0.15 };
  let aht = 0;
  for (const k of Object.keys(contactMix) as ContactType[]) aht += contactMix[k] * handlingTimeSeconds[k];
  const occupancyCap = 0.85;
  const roster: RosterInterval[] = [];
  const weekLoad = WEEKDAY_LOAD.reduce((a, b) => a + b, 0);
  for (let day = 0; day < 7; day++) {
    const dayContacts = (contactsPerDay * 7 * (WEEKDAY_LOAD[day] ?? 0)) / weekLoad;
    for (let i = 0; i < 48; i++) {
      const h = Math.floor(i / 2);
      const start = `${String(h).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`;
      const slot = i - 16; // 08:00 is interval 16
      const open = dayContacts > 0 && slot >= 0 && slot < 24 && !(day === 5 && (slot < 2 || slot >= 18));
      let agents = 0;
      if (open) {
        const load = (dayContacts * (INTRADAY[slot] ?? 0) * aht) / 1800;
        // Roughly what Erlang C asks for at 80/20 with a small square-root safety margin;
        // some intervals are deliberately a little under- or over-staffed.
        agents = Math.max(1, Math.ceil(load / occupancyCap + Math.sqrt(load) * 0.5 + rng.normal(0, 0.6)));
      }
      roster.push({ day, start, agentsOnQueue: agents });
    }
  }
  return {
    timezone: 'Europe/Paris',
    intervalMinutes: 30,
    roster,
    handlingTimeSeconds,
    contactMix,
    serviceLevel: { target: 0.8, seconds: 20 },
    shrinkage: 0.3,
    occupancyCap,
    contactsPerOrder: Math.round(contactsPerOrder * 1000) / 1000,
    contactsPerLateOrder: Math.round(contactsPerLateOrder * 1000) / 1000,
    baselineContactsPerDay,
  };
}

/** Billing sized for the returns `ordersPerDay` orders bring, with headroom. */
export function demoBilling(ordersPerDay: number): DemoBilling {
  return { refundWithinDays: MODEL.refundWithinDays, refundsPerDayCapacity: Math.max(5, Math.ceil(ordersPerDay * MODEL.returnRate * 1.5)), disputeResponseDays: 7 };
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
