/**
 * Billing's side of the demo, identified by userId: payments captured (now and then twice),
 * refunds and disputes. Whatever raises a refund (a return, a complaint, a double charge),
 * billing promises it within MODEL.refundWithinDays and usually, not always, keeps that.
 */
import { MODEL } from './company-model.js';
import type { CustomerSim } from './customer-sim.js';
import { iso } from './demo-format.js';
import { DAY, DEMO_CURRENCY, MINUTE } from './demo-options.js';

/** Captures an order's payment; returns true when it was captured twice (the customer was double-charged). */
export function capturePayment(sim: CustomerSim, t: number, orderId: string, total: number, k: number): boolean {
  const rng = sim.rng;
  const payment = `pay-${sim.index}-${k}`;
  sim.billing(t + rng.uniform(5, 60) * 1000, 'Payment Captured', { order_id: orderId, payment_id: payment, amount: total, currency: DEMO_CURRENCY, method: rng.pick(['card', 'card', 'card', 'paypal', 'apple_pay']) });
  const doubleCharged = rng.chance(MODEL.doubleChargeRate);
  if (doubleCharged) {
    sim.billing(t + rng.uniform(2, 6) * MINUTE, 'Payment Captured', { order_id: orderId, payment_id: `${payment}-dup`, amount: total, currency: DEMO_CURRENCY, method: 'card' });
  }
  return doubleCharged;
}

/** A refund owed: requested, promised within N days by billing, usually issued in time. */
export function requestRefund(sim: CustomerSim, t: number, orderId: string, amount: number, reason: string): void {
  const rng = sim.rng;
  const refundId = sim.id('rfd');
  sim.billing(t, 'Refund Requested', { refund_id: refundId, order_id: orderId, amount, currency: DEMO_CURRENCY, reason });
  sim.promise(t + 1000, 'billing', {
    promise_id: sim.id('prm'), type: 'refund', owner: 'billing', due_at: iso(t + MODEL.refundWithinDays * DAY), refund_id: refundId,
    description: `Refund of €${amount.toFixed(2)} within ${MODEL.refundWithinDays} days`, kept_by: { event: 'Refund Issued', refund_id: refundId },
  }, 'user');
  const r = rng.float();
  if (r < 0.96) {
    const after = r < 0.82 ? rng.uniform(0.3, 4.5) : rng.uniform(6, 25);
    sim.billing(t + after * DAY, 'Refund Issued', { refund_id: refundId, order_id: orderId, amount });
  }
}

/** Disputes on order `orderId` (placed at t): rare, likelier when the parcel was lost or the customer was charged twice. */
export function maybeDispute(sim: CustomerSim, t: number, orderId: string, total: number, lost: boolean, doubleCharged: boolean): void {
  const rng = sim.rng;
  if (rng.chance(MODEL.disputeRate + (lost ? 0.15 : 0) + (doubleCharged ? 0.1 : 0))) {
    const dt = t + rng.uniform(10, 40) * DAY;
    const disputeId = sim.id('dsp');
    sim.billing(dt, 'Dispute Opened', { dispute_id: disputeId, order_id: orderId, amount: total, reason: lost ? 'not received' : doubleCharged ? 'duplicate' : 'not as described' });
    sim.billing(dt + rng.uniform(10, 45) * DAY, 'Dispute Resolved', { dispute_id: disputeId, outcome: rng.pick(['won', 'lost', 'lost', 'withdrawn']) });
  }
}
