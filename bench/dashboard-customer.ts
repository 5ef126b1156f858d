/**
 * The heavy customer of bench/dashboard: one person with 10,000 events over the last year from
 * every department, each sent by the department's own system with the identifier that system
 * really has (the shop and billing know the userId, the e-mail platform and the help desk the
 * e-mail address, the warehouse and the carrier only the order id), so identity resolution links
 * them as it would in production. A story of ten events repeats: an order, its shipment and
 * delivery (every seventh delayed first), two campaign e-mails and an open, a help-desk ticket (every fifth one a
 * complaint) and its resolution; every tenth story has a refund. The last story's shipment and
 * ticket stay open, so the customer 360 shows open items and flags.
 *
 * messageIds are fixed: posting the same customer twice stores nothing new (dedupe).
 */

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The demo's source names (src/demo/company-catalogue.ts) by what they send here. */
export const HEAVY_SOURCES = ['web-shop', 'email-platform', 'helpdesk', 'warehouse', 'carrier-feed', 'billing'] as const;
export type HeavySource = (typeof HEAVY_SOURCES)[number];

export interface HeavyMessage {
  source: HeavySource;
  at: number;
  message: Record<string, unknown>;
}

export interface HeavyCustomer {
  userId: string;
  email: string;
  /** The ref the dashboard opens: userId:… */
  ref: string;
  messages: HeavyMessage[];
}

/** `events` messages (the identify included) ending one minute before `now`, oldest first. */
export function heavyCustomer(events: number, now: number, tag = 'dash'): HeavyCustomer {
  const userId = `u-bench-${tag}`;
  const email = `bench-${tag}@example.org`;
  // The identify, ten messages a story (eight in the last), then page-view fillers to make exactly `events`.
  const stories = Math.max(1, Math.floor((events - 9) / 10) + 1);
  const span = 365 * DAY;
  const start = now - span - 3 * DAY;
  const messages: HeavyMessage[] = [];
  const id = (kind: string, k: number): string => `bench-${tag}-${kind}-${k}`;
  const iso = (t: number): string => new Date(t).toISOString();
  messages.push({
    source: 'web-shop',
    at: start,
    message: { type: 'identify', messageId: id('identify', 0), timestamp: iso(start), userId, traits: { email, name: 'Bench Heavy-Customer', first_name: 'Bench', last_name: 'Heavy-Customer' }, context: { timezone: 'Europe/Paris' } },
  });
  const track = (source: HeavySource, t: number, kind: string, k: number, event: string, properties: Record<string, unknown>, who: Record<string, unknown>): void => {
    messages.push({ source, at: t, message: { type: 'track', messageId: id(kind, k), timestamp: iso(t), event, properties, ...who } });
  };
  const byUser = { userId };
  const byEmail = { context: { traits: { email } } };
  const byOrder = {}; // the warehouse and the carrier know the order id only (in properties)
  for (let k = 0; k < stories; k++) {
    const t0 = start + Math.floor((k * span) / stories);
    const last = k === stories - 1;
    const order = `O-bench-${tag}-${k}`;
    const shipment = `S-bench-${tag}-${k}`;
    const ticket = `T-bench-${tag}-${k}`;
    const amount = 20 + ((k * 37) % 180);
    track('web-shop', t0, 'order', k, 'Order Completed', { order_id: order, revenue: amount, total: amount, currency: 'EUR', products: [{ sku: `SKU-${k % 40}`, quantity: 1, price: amount }] }, byUser);
    track('warehouse', t0 + 2 * HOUR, 'dispatch', k, 'Shipment Dispatched', { shipment_id: shipment, order_id: order, carrier: 'DHL', eta: iso(t0 + 2 * DAY) }, byOrder);
    if (!last) {
      // Every seventh parcel is delayed first (and then delivered in place of the page view below).
      if (k % 7 === 3) track('carrier-feed', t0 + 30 * HOUR, 'delay', k, 'Shipment Delayed', { shipment_id: shipment, order_id: order, new_eta: iso(t0 + 3 * DAY), reason: 'weather' }, byOrder);
      track('carrier-feed', t0 + 40 * HOUR, 'deliver', k, 'Shipment Delivered', { shipment_id: shipment, order_id: order }, byOrder);
    }
    track('email-platform', t0 + 3 * HOUR, 'email-a', k, 'Email Delivered', { campaign_id: `cmp-bench-${k % 12}`, email_id: `e-${tag}-${k}-a`, purpose: 'marketing' }, byEmail);
    track('email-platform', t0 + 5 * HOUR, 'open', k, 'Email Opened', { email_id: `e-${tag}-${k}-a` }, byEmail);
    track('email-platform', t0 + 20 * HOUR, 'email-b', k, 'Email Delivered', { campaign_id: `cmp-bench-${(k + 5) % 12}`, email_id: `e-${tag}-${k}-b`, purpose: 'marketing' }, byEmail);
    track('helpdesk', t0 + 26 * HOUR, 'ticket', k, 'Ticket Opened', { ticket_id: ticket, subject: k % 5 === 0 ? 'Parcel arrived damaged' : 'Question about my order', complaint: k % 5 === 0, order_id: order }, byEmail);
    track('helpdesk', t0 + 27 * HOUR, 'ticket-update', k, 'Ticket Updated', { ticket_id: ticket, status: 'pending' }, byEmail);
    if (!last) track('helpdesk', t0 + 50 * HOUR, 'ticket-resolve', k, 'Ticket Resolved', { ticket_id: ticket }, byEmail);
    if (k % 10 === 9) track('billing', t0 + 60 * HOUR, 'refund', k, 'Order Refunded', { order_id: order, total: amount }, byUser);
    else if (k % 7 !== 3 || last) track('web-shop', t0 + 60 * HOUR, 'view', k, 'Product Viewed', { product_id: `SKU-${(k + 3) % 40}` }, byUser);
  }
  const fillers = events - messages.length;
  for (let i = 0; i < fillers; i++) {
    const t = start + Math.floor(((i + 0.5) * span) / fillers);
    track('web-shop', t, 'filler', i, 'Product Viewed', { product_id: `SKU-${i % 40}` }, byUser);
  }
  // Nothing in the future (the last story ends about a day before `now`; this only guards it).
  for (const m of messages) {
    if (m.at > now - 60_000) {
      m.at = now - 60_000;
      m.message.timestamp = new Date(m.at).toISOString();
    }
  }
  messages.sort((a, b) => a.at - b.at);
  return { userId, email, ref: `userId:${userId}`, messages: messages.slice(0, events) };
}

/**
 * The messages as /v1/batch bodies (one write key each, at most `size` messages): time windows of
 * about `size` messages, and in each window the shop first (its orders and the identify link the
 * order ids and the e-mail address to the userId), then the other departments.
 */
export function heavyBatches(customer: HeavyCustomer, size = 500): { source: HeavySource; batch: Record<string, unknown>[] }[] {
  const out: { source: HeavySource; batch: Record<string, unknown>[] }[] = [];
  for (let i = 0; i < customer.messages.length; i += size) {
    const window = customer.messages.slice(i, i + size);
    for (const source of HEAVY_SOURCES) {
      const batch = window.filter((m) => m.source === source).map((m) => m.message);
      if (batch.length > 0) out.push({ source, batch });
    }
  }
  return out;
}
