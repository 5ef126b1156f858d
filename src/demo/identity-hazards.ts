/**
 * The deliberate identity hazards in the demo data, all in one place so the tests and the
 * identity graph's guard-rails have something real to catch:
 *
 * - a family computer: a few pairs of customers (2k, 2k+1) share one anonymousId;
 * - a broken page tag that sends userId "null" on one customer's first order;
 * - an agent's test ticket filed under the placeholder address test@test.com;
 * - mobile-app ids aliased to the user long after the app was used.
 *
 * Who is affected is a hash of the seed and the customer's (or pair's) index rather than a
 * draw from the customer's random stream, so both customers of a pair agree without either
 * having to be generated with the other.
 */
import type { CustomerSim } from './customer-sim.js';
import { DAY } from './demo-options.js';
import { hashUnit } from './random.js';

/** The anonymousId a customer shares with their pair's other customer, or null (the usual case). */
export function sharedDeviceAnon(seed: number, index: number): string | null {
  const pair = index >> 1;
  const shared = hashUnit(seed, pair, 0x5348) < 0.004;
  return shared ? `anon-shared-${seed}-${pair}` : null;
}

/** Whether the broken tag hits this customer (0.5 %). */
export function hasJunkUserId(seed: number, index: number): boolean {
  return hashUnit(seed, index, 0x4e554c) < 0.005;
}

/** Whether an agent files this customer's first ticket under the placeholder address (1 %). */
export function hasJunkEmail(seed: number, index: number): boolean {
  return hashUnit(seed, index, 0x54455354) < 0.01;
}

/** Order `k`'s browsing: on an affected customer's first order, one product view sends userId "null". */
export function brokenTagView(sim: CustomerSim, t: number, k: number): void {
  if (sim.junkUserId && k === 1) {
    sim.push(t - 30_000, 'web-shop', {
      type: 'track', messageId: '', timestamp: '', userId: 'null', anonymousId: sim.anon, event: 'Product Viewed', properties: { product_id: 'KIT-105' },
    });
  }
}

/** The address a new ticket is filed under: the customer's, except an agent's test on the first ticket. */
export function ticketEmail(sim: CustomerSim): string {
  return sim.junkEmail && sim.seq.tkt === 1 ? 'test@test.com' : sim.email;
}

/** A few customers used the mobile app before; the shop aliases the app's id to the user. */
export function appAlias(sim: CustomerSim, t0: number): void {
  if (sim.rng.chance(0.03)) {
    sim.push(t0 + sim.rng.uniform(1, 20) * DAY, 'web-shop', { type: 'alias', messageId: '', timestamp: '', previousId: `app-${sim.uuidLike(1)}`, userId: sim.userId });
  }
}
