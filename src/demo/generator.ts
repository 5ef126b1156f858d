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
 *
 * This module runs one customer's year and streams the messages; the departments' behaviour
 * lives beside it: shop-behaviour.ts (first visit, orders), logistics-behaviour.ts,
 * service-behaviour.ts, billing-behaviour.ts, marketing-behaviour.ts, sales-behaviour.ts and
 * identity-hazards.ts, all over the per-customer state in customer-sim.ts.
 */
import { demoCampaignPlans } from './company-campaigns.js';
import { MODEL } from './company-model.js';
import { CustomerSim, type Pending, type Root } from './customer-sim.js';
import { iso } from './demo-format.js';
import { DAY, type DemoOptions, MINUTE, YEAR } from './demo-options.js';
import { campaignWave, consentChange, npsWave } from './marketing-behaviour.js';
import { churnRecord, salesCall } from './sales-behaviour.js';
import type { DemoMessage } from './segment-types.js';
import { arrive, placeOrder } from './shop-behaviour.js';

export type { DemoOptions } from './demo-options.js';
export type { DemoMessage, SegmentContext, SegmentMessage } from './segment-types.js';
export { iso } from './demo-format.js';

/**
 * Runs one customer's year: the first visit, then every root (orders, campaign waves, NPS
 * waves, sales calls, consent changes) in time order, then the churn record.
 */
function simulate(sim: CustomerSim): void {
  const rng = sim.rng;
  arrive(sim);

  // Roots: orders, campaign waves, NPS waves, sales calls; processed in time order so each
  // reads the state (complaints, churn, unsubscribes) its predecessors left.
  const activeYears = (sim.end - sim.firstSeen) / YEAR;
  const organic = rng.poisson(sim.orderRate * activeYears);
  for (let k = 0; k < organic; k++) {
    const t = sim.shoppingTime(sim.firstSeen + rng.float() * (sim.end - sim.firstSeen));
    sim.roots.push({ t: Math.max(t, sim.firstSeen + 30 * MINUTE), kind: 'order' });
  }
  if (sim.signup >= sim.start && rng.chance(0.55)) sim.roots.push({ t: sim.firstSeen + rng.uniform(4, 30) * MINUTE, kind: 'order' });
  for (const c of demoCampaignPlans(sim.opts)) sim.roots.push({ t: c.sendAt, kind: 'campaign', campaign: c });
  for (const d of [110, 290]) sim.roots.push({ t: sim.start + d * DAY + rng.uniform(0, 3) * DAY, kind: 'nps' });
  const calls = rng.poisson(0.35 * activeYears);
  for (let k = 0; k < calls; k++) sim.roots.push({ t: sim.firstSeen + rng.float() * (sim.end - sim.firstSeen), kind: 'call' });
  if (rng.chance(0.03)) sim.roots.push({ t: sim.firstSeen + rng.float() * (sim.end - sim.firstSeen), kind: 'consent' });
  sim.roots.sort((a, b) => a.t - b.t);

  // Churn without a complaint: a small annual hazard.
  if (rng.chance(MODEL.churnBase * activeYears)) sim.churnAt = sim.firstSeen + rng.float() * (sim.end - sim.firstSeen) + 20 * DAY;

  for (let r = 0; r < sim.roots.length; r++) {
    const root = sim.roots[r] as Root;
    if (root.t >= sim.churnAt) continue;
    switch (root.kind) {
      case 'order': placeOrder(sim, root.t, root.campaign ?? null); break;
      case 'campaign': if (root.campaign) campaignWave(sim, root.campaign); break;
      case 'nps': npsWave(sim, root.t); break;
      case 'call': salesCall(sim, root.t); break;
      case 'consent': consentChange(sim, root.t); break;
    }
  }

  churnRecord(sim);
}

/**
 * The messages of customer `index`, in timestamp order. A pure function of (index, seed, end):
 * the same in any run, alone or within any number of customers.
 */
export function* generateCustomerEvents(index: number, opts: DemoOptions): Generator<DemoMessage> {
  const sim = new CustomerSim(index, opts);
  simulate(sim);
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
