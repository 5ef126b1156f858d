/**
 * Promising engines for the launch-readiness review (REFERENCE D): can a new order be promised
 * from available-to-promise, and can a delivery promise ("next-day delivery") be kept given
 * the stock at the ship node *and* the fulfilment capacity each day (capable-to-promise).
 * Pure functions over plain per-day arrays; periods and days are array indices (0-based).
 */
import { atp } from './inventory.js';

export interface OrderPromise {
  /** The wanted period's ATP covers the quantity. */
  ok: boolean;
  /** The first period (from period 0) whose ATP covers the quantity, or null if none does. */
  earliestPeriod: number | null;
  /** Where the order is placed: the wanted period when ok, else the earliest period (null: nowhere). */
  promisedPeriod: number | null;
  atpBefore: number[];
  /** ATP with the order added as demand in `promisedPeriod` (unchanged when it cannot be placed). */
  atpAfter: number[];
}

/**
 * Checks a new order against ATP with backward consumption (`atp` in inventory.ts), the Oracle
 * rule of vector I1: the order is promisable in the wanted period only if that period's own ATP
 * covers it — quantities are not accumulated from earlier periods, even though the projected
 * on-hand may be larger. Otherwise the answer is the earliest ATP period: the first period whose
 * ATP ≥ quantity (it may be before the wanted period: ship early and hold). The order is then
 * added as demand in the promised period and ATP recomputed.
 * Vector I1 (periods 1–8 are indices 0–7): an order of 3 wanted in period 7 (index 6) fails;
 * the earliest period is 6 (index 5); ATP after is 0 0 0 −1 2 0 2 2.
 */
export function promiseOrder(supply: readonly number[], demand: readonly number[], quantity: number, wantedPeriod: number): OrderPromise {
  if (!(quantity > 0) || !Number.isFinite(quantity)) throw new RangeError(`quantity must be > 0 (got ${quantity})`);
  const atpBefore = atp(supply, demand);
  if (!Number.isInteger(wantedPeriod) || wantedPeriod < 0 || wantedPeriod >= atpBefore.length) {
    throw new RangeError(`wantedPeriod must be a period index from 0 to ${atpBefore.length - 1} (got ${wantedPeriod})`);
  }
  const ok = (atpBefore[wantedPeriod] as number) >= quantity;
  const found = atpBefore.findIndex((x) => x >= quantity);
  const earliestPeriod = found < 0 ? null : found;
  const promisedPeriod = ok ? wantedPeriod : earliestPeriod;
  let atpAfter = atpBefore;
  if (promisedPeriod !== null) {
    const withOrder = Array.from({ length: atpBefore.length }, (_, t) => (demand[t] ?? 0) + (t === promisedPeriod ? quantity : 0));
    atpAfter = atp(supply, withOrder);
  }
  return { ok, earliestPeriod, promisedPeriod, atpBefore, atpAfter: atpAfter.slice() };
}

/** Who ships first when there is not enough capacity or stock for every waiting order. */
export type ShipPriority = 'oldest-first' | 'on-time-first';

export interface DeliveryPromiseInput {
  /** Orders placed on day t before the carrier cut-off (fractional values allowed, e.g. a P50 forecast). */
  orders: readonly number[];
  /** Orders the ship node can pick, pack and hand to the carrier on day t (0 on a closed day). */
  capacity: readonly number[];
  /** Units at the ship node at the start of day 0. */
  onHand: number;
  /** Units arriving at the ship node on day t, shippable that day. */
  receipts?: readonly number[];
  /** Units per order (default 1): stock covers onHand / unitsPerOrder orders. */
  unitsPerOrder?: number;
  /**
   * Days an order may wait at the node and still meet the promise: promised days − carrier
   * transit days. 0 for next-day delivery with a one-day carrier (ship the day it is ordered).
   */
  slackDays?: number;
  /**
   * Share of each day's orders placed after the cut-off: they join the next day's orders (their
   * promise starts then). Default 0 — `orders` are already counted by cut-off day.
   */
  afterCutoffShare?: number;
  /** Default 'oldest-first' (first in, first out). */
  priority?: ShipPriority;
}

export interface DeliveryDay {
  day: number;
  /** Orders whose promise clock starts today. */
  demanded: number;
  capacity: number;
  /** Orders' worth of stock at the node after today's receipts. */
  stockOrders: number;
  shipped: number;
  /** Orders shipped today within their slack. */
  shippedOnTime: number;
  /** Orders shipped today after their promise was already missed (backlog). */
  shippedLate: number;
  /** Of the orders demanded today, those that miss the promise (not shipped by today + slack). */
  late: number;
  /** Orders waiting at the end of the day. */
  backlog: number;
  /** What held shipments down today: demand (everything waiting shipped), capacity or stock. */
  limitedBy: 'demand' | 'capacity' | 'stock';
}

export interface DeliveryPromiseResult {
  days: DeliveryDay[];
  demanded: number;
  shippedOnTime: number;
  /** Orders that miss the promise within the horizon. */
  late: number;
  /** Unshipped orders whose deadline lies after the horizon (fate unknown; not counted either way). */
  pending: number;
  /** late / (demanded − pending): the share of orders that would miss the promise. */
  missShare: number;
  /** The first order day with late orders, or null. */
  firstLateDay: number | null;
  formula: string;
}

const EPS = 1e-9;

/**
 * Capable-to-promise for a delivery promise, a fluid day-by-day model of one ship node:
 *   waitingₜ = backlogₜ₋₁ + ordersₜ
 *   shippedₜ = min(waitingₜ, capacityₜ, stockₜ / unitsPerOrder),  stockₜ = stockₜ₋₁ + receiptsₜ − shippedₜ₋₁·unitsPerOrder
 *   backlogₜ = waitingₜ − shippedₜ
 * Orders over capacity (or beyond stock) roll to the next day. An order from day t keeps its
 * promise if it ships by day t + slack (slack 0 = next-day delivery: ship the same day). With
 * 'oldest-first' the backlog ships first (first in, first out), so a closed weekend makes
 * Monday's orders late too; 'on-time-first' ships the orders that can still make it first
 * (earliest deadline first), then the backlog. Days are per cut-off: an order after the
 * cut-off belongs to the next day (`afterCutoffShare` moves that share).
 * With oldest-first, more capacity on any day never raises the share of orders that miss.
 */
export function capableToPromise(input: DeliveryPromiseInput): DeliveryPromiseResult {
  const unitsPerOrder = input.unitsPerOrder ?? 1;
  const slack = input.slackDays ?? 0;
  const after = input.afterCutoffShare ?? 0;
  const priority = input.priority ?? 'oldest-first';
  checkSeries('orders', input.orders);
  checkSeries('capacity', input.capacity);
  checkSeries('receipts', input.receipts ?? []);
  if (!(input.onHand >= 0) || !Number.isFinite(input.onHand)) throw new RangeError(`onHand must be finite and ≥ 0 (got ${input.onHand})`);
  if (!(unitsPerOrder > 0) || !Number.isFinite(unitsPerOrder)) throw new RangeError(`unitsPerOrder must be > 0 (got ${unitsPerOrder})`);
  if (!Number.isInteger(slack) || slack < 0) throw new RangeError(`slackDays must be a whole number ≥ 0 (got ${slack})`);
  if (!(after >= 0 && after < 1)) throw new RangeError(`afterCutoffShare must be from 0 to below 1 (got ${after})`);

  const horizon = input.orders.length;
  const receipts = input.receipts ?? [];
  const remaining = new Array<number>(horizon).fill(0);
  const late = new Array<number>(horizon).fill(0);
  const days: DeliveryDay[] = [];
  let stock = input.onHand;
  let oldest = 0; // first cohort that may still have orders waiting
  for (let s = 0; s < horizon; s++) {
    const demanded = (1 - after) * (input.orders[s] ?? 0) + (s > 0 ? after * (input.orders[s - 1] ?? 0) : 0);
    remaining[s] = demanded;
    stock += receipts[s] ?? 0;
    const capacity = input.capacity[s] ?? 0;
    const stockOrders = stock / unitsPerOrder;
    let waiting = 0;
    for (let t = oldest; t <= s; t++) waiting += remaining[t] as number;
    let budget = Math.min(waiting, capacity, stockOrders);
    const limitedBy: DeliveryDay['limitedBy'] = budget >= waiting - EPS ? 'demand' : capacity <= stockOrders ? 'capacity' : 'stock';
    let onTime = 0;
    let lateShipped = 0;
    const ship = (t: number): void => {
      const take = Math.min(remaining[t] as number, budget);
      if (take <= 0) return;
      remaining[t] = (remaining[t] as number) - take;
      budget -= take;
      if (s <= t + slack) onTime += take;
      else lateShipped += take;
    };
    if (priority === 'on-time-first') {
      for (let t = Math.max(oldest, s - slack); t <= s && budget > 0; t++) ship(t);
      for (let t = oldest; t < s - slack && budget > 0; t++) ship(t);
    } else {
      for (let t = oldest; t <= s && budget > 0; t++) ship(t);
    }
    const shipped = onTime + lateShipped;
    stock = Math.max(0, stock - shipped * unitsPerOrder);
    // Orders whose deadline is today and are still waiting have missed the promise.
    const due = s - slack;
    if (due >= 0) {
      if ((remaining[due] as number) <= EPS) remaining[due] = 0;
      late[due] = remaining[due] as number;
    }
    while (oldest < s && (remaining[oldest] as number) <= EPS) remaining[oldest++] = 0;
    let backlog = 0;
    for (let t = oldest; t <= s; t++) backlog += remaining[t] as number;
    days.push({ day: s, demanded, capacity, stockOrders, shipped, shippedOnTime: onTime, shippedLate: lateShipped, late: 0, backlog, limitedBy });
  }
  let demanded = 0;
  let onTimeTotal = 0;
  let lateTotal = 0;
  let pending = 0;
  let firstLateDay: number | null = null;
  for (let t = 0; t < horizon; t++) {
    const d = days[t] as DeliveryDay;
    d.late = late[t] as number;
    demanded += d.demanded;
    onTimeTotal += d.shippedOnTime;
    lateTotal += d.late;
    if (d.late > EPS && firstLateDay === null) firstLateDay = t;
    if (t + slack >= horizon) pending += remaining[t] as number;
  }
  const known = demanded - pending;
  return {
    days,
    demanded,
    shippedOnTime: onTimeTotal,
    late: lateTotal,
    pending,
    missShare: known > EPS ? Math.min(1, Math.max(0, lateTotal / known)) : 0,
    firstLateDay,
    formula: `shippedₜ = min(backlogₜ₋₁ + ordersₜ, capacityₜ, stockₜ / ${unitsPerOrder} units per order), ${priority}; an order from day t is on time if shipped by day t + ${slack}`,
  };
}

function checkSeries(name: string, xs: readonly number[]): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name}[${i}] must be finite and ≥ 0 (got ${x})`);
  }
}
