import { describe, expect, it } from 'vitest';
import { checkProperties, isCatalogued } from '../core/catalogue.js';
import { demoCompanyData, demoSources, PRODUCTS } from './company.js';
import { generateCustomerEvents, generateDemo, iso, type DemoMessage, type DemoOptions } from './generator.js';
import { INTENTS } from './messages.js';
import { customerRng, createRng } from './random.js';

const END = Date.parse('2025-06-30T12:00:00.000Z');
const OPTS: DemoOptions = { customers: 2000, seed: 42, end: END };

function customers(opts: DemoOptions): DemoMessage[][] {
  const out: DemoMessage[][] = [];
  for (let i = 0; i < opts.customers; i++) out.push([...generateCustomerEvents(i, opts)]);
  return out;
}

// One run over 2,000 customers shared by the aggregate tests.
const RUN = customers(OPTS);

const props = (m: DemoMessage): Record<string, unknown> => (m.message.properties ?? {}) as Record<string, unknown>;
const named = (msgs: DemoMessage[], event: string): DemoMessage[] => msgs.filter((m) => m.message.event === event);
const time = (m: DemoMessage): number => Date.parse(m.message.timestamp);

interface Facts {
  lateShipment: boolean;
  tickets: number;
  complained: boolean;
  churned: boolean;
  openComplaints: number;
  lateUndelivered: number;
  pendingRefunds: number;
  openPromises: number;
}

/** What a customer-state projection would derive from one customer's messages, at END. */
function facts(msgs: DemoMessage[]): Facts {
  const delivered = new Map<string, number>();
  for (const m of named(msgs, 'Shipment Delivered')) delivered.set(String(props(m).order_id), time(m));
  let lateShipment = false;
  let lateUndelivered = 0;
  for (const m of named(msgs, 'Shipment Dispatched')) {
    const eta = Date.parse(String(props(m).eta));
    const got = delivered.get(String(props(m).order_id));
    if ((got !== undefined && got > eta) || (got === undefined && eta < END)) lateShipment = true;
    if (got === undefined && eta < END) lateUndelivered++;
  }
  if (named(msgs, 'Shipment Delayed').length > 0) lateShipment = true;
  const complaintsOpened = named(msgs, 'Complaint Opened').map((m) => String(props(m).complaint_id));
  const complaintsResolved = new Set(named(msgs, 'Complaint Resolved').map((m) => String(props(m).complaint_id)));
  const refunds = named(msgs, 'Refund Requested').map((m) => String(props(m).refund_id));
  const issued = new Set(named(msgs, 'Refund Issued').map((m) => String(props(m).refund_id)));
  let openPromises = 0;
  for (const m of named(msgs, 'Promise Made')) {
    const keptBy = props(m).kept_by as Record<string, string>;
    const kept = msgs.some((x) => x.message.event === keptBy.event && Object.entries(keptBy).every(([k, v]) => k === 'event' || props(x)[k] === v));
    if (!kept) openPromises++;
  }
  const tickets = named(msgs, 'Ticket Opened');
  return {
    lateShipment,
    tickets: tickets.length,
    complained: complaintsOpened.length > 0 || tickets.some((m) => props(m).complaint === true),
    churned: named(msgs, 'Customer Churned').length > 0,
    openComplaints: complaintsOpened.filter((id) => !complaintsResolved.has(id)).length,
    lateUndelivered,
    pendingRefunds: refunds.filter((id) => !issued.has(id)).length,
    openPromises,
  };
}

describe('random', () => {
  it('is deterministic per seed and stream, and streams differ', () => {
    const a = createRng(1, 2);
    const b = createRng(1, 2);
    const c = customerRng(1, 3);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws from the right distributions', () => {
    const r = createRng(9);
    const n = 20_000;
    let sum = 0;
    let pois = 0;
    let exp = 0;
    let inRange = true;
    for (let i = 0; i < n; i++) {
      sum += r.normal(10, 2);
      pois += r.poisson(3);
      exp += r.exponential(5);
      const k = r.int(1, 6);
      if (k < 1 || k > 6) inRange = false;
    }
    expect(inRange).toBe(true);
    expect(sum / n).toBeCloseTo(10, 1);
    expect(pois / n).toBeCloseTo(3, 1);
    expect(Math.abs(exp / n - 5)).toBeLessThan(0.2);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < n; i++) counts[r.weighted([['a', 1], ['b', 3]] as const)]++;
    expect(counts.b / n).toBeGreaterThan(0.72);
    expect(counts.b / n).toBeLessThan(0.78);
  });
});

describe('generateDemo', () => {
  it('is deterministic: the same seed gives identical output', () => {
    const opts = { ...OPTS, customers: 200 };
    const a = JSON.stringify([...generateDemo(opts)]);
    const b = JSON.stringify([...generateDemo(opts)]);
    expect(a).toBe(b);
    expect(JSON.stringify([...generateDemo({ ...opts, seed: 43 })])).not.toBe(a);
  });

  it('generates customer i identically alone, within a run and whatever the run size', () => {
    const alone = JSON.stringify([...generateCustomerEvents(150, OPTS)]);
    const prefix = 'demo-42-150-';
    const inSmallRun = [...generateDemo({ ...OPTS, customers: 151 })].filter((m) => m.message.messageId.startsWith(prefix));
    expect(JSON.stringify(inSmallRun)).toBe(alone);
    expect(JSON.stringify(RUN[150])).toBe(alone);
    // Order of generation does not matter either.
    [...generateCustomerEvents(1999, OPTS)];
    expect(JSON.stringify([...generateCustomerEvents(150, OPTS)])).toBe(alone);
  });

  it('averages 20–30 messages per customer with unique, deterministic message ids', () => {
    const all = RUN.flat();
    expect(all.length / OPTS.customers).toBeGreaterThan(20);
    expect(all.length / OPTS.customers).toBeLessThan(30);
    expect(new Set(all.map((m) => m.message.messageId)).size).toBe(all.length);
    expect(all[0]?.message.messageId).toBe('demo-42-0-0');
  });

  it('emits each customer in timestamp order, inside the year before the end', () => {
    const start = END - 365 * 86_400_000;
    const bad: string[] = [];
    for (const msgs of RUN) {
      let last = -Infinity;
      for (const m of msgs) {
        const t = time(m);
        if (t < last || t > END || t < start) bad.push(m.message.messageId);
        last = t;
      }
    }
    expect(bad).toEqual([]);
  });

  it('validates every track event against the catalogue and keeps every message under 32 KB', () => {
    const sources = new Set(demoSources().map((s) => s.name));
    const seen = new Set<string>();
    const problems: string[] = [];
    let largest = 0;
    for (const m of RUN.flat()) {
      if (!sources.has(m.source)) problems.push(`${m.message.messageId}: unknown source ${m.source}`);
      largest = Math.max(largest, Buffer.byteLength(JSON.stringify(m.message)));
      if (m.message.type !== 'track') continue;
      const event = m.message.event ?? '';
      if (isCatalogued(event)) seen.add(event);
      const problem = checkProperties(event, m.message.properties ?? {});
      if (problem !== null) problems.push(`${m.message.messageId}: ${problem}`);
    }
    expect(problems).toEqual([]);
    expect(largest).toBeLessThanOrEqual(32 * 1024);
    for (const e of ['Order Completed', 'Shipment Dispatched', 'Shipment Delayed', 'Shipment Delivered', 'Ticket Opened', 'Complaint Opened',
      'Refund Requested', 'Refund Issued', 'Promise Made', 'Survey Answered', 'Email Delivered', 'Unsubscribed', 'Customer Churned',
      'Contact Made', 'Dispute Opened', 'Order Cancelled', 'Consent Updated']) {
      expect(seen.has(e), e).toBe(true);
    }
  });

  it('identifies customers differently per department', () => {
    const bad: string[] = [];
    for (const m of RUN.flat()) {
      const msg = m.message;
      const id = `${m.source} ${msg.messageId}`;
      if (m.source === 'warehouse' || m.source === 'carrier-feed') {
        if (msg.userId !== undefined || msg.anonymousId !== undefined || msg.context?.traits !== undefined) bad.push(`${id} carries a customer id`);
        if (JSON.stringify(msg).includes('@')) bad.push(`${id} carries an email`);
        if (typeof props(m).order_id !== 'string') bad.push(`${id} has no order_id`);
      }
      if (m.source === 'helpdesk' || m.source === 'email-platform') {
        if (msg.userId !== undefined || msg.anonymousId !== undefined) bad.push(`${id} carries a user or anonymous id`);
        if (typeof msg.context?.traits?.email !== 'string') bad.push(`${id} has no email`);
      }
      if (m.source === 'billing' && !/^u-\d+$/.test(msg.userId ?? '')) bad.push(`${id} has no userId`);
    }
    expect(bad).toEqual([]);
    // Emails and phones are unique per customer and never a junk address in traits.
    const emails = new Set<string>();
    const phones = new Set<string>();
    for (const msgs of RUN) {
      const identify = msgs.find((m) => m.message.type === 'identify' && m.source === 'web-shop');
      const traits = identify?.message.traits ?? {};
      expect(traits.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.org$/);
      emails.add(String(traits.email));
      if (traits.phone) phones.add(String(traits.phone));
      expect(identify?.message.anonymousId).toBeTruthy();
      expect(identify?.message.userId).toMatch(/^u-\d+$/);
    }
    expect(emails.size).toBe(OPTS.customers);
    expect(phones.size / OPTS.customers).toBeGreaterThan(0.55);
    expect(phones.size / OPTS.customers).toBeLessThan(0.65);
  });

  it('sends logistics events for an order only after the web shop has the order', () => {
    const bad: string[] = [];
    for (const msgs of RUN) {
      const ordered = new Map<string, number>();
      for (const m of msgs) {
        const orderId = String(props(m).order_id);
        if (m.message.event === 'Order Completed') ordered.set(orderId, time(m));
        if (m.source === 'warehouse' || m.source === 'carrier-feed') {
          const at = ordered.get(orderId);
          if (at === undefined || time(m) <= at) bad.push(`${m.message.messageId} (${orderId})`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('includes identity hazards: shared devices and junk ids', () => {
    const all = RUN.flat();
    const anonOwners = new Map<string, Set<string>>();
    for (const m of all) {
      if (m.message.type !== 'identify' || !m.message.anonymousId || !m.message.userId) continue;
      const set = anonOwners.get(m.message.anonymousId) ?? new Set();
      set.add(m.message.userId);
      anonOwners.set(m.message.anonymousId, set);
    }
    expect([...anonOwners.values()].some((s) => s.size > 1)).toBe(true);
    expect(all.some((m) => m.message.userId === 'null')).toBe(true);
    expect(all.some((m) => m.message.context?.traits?.email === 'test@test.com')).toBe(true);
  });

  it('shows cause and effect in aggregate', () => {
    const fs = RUN.map(facts);
    const rate = (xs: Facts[], f: (x: Facts) => boolean): number => xs.filter(f).length / Math.max(1, xs.length);
    const late = fs.filter((f) => f.lateShipment);
    const onTime = fs.filter((f) => !f.lateShipment);
    expect(late.length).toBeGreaterThan(50);
    expect(rate(late, (f) => f.tickets > 0)).toBeGreaterThan(2 * rate(onTime, (f) => f.tickets > 0));
    const complainers = fs.filter((f) => f.complained);
    const others = fs.filter((f) => !f.complained);
    expect(complainers.length).toBeGreaterThan(30);
    expect(rate(complainers, (f) => f.churned)).toBeGreaterThan(2 * rate(others, (f) => f.churned));

    // Complainers score lower on NPS and unsubscribe more.
    const nps = (msgs: DemoMessage[]): number[] => named(msgs, 'Survey Answered').filter((m) => props(m).survey === 'nps').map((m) => Number(props(m).score));
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const complainerIdx = fs.map((f, i) => (f.complained ? i : -1)).filter((i) => i >= 0);
    const otherIdx = fs.map((f, i) => (f.complained ? -1 : i)).filter((i) => i >= 0);
    expect(mean(complainerIdx.flatMap((i) => nps(RUN[i] ?? [])))).toBeLessThan(mean(otherIdx.flatMap((i) => nps(RUN[i] ?? []))) - 1);
    const unsub = (idx: number[]): number => idx.filter((i) => named(RUN[i] ?? [], 'Unsubscribed').length > 0).length / idx.length;
    expect(unsub(complainerIdx)).toBeGreaterThan(unsub(otherIdx));

    // Campaigns bring orders.
    const campaignOrders = RUN.flat().filter((m) => m.message.event === 'Order Completed' && props(m).campaign_id !== undefined);
    expect(campaignOrders.length).toBeGreaterThan(20);
  });

  it('leaves states open at the end', () => {
    const fs = RUN.map(facts);
    const sum = (f: (x: Facts) => number): number => fs.reduce((a, x) => a + f(x), 0);
    expect(sum((f) => f.openComplaints)).toBeGreaterThan(0);
    expect(sum((f) => f.lateUndelivered)).toBeGreaterThan(0);
    expect(sum((f) => f.pendingRefunds)).toBeGreaterThan(0);
    expect(sum((f) => f.openPromises)).toBeGreaterThan(0);
  });
});

describe('demoCompanyData', () => {
  const data = demoCompanyData(OPTS);

  it('is deterministic and JSON-serialisable', () => {
    const json = JSON.stringify(data);
    expect(JSON.stringify(JSON.parse(json))).toBe(json);
    expect(JSON.stringify(demoCompanyData(OPTS))).toBe(json);
  });

  it('describes the company later features plan against', () => {
    expect(data.sources.map((s) => s.name)).toEqual(['web-shop', 'crm', 'email-platform', 'ad-campaigns', 'helpdesk', 'warehouse', 'carrier-feed', 'billing']);
    expect(PRODUCTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PRODUCTS.map((p) => p.sku)).size).toBe(PRODUCTS.length);
    expect(data.inventory.nodes.length).toBeGreaterThanOrEqual(2);
    expect(data.inventory.stock.length).toBe(PRODUCTS.length * data.inventory.nodes.length);
    expect(data.inventory.receipts.length).toBeGreaterThan(0);
    for (const r of data.inventory.receipts) expect(Date.parse(r.date)).toBeGreaterThan(END - 86_400_000);
    expect(data.service.roster.length).toBe(7 * 48);
    expect(data.service.serviceLevel).toEqual({ target: 0.8, seconds: 20 });
    expect(data.service.shrinkage).toBe(0.3);
    expect(data.service.occupancyCap).toBe(0.85);
    expect(data.billing.refundWithinDays).toBe(5);
    expect(data.campaigns.length).toBe(8);
    // The campaigns the history reports are the ones the event stream carries.
    const ids = new Set(RUN.flat().map((m) => props(m).campaign_id).filter((x) => typeof x === 'string'));
    for (const c of data.campaigns) expect(ids.has(c.campaignId)).toBe(true);
  });

  it('holds about 2,000 labelled customer messages, ~15 % with two intents, ~20 % held out', () => {
    const msgs = data.messages;
    expect(msgs.length).toBe(2000);
    const two = msgs.filter((m) => m.intents.length === 2).length / msgs.length;
    const held = msgs.filter((m) => m.heldOut).length / msgs.length;
    expect(two).toBeGreaterThan(0.11);
    expect(two).toBeLessThan(0.19);
    expect(held).toBeGreaterThan(0.16);
    expect(held).toBeLessThan(0.24);
    for (const intent of INTENTS) expect(msgs.some((m) => m.intents.includes(intent))).toBe(true);
    for (const m of msgs) expect(m.text).not.toMatch(/[{}]/);
  });
});

describe('iso', () => {
  it('formats exactly like Date#toISOString', () => {
    const r = createRng(5);
    for (let k = 0; k < 5000; k++) {
      const t = Math.floor(r.float() * 4_102_444_800_000) + (k % 7 === 0 ? r.float() : 0);
      expect(iso(t)).toBe(new Date(t).toISOString());
    }
    expect(iso(0)).toBe('1970-01-01T00:00:00.000Z');
  });
});
