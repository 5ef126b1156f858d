/**
 * Catalogue effects of the money events: orders (Order Completed / Cancelled / Refunded),
 * refunds and disputes. They sit together because a refund settles against the order totals
 * and Order Refunded settles a pending refund.
 */
import { type CustomerState, LIMITS, type OrderStats } from './state-types.js';
import { bury, type EffectTable, isBuried } from './effect-support.js';
import { addMoney, appended, idOf, nonNegative, removedAt } from './values.js';

/** Handlers for the order, refund and dispute categories. */
export const ORDER_EFFECTS: EffectTable = [
  // Orders
  ['Order Completed', (s, p, _d, at) => {
    const o = orders(s);
    o.count++;
    o.revenue = addMoney(o.revenue, nonNegative(p['revenue']) ?? nonNegative(p['total']) ?? 0);
    if (o.lastOrderAt === null || at > o.lastOrderAt) o.lastOrderAt = at;
  }],
  ['Order Cancelled', (s) => {
    orders(s).cancelled++;
  }],
  ['Order Refunded', (s, p) => {
    const o = orders(s);
    o.refunded = addMoney(o.refunded, nonNegative(p['total']) ?? nonNegative(p['revenue']) ?? 0);
    // "Counts as a refund issued": it settles any refund pending on that order.
    const orderId = idOf(p['order_id']);
    if (orderId !== undefined && s.refunds !== null) {
      s.refunds = s.refunds.filter((r) => r.orderId !== orderId);
      if (s.refunds.length === 0) s.refunds = null;
    }
  }],
  // Refunds and disputes
  ['Refund Requested', (s, p, d, at) => {
    const id = idOf(p['refund_id']);
    if (id === undefined || isBuried(s, 'refund', id, at)) return;
    const amount = nonNegative(p['amount']);
    const existing = s.refunds?.find((r) => r.id === id);
    if (existing !== undefined) {
      if (at < existing.requestedAt) existing.requestedAt = at;
      if (amount !== undefined) existing.amount = amount;
      return;
    }
    const orderId = idOf(p['order_id']);
    const refund = orderId === undefined
      ? { id, amount: amount ?? 0, requestedAt: at, department: d }
      : { id, orderId, amount: amount ?? 0, requestedAt: at, department: d };
    if ((s.refunds?.length ?? 0) < LIMITS.openItems) s.refunds = appended(s.refunds, refund);
  }],
  ['Refund Issued', (s, p, _d, at) => {
    const id = idOf(p['refund_id']);
    if (id === undefined) return;
    const list = s.refunds;
    const i = list === null ? -1 : list.findIndex((r) => r.id === id);
    const pending = i < 0 || list === null ? undefined : list[i];
    const o = orders(s);
    o.refunded = addMoney(o.refunded, nonNegative(p['amount']) ?? pending?.amount ?? 0);
    if (pending === undefined || list === null) bury(s, 'refund', id, at);
    else s.refunds = removedAt(list, i);
  }],
  ['Dispute Opened', (s, p, d, at) => {
    const id = idOf(p['dispute_id']);
    if (id === undefined || isBuried(s, 'dispute', id, at)) return;
    const amount = nonNegative(p['amount']);
    const existing = s.disputes?.find((x) => x.id === id);
    if (existing !== undefined) {
      if (at < existing.openedAt) existing.openedAt = at;
      if (amount !== undefined) existing.amount = amount;
      return;
    }
    const orderId = idOf(p['order_id']);
    const dispute: { id: string; orderId?: string; amount?: number; openedAt: number; department: string } = { id, openedAt: at, department: d };
    if (orderId !== undefined) dispute.orderId = orderId;
    if (amount !== undefined) dispute.amount = amount;
    if ((s.disputes?.length ?? 0) < LIMITS.openItems) s.disputes = appended(s.disputes, dispute);
  }],
  ['Dispute Resolved', (s, p, _d, at) => {
    const id = idOf(p['dispute_id']);
    if (id === undefined) return;
    const list = s.disputes;
    const i = list === null ? -1 : list.findIndex((x) => x.id === id);
    if (i < 0 || list === null) bury(s, 'dispute', id, at);
    else s.disputes = removedAt(list, i);
  }],
];

function orders(s: CustomerState): OrderStats {
  return (s.orders ??= { count: 0, revenue: 0, lastOrderAt: null, cancelled: 0, refunded: 0 });
}
