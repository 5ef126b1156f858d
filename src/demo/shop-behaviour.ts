/**
 * The web shop's side of the demo, by userId once logged in and anonymousId before: a
 * customer's first visit (an ad click, browsing, the login that links the two ids, the CRM
 * record) and each order — basket, payment, cancellation — and, for an order that ships,
 * the chain through logistics, service and billing that follows it.
 */
import type { JsonObject } from '../core/event.js';
import { PRODUCTS, PRODUCT_TABLE, type Product } from './company-catalogue.js';
import type { CampaignPlan } from './company-campaigns.js';
import { MODEL } from './company-model.js';
import { capturePayment, maybeDispute } from './billing-behaviour.js';
import type { CustomerSim } from './customer-sim.js';
import { iso, round2 } from './demo-format.js';
import { DAY, DEMO_CURRENCY, HOUR, MINUTE } from './demo-options.js';
import { appAlias, brokenTagView } from './identity-hazards.js';
import { deliver } from './logistics-behaviour.js';
import { nextDayPromise } from './marketing-behaviour.js';
import { pickFrom } from './random.js';
import { deliveryAftercare, doubleChargeTicket, maybeReturn } from './service-behaviour.js';

const PAGE_NAMES = ['Home', 'Search', 'Category', 'Product', 'Basket', 'Account', 'Delivery information', 'Returns policy'];
const AD_CAMPAIGNS = ['ads-paid-social-autumn', 'ads-search-brand', 'ads-search-generic', 'ads-paid-social-spring', 'ads-display-retarget'];

/** First visit: an ad click or two, anonymous browsing, then the login that links anonymousId and userId. */
export function arrive(sim: CustomerSim): void {
  const rng = sim.rng;
  const t0 = sim.firstSeen;
  const isNew = sim.signup >= sim.start;
  if (isNew && rng.chance(0.3)) {
    sim.push(t0 - rng.uniform(8, 40) * MINUTE, 'ad-campaigns', {
      type: 'track', messageId: '', timestamp: '', anonymousId: sim.anon, event: 'Lead Created',
      properties: { lead_id: `lead-${sim.index}`, campaign_id: rng.pick(AD_CAMPAIGNS), channel: rng.pick(['paid_social', 'search', 'display']) },
    });
  }
  const pages = rng.int(1, 3);
  for (let k = 0; k < pages; k++) sim.page(t0 - (pages - k) * rng.uniform(0.5, 3) * MINUTE, rng.pick(PAGE_NAMES), false);
  const traits: JsonObject = {
    email: sim.email, first_name: sim.firstName, last_name: sim.lastName, name: `${sim.firstName} ${sim.lastName}`,
    crm_id: sim.crmId, created_at: iso(sim.signup), address: { city: sim.city, country: sim.country.code },
  };
  if (sim.phone) traits.phone = sim.phone;
  sim.push(t0, 'web-shop', {
    type: 'identify', messageId: '', timestamp: '', userId: sim.userId, anonymousId: sim.anon, traits,
    context: { timezone: sim.tz, consent: { categoryPreferences: { marketing: sim.marketing, analytics: rng.chance(0.8), functional: true } } },
  });
  // The CRM record (created at sign-up, updated now), keyed by its own id.
  if (rng.chance(0.8)) {
    const crmTraits: JsonObject = { email: sim.email, first_name: sim.firstName, last_name: sim.lastName, crm_id: sim.crmId, lifecycle_stage: 'customer', country: sim.country.code };
    if (sim.phone) crmTraits.phone = sim.phone;
    sim.push(sim.officeTime(t0 + rng.uniform(1, 48) * HOUR), 'crm', {
      type: 'identify', messageId: '', timestamp: '', traits: crmTraits,
      context: { externalIds: [{ id: sim.crmId, type: 'crm_id', collection: 'users', encoding: 'none' }] },
    });
  }
  // A few customers used the mobile app before (an identity hazard: an old id turns up late).
  appAlias(sim, t0);
}

/** An order at t (from a campaign, or null): browsing, basket, payment, then cancellation or shipping and what follows. */
export function placeOrder(sim: CustomerSim, t: number, campaign: CampaignPlan | null): void {
  const rng = sim.rng;
  const orderId = sim.id('ord');
  const k = sim.seq.ord;

  // Browsing before the order; a broken tag on one page may send userId "null".
  const pages = rng.int(1, 2);
  for (let p = 0; p < pages; p++) {
    sim.page(Math.max(t - (pages - p) * rng.uniform(1, 6) * MINUTE, sim.firstSeen + (p + 1) * 1000), rng.pick(PAGE_NAMES), true);
  }
  brokenTagView(sim, t, k);

  // Basket: heavy-tailed through product prices, quantities and the occasional bulk order.
  const pool = campaign ? productsForCampaign(campaign) : null;
  const lines = Math.min(5, 1 + rng.poisson(0.6));
  const products: JsonObject[] = [];
  let revenue = 0;
  for (let l = 0; l < lines; l++) {
    const p = pool && pool.length > 0 && l === 0 ? rng.pick(pool) : pickFrom(PRODUCT_TABLE, rng);
    let quantity = rng.chance(0.18) ? rng.int(2, 4) : 1;
    if (rng.chance(0.01 * sim.spend)) quantity = rng.int(6, 24);
    const price = campaign ? round2(p.price * 0.85) : p.price;
    revenue += price * quantity;
    products.push({ product_id: p.sku, sku: p.sku, name: p.name, category: p.category, price, quantity });
  }
  revenue = round2(revenue);
  const shipping = revenue >= 60 ? 0 : 4.95;
  const total = round2(revenue + shipping);
  const props: JsonObject = { order_id: orderId, revenue, total, shipping, currency: DEMO_CURRENCY, products };
  if (campaign) props.campaign_id = campaign.campaignId;
  sim.shopTrack(t, 'Order Completed', props);

  const doubleCharged = capturePayment(sim, t, orderId, total, k);
  if (doubleCharged) doubleChargeTicket(sim, t, orderId, total);

  if (rng.chance(MODEL.cancelRate)) {
    const ct = t + rng.uniform(0.3, 6) * HOUR;
    sim.shopTrack(ct, 'Order Cancelled', { order_id: orderId, reason: rng.pick(['changed mind', 'found cheaper', 'ordered by mistake']) });
    sim.billing(ct + rng.uniform(1, 3) * DAY, 'Order Refunded', { order_id: orderId, total, currency: DEMO_CURRENCY });
    return;
  }

  // The order ships; marketing's promise (if any) was made at checkout, before logistics knew.
  nextDayPromise(sim, t, orderId, campaign);
  const delivery = deliver(sim, t, orderId, campaign);
  const complaint = deliveryAftercare(sim, delivery, orderId, total);
  maybeReturn(sim, delivery.delivered, orderId, total, delivery.lost, complaint);
  maybeDispute(sim, t, orderId, total, delivery.lost, doubleCharged);
}

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
