/**
 * Inventory engines for the launch-readiness review (REFERENCE D): projected available balance
 * per SKU and node, available-to-promise (Oracle backward consumption and APICS discrete ATP),
 * and the stock-policy formulas (Poisson stock-out, newsvendor, safety stock). Pure functions:
 * periods are array indices (day 0, 1, …), nothing reads a clock.
 */
import { normalCdf, normalLoss, normalPdf, normalQuantile, poissonQuantile, poissonSf } from './probability.js';

/** Rounding noise tolerated before a balance counts as negative (units). */
const BALANCE_EPS = 1e-9;

/** Stock, receipts and demand of one SKU at one node. */
export interface BalanceInput {
  /** Units available at the start of day 0. */
  onHand: number;
  /** Units received on day t (available that day). Missing days count as 0. */
  receipts: readonly number[];
  /** Units demanded on day t. Missing days count as 0. */
  demand: readonly number[];
}

export interface BalanceProjection {
  /** PABₜ after day t's receipts and demand. */
  pab: number[];
  /** First day with PABₜ < 0, or null when the balance never goes negative. */
  stockoutDay: number | null;
  /** First day after the stock-out with PABₜ ≥ 0 again (a receipt covers the backlog), or null. */
  recoveryDay: number | null;
  /** The lowest PABₜ and the first day it is reached (on hand and −1 when there are no days). */
  lowestBalance: number;
  lowestDay: number;
  /** Units short at the worst point: max(0, −min PABₜ). */
  shortfall: number;
  /** onHand / mean daily demand over the horizon (∞ without demand). */
  daysOfSupply: number;
  formula: string;
}

/**
 * Projected available balance:
 *   PAB₋₁ = on hand,   PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ
 * stock-out day = first t with PABₜ < 0 (a rounding tolerance of 1e-9 units),
 * shortfall = max(0, −minₜ PABₜ), days of supply = on hand / mean daily demand.
 */
export function projectBalance(input: BalanceInput): BalanceProjection {
  const { onHand } = input;
  if (!Number.isFinite(onHand)) throw new RangeError(`onHand must be a finite number (got ${onHand})`);
  checkSeries('receipts', input.receipts);
  checkSeries('demand', input.demand);
  const days = Math.max(input.receipts.length, input.demand.length);
  const pab = new Array<number>(days);
  let balance = onHand;
  let stockoutDay: number | null = null;
  let recoveryDay: number | null = null;
  let lowestBalance = onHand;
  let lowestDay = -1;
  let totalDemand = 0;
  for (let t = 0; t < days; t++) {
    const d = input.demand[t] ?? 0;
    balance += (input.receipts[t] ?? 0) - d;
    totalDemand += d;
    pab[t] = balance;
    if (balance < -BALANCE_EPS) {
      if (stockoutDay === null) stockoutDay = t;
    } else if (stockoutDay !== null && recoveryDay === null) {
      recoveryDay = t;
    }
    if (t === 0 || balance < lowestBalance) {
      lowestBalance = balance;
      lowestDay = t;
    }
  }
  const shortfall = lowestBalance < -BALANCE_EPS ? -lowestBalance : 0;
  return {
    pab,
    stockoutDay,
    recoveryDay,
    lowestBalance,
    lowestDay,
    shortfall,
    daysOfSupply: daysOfSupply(onHand, days > 0 ? totalDemand / days : 0),
    formula: 'PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ (PAB₋₁ = on hand); stock-out = first t with PABₜ < 0; shortfall = −min PABₜ',
  };
}

/** Days of supply = available stock / expected daily demand (∞ when there is no demand). */
export function daysOfSupply(available: number, dailyDemand: number): number {
  if (!(dailyDemand >= 0)) throw new RangeError(`daily demand must be ≥ 0 (got ${dailyDemand})`);
  if (dailyDemand === 0) return available > 0 ? Infinity : 0;
  return Math.max(0, available) / dailyDemand;
}

/** One SKU at one node. */
export interface SkuNodePlan extends BalanceInput {
  sku: string;
  node: string;
}

export interface SkuBalance {
  sku: string;
  /** Each node on its own, in input order. */
  nodes: (BalanceProjection & { node: string })[];
  /** All nodes pooled (on hand, receipts and demand added per day). */
  total: BalanceProjection;
  /** Nodes that stock out on their own even when the total does not (stock in the wrong place). */
  strandedNodes: string[];
}

/**
 * PAB per SKU, per node and in total. The total pools the nodes, so it can stay positive while a
 * node runs out: that gap is stock in the wrong place, fixable by transfer (`strandedNodes`).
 */
export function projectBySku(plans: readonly SkuNodePlan[]): SkuBalance[] {
  const bySku = new Map<string, SkuNodePlan[]>();
  for (const p of plans) {
    const list = bySku.get(p.sku);
    if (list === undefined) bySku.set(p.sku, [p]);
    else list.push(p);
  }
  const out: SkuBalance[] = [];
  for (const [sku, list] of bySku) {
    const nodes = list.map((p) => ({ node: p.node, ...projectBalance(p) }));
    const days = Math.max(0, ...list.map((p) => Math.max(p.receipts.length, p.demand.length)));
    const receipts = new Array<number>(days).fill(0);
    const demand = new Array<number>(days).fill(0);
    let onHand = 0;
    for (const p of list) {
      onHand += p.onHand;
      for (let t = 0; t < days; t++) {
        receipts[t] = (receipts[t] as number) + (p.receipts[t] ?? 0);
        demand[t] = (demand[t] as number) + (p.demand[t] ?? 0);
      }
    }
    const total = projectBalance({ onHand, receipts, demand });
    const strandedNodes = total.stockoutDay === null ? nodes.filter((n) => n.stockoutDay !== null).map((n) => n.node) : [];
    out.push({ sku, nodes, total, strandedNodes });
  }
  return out;
}

/**
 * Available-to-promise per period with backward consumption (Oracle "ATP with Backward
 * Consumption", the rule of REFERENCE vector I1):
 *   period ATPₜ = supplyₜ − demandₜ;
 *   then, period by period, a negative ATPₜ takes what it lacks from the nearest earlier periods
 *   that still have positive ATP (t − 1 first, then t − 2, …);
 *   what no earlier period can cover stays as a negative ATP in period t: it is not pushed
 *   forward into later periods (no forward consumption) and quantities are not accumulated.
 * Supply includes on-hand stock in period 0. Vector I1: supply 6 4 2 4 8 4 4 4, demand
 * 6 2 3 6 6 1 2 2 → 0 0 0 −1 2 3 2 2.
 */
export function atp(supply: readonly number[], demand: readonly number[]): number[] {
  checkSeries('supply', supply);
  checkSeries('demand', demand);
  const periods = Math.max(supply.length, demand.length);
  const out = new Array<number>(periods);
  for (let t = 0; t < periods; t++) {
    let net = (supply[t] ?? 0) - (demand[t] ?? 0);
    for (let j = t - 1; j >= 0 && net < 0; j--) {
      const spare = out[j] as number;
      if (spare <= 0) continue;
      const take = Math.min(spare, -net);
      out[j] = spare - take;
      net += take;
    }
    out[t] = net;
  }
  return out;
}

/**
 * APICS discrete available-to-promise. For the first period:
 *   ATP₀ = beginning inventory + MPS₀ − Σ customer orders from period 0 until the next period with an MPS receipt;
 * for every later period t with an MPS receipt:
 *   ATPₜ = MPSₜ − Σ customer orders from t until the next MPS receipt;
 * periods without a receipt have no ATP (null). A negative ATP means already over-promised;
 * it is reported as is (no look-ahead netting against earlier periods).
 * Vector I3: 64 on hand, orders 33 and 20 before the next receipt → ATP₀ = 11; 0 on hand,
 * lot of 75, orders 52 and 35 → ATP₀ = −12.
 */
export function discreteAtp(beginningInventory: number, mps: readonly number[], orders: readonly number[]): (number | null)[] {
  if (!Number.isFinite(beginningInventory)) throw new RangeError(`beginning inventory must be finite (got ${beginningInventory})`);
  checkSeries('mps', mps);
  checkSeries('orders', orders);
  const periods = Math.max(1, mps.length, orders.length);
  const out = new Array<number | null>(periods).fill(null);
  let start = 0;
  while (start < periods) {
    let end = start + 1;
    while (end < periods && !((mps[end] ?? 0) > 0)) end++;
    let committed = 0;
    for (let t = start; t < end; t++) committed += orders[t] ?? 0;
    out[start] = (start === 0 ? beginningInventory : 0) + (mps[start] ?? 0) - committed;
    start = end;
  }
  return out;
}

/** P(stock-out in a cycle) = P(D > on hand) for Poisson(λ) demand over the horizon. Vector I5: 55 on hand, λ = 45 → 0.0626. */
export function poissonStockoutProbability(onHand: number, meanDemand: number): number {
  return poissonSf(Math.floor(onHand), meanDemand);
}

/**
 * The smallest stock s with P(D ≤ s) ≥ cycle service level, for Poisson(λ) demand.
 * Vector I5: λ = 45 → 56 for 95 %, 61 for 99 %.
 */
export function poissonStockForService(meanDemand: number, cycleServiceLevel: number): number {
  if (!(cycleServiceLevel > 0 && cycleServiceLevel < 1)) throw new RangeError(`a cycle service level must be between 0 and 1 (got ${cycleServiceLevel})`);
  return poissonQuantile(cycleServiceLevel, meanDemand);
}

export interface NewsvendorInput {
  /** Demand ~ N(mean, sd²). */
  mean: number;
  sd: number;
  /** Cost per unit left over (overage, h). */
  holdingCost: number;
  /** Cost per unit short (underage, p). */
  shortageCost: number;
}

export interface NewsvendorResult {
  /** p / (p + h). */
  criticalRatio: number;
  /** z* = Φ⁻¹(p / (p + h)). */
  z: number;
  /** Q* = μ + σ·z*. */
  orderUpTo: number;
  /** Expected cost at Q*: σ·(h + p)·φ(z*). */
  expectedCost: number;
  /** E[(Q* − D)⁺] = σ·(z* + L(z*)). */
  expectedLeftover: number;
  /** E[(D − Q*)⁺] = σ·L(z*). */
  expectedShortage: number;
  formula: string;
}

/**
 * Newsvendor with normal demand: the critical ratio p/(p + h) sets the order-up-to level
 * Q* = μ + σ·Φ⁻¹(p/(p + h)). The expected cost at any Q is
 *   C(Q) = h·E[(Q − D)⁺] + p·E[(D − Q)⁺] = σ·[h·(z + L(z)) + p·L(z)],  z = (Q − μ)/σ,
 * and at the optimum, since 1 − Φ(z*) = h/(h + p), it reduces to C(Q*) = σ·(h + p)·φ(z*).
 * Vector I6: h = 2, p = 18, N(120, 10) → Q* = 132.8155, C = 35.0997.
 */
export function newsvendor(input: NewsvendorInput): NewsvendorResult {
  checkNewsvendor(input);
  const { mean, sd, holdingCost: h, shortageCost: p } = input;
  const criticalRatio = p / (p + h);
  const z = normalQuantile(criticalRatio);
  const loss = normalLoss(z);
  return {
    criticalRatio,
    z,
    orderUpTo: mean + sd * z,
    expectedCost: sd * (h + p) * normalPdf(z),
    expectedLeftover: sd * (z + loss),
    expectedShortage: sd * loss,
    formula: `Q* = μ + σ·Φ⁻¹(p/(p+h)) = ${mean} + ${sd}·Φ⁻¹(${round(criticalRatio, 6)}); expected cost σ·(h+p)·φ(z*)`,
  };
}

/** Expected newsvendor cost of ordering up to Q: σ·[h·(z + L(z)) + p·L(z)], z = (Q − μ)/σ. */
export function newsvendorCost(orderUpTo: number, input: NewsvendorInput): number {
  checkNewsvendor(input);
  const { mean, sd, holdingCost: h, shortageCost: p } = input;
  if (sd === 0) return orderUpTo >= mean ? h * (orderUpTo - mean) : p * (mean - orderUpTo);
  const z = (orderUpTo - mean) / sd;
  const loss = normalLoss(z);
  return sd * (h * (z + loss) + p * loss);
}

export interface SafetyStockInput {
  /** Cycle service level (P(no stock-out in a replenishment cycle)); or give `z`. */
  serviceLevel?: number;
  z?: number;
  /** Mean and standard deviation of daily demand (d̄, σ_d). */
  demandMean: number;
  demandSd: number;
  /** Mean and standard deviation of the replenishment lead time in days (L, σ_L). */
  leadTimeDays: number;
  leadTimeSd?: number;
}

export interface SafetyStockResult {
  z: number;
  /** σ of demand over the lead time: √(L·σ_d² + d̄²·σ_L²). */
  sigmaLeadTime: number;
  /** z·σ_LT. */
  safetyStock: number;
  /** d̄·L + safety stock. */
  reorderPoint: number;
  /** Φ(z). */
  cycleServiceLevel: number;
  /** Expected units short per replenishment cycle: σ_LT·L(z). */
  expectedShortagePerCycle: number;
  formula: string;
}

/**
 * Safety stock with uncertain demand and lead time:
 *   SS = z·√(L·σ_d² + d̄²·σ_L²),   reorder point = d̄·L + SS,
 * z = Φ⁻¹(cycle service level); expected shortage per cycle = σ_LT·L(z) with the normal loss
 * function L(z) = φ(z) − z(1 − Φ(z)).
 */
export function safetyStock(input: SafetyStockInput): SafetyStockResult {
  const { demandMean: d, demandSd: sd, leadTimeDays: lt } = input;
  const ltSd = input.leadTimeSd ?? 0;
  for (const [name, v] of [['demandMean', d], ['demandSd', sd], ['leadTimeDays', lt], ['leadTimeSd', ltSd]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} must be finite and ≥ 0 (got ${v})`);
  }
  let z: number;
  if (input.z !== undefined) {
    if (!Number.isFinite(input.z)) throw new RangeError(`z must be finite (got ${input.z})`);
    z = input.z;
  } else {
    const sl = input.serviceLevel;
    if (sl === undefined || !(sl > 0 && sl < 1)) throw new RangeError(`give z or a service level between 0 and 1 (got ${sl})`);
    z = normalQuantile(sl);
  }
  const sigmaLeadTime = Math.sqrt(lt * sd * sd + d * d * ltSd * ltSd);
  const ss = z * sigmaLeadTime;
  return {
    z,
    sigmaLeadTime,
    safetyStock: ss,
    reorderPoint: d * lt + ss,
    cycleServiceLevel: normalCdf(z),
    expectedShortagePerCycle: sigmaLeadTime * normalLoss(z),
    formula: `SS = z·√(L·σ_d² + d̄²·σ_L²) = ${round(z, 4)}·√(${lt}·${sd}² + ${d}²·${ltSd}²)`,
  };
}

function checkSeries(name: string, xs: readonly number[]): void {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name}[${i}] must be finite and ≥ 0 (got ${x})`);
  }
}

function checkNewsvendor(input: NewsvendorInput): void {
  const { mean, sd, holdingCost: h, shortageCost: p } = input;
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be finite (got ${mean})`);
  if (!(sd >= 0) || !Number.isFinite(sd)) throw new RangeError(`sd must be finite and ≥ 0 (got ${sd})`);
  if (!(h > 0) || !(p > 0)) throw new RangeError(`holding and shortage costs must be > 0 (got h = ${h}, p = ${p})`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
