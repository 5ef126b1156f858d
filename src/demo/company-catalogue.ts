/**
 * The demo company's catalogue: what Maison Tutti is made of, as opposed to what it can do
 * (company-capabilities.ts). Its department systems, the countries its customers live in
 * (with names to give them), its products and its fulfilment nodes. Static data and tiny
 * lookups only.
 */
import { weightedTable, type WeightedTable } from './random.js';

// ---------------------------------------------------------------------------------------------
// Department systems

/** One department system that sends events, and how it knows the customer. */
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

/** The three markets, one fulfilment node each. */
export type Region = 'eu' | 'americas' | 'asia';

/** A country customers come from, weighted by its share of them. */
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

/** Where customers live; `weight` is relative (they sum to 100). */
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

/** COUNTRIES for drawing a customer's country by weight. */
export const COUNTRY_TABLE: WeightedTable<Country> = weightedTable(COUNTRIES.map((c) => [c, c.weight] as const));

/** Given and family names for customers: mixed freely, made unique by the customer index in the email. */
export const FIRST_NAMES = ['Ann', 'Marc', 'Priya', 'Tom', 'Sofia', 'Kenji', 'Lena', 'Omar', 'Julia', 'Pavel', 'Chloe', 'Lucas', 'Emma', 'Noah',
  'Mia', 'Hugo', 'Aisha', 'Leon', 'Clara', 'Mateo', 'Yuki', 'Ines', 'David', 'Sara', 'Ravi', 'Elena', 'Jonas', 'Nora', 'Felix', 'Maya',
  'Oscar', 'Zoe', 'Ethan', 'Lea', 'Diego', 'Hana', 'Paul', 'Alice', 'Ivan', 'Grace'];
/** Family names (see FIRST_NAMES). */
export const LAST_NAMES = ['Smith', 'Martin', 'Muller', 'Garcia', 'Rossi', 'Jansen', 'Nowak', 'Johansson', 'Dubois', 'Schmidt', 'Lopez', 'Bianchi',
  'Brown', 'Tanaka', 'Kim', 'Patel', 'Silva', 'Wilson', 'Moreau', 'Fischer', 'Fernandez', 'Ricci', 'Visser', 'Kowalski', 'Lindberg',
  'Taylor', 'Sato', 'Singh', 'Santos', 'Hernandez', 'Lee', 'Bernard', 'Weber', 'Romano', 'Bakker', 'Clarke', 'Nakamura', 'Costa', 'Evans', 'Park'];

// ---------------------------------------------------------------------------------------------
// Products

/** A product the shop sells. */
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

/** PRODUCTS for drawing an order line by popularity. */
export const PRODUCT_TABLE: WeightedTable<Product> = weightedTable(PRODUCTS.map((p) => [p, p.popularity] as const));

// ---------------------------------------------------------------------------------------------
// Fulfilment

/** A warehouse that ships one region's orders. */
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

/** The three fulfilment nodes, one per region. */
export const NODES: readonly FulfilmentNode[] = [
  { id: 'lyon-dc', name: 'Lyon distribution centre', region: 'eu', timezone: 'Europe/Paris', utcOffset: 1, carrierCutoff: '16:00', standardLeadTimeDays: 2, carrier: 'DHL' },
  { id: 'newark-dc', name: 'Newark distribution centre', region: 'americas', timezone: 'America/New_York', utcOffset: -5, carrierCutoff: '15:00', standardLeadTimeDays: 3, carrier: 'UPS' },
  { id: 'singapore-dc', name: 'Singapore hub', region: 'asia', timezone: 'Asia/Singapore', utcOffset: 8, carrierCutoff: '14:00', standardLeadTimeDays: 3, carrier: 'FedEx' },
];

/** The node that ships to `region`. */
export function nodeForRegion(region: Region): FulfilmentNode {
  return NODES.find((n) => n.region === region) ?? (NODES[0] as FulfilmentNode);
}
