/**
 * Sales' side of the demo, in the CRM (by crm_id and email): outbound sales calls, and the
 * churn record with the occasional win-back call. Sales does not see the helpdesk either.
 */
import type { CustomerSim } from './customer-sim.js';
import { DAY, HOUR } from './demo-options.js';

/** Sales calls whoever it likes: it does not see open complaints (a wall). */
export function salesCall(sim: CustomerSim, t: number): void {
  if (t >= sim.churnAt || t >= sim.callsOffAt) return;
  sim.crm(sim.officeTime(sim.localDay(t) + sim.rng.uniform(9, 18) * HOUR), 'Contact Made', {
    channel: 'call', purpose: sim.rng.pick(['upsell', 'upsell', 'renewal', 'feedback']), direction: 'outbound',
  });
}

/** Records the churn (if it fell inside the year) and sometimes a win-back call after it. */
export function churnRecord(sim: CustomerSim): void {
  const rng = sim.rng;
  if (sim.churnAt <= sim.end) {
    const t = sim.officeTime(sim.churnAt);
    sim.crm(t, 'Customer Churned', { reason: sim.churnReason });
    if (rng.chance(0.3)) sim.crm(sim.officeTime(t + rng.uniform(5, 30) * DAY), 'Contact Made', { channel: 'call', purpose: 'win-back', direction: 'outbound' });
  }
}
