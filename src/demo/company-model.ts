/**
 * The behaviour model shared by the generator and the company figures, so that stock, capacity
 * and staffing (company-capabilities.ts) are sized for the demand the generator actually
 * produces. Change a rate here and both sides move together.
 */
import { PRODUCTS } from './company-catalogue.js';

/** The rates and shares the customer simulation draws from. */
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
export const UNITS_PER_LINE = 1.5;

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
