/**
 * The synthetic customer base of the demo company: a year of Segment messages from eight
 * department systems, with cause and effect (late shipments → tickets → complaints → churn,
 * unsubscribes and low scores; campaigns → orders; promises kept and broken) and deliberate
 * identity hazards. Pure and streaming: customer i is a function of (seed, i, end) only, so
 * customers can be generated alone, in chunks or in parallel, and memory stays flat.
 *
 * Each department identifies the customer the way its system would (see demoSources()): the
 * web shop and billing by userId, the helpdesk and email platform by email only, the CRM by its
 * crm_id (context.externalIds) and email, logistics by order_id only. Identity resolution has to
 * join them.
 */
import type { JsonObject } from '../core/event.js';
import {
  COUNTRY_TABLE,
  DAY,
  DEMO_CURRENCY,
  FIRST_NAMES,
  HOUR,
  LAST_NAMES,
  MINUTE,
  MODEL,
  PRODUCTS,
  PRODUCT_TABLE,
  YEAR,
  demoCampaignPlans,
  nodeForRegion,
  type CampaignPlan,
  type Country,
  type DemoOptions,
  type FulfilmentNode,
  type Product,
} from './company.js';
import { INTENT_TEMPLATES, type Intent } from './messages.js';
import { Rng, customerRng, hashUnit, pickFrom, weightedTable } from './random.js';

export type { DemoOptions } from './company.js';

/** A plain Segment HTTP API message, as an SDK would send it. */
export interface SegmentMessage {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /** Deterministic and unique: `demo-<seed>-<customer index>-<n>`. */
  messageId: string;
  /** ISO 8601 event time. */
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  /** alias: the id being linked to userId. */
  previousId?: string;
  /** track: the event name (see src/core/catalogue.ts). */
  event?: string;
  /** page: the page name. */
  name?: string;
  properties?: JsonObject;
  /** identify: the customer's traits. */
  traits?: JsonObject;
  context?: SegmentContext;
}

export interface SegmentContext {
  /** IANA zone of the customer's browser (web shop only). */
  timezone?: string;
  /** Identifying traits on track calls (email platform, helpdesk, CRM). */
  traits?: JsonObject;
  consent?: { categoryPreferences: Record<string, boolean> };
  /** Segment's external ids: the CRM sends its record id this way. */
  externalIds?: { id: string; type: string; collection: string; encoding: string }[];
}

/** One message and the department system (source name, see demoSources()) that sends it. */
export interface DemoMessage {
  source: string;
  message: SegmentMessage;
}

interface Pending {
  t: number;
  source: string;
  message: SegmentMessage;
}

type Kind = 'order' | 'campaign' | 'nps' | 'call' | 'consent';

interface Root {
  t: number;
  kind: Kind;
  campaign?: CampaignPlan;
}

// Local hour of day (customer's zone) when people shop: lunch and evening peaks.
const SHOP_HOURS = weightedTable<number>([0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.5, 1.7, 1.9, 2.4, 2.2, 1.8, 1.7, 1.8, 2.0, 2.4, 2.9, 3.2, 3.0, 2.0, 0.9].map((w, h) => [h, w] as const));

const PAGE_NAMES = ['Home', 'Search', 'Category', 'Product', 'Basket', 'Account', 'Delivery information', 'Returns policy'];
const AD_CAMPAIGNS = ['ads-paid-social-autumn', 'ads-search-brand', 'ads-search-generic', 'ads-paid-social-spring', 'ads-display-retarget'];
const DELAY_REASONS = ['carrier capacity', 'weather', 'address issue', 'sorting centre backlog', 'customs'];

function productsIn(categories: readonly string[]): Product[] {
  return PRODUCTS.filter((p) => categories.includes(p.category));
}

const campaignProducts = new Map<string, Product[]>();
function productsForCampaign(c: CampaignPlan): Product[] {
  let list = campaignProducts.get(c.campaignId + c.categories.join());
  if (!list) {
    list = productsIn(c.categories);
    campaignProducts.set(c.campaignId + c.categories.join(), list);
  }
  return list;
}

/** A bijection on [0, 1e8) so phone numbers and CRM ids look scattered yet stay unique per index. */
function scatter(index: number): number {
  return (index * 7_919 + 12_345_678) % 100_000_000;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ISO formatting is the generator's hottest path (Date#toISOString was a third of the time):
// cache the date part per UTC day and build the time of day from lookup tables.
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + String(i));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefix = new Map<number, string>();

/** Same result as `new Date(t).toISOString()` for t within years 1970–9999. */
export function iso(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    if (dayPrefix.size > 4096) dayPrefix.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const sec = Math.floor(rest / 1000);
  return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}.${THREE_DIGITS[rest - sec * 1000]}Z`;
}

function fillTemplate(template: string, rng: Rng, product: string, order: string): string {
  const text = template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'product': return product.toLowerCase();
      case 'order': return order;
      case 'days': return String(rng.int(2, 9));
      case 'amount': return '€' + String(rng.int(10, 200));
      case 'weekday': return rng.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
      case 'carrier': return 'the courier';
      case 'city': return 'the depot';
      default: return slot;
    }
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One customer's simulation. Times are ms; `push` drops anything outside [start, end]. */
class CustomerSim {
  readonly rng: Rng;
  readonly out: Pending[] = [];
  readonly start: number;
  readonly end: number;

  // Profile
  readonly userId: string;
  readonly email: string;
  readonly phone: string | null;
  readonly crmId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly country: Country;
  readonly city: string;
  readonly tz: string;
  /** UTC offset of the customer's zone, ms. */
  readonly off: number;
  readonly node: FulfilmentNode;
  readonly anon: string;
  readonly signup: number;
  readonly firstSeen: number;
  readonly marketing: boolean;
  readonly orderRate: number;
  readonly spend: number;

  // State that later events read
  churnAt = Infinity;
  churnReason = 'inactive';
  unsubAt = Infinity;
  consentOffAt = Infinity;
  callsOffAt = Infinity;
  emailsReceived = 0;
  /** [opened, resolved) of every complaint, for wall-aware behaviour (unsubscribes, NPS). */
  readonly complaints: [number, number][] = [];
  readonly lateAt: number[] = [];
  readonly roots: Root[] = [];
  junkUserId: boolean;
  junkEmail: boolean;

  private seq = { ord: 0, tkt: 0, cpl: 0, rfd: 0, dsp: 0, prm: 0 };

  constructor(readonly index: number, readonly opts: DemoOptions) {
    const rng = customerRng(opts.seed, index);
    this.rng = rng;
    this.end = opts.end;
    this.start = opts.end - YEAR;

    this.country = pickFrom(COUNTRY_TABLE, rng);
    const zone = rng.pick(this.country.zones);
    this.tz = zone[0];
    this.off = zone[1] * HOUR;
    this.city = rng.pick(this.country.cities);
    this.node = nodeForRegion(this.country.region);
    this.firstName = rng.pick(FIRST_NAMES);
    this.lastName = rng.pick(LAST_NAMES);
    this.userId = `u-${index}`;
    this.email = `${this.firstName}.${this.lastName}.${index}@example.org`.toLowerCase();
    this.phone = rng.chance(MODEL.phoneShare) ? `${this.country.phonePrefix}${this.country.mobileLead}${pad(scatter(index), 8)}` : null;
    this.crmId = `crm-${pad(scatter(index + 31), 8)}`;
    this.marketing = rng.chance(MODEL.marketingConsent);
    this.orderRate = rng.weighted(MODEL.orderRates) * rng.uniform(0.6, 1.4);
    this.spend = rng.lognormal(0, 0.35);

    // A few pairs of customers (2k, 2k+1) share a family computer: same anonymousId.
    const pair = index >> 1;
    const shared = hashUnit(opts.seed, pair, 0x5348) < 0.004;
    this.anon = shared ? `anon-shared-${opts.seed}-${pair}` : this.uuidLike(0);
    this.junkUserId = hashUnit(opts.seed, index, 0x4e554c) < 0.005;
    this.junkEmail = hashUnit(opts.seed, index, 0x54455354) < 0.01;

    this.signup = this.end - rng.uniform(2, MODEL.signupSpanDays) * DAY;
    let seen = this.signup >= this.start ? this.signup : this.start + Math.min(rng.exponential(20 * DAY), 330 * DAY);
    if (seen > this.end - HOUR) seen = this.end - HOUR;
    this.firstSeen = seen;
  }

  /** A UUID-shaped id, unique per (index, k): the last 12 hex digits encode both. */
  uuidLike(k: number): string {
    const r = this.rng;
    const h = (n: number, w: number): string => n.toString(16).padStart(w, '0');
    const tail = (this.index * 8 + k).toString(16).padStart(12, '0');
    return `${h(r.next(), 8)}-${h(r.next() & 0xffff, 4)}-4${h(r.next() & 0xfff, 3)}-${h(0x8000 | (r.next() & 0x3fff), 4)}-${tail}`;
  }

  id(prefix: keyof CustomerSim['seq']): string {
    this.seq[prefix] += 1;
    return `${prefix}-${this.index}-${this.seq[prefix]}`;
  }

  push(t: number, source: string, message: SegmentMessage): void {
    if (t < this.start || t > this.end) return;
    this.out.push({ t: Math.round(t), source, message });
  }

  /** Start of the customer's local day containing t (ms, UTC). */
  localDay(t: number): number {
    return Math.floor((t + this.off) / DAY) * DAY - this.off;
  }

  /** A time on the local day of t at a typical shopping hour. */
  shoppingTime(t: number): number {
    return this.localDay(t) + pickFrom(SHOP_HOURS, this.rng) * HOUR + this.rng.float() * HOUR;
  }

  /** A time during local office hours (08–19), on or after t. */
  officeTime(t: number): number {
    const day = this.localDay(t);
    const local = (t - day) / HOUR;
    if (local < 8) return day + (8 + this.rng.float() * 3) * HOUR;
    if (local > 19) return day + DAY + (8 + this.rng.float() * 3) * HOUR;
    return t;
  }

  complaintOpenAt(t: number): boolean {
    for (const [a, b] of this.complaints) if (a <= t && t < b) return true;
    return false;
  }

  hadComplaintBefore(t: number): boolean {
    for (const [a] of this.complaints) if (a <= t) return true;
    return false;
  }

  lateWithin(t: number, window: number): boolean {
    for (const x of this.lateAt) if (x <= t && t - x < window) return true;
    return false;
  }

  // ---- message builders, one per system ---------------------------------------------------------

  shopTrack(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'web-shop', { type: 'track', messageId: '', timestamp: '', userId: this.userId, anonymousId: this.anon, event, properties, context: { timezone: this.tz } });
  }

  page(t: number, name: string, identified: boolean): void {
    const path = '/' + name.toLowerCase().replace(/ /g, '-');
    const message: SegmentMessage = {
      type: 'page', messageId: '', timestamp: '', anonymousId: this.anon, name,
      properties: { path, url: `https://shop.maisontutti.example${path}`, title: `${name} | Maison Tutti` }, context: { timezone: this.tz },
    };
    if (identified) message.userId = this.userId;
    this.push(t, 'web-shop', message);
  }

  billing(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'billing', { type: 'track', messageId: '', timestamp: '', userId: this.userId, event, properties });
  }

  helpdesk(t: number, event: string, properties: JsonObject, email = this.email): void {
    this.push(t, 'helpdesk', { type: 'track', messageId: '', timestamp: '', event, properties, context: { traits: { email } } });
  }

  emailPlatform(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'email-platform', { type: 'track', messageId: '', timestamp: '', event, properties, context: { traits: { email: this.email } } });
  }

  logistics(t: number, source: 'warehouse' | 'carrier-feed', event: string, properties: JsonObject): void {
    this.push(t, source, { type: 'track', messageId: '', timestamp: '', event, properties });
  }

  crm(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'crm', {
      type: 'track', messageId: '', timestamp: '', event, properties,
      context: { traits: { email: this.email }, externalIds: [{ id: this.crmId, type: 'crm_id', collection: 'users', encoding: 'none' }] },
    });
  }

  promise(t: number, source: string, props: JsonObject, identity: 'user' | 'email' | 'order'): void {
    const message: SegmentMessage = { type: 'track', messageId: '', timestamp: '', event: 'Promise Made', properties: props };
    if (identity === 'user') message.userId = this.userId;
    else if (identity === 'email') message.context = { traits: { email: this.email } };
    this.push(t, source, message);
  }

  // ---- the simulation ---------------------------------------------------------------------------

  run(): void {
    const rng = this.rng;
    this.arrive();

    // Roots: orders, campaign waves, NPS waves, sales calls; processed in time order so each
    // reads the state (complaints, churn, unsubscribes) its predecessors left.
    const activeYears = (this.end - this.firstSeen) / YEAR;
    const organic = rng.poisson(this.orderRate * activeYears);
    for (let k = 0; k < organic; k++) {
      const t = this.shoppingTime(this.firstSeen + rng.float() * (this.end - this.firstSeen));
      this.roots.push({ t: Math.max(t, this.firstSeen + 30 * MINUTE), kind: 'order' });
    }
    if (this.signup >= this.start && rng.chance(0.55)) this.roots.push({ t: this.firstSeen + rng.uniform(4, 30) * MINUTE, kind: 'order' });
    for (const c of demoCampaignPlans(this.opts)) this.roots.push({ t: c.sendAt, kind: 'campaign', campaign: c });
    for (const d of [110, 290]) this.roots.push({ t: this.start + d * DAY + rng.uniform(0, 3) * DAY, kind: 'nps' });
    const calls = rng.poisson(0.35 * activeYears);
    for (let k = 0; k < calls; k++) this.roots.push({ t: this.firstSeen + rng.float() * (this.end - this.firstSeen), kind: 'call' });
    if (rng.chance(0.03)) this.roots.push({ t: this.firstSeen + rng.float() * (this.end - this.firstSeen), kind: 'consent' });
    this.roots.sort((a, b) => a.t - b.t);

    // Churn without a complaint: a small annual hazard.
    if (rng.chance(MODEL.churnBase * activeYears)) this.churnAt = this.firstSeen + rng.float() * (this.end - this.firstSeen) + 20 * DAY;

    for (let r = 0; r < this.roots.length; r++) {
      const root = this.roots[r] as Root;
      if (root.t >= this.churnAt) continue;
      switch (root.kind) {
        case 'order': this.order(root.t, root.campaign ?? null); break;
        case 'campaign': if (root.campaign) this.campaign(root.campaign); break;
        case 'nps': this.nps(root.t); break;
        case 'call': this.salesCall(root.t); break;
        case 'consent': this.consentChange(root.t); break;
      }
    }

    if (this.churnAt <= this.end) {
      const t = this.officeTime(this.churnAt);
      this.crm(t, 'Customer Churned', { reason: this.churnReason });
      if (rng.chance(0.3)) this.crm(this.officeTime(t + rng.uniform(5, 30) * DAY), 'Contact Made', { channel: 'call', purpose: 'win-back', direction: 'outbound' });
    }
  }

  /** Insert a root later than the one being processed, keeping time order. */
  schedule(root: Root): void {
    let i = this.roots.length;
    while (i > 0 && (this.roots[i - 1] as Root).t > root.t) i--;
    this.roots.splice(i, 0, root);
  }

  /** First visit: an ad click or two, anonymous browsing, then the login that links anonymousId and userId. */
  arrive(): void {
    const rng = this.rng;
    const t0 = this.firstSeen;
    const isNew = this.signup >= this.start;
    if (isNew && rng.chance(0.3)) {
      this.push(t0 - rng.uniform(8, 40) * MINUTE, 'ad-campaigns', {
        type: 'track', messageId: '', timestamp: '', anonymousId: this.anon, event: 'Lead Created',
        properties: { lead_id: `lead-${this.index}`, campaign_id: rng.pick(AD_CAMPAIGNS), channel: rng.pick(['paid_social', 'search', 'display']) },
      });
    }
    const pages = rng.int(1, 3);
    for (let k = 0; k < pages; k++) this.page(t0 - (pages - k) * rng.uniform(0.5, 3) * MINUTE, rng.pick(PAGE_NAMES), false);
    const traits: JsonObject = {
      email: this.email, first_name: this.firstName, last_name: this.lastName, name: `${this.firstName} ${this.lastName}`,
      crm_id: this.crmId, created_at: iso(this.signup), address: { city: this.city, country: this.country.code },
    };
    if (this.phone) traits.phone = this.phone;
    this.push(t0, 'web-shop', {
      type: 'identify', messageId: '', timestamp: '', userId: this.userId, anonymousId: this.anon, traits,
      context: { timezone: this.tz, consent: { categoryPreferences: { marketing: this.marketing, analytics: rng.chance(0.8), functional: true } } },
    });
    // The CRM record (created at sign-up, updated now), keyed by its own id.
    if (rng.chance(0.8)) {
      const crmTraits: JsonObject = { email: this.email, first_name: this.firstName, last_name: this.lastName, crm_id: this.crmId, lifecycle_stage: 'customer', country: this.country.code };
      if (this.phone) crmTraits.phone = this.phone;
      this.push(this.officeTime(t0 + rng.uniform(1, 48) * HOUR), 'crm', {
        type: 'identify', messageId: '', timestamp: '', traits: crmTraits,
        context: { externalIds: [{ id: this.crmId, type: 'crm_id', collection: 'users', encoding: 'none' }] },
      });
    }
    // A few customers used the mobile app before; the shop aliases the app's id to the user.
    if (rng.chance(0.03)) {
      this.push(t0 + rng.uniform(1, 20) * DAY, 'web-shop', { type: 'alias', messageId: '', timestamp: '', previousId: `app-${this.uuidLike(1)}`, userId: this.userId });
    }
  }

  order(t: number, campaign: CampaignPlan | null): void {
    const rng = this.rng;
    const orderId = this.id('ord');
    const k = this.seq.ord;

    // Browsing before the order; a broken tag on one page sends userId "null".
    const pages = rng.int(1, 2);
    for (let p = 0; p < pages; p++) {
      this.page(Math.max(t - (pages - p) * rng.uniform(1, 6) * MINUTE, this.firstSeen + (p + 1) * 1000), rng.pick(PAGE_NAMES), true);
    }
    if (this.junkUserId && k === 1) {
      this.push(t - 30_000, 'web-shop', {
        type: 'track', messageId: '', timestamp: '', userId: 'null', anonymousId: this.anon, event: 'Product Viewed', properties: { product_id: 'KIT-105' },
      });
    }

    // Basket: heavy-tailed through product prices, quantities and the occasional bulk order.
    const pool = campaign ? productsForCampaign(campaign) : null;
    const lines = Math.min(5, 1 + rng.poisson(0.6));
    const products: JsonObject[] = [];
    let revenue = 0;
    for (let l = 0; l < lines; l++) {
      const p = pool && pool.length > 0 && l === 0 ? rng.pick(pool) : pickFrom(PRODUCT_TABLE, rng);
      let quantity = rng.chance(0.18) ? rng.int(2, 4) : 1;
      if (rng.chance(0.01 * this.spend)) quantity = rng.int(6, 24);
      const price = campaign ? round2(p.price * 0.85) : p.price;
      revenue += price * quantity;
      products.push({ product_id: p.sku, sku: p.sku, name: p.name, category: p.category, price, quantity });
    }
    revenue = round2(revenue);
    const shipping = revenue >= 60 ? 0 : 4.95;
    const total = round2(revenue + shipping);
    const props: JsonObject = { order_id: orderId, revenue, total, shipping, currency: DEMO_CURRENCY, products };
    if (campaign) props.campaign_id = campaign.campaignId;
    this.shopTrack(t, 'Order Completed', props);

    const payment = `pay-${this.index}-${k}`;
    this.billing(t + rng.uniform(5, 60) * 1000, 'Payment Captured', { order_id: orderId, payment_id: payment, amount: total, currency: DEMO_CURRENCY, method: rng.pick(['card', 'card', 'card', 'paypal', 'apple_pay']) });
    const doubleCharged = rng.chance(MODEL.doubleChargeRate);
    if (doubleCharged) {
      this.billing(t + rng.uniform(2, 6) * MINUTE, 'Payment Captured', { order_id: orderId, payment_id: `${payment}-dup`, amount: total, currency: DEMO_CURRENCY, method: 'card' });
      if (rng.chance(0.85)) {
        const tt = this.officeTime(t + rng.uniform(0.5, 4) * DAY);
        const ticket = this.ticket(tt, 'billing', 'double_charge', orderId, false);
        this.refund(tt + rng.uniform(1, 20) * HOUR, orderId, total, 'duplicate charge');
        this.resolveTicket(ticket, tt, rng.uniform(0.2, 2) * DAY, false);
      }
    }

    if (rng.chance(MODEL.cancelRate)) {
      const ct = t + rng.uniform(0.3, 6) * HOUR;
      this.shopTrack(ct, 'Order Cancelled', { order_id: orderId, reason: rng.pick(['changed mind', 'found cheaper', 'ordered by mistake']) });
      this.billing(ct + rng.uniform(1, 3) * DAY, 'Order Refunded', { order_id: orderId, total, currency: DEMO_CURRENCY });
      return;
    }

    this.ship(t, orderId, total, campaign, doubleCharged);
  }

  /** Next dispatch slot at the node: after the order, before the carrier cut-off on a working day. */
  dispatchTime(t: number): number {
    const node = this.node;
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
    return cutoff - this.rng.uniform(0.2, 3) * HOUR;
  }

  ship(t: number, orderId: string, total: number, campaign: CampaignPlan | null, doubleCharged: boolean): void {
    const rng = this.rng;
    const node = this.node;
    const k = this.seq.ord;
    const shipmentId = `shp-${this.index}-${k}`;
    let dispatch = this.dispatchTime(t);
    if (dispatch < t + 60 * MINUTE) dispatch = t + rng.uniform(60, 120) * MINUTE;

    // Campaign next-day promise: half the time logistics manages to expedite.
    const nextDay = campaign?.promiseDays != null;
    const expedited = nextDay && rng.chance(0.5);
    let leadDays = node.standardLeadTimeDays + (rng.chance(0.15) ? 1 : 0);
    if (expedited) leadDays = 1;
    let etaDay = this.localDay(dispatch);
    for (let d = 0; d < leadDays; d++) {
      etaDay += DAY;
      if (new Date(etaDay + this.off + 12 * HOUR).getUTCDay() === 0) etaDay += DAY;
    }
    const eta = etaDay + 20 * HOUR;

    if (nextDay && campaign) {
      const due = this.localDay(t) + DAY + 21 * HOUR;
      this.promise(t + 2000, 'web-shop', {
        promise_id: this.id('prm'), type: 'delivery', owner: 'marketing', due_at: iso(due), campaign_id: campaign.campaignId, order_id: orderId,
        description: campaign.promise ?? 'Next-day delivery', kept_by: { event: 'Shipment Delivered', order_id: orderId },
      }, 'user');
    }

    this.logistics(dispatch, 'warehouse', 'Shipment Dispatched', { shipment_id: shipmentId, order_id: orderId, carrier: node.carrier, eta: iso(eta), node: node.id });
    this.promise(dispatch + 1000, 'warehouse', {
      promise_id: this.id('prm'), type: 'delivery', owner: 'logistics', due_at: iso(eta), order_id: orderId,
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
      this.logistics(notice, 'carrier-feed', 'Shipment Delayed', { shipment_id: shipmentId, order_id: orderId, new_eta: iso(eta + delayDays * DAY), reason: 'missing in network' });
      delivered = eta + delayDays * DAY - rng.uniform(1, 9) * HOUR;
    } else if (r < MODEL.lostRate + MODEL.delayRate * (nextDay ? 1.5 : 1)) {
      late = true;
      delayDays = rng.int(1, 5);
      const notice = dispatch + (eta - dispatch) * rng.uniform(0.3, 0.95);
      const newEta = eta + delayDays * DAY;
      this.logistics(notice, 'carrier-feed', 'Shipment Delayed', { shipment_id: shipmentId, order_id: orderId, new_eta: iso(newEta), reason: rng.pick(DELAY_REASONS) });
      delivered = rng.chance(0.75) ? newEta - rng.uniform(1, 9) * HOUR : newEta + rng.uniform(0.5, 3) * DAY;
    } else if (r < MODEL.lostRate + MODEL.delayRate * (nextDay ? 1.5 : 1) + MODEL.silentLateRate) {
      late = true;
      delivered = eta + rng.uniform(4, 72) * HOUR;
      delayDays = (delivered - eta) / DAY;
    } else {
      delivered = eta - rng.uniform(1, 10) * HOUR - (rng.chance(0.3) ? DAY : 0);
      if (delivered < dispatch + 10 * HOUR) delivered = dispatch + rng.uniform(10, 20) * HOUR;
    }
    this.logistics(delivered, 'carrier-feed', 'Shipment Delivered', { shipment_id: shipmentId, order_id: orderId });

    // Customers who were promised next-day delivery feel late when it takes longer.
    const felt = late || (nextDay && !expedited && rng.chance(0.5));
    if (late) this.lateAt.push(eta);

    let complaint = false;
    if (felt) {
      const p = lost ? 0.85 : MODEL.ticketRateLate * (late ? 1 : 0.5);
      if (rng.chance(p)) {
        let tt = eta + rng.uniform(2, 36) * HOUR;
        if (delivered < tt && !lost) tt = delivered + rng.uniform(1, 24) * HOUR;
        tt = this.officeTime(tt);
        const ticket = this.ticket(tt, 'delivery', 'delivery_problem', orderId, false);
        const pc = MODEL.complaintRateLateTicket * (lost ? 1.6 : 1) * (delayDays >= 3 ? 1.3 : 1) * (late ? 1 : 0.4);
        if (rng.chance(pc)) {
          complaint = true;
          const ct = tt + rng.uniform(10, 600) * MINUTE;
          const complaintId = this.id('cpl');
          this.helpdesk(ct, 'Complaint Opened', {
            complaint_id: complaintId, ticket_id: ticket, order_id: orderId, reason: lost ? 'parcel missing' : 'late delivery',
            severity: lost || delayDays >= 3 ? 'high' : rng.pick(['low', 'medium']), caused_by: 'logistics',
          });
          // Most complaints close within a few weeks; some drag on (open at the end).
          const closed = rng.chance(0.93) ? ct + (1 + rng.exponential(9)) * DAY : Infinity;
          this.complaints.push([ct, closed]);
          if (closed !== Infinity) this.helpdesk(this.officeTime(closed), 'Complaint Resolved', { complaint_id: complaintId });
          this.resolveTicket(ticket, tt, closed === Infinity ? Infinity : closed - tt + rng.uniform(1, 12) * HOUR, true);
          if (rng.chance(MODEL.churnAfterComplaint)) this.setChurn(ct + (2 + rng.exponential(25)) * DAY, 'complaint');
          if (lost || rng.chance(0.4)) this.refund(ct + rng.uniform(2, 48) * HOUR, orderId, lost ? total : round2(total * rng.uniform(0.1, 0.25)), lost ? 'parcel missing' : 'goodwill');
        } else {
          this.resolveTicket(ticket, tt, rng.uniform(0.1, 3) * DAY, false);
          if (lost) this.refund(tt + rng.uniform(2, 48) * HOUR, orderId, total, 'parcel missing');
        }
      }
    } else if (rng.chance(MODEL.ticketRateOnTime)) {
      // Questions and product problems after delivery; a few are complaints raised on the ticket itself.
      const tt = this.officeTime(delivered + rng.uniform(0.5, 10) * DAY);
      const productComplaint = rng.chance(0.12);
      const intent: Intent = productComplaint ? 'complaint' : rng.pick(['product_question', 'product_question', 'account_access', 'change_address', 'praise'] as const);
      const ticket = this.ticket(tt, productComplaint ? 'product' : intent === 'account_access' ? 'account' : 'product', intent, orderId, productComplaint);
      if (productComplaint) {
        complaint = true;
        const closed = tt + (1 + rng.exponential(6)) * DAY;
        this.complaints.push([tt, closed]);
        this.resolveTicket(ticket, tt, closed - tt, true);
      } else {
        this.resolveTicket(ticket, tt, rng.uniform(0.05, 2) * DAY, false);
      }
    }

    // Returns: a refund owed, promised by billing within N days.
    if (!lost && rng.chance(MODEL.returnRate * (complaint ? 2 : 1))) {
      const rt = delivered + rng.uniform(2, 20) * DAY;
      if (rng.chance(0.5)) {
        const ticket = this.ticket(this.officeTime(rt - rng.uniform(2, 24) * HOUR), 'return', 'return', orderId, false);
        this.resolveTicket(ticket, rt, rng.uniform(0.1, 1) * DAY, false);
      }
      this.refund(rt, orderId, round2(total * rng.uniform(0.3, 1)), 'return');
    }

    // Disputes: rare, likelier when the parcel was lost or the customer was charged twice.
    if (rng.chance(MODEL.disputeRate + (lost ? 0.15 : 0) + (doubleCharged ? 0.1 : 0))) {
      const dt = t + rng.uniform(10, 40) * DAY;
      const disputeId = this.id('dsp');
      this.billing(dt, 'Dispute Opened', { dispute_id: disputeId, order_id: orderId, amount: total, reason: lost ? 'not received' : doubleCharged ? 'duplicate' : 'not as described' });
      this.billing(dt + rng.uniform(10, 45) * DAY, 'Dispute Resolved', { dispute_id: disputeId, outcome: rng.pick(['won', 'lost', 'lost', 'withdrawn']) });
    }
  }

  setChurn(t: number, reason: string): void {
    if (t < this.churnAt) {
      this.churnAt = t;
      this.churnReason = reason;
    }
  }

  /** Opens a helpdesk ticket (email only), maybe with a callback promise; returns its id. */
  ticket(t: number, category: string, intent: Intent, orderId: string, complaint: boolean): string {
    const rng = this.rng;
    const ticketId = this.id('tkt');
    const templates = INTENT_TEMPLATES[intent];
    const product = rng.pick(PRODUCTS).name;
    const props: JsonObject = {
      ticket_id: ticketId, subject: fillTemplate(rng.pick(templates), rng, product, orderId), category,
      priority: complaint ? 'high' : rng.pick(['normal', 'normal', 'low', 'high']), order_id: orderId, channel: rng.pick(['email', 'chat', 'phone', 'form']),
    };
    if (complaint) props.complaint = true;
    // An agent's test ticket: filed under the placeholder address instead of the customer's.
    const email = this.junkEmail && this.seq.tkt === 1 ? 'test@test.com' : this.email;
    this.helpdesk(t, 'Ticket Opened', props, email);
    if (rng.chance(0.35)) {
      // Service promises a call back within a day; usually kept, sometimes late, sometimes never.
      const due = t + MODEL.callbackWithinHours * HOUR;
      this.promise(t + rng.uniform(2, 30) * MINUTE, 'helpdesk', {
        promise_id: this.id('prm'), type: 'callback', owner: 'service', due_at: iso(due), ticket_id: ticketId,
        description: 'We will call you back within 24 hours', kept_by: { event: 'Contact Made', ticket_id: ticketId },
      }, 'email');
      const r = rng.float();
      if (r < 0.95) {
        const when = r < 0.8 ? t + rng.uniform(0.5, 20) * HOUR : due + rng.uniform(2, 48) * HOUR;
        this.helpdesk(when, 'Contact Made', { channel: 'call', purpose: 'callback', direction: 'outbound', ticket_id: ticketId });
      }
    }
    return ticketId;
  }

  resolveTicket(ticketId: string, opened: number, after: number, complaint: boolean): void {
    if (after === Infinity) return;
    const rng = this.rng;
    const t = opened + Math.max(after, 20 * MINUTE);
    this.helpdesk(t, 'Ticket Resolved', { ticket_id: ticketId });
    // A satisfaction survey after the ticket closes.
    if (rng.chance(0.35)) {
      const score = complaint ? rng.weighted([[1, 5], [2, 4], [3, 2], [4, 1]] as const) : rng.weighted([[2, 1], [3, 2], [4, 5], [5, 6]] as const);
      this.helpdesk(t + rng.uniform(1, 30) * HOUR, 'Survey Answered', { survey: 'csat', score, ticket_id: ticketId });
    }
  }

  /** A refund owed: requested, promised within N days by billing, usually issued in time. */
  refund(t: number, orderId: string, amount: number, reason: string): void {
    const rng = this.rng;
    const refundId = this.id('rfd');
    this.billing(t, 'Refund Requested', { refund_id: refundId, order_id: orderId, amount, currency: DEMO_CURRENCY, reason });
    this.promise(t + 1000, 'billing', {
      promise_id: this.id('prm'), type: 'refund', owner: 'billing', due_at: iso(t + MODEL.refundWithinDays * DAY), refund_id: refundId,
      description: `Refund of €${amount.toFixed(2)} within ${MODEL.refundWithinDays} days`, kept_by: { event: 'Refund Issued', refund_id: refundId },
    }, 'user');
    const r = rng.float();
    if (r < 0.96) {
      const after = r < 0.82 ? rng.uniform(0.3, 4.5) : rng.uniform(6, 25);
      this.billing(t + after * DAY, 'Refund Issued', { refund_id: refundId, order_id: orderId, amount });
    }
  }

  campaign(c: CampaignPlan): void {
    const rng = this.rng;
    if (!(this.marketing && this.firstSeen < c.sendAt && c.sendAt < this.unsubAt && c.sendAt < this.consentOffAt)) return;
    if (!rng.chance(c.audienceShare)) return;
    const t = this.localDay(c.sendAt + 12 * HOUR) + rng.uniform(9, 11) * HOUR;
    const emailId = `eml-${c.campaignId}-${this.index}`;
    if (rng.chance(0.01)) {
      this.emailPlatform(t, 'Email Bounced', { email_id: emailId, campaign_id: c.campaignId });
      return;
    }
    this.emailsReceived++;
    this.emailPlatform(t, 'Email Delivered', { email_id: emailId, campaign_id: c.campaignId, email_subject: `${c.name}: new in for you` });

    const unhappy = this.complaintOpenAt(t) || this.complaints.some(([a]) => a <= t && t - a < 30 * DAY);
    const responds = !unhappy && rng.chance(c.responseRate * 1.03);
    let clickedAt = 0;
    if (responds || rng.chance(unhappy ? 0.12 : 0.24)) {
      const opened = t + rng.exponential(3) * HOUR;
      this.emailPlatform(opened, 'Email Opened', { email_id: emailId, campaign_id: c.campaignId });
      if (responds || rng.chance(0.12)) {
        clickedAt = opened + rng.uniform(0.2, 10) * MINUTE;
        this.emailPlatform(clickedAt, 'Email Link Clicked', { email_id: emailId, campaign_id: c.campaignId, link_url: `https://shop.maisontutti.example/c/${c.campaignId}` });
      }
    }
    if (responds) {
      let ot = clickedAt + (rng.chance(0.6) ? rng.uniform(3, 40) * MINUTE : rng.exponential(1.5) * DAY);
      if (ot > c.offerEndsAt) ot = c.offerEndsAt - rng.uniform(1, 5) * HOUR;
      if (ot > clickedAt) this.schedule({ t: ot, kind: 'order', campaign: c });
    }

    // Unsubscribes: more likely with an open or recent complaint (the wall), after late
    // deliveries, and as the emails pile up.
    const p = 0.004 + 0.003 * Math.max(0, this.emailsReceived - 4) + (unhappy ? 0.15 : 0) + (this.lateWithin(t, 30 * DAY) ? 0.03 : 0);
    if (rng.chance(p)) {
      const ut = t + rng.uniform(0.1, 30) * HOUR;
      this.unsubAt = ut;
      this.emailPlatform(ut, 'Unsubscribed', { purpose: 'marketing', list_id: 'newsletter', campaign_id: c.campaignId });
    } else if (rng.chance(0.0015)) {
      const st = t + rng.uniform(0.1, 30) * HOUR;
      this.unsubAt = st;
      this.emailPlatform(st, 'Email Marked as Spam', { email_id: emailId, campaign_id: c.campaignId });
    }
  }

  nps(t: number): void {
    const rng = this.rng;
    if (t < this.firstSeen || !rng.chance(0.18)) return;
    const at = this.localDay(t) + rng.uniform(8, 22) * HOUR;
    let score = rng.normal(8.2, 1.6);
    if (this.hadComplaintBefore(at)) score -= this.complaintOpenAt(at) ? 5.5 : 4.5;
    if (this.lateWithin(at, 120 * DAY)) score -= 1.5;
    score = Math.max(0, Math.min(10, Math.round(score)));
    const props: JsonObject = { survey: 'nps', score };
    if (score <= 4 && rng.chance(0.5)) props.comment = rng.pick(['Delivery took far too long.', 'Nobody answered my complaint.', 'Too many emails.', 'Refund still not received.']);
    if (score >= 9 && rng.chance(0.3)) props.comment = rng.pick(['Lovely products.', 'Fast delivery, thank you!', 'Great quality.']);
    this.emailPlatform(at, 'Survey Answered', props);
  }

  /** Sales calls whoever it likes: it does not see open complaints (a wall). */
  salesCall(t: number): void {
    if (t >= this.churnAt || t >= this.callsOffAt) return;
    this.crm(this.officeTime(this.localDay(t) + this.rng.uniform(9, 18) * HOUR), 'Contact Made', {
      channel: 'call', purpose: this.rng.pick(['upsell', 'upsell', 'renewal', 'feedback']), direction: 'outbound',
    });
  }

  consentChange(t: number): void {
    const rng = this.rng;
    if (rng.chance(0.6)) {
      this.consentOffAt = t;
      this.push(t, 'web-shop', {
        type: 'track', messageId: '', timestamp: '', userId: this.userId, anonymousId: this.anon, event: 'Segment Consent Preference Updated', properties: {},
        context: { timezone: this.tz, consent: { categoryPreferences: { marketing: false, analytics: false, functional: true } } },
      });
    } else {
      const ct = this.officeTime(t);
      this.consentOffAt = ct;
      this.callsOffAt = ct;
      this.crm(ct, 'Consent Updated', { purposes: { marketing: false, sales_calls: false } });
    }
  }
}

/**
 * The messages of customer `index`, in timestamp order. A pure function of (index, seed, end):
 * the same in any run, alone or within any number of customers.
 */
export function* generateCustomerEvents(index: number, opts: DemoOptions): Generator<DemoMessage> {
  const sim = new CustomerSim(index, opts);
  sim.run();
  const out = sim.out;
  out.sort((a, b) => a.t - b.t);
  const prefix = `demo-${opts.seed}-${index}-`;
  for (let n = 0; n < out.length; n++) {
    const p = out[n] as Pending;
    p.message.messageId = prefix + n;
    p.message.timestamp = iso(p.t);
    yield { source: p.source, message: p.message };
  }
}

/** Every customer's messages, customers 0..n-1 in order; streams with flat memory. */
export function* generateDemo(opts: DemoOptions): Generator<DemoMessage> {
  for (let i = 0; i < opts.customers; i++) yield* generateCustomerEvents(i, opts);
}
