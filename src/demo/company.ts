/**
 * The demo company, Maison Tutti: an online home-and-kitchen shop selling in Europe, the
 * Americas and Asia from three fulfilment nodes. This file holds what is true of the company
 * as a whole (its department systems, products, warehouses, staffing, capabilities and past
 * campaigns); generator.ts simulates its customers. Everything here is a pure function of the
 * options and JSON-serialisable.
 */
import { Rng, weightedTable, type WeightedTable } from './random.js';
import { demoMessageHistory, type LabelledMessage } from './messages.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const YEAR = 365 * DAY;

/** The company's currency: every price and order is in euros. */
export const DEMO_CURRENCY = 'EUR';

/** The options the whole demo is generated from. */
export interface DemoOptions {
  customers: number;
  seed: number;
  /** ms: the demo's "now"; events span the year before it. */
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Department systems

export interface DemoSource {
  /** Source name, as a message's `source` names it. */
  name: string;
  department: string;
  description: string;
  /** How this system identifies a customer in its messages (what identity resolution sees). */
  identifiesBy: string;
}

const SOURCES: readonly DemoSource[] = [
  { name: 'web-shop', department: 'sales', description: 'The online shop (analytics.js and server-side order events).', identifiesBy: 'userId u-<n> after login, anonymousId before' },
  { name: 'crm', department: 'sales', description: 'The sales CRM: customer records, sales calls, churn.', identifiesBy: 'context.externalIds crm_id plus traits/context.traits email (and phone on identify)' },
  { name: 'email-platform', department: 'marketing', description: 'Campaign email sends, opens, clicks, unsubscribes, NPS surveys.', identifiesBy: 'context.traits.email only' },
  { name: 'ad-campaigns', department: 'marketing', description: 'Paid social and search: leads from ad clicks.', identifiesBy: 'anonymousId of the browser that clicked the ad' },
  { name: 'helpdesk', department: 'service', description: 'The service desk: tickets, complaints, callbacks, CSAT.', identifiesBy: 'context.traits.email only (plus ticket_id)' },
  { name: 'warehouse', department: 'logistics', description: 'The warehouse system: dispatches and delivery promises.', identifiesBy: 'properties.order_id only' },
  { name: 'carrier-feed', department: 'logistics', description: 'Carrier tracking feed: delays and deliveries.', identifiesBy: 'properties.order_id only (plus shipment_id)' },
  { name: 'billing', department: 'billing', description: 'Payments, refunds and disputes.', identifiesBy: 'userId u-<n>' },
];

/** The department systems that send the demo's events. */
export function demoSources(): DemoSource[] {
  return SOURCES.map((s) => ({ ...s }));
}

// ---------------------------------------------------------------------------------------------
// Geography

export type Region = 'eu' | 'americas' | 'asia';

export interface Country {
  code: string;
  name: string;
  region: Region;
  weight: number;
  /** IANA zones with their standard UTC offset in hours (daylight saving is ignored for placing events). */
  zones: readonly (readonly [string, number])[];
  phonePrefix: string;
  /** Leading digits of a mobile number after the country code; 8 more digits follow. */
  mobileLead: string;
  cities: readonly string[];
}

export const COUNTRIES: readonly Country[] = [
  { code: 'FR', name: 'France', region: 'eu', weight: 16, zones: [['Europe/Paris', 1]], phonePrefix: '+33', mobileLead: '6', cities: ['Paris', 'Lyon', 'Marseille', 'Lille', 'Nantes'] },
  { code: 'DE', name: 'Germany', region: 'eu', weight: 14, zones: [['Europe/Berlin', 1]], phonePrefix: '+49', mobileLead: '15', cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne'] },
  { code: 'GB', name: 'United Kingdom', region: 'eu', weight: 11, zones: [['Europe/London', 0]], phonePrefix: '+44', mobileLead: '7', cities: ['London', 'Manchester', 'Leeds', 'Bristol'] },
  { code: 'ES', name: 'Spain', region: 'eu', weight: 7, zones: [['Europe/Madrid', 1]], phonePrefix: '+34', mobileLead: '6', cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville'] },
  { code: 'IT', name: 'Italy', region: 'eu', weight: 7, zones: [['Europe/Rome', 1]], phonePrefix: '+39', mobileLead: '3', cities: ['Milan', 'Rome', 'Turin', 'Bologna'] },
  { code: 'NL', name: 'Netherlands', region: 'eu', weight: 5, zones: [['Europe/Amsterdam', 1]], phonePrefix: '+31', mobileLead: '6', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'] },
  { code: 'SE', name: 'Sweden', region: 'eu', weight: 3, zones: [['Europe/Stockholm', 1]], phonePrefix: '+46', mobileLead: '7', cities: ['Stockholm', 'Gothenburg'] },
  { code: 'PL', name: 'Poland', region: 'eu', weight: 4, zones: [['Europe/Warsaw', 1]], phonePrefix: '+48', mobileLead: '5', cities: ['Warsaw', 'Krakow', 'Gdansk'] },
  { code: 'US', name: 'United States', region: 'americas', weight: 15, zones: [['America/New_York', -5], ['America/Chicago', -6], ['America/Denver', -7], ['America/Los_Angeles', -8]], phonePrefix: '+1', mobileLead: '21', cities: ['New York', 'Chicago', 'Denver', 'Seattle', 'Austin', 'Boston'] },
  { code: 'CA', name: 'Canada', region: 'americas', weight: 4, zones: [['America/Toronto', -5], ['America/Vancouver', -8]], phonePrefix: '+1', mobileLead: '43', cities: ['Toronto', 'Vancouver', 'Montreal'] },
  { code: 'BR', name: 'Brazil', region: 'americas', weight: 3, zones: [['America/Sao_Paulo', -3]], phonePrefix: '+55', mobileLead: '119', cities: ['Sao Paulo', 'Rio de Janeiro'] },
  { code: 'MX', name: 'Mexico', region: 'americas', weight: 2, zones: [['America/Mexico_City', -6]], phonePrefix: '+52', mobileLead: '55', cities: ['Mexico City', 'Guadalajara'] },
  { code: 'JP', name: 'Japan', region: 'asia', weight: 4, zones: [['Asia/Tokyo', 9]], phonePrefix: '+81', mobileLead: '90', cities: ['Tokyo', 'Osaka', 'Kyoto'] },
  { code: 'SG', name: 'Singapore', region: 'asia', weight: 2, zones: [['Asia/Singapore', 8]], phonePrefix: '+65', mobileLead: '8', cities: ['Singapore'] },
  { code: 'IN', name: 'India', region: 'asia', weight: 2, zones: [['Asia/Kolkata', 5.5]], phonePrefix: '+91', mobileLead: '98', cities: ['Mumbai', 'Bangalore', 'Delhi'] },
  { code: 'KR', name: 'South Korea', region: 'asia', weight: 1, zones: [['Asia/Seoul', 9]], phonePrefix: '+82', mobileLead: '10', cities: ['Seoul', 'Busan'] },
];

export const COUNTRY_TABLE: WeightedTable<Country> = weightedTable(COUNTRIES.map((c) => [c, c.weight] as const));

export const FIRST_NAMES = ['Ann', 'Marc', 'Priya', 'Tom', 'Sofia', 'Kenji', 'Lena', 'Omar', 'Julia', 'Pavel', 'Chloe', 'Lucas', 'Emma', 'Noah',
  'Mia', 'Hugo', 'Aisha', 'Leon', 'Clara', 'Mateo', 'Yuki', 'Ines', 'David', 'Sara', 'Ravi', 'Elena', 'Jonas', 'Nora', 'Felix', 'Maya',
  'Oscar', 'Zoe', 'Ethan', 'Lea', 'Diego', 'Hana', 'Paul', 'Alice', 'Ivan', 'Grace'];
export const LAST_NAMES = ['Smith', 'Martin', 'Muller', 'Garcia', 'Rossi', 'Jansen', 'Nowak', 'Johansson', 'Dubois', 'Schmidt', 'Lopez', 'Bianchi',
  'Brown', 'Tanaka', 'Kim', 'Patel', 'Silva', 'Wilson', 'Moreau', 'Fischer', 'Fernandez', 'Ricci', 'Visser', 'Kowalski', 'Lindberg',
  'Taylor', 'Sato', 'Singh', 'Santos', 'Hernandez', 'Lee', 'Bernard', 'Weber', 'Romano', 'Bakker', 'Clarke', 'Nakamura', 'Costa', 'Evans', 'Park'];

// ---------------------------------------------------------------------------------------------
// Products

export interface Product {
  sku: string;
  name: string;
  category: string;
  /** Unit price in euros. */
  price: number;
  /** Relative popularity (share of order lines). */
  popularity: number;
}

const PRODUCT_ROWS: readonly (readonly [string, string, number])[] = [
  ['coffee', 'Pour-Over Coffee Set', 39], ['coffee', 'Burr Coffee Grinder', 129], ['coffee', 'Espresso Machine Duo', 649], ['coffee', 'French Press 1 L', 34], ['coffee', 'Espresso Cups (set of 4)', 24],
  ['kitchen', 'Electric Kettle Matte', 69], ['kitchen', 'Chef Knife Set', 189], ['kitchen', 'Oak Chopping Board', 45], ['kitchen', 'Stand Mixer Pro', 449], ['kitchen', 'Bread Bin Enamel', 39],
  ['cookware', 'Cast Iron Casserole 24 cm', 219], ['cookware', 'Non-Stick Frying Pan 28 cm', 59], ['cookware', 'Stainless Stock Pot 8 L', 89], ['cookware', 'Copper Saucepan Set', 399], ['cookware', 'Baking Tray Trio', 29],
  ['tableware', 'Stoneware Dinner Plates (6)', 79], ['tableware', 'Linen Napkins (4)', 32], ['tableware', 'Crystal Wine Glasses (6)', 95], ['tableware', 'Everyday Mug Set', 28], ['tableware', 'Serving Platter Ash', 55],
  ['textiles', 'Washed Linen Duvet Cover', 149], ['textiles', 'Down Pillow Pair', 99], ['textiles', 'Wool Throw', 119], ['textiles', 'Waffle Bath Towels', 49], ['textiles', 'Cotton Tablecloth', 59],
  ['lighting', 'Ceramic Table Lamp', 129], ['lighting', 'Arc Floor Lamp', 289], ['lighting', 'Rattan Pendant Shade', 89], ['lighting', 'LED Candle Trio', 25], ['lighting', 'Brass Wall Light', 159],
  ['storage', 'Stackable Storage Boxes (3)', 39], ['storage', 'Glass Pantry Jars (6)', 45], ['storage', 'Oak Shelf Unit', 349], ['storage', 'Woven Laundry Basket', 42], ['storage', 'Spice Rack Walnut', 35],
  ['garden', 'Teak Garden Chair', 249], ['garden', 'Outdoor String Lights', 39], ['garden', 'Herb Planter Set', 29], ['garden', 'Folding Bistro Table', 179], ['garden', 'Garden Tool Kit', 65],
];

const CATEGORY_PREFIX: Record<string, string> = { coffee: 'COF', kitchen: 'KIT', cookware: 'CKW', tableware: 'TBL', textiles: 'TEX', lighting: 'LGT', storage: 'STO', garden: 'GRD' };

/** ~40 SKUs; cheaper items sell more often (popularity ∝ price^-0.6). */
export const PRODUCTS: readonly Product[] = PRODUCT_ROWS.map(([category, name, price], i) => ({
  sku: `${CATEGORY_PREFIX[category] ?? 'GEN'}-${String(100 + i)}`,
  name,
  category,
  price,
  popularity: Math.round(1000 * Math.pow(price, -0.6)) / 100,
}));

export const PRODUCT_TABLE: WeightedTable<Product> = weightedTable(PRODUCTS.map((p) => [p, p.popularity] as const));

// ---------------------------------------------------------------------------------------------
// Fulfilment

export interface FulfilmentNode {
  id: string;
  name: string;
  region: Region;
  timezone: string;
  utcOffset: number;
  /** Local time after which an order ships the next working day. */
  carrierCutoff: string;
  /** Working days from dispatch to delivery within the node's region. */
  standardLeadTimeDays: number;
  carrier: string;
}

export const NODES: readonly FulfilmentNode[] = [
  { id: 'lyon-dc', name: 'Lyon distribution centre', region: 'eu', timezone: 'Europe/Paris', utcOffset: 1, carrierCutoff: '16:00', standardLeadTimeDays: 2, carrier: 'DHL' },
  { id: 'newark-dc', name: 'Newark distribution centre', region: 'americas', timezone: 'America/New_York', utcOffset: -5, carrierCutoff: '15:00', standardLeadTimeDays: 3, carrier: 'UPS' },
  { id: 'singapore-dc', name: 'Singapore hub', region: 'asia', timezone: 'Asia/Singapore', utcOffset: 8, carrierCutoff: '14:00', standardLeadTimeDays: 3, carrier: 'FedEx' },
];

export function nodeForRegion(region: Region): FulfilmentNode {
  return NODES.find((n) => n.region === region) ?? (NODES[0] as FulfilmentNode);
}

// ---------------------------------------------------------------------------------------------
// The behaviour model shared by the generator and the company figures, so that stock, capacity
// and staffing are sized for the demand the generator actually produces.

export const MODEL = {
  /** Customers sign up uniformly over this many days before the end (a third inside the year). */
  signupSpanDays: 3 * 365,
  /** Order rate mixture (orders per active year): light, regular and heavy buyers. */
  orderRates: [[1.4, 0.6], [4, 0.3], [10, 0.1]] as readonly (readonly [number, number])[],
  marketingConsent: 0.75,
  phoneShare: 0.6,
  cancelRate: 0.02,
  /** Shipments announced late by the carrier (Shipment Delayed). */
  delayRate: 0.08,
  /** Shipments delivered late without notice. */
  silentLateRate: 0.03,
  lostRate: 0.004,
  /** Orders that raise a ticket with no delivery problem. */
  ticketRateOnTime: 0.05,
  /** Late orders that raise a "where is my order" ticket. */
  ticketRateLate: 0.45,
  /** Late tickets that become complaints about logistics. */
  complaintRateLateTicket: 0.35,
  returnRate: 0.06,
  doubleChargeRate: 0.005,
  disputeRate: 0.004,
  /** Annual churn hazard without and after a complaint. */
  churnBase: 0.05,
  churnAfterComplaint: 0.3,
  refundWithinDays: 5,
  callbackWithinHours: 24,
  /** Mean order lines and units per line. */
  averageOrderLines: 1.6,
} as const;

/**
 * Expected orders per customer per day near the end, from the model above (used to size the
 * company). Sign-ups during the year roughly offset churn; first orders of new customers and
 * campaign orders add the constant. Checked against generated data (20,000 customers: 0.0085).
 */
export function expectedOrdersPerCustomerDay(): number {
  let rate = 0;
  for (const [r, w] of MODEL.orderRates) rate += r * w;
  return (rate * (1 - MODEL.cancelRate)) / 365 + 0.0004;
}

/** Mean units per order line (most lines are one unit, some 2–4, a few bulk). */
const UNITS_PER_LINE = 1.5;

/**
 * Expected order value. Campaign baskets (categories given) start with a line picked uniformly
 * from the campaign's categories and are 15 % off; other lines follow product popularity.
 */
export function expectedOrderValue(categories: readonly string[] | null): number {
  let w = 0;
  let v = 0;
  for (const p of PRODUCTS) {
    w += p.popularity;
    v += p.popularity * p.price;
  }
  const popular = v / w;
  if (!categories) return UNITS_PER_LINE * MODEL.averageOrderLines * popular;
  const pool = PRODUCTS.filter((p) => categories.includes(p.category));
  const first = pool.reduce((a, p) => a + p.price, 0) / Math.max(1, pool.length);
  return 0.85 * UNITS_PER_LINE * (first + (MODEL.averageOrderLines - 1) * popular);
}

// ---------------------------------------------------------------------------------------------
// Campaigns

export interface CampaignPlan {
  campaignId: string;
  name: string;
  channel: 'email';
  /** ms when the wave goes out. */
  sendAt: number;
  /** ms when the offer ends. */
  offerEndsAt: number;
  /** Share of eligible customers (consenting, subscribed, active) in the audience. */
  audienceShare: number;
  /** True per-audience-member order probability (the generator's truth; not exported in the history). */
  responseRate: number;
  /** Product categories on offer. */
  categories: readonly string[];
  /** A delivery promise the campaign makes, in days; null when it makes none. */
  promiseDays: number | null;
  promise: string | null;
}

/** One seasonal theme per calendar month; a campaign takes the theme of the month it goes out in. */
const CAMPAIGN_THEMES: readonly (readonly [string, string, readonly string[]])[] = [
  ['new-year-reset', 'New Year Reset', ['storage', 'kitchen']],
  ['winter-warmers', 'Winter Warmers', ['textiles', 'lighting']],
  ['spring-clean', 'Spring Clean', ['storage', 'kitchen']],
  ['coffee-week', 'Coffee Week', ['coffee']],
  ['garden-party', 'Garden Party', ['garden', 'tableware']],
  ['summer-table', 'Summer Table', ['tableware', 'cookware']],
  ['summer-sale', 'Summer Sale', ['coffee', 'kitchen', 'cookware', 'tableware', 'textiles', 'lighting', 'storage', 'garden']],
  ['outdoor-living', 'Outdoor Living', ['garden', 'lighting']],
  ['back-to-kitchen', 'Back to the Kitchen', ['cookware', 'kitchen']],
  ['cosy-home', 'Cosy Home', ['textiles', 'lighting']],
  ['black-friday', 'Black Friday', ['coffee', 'kitchen', 'cookware', 'tableware', 'textiles', 'lighting', 'storage', 'garden']],
  ['festive-table', 'Festive Table', ['tableware', 'coffee']],
];

/** Campaigns (by position in the year) that promise next-day delivery. */
const PROMISING_CAMPAIGNS = new Set([1, 6]);

let campaignMemo: { key: string; plans: CampaignPlan[] } | null = null;

/**
 * The campaign waves of the demo year: eight, about six weeks apart, the last about ten days
 * before the end, each themed for its month. Response rates vary between campaigns (Beta(6, 220), mean ≈ 2.7 %) so a
 * beta-binomial prior fitted on the history is wider than a binomial one. Two campaigns promise
 * next-day delivery that logistics was never asked about (half their orders miss it).
 */
export function demoCampaignPlans(opts: Pick<DemoOptions, 'seed' | 'end'>): CampaignPlan[] {
  const key = `${opts.seed}:${opts.end}`;
  if (campaignMemo?.key === key) return campaignMemo.plans;
  const rng = new Rng(opts.seed, 0x43414d50);
  const start = opts.end - YEAR;
  const plans: CampaignPlan[] = [];
  for (let k = 0; k < 8; k++) {
    const sendDay = Math.floor(20 + k * 46 + rng.int(-6, 6));
    const sendAt = Math.floor((start + sendDay * DAY) / DAY) * DAY + 8 * HOUR;
    const date = new Date(sendAt);
    const month = date.getUTCMonth();
    const [slug, name, categories] = CAMPAIGN_THEMES[month] ?? (CAMPAIGN_THEMES[0] as (typeof CAMPAIGN_THEMES)[number]);
    const promiseDays = PROMISING_CAMPAIGNS.has(k) ? 1 : null;
    plans.push({
      campaignId: `cmp-${date.getUTCFullYear()}-${String(month + 1).padStart(2, '0')}-${slug}`,
      name,
      channel: 'email',
      sendAt,
      offerEndsAt: sendAt + rng.int(7, 14) * DAY,
      audienceShare: Math.round(rng.uniform(0.45, 0.9) * 100) / 100,
      responseRate: rng.beta(6, 220),
      categories,
      promiseDays,
      promise: promiseDays === null ? null : 'Next-day delivery on every order',
    });
  }
  campaignMemo = { key, plans };
  return plans;
}

// ---------------------------------------------------------------------------------------------
// The company data later features read

export interface PastCampaign {
  campaignId: string;
  name: string;
  channel: 'email';
  /** ISO date-times. */
  sentAt: string;
  offerEndsAt: string;
  audienceSize: number;
  orders: number;
  revenue: number;
  categories: string[];
  promise: string | null;
}

export interface StockLevel { sku: string; node: string; onHand: number }
export interface InboundReceipt { sku: string; node: string; /** ISO date (YYYY-MM-DD). */ date: string; quantity: number }
export interface NodeCapacity { node: string; /** ISO date. */ date: string; /** Orders the node can pick and pack that day. */ orders: number }

export interface RosterInterval {
  /** 0 = Monday … 6 = Sunday, in the service centre's time zone. */
  day: number;
  /** Local start of the 30-minute interval, HH:MM. */
  start: string;
  agentsOnQueue: number;
}

export type ContactType = 'delivery' | 'billing' | 'product' | 'complaint';

export interface DemoCompanyData {
  company: { name: string; currency: string; timezone: string; generatedFor: { customers: number; seed: number; end: string } };
  sources: DemoSource[];
  products: Product[];
  inventory: {
    nodes: FulfilmentNode[];
    stock: StockLevel[];
    receipts: InboundReceipt[];
    capacity: NodeCapacity[];
    /** Expected orders per day per node at the current base (what the figures above were sized for). */
    expectedOrdersPerDay: Record<string, number>;
  };
  service: {
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
  };
  billing: { refundWithinDays: number; refundsPerDayCapacity: number; disputeResponseDays: number };
  campaigns: PastCampaign[];
  /** Labelled customer messages for the front-door classifier. */
  messages: LabelledMessage[];
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Share of customers eligible for a campaign at time t (signed up and first seen, consenting, still subscribed). */
function eligibleShare(t: number, end: number): number {
  const start = end - YEAR;
  const span = MODEL.signupSpanDays * DAY;
  const before = (span - YEAR) / span;
  const sinceStart = Math.max(0, t - start);
  const seen = before * (1 - Math.exp(-sinceStart / (20 * DAY))) + sinceStart / span;
  return seen * MODEL.marketingConsent * 0.95;
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
 * Everything later features need to know about the company, sized for `opts.customers`:
 * inventory and supply, the service roster and contact parameters, billing capability, the
 * history of past campaigns and the labelled message history. Pure and deterministic.
 */
export function demoCompanyData(opts: DemoOptions): DemoCompanyData {
  const rng = new Rng(opts.seed, 0x434f4d50);
  const n = Math.max(1, opts.customers);
  const ordersPerDay = n * expectedOrdersPerCustomerDay();

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
  const endDay = Math.floor(opts.end / DAY) * DAY;
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

  // Service: contacts per day from the same rates the generator uses.
  const lateShare = MODEL.delayRate + MODEL.silentLateRate + MODEL.lostRate;
  const contactsPerOrder = MODEL.ticketRateOnTime + MODEL.returnRate * 0.5;
  const contactsPerLateOrder = MODEL.ticketRateLate * (1 + MODEL.complaintRateLateTicket);
  const baselineContactsPerDay = Math.round(n * 0.00012 * 10) / 10;
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

  // Campaign history: what the email platform reported.
  const campaigns: PastCampaign[] = demoCampaignPlans(opts).map((c) => {
    const audienceSize = Math.round(n * c.audienceShare * eligibleShare(c.sendAt, opts.end));
    const orders = Math.round(audienceSize * c.responseRate * rng.uniform(0.9, 1.1));
    return {
      campaignId: c.campaignId,
      name: c.name,
      channel: c.channel,
      sentAt: new Date(c.sendAt).toISOString(),
      offerEndsAt: new Date(c.offerEndsAt).toISOString(),
      audienceSize,
      orders,
      revenue: Math.round(orders * expectedOrderValue(c.categories) * rng.uniform(0.85, 1.15)),
      categories: [...c.categories],
      promise: c.promise,
    };
  });

  return {
    company: { name: 'Maison Tutti', currency: DEMO_CURRENCY, timezone: 'Europe/Paris', generatedFor: { customers: opts.customers, seed: opts.seed, end: new Date(opts.end).toISOString() } },
    sources: demoSources(),
    products: PRODUCTS.map((p) => ({ ...p })),
    inventory: { nodes: NODES.map((x) => ({ ...x })), stock, receipts, capacity, expectedOrdersPerDay },
    service: {
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
    },
    billing: { refundWithinDays: MODEL.refundWithinDays, refundsPerDayCapacity: Math.max(5, Math.ceil(ordersPerDay * MODEL.returnRate * 1.5)), disputeResponseDays: 7 },
    campaigns,
    messages: demoMessageHistory(opts.seed),
  };
}
