/**
 * One customer of the demo: their profile, the state later events read (complaints, late
 * deliveries, churn, unsubscribes), their clock (local days, shopping and office hours) and
 * one message builder per department system. The behaviour that decides what happens lives
 * in the *-behaviour.ts modules, as plain functions over a CustomerSim; generator.ts runs them.
 */
import type { JsonObject } from '../core/event.js';
import { COUNTRY_TABLE, FIRST_NAMES, LAST_NAMES, nodeForRegion, type Country, type FulfilmentNode } from './company-catalogue.js';
import type { CampaignPlan } from './company-campaigns.js';
import { MODEL } from './company-model.js';
import { DAY, type DemoOptions, HOUR, YEAR } from './demo-options.js';
import { hasJunkEmail, hasJunkUserId, sharedDeviceAnon } from './identity-hazards.js';
import { Rng, customerRng, pickFrom, weightedTable } from './random.js';
import type { SegmentMessage } from './segment-types.js';

/** A message waiting for its place in time order (messageId and timestamp are set then). */
export interface Pending {
  t: number;
  source: string;
  message: SegmentMessage;
}

/** What starts a chain of events: an order, a campaign wave, an NPS wave, a sales call, a consent change. */
export type Kind = 'order' | 'campaign' | 'nps' | 'call' | 'consent';

/** One root event, processed in time order so each reads the state its predecessors left. */
export interface Root {
  t: number;
  kind: Kind;
  campaign?: CampaignPlan;
}

// Local hour of day (customer's zone) when people shop: lunch and evening peaks.
const SHOP_HOURS = weightedTable<number>([0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.5, 1.7, 1.9, 2.4, 2.2, 1.8, 1.7, 1.8, 2.0, 2.4, 2.9, 3.2, 3.0, 2.0, 0.9].map((w, h) => [h, w] as const));

/** A bijection on [0, 1e8) so phone numbers and CRM ids look scattered yet stay unique per index. */
function scatter(index: number): number {
  return (index * 7_919 + 12_345_678) % 100_000_000;
}

function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0'.repeat(width - s.length) + s;
}

/** One customer's simulation. Times are ms; `push` drops anything outside [start, end]. */
export class CustomerSim {
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

  /** Per-customer counters behind id(); the behaviours read `ord` and `tkt` to spot a first order or ticket. */
  readonly seq = { ord: 0, tkt: 0, cpl: 0, rfd: 0, dsp: 0, prm: 0 };

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

    // Identity hazards (identity-hazards.ts): a family computer shared by two customers, and
    // the customers whose records carry junk identifiers.
    this.anon = sharedDeviceAnon(opts.seed, index) ?? this.uuidLike(0);
    this.junkUserId = hasJunkUserId(opts.seed, index);
    this.junkEmail = hasJunkEmail(opts.seed, index);

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

  /** The customer's next id of a kind: `ord-<index>-<n>` and so on. */
  id(prefix: keyof CustomerSim['seq']): string {
    this.seq[prefix] += 1;
    return `${prefix}-${this.index}-${this.seq[prefix]}`;
  }

  /** Queues a message from `source` at time t, unless t falls outside the demo year. */
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

  /** True while some complaint is open at t. */
  complaintOpenAt(t: number): boolean {
    for (const [a, b] of this.complaints) if (a <= t && t < b) return true;
    return false;
  }

  /** True when any complaint was opened by t. */
  hadComplaintBefore(t: number): boolean {
    for (const [a] of this.complaints) if (a <= t) return true;
    return false;
  }

  /** True when a delivery was due in (t - window, t] and came late. */
  lateWithin(t: number, window: number): boolean {
    for (const x of this.lateAt) if (x <= t && t - x < window) return true;
    return false;
  }

  /** Moves churn earlier (never later): the first cause wins. */
  setChurn(t: number, reason: string): void {
    if (t < this.churnAt) {
      this.churnAt = t;
      this.churnReason = reason;
    }
  }

  /** Insert a root later than the one being processed, keeping time order. */
  schedule(root: Root): void {
    let i = this.roots.length;
    while (i > 0 && (this.roots[i - 1] as Root).t > root.t) i--;
    this.roots.splice(i, 0, root);
  }

  // ---- message builders, one per system ---------------------------------------------------------

  /** The web shop: userId once logged in, with the browser's anonymousId and zone. */
  shopTrack(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'web-shop', { type: 'track', messageId: '', timestamp: '', userId: this.userId, anonymousId: this.anon, event, properties, context: { timezone: this.tz } });
  }

  /** A web-shop page view, anonymous until the customer has logged in. */
  page(t: number, name: string, identified: boolean): void {
    const path = '/' + name.toLowerCase().replace(/ /g, '-');
    const message: SegmentMessage = {
      type: 'page', messageId: '', timestamp: '', anonymousId: this.anon, name,
      properties: { path, url: `https://shop.maisontutti.example${path}`, title: `${name} | Maison Tutti` }, context: { timezone: this.tz },
    };
    if (identified) message.userId = this.userId;
    this.push(t, 'web-shop', message);
  }

  /** Billing: by userId. */
  billing(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'billing', { type: 'track', messageId: '', timestamp: '', userId: this.userId, event, properties });
  }

  /** The helpdesk: by email only (an agent may type another address). */
  helpdesk(t: number, event: string, properties: JsonObject, email = this.email): void {
    this.push(t, 'helpdesk', { type: 'track', messageId: '', timestamp: '', event, properties, context: { traits: { email } } });
  }

  /** The email platform: by email only. */
  emailPlatform(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'email-platform', { type: 'track', messageId: '', timestamp: '', event, properties, context: { traits: { email: this.email } } });
  }

  /** The warehouse and carrier feed: no customer identifier at all, only the order_id in the properties. */
  logistics(t: number, source: 'warehouse' | 'carrier-feed', event: string, properties: JsonObject): void {
    this.push(t, source, { type: 'track', messageId: '', timestamp: '', event, properties });
  }

  /** The CRM: by its own record id (externalIds) and email. */
  crm(t: number, event: string, properties: JsonObject): void {
    this.push(t, 'crm', {
      type: 'track', messageId: '', timestamp: '', event, properties,
      context: { traits: { email: this.email }, externalIds: [{ id: this.crmId, type: 'crm_id', collection: 'users', encoding: 'none' }] },
    });
  }

  /** A Promise Made from `source`, identified the way that system identifies the customer. */
  promise(t: number, source: string, props: JsonObject, identity: 'user' | 'email' | 'order'): void {
    const message: SegmentMessage = { type: 'track', messageId: '', timestamp: '', event: 'Promise Made', properties: props };
    if (identity === 'user') message.userId = this.userId;
    else if (identity === 'email') message.context = { traits: { email: this.email } };
    this.push(t, source, message);
  }
}
