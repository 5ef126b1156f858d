/**
 * Logistics: the campaign's demand against stock, supply and fulfilment capacity.
 *
 * - Per SKU and node, projected available balance PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ with
 *   demand = baseline + campaign orders × node share × units per order × SKU share; the
 *   stockout day is the first with PAB < 0, the shortfall the deepest deficit (P50 and P90).
 * - Available-to-promise (backward consumption) for SKUs that get tight.
 * - Delivery promises (capable-to-promise): a promise of `withinDays` needs the node's lead
 *   time to fit, and each order to ship within the slack (withinDays − lead time) days, with
 *   orders after the carrier cut-off counted on the next day, against each day's pick-and-pack
 *   capacity (first in, first out) and stock on hand.
 */
import type { CampaignSpec } from './campaign-schema.js';
import type { LogisticsCapability } from './capability-schema.js';
import { atpSeries } from './engines.js';
import { projectBalance } from './inventory.js';
import { capableToPromise } from './promising.js';
import { type Calendar, dayIndex } from './report-timeline.js';
import type { DeliveryPromiseCheck, Finding, LogisticsSection, SkuProjection } from './report-types.js';

export interface LogisticsFigures {
  section: LogisticsSection;
  findings: Finding[];
  /** All orders (baseline + campaign) that ship late per day at P50, for the service forecast. */
  lateOrdersP50: number[];
  /** Baseline orders per day, all nodes. */
  baselineOrders: number;
}

const round = (x: number): number => Math.round(x * 10) / 10;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
/** Units short, rounded up: a shortfall of 0.3 units is still one unit missing. */
const unitsShort = (n: number): string => Math.ceil(n - 1e-9).toLocaleString('en-US');

/** SKU → share of a campaign order's units, by popularity among the campaign's products. */
export function campaignSkus(spec: CampaignSpec, cap: LogisticsCapability): Map<string, number> {
  const chosen = cap.products.filter((p) => (spec.products.skus ?? []).includes(p.sku) || (spec.products.categories ?? []).includes(p.category));
  const total = chosen.reduce((a, p) => a + p.popularity, 0) || chosen.length;
  return new Map(chosen.map((p) => [p.sku, (total === chosen.length ? 1 : p.popularity) / total]));
}

function nodeShares(cap: LogisticsCapability): Map<string, number> {
  const total = Object.values(cap.baselineOrdersPerDay).reduce((a, b) => a + b, 0);
  return new Map(cap.nodes.map((n) => [n.id, total > 0 ? (cap.baselineOrdersPerDay[n.id] ?? 0) / total : 1 / cap.nodes.length]));
}

/** PAB per day (inventory.ts); stockout = first day below zero (-1 for none); shortfall = deepest deficit. */
function project(onHand: number, receipts: number[], demand: number[]): { pab: number[]; stockout: number; shortfall: number } {
  const p = projectBalance({ onHand, receipts, demand });
  return { pab: p.pab, stockout: p.stockoutDay ?? -1, shortfall: p.shortfall };
}

export function logisticsSection(spec: CampaignSpec, cap: LogisticsCapability, cal: Calendar, ordersP50: number[], ordersP90: number[]): LogisticsFigures {
  const skuShare = campaignSkus(spec, cap);
  const nodeShare = nodeShares(cap);
  const findings: Finding[] = [];
  const skus: SkuProjection[] = [];
  const date = (d: number): string | null => (d < 0 ? null : (cal.dates[d] ?? null));
  // Stock-outs per node and day, as the share of campaign units affected (for the delivery check).
  const outShare = new Map<string, number[]>(cap.nodes.map((n) => [n.id, new Array<number>(cal.days).fill(0)]));

  for (const node of cap.nodes) {
    const share = nodeShare.get(node.id) ?? 0;
    for (const [sku, unitShare] of skuShare) {
      const onHand = cap.stock.find((s) => s.sku === sku && s.node === node.id)?.onHand ?? 0;
      const baseline = cap.baselineDemand.find((b) => b.sku === sku && b.node === node.id)?.unitsPerDay ?? 0;
      const receipts = new Array<number>(cal.days).fill(0);
      let inbound = 0;
      for (const r of cap.receipts) {
        if (r.sku !== sku || r.node !== node.id) continue;
        const d = Math.max(0, dayIndex(cal, r.date));
        if (d < cal.days) {
          receipts[d] = (receipts[d] ?? 0) + r.quantity;
          inbound += r.quantity;
        }
      }
      const units = (orders: number[]): number[] => orders.map((o) => baseline + o * share * cap.unitsPerOrder * unitShare);
      const d50 = units(ordersP50);
      const d90 = units(ordersP90);
      const at50 = project(onHand, receipts, d50);
      const at90 = project(onHand, receipts, d90);
      const alone = project(onHand, receipts, units(ordersP50.map(() => 0)));
      const out = outShare.get(node.id) as number[];
      if (at50.stockout >= 0) for (let d = at50.stockout; d < cal.days; d++) if ((at50.pab[d] ?? 0) < 0) out[d] = (out[d] ?? 0) + unitShare;
      const tight = at90.stockout >= 0;
      const campaignUnits50 = d50.reduce((a, b) => a + b, 0) - baseline * cal.days;
      const formula = `PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ from ${onHand} on hand; demandₜ = ${round(baseline)} baseline + ordersₜ × ${round(share * 100)} % (node share) × ${round(cap.unitsPerOrder)} units/order × ${round(unitShare * 100)} % (SKU share)`;
      skus.push({
        sku, node: node.id, onHand, receipts: inbound,
        demandP50: round(d50.reduce((a, b) => a + b, 0)), demandP90: round(d90.reduce((a, b) => a + b, 0)),
        stockoutP50: date(at50.stockout), stockoutP90: date(at90.stockout),
        shortfallP50: Math.ceil(at50.shortfall), shortfallP90: Math.ceil(at90.shortfall),
        atp: tight ? atpSeries(receipts.map((r, i) => (i === 0 ? r + onHand : r)), d50) : null,
        formula,
      });
      if (!tight || campaignUnits50 <= 0.5) continue;
      const severity = at50.stockout >= 0 ? 'blocker' : 'warning';
      const short = severity === 'blocker' ? at50.shortfall : at90.shortfall;
      const spare = cap.nodes
        .filter((n) => n.id !== node.id)
        .map((n) => ({ node: n.id, onHand: cap.stock.find((s) => s.sku === sku && s.node === n.id)?.onHand ?? 0 }))
        .filter((x) => x.onHand > short)
        .sort((a, b) => b.onHand - a.onHand)[0];
      const nextReceipt = cap.receipts.filter((r) => r.sku === sku && r.node === node.id).map((r) => r.date).sort()[0];
      const stockoutDay = severity === 'blocker' ? at50.stockout : at90.stockout;
      const firstCovered = (at50.pab.findIndex((b, d) => d > stockoutDay && b >= 0));
      findings.push({
        id: `logistics.stockout.${sku}.${node.id}`,
        severity,
        department: 'logistics',
        constraint: `stock of ${sku} at ${node.id}`,
        quantity: Math.ceil(short - 1e-9),
        unit: 'units short',
        date: date(stockoutDay),
        message: `${sku} at ${node.id} runs out on ${date(stockoutDay)} at ${severity === 'blocker' ? 'P50' : 'P90'} demand, ${unitsShort(short)} unit${Math.ceil(short - 1e-9) === 1 ? '' : 's'} short (${fmt(onHand)} on hand, ${fmt(inbound)} inbound)${alone.stockout >= 0 ? `; it runs out on ${date(alone.stockout)} even without the campaign` : ''}.`,
        formula,
        mitigations: [
          ...(spare === undefined ? [] : [`Allocate stock: move ${unitsShort(short)} units of ${sku} from ${spare.node} (${fmt(spare.onHand)} on hand).`]),
          nextReceipt === undefined ? `Order ${unitsShort(short)} units of ${sku} for ${node.id} before ${date(stockoutDay)}.` : `Expedite the inbound receipt of ${sku} due ${nextReceipt} to arrive before ${date(stockoutDay)}.`,
          `Stagger sends: hold back the share of the audience served by ${node.id} until stock arrives.`,
          firstCovered > 0 ? `Promise an available-to-promise date instead: ${date(firstCovered)} for ${sku}.` : `Drop ${sku} from the campaign, or promise a back-order date.`,
        ],
      });
    }
  }

  const deliveryPromises: DeliveryPromiseCheck[] = [];
  const lateOrdersP50 = new Array<number>(cal.days).fill(0);
  const baselineOrders = Object.values(cap.baselineOrdersPerDay).reduce((a, b) => a + b, 0);
  const delivery = spec.promises.filter((p) => p.type === 'delivery');
  for (const node of cap.nodes) {
    const share = nodeShare.get(node.id) ?? 0;
    const capacity = new Array<number>(cal.days).fill(0);
    for (const k of cap.capacity) if (k.node === node.id) {
      const d = dayIndex(cal, k.date);
      if (d >= 0 && d < cal.days) capacity[d] = (capacity[d] ?? 0) + k.orders;
    }
    const afterCutoff = (24 - Number(node.carrierCutoff.slice(0, 2)) - Number(node.carrierCutoff.slice(3)) / 60) / 24;
    const base = cap.baselineOrdersPerDay[node.id] ?? 0;
    const out = outShare.get(node.id) ?? [];
    const slackFor = (withinDays: number): number => withinDays - node.standardLeadTimeDays;
    // Orders late against the node's own standard (slack 0), for the service forecast.
    const standard = shipInTime(base, ordersP50.map((o) => o * share), capacity, afterCutoff, out, 0);
    standard.lateAll.forEach((x, d) => (lateOrdersP50[d] = (lateOrdersP50[d] ?? 0) + x));
    for (const p of delivery) {
      const slack = slackFor(p.withinDays);
      const c50 = ordersP50.map((o) => o * share);
      const c90 = ordersP90.map((o) => o * share);
      const total50 = c50.reduce((a, b) => a + b, 0);
      const total90 = c90.reduce((a, b) => a + b, 0);
      const r50 = slack < 0 ? { lateCampaign: total50 } : shipInTime(base, c50, capacity, afterCutoff, out, slack);
      const r90 = slack < 0 ? { lateCampaign: total90 } : shipInTime(base, c90, capacity, afterCutoff, out, slack);
      const check: DeliveryPromiseCheck = {
        withinDays: p.withinDays, node: node.id, standardLeadTimeDays: node.standardLeadTimeDays,
        ordersP50: round(total50), missedP50: round(r50.lateCampaign), ordersP90: round(total90), missedP90: round(r90.lateCampaign),
        missShareP50: total50 > 0 ? round((r50.lateCampaign / total50) * 1000) / 1000 : 0,
        missShareP90: total90 > 0 ? round((r90.lateCampaign / total90) * 1000) / 1000 : 0,
        formula: slack < 0
          ? `lead time ${node.standardLeadTimeDays} d > promised ${p.withinDays} d: every order from ${node.id} misses`
          : `orders must ship within ${slack} day(s) of the order day (${round(afterCutoff * 100)} % arrive after the ${node.carrierCutoff} cut-off and count on the next day); daily pick-and-pack capacity first in, first out; orders for SKUs out of stock miss`,
      };
      deliveryPromises.push(check);
      const missShare = check.missShareP50;
      if (total50 < 0.5 || (missShare < 0.02 && check.missShareP90 < 0.05)) continue;
      const severity = missShare >= 0.05 || slack < 0 ? 'blocker' : 'warning';
      const firstLate = slack < 0 ? c50.findIndex((x) => x > 0) : (r50 as { firstLateDay: number }).firstLateDay;
      findings.push({
        id: `logistics.delivery-promise.${p.withinDays}d.${node.id}`,
        severity,
        department: 'logistics',
        constraint: `${p.withinDays === 1 ? 'next-day' : `${p.withinDays}-day`} delivery from ${node.id}`,
        quantity: Math.round(check.missedP50),
        unit: 'orders miss the promise (P50)',
        date: date(firstLate),
        message: slack < 0
          ? `${p.text ?? `Delivery within ${p.withinDays} day(s)`}: ${node.id} needs ${node.standardLeadTimeDays} days from dispatch to delivery, so all ${fmt(total50)} campaign orders it ships (P50) miss the promise.`
          : `${p.text ?? `Delivery within ${p.withinDays} day(s)`}: ${fmt(check.missedP50)} of ${fmt(total50)} campaign orders from ${node.id} (${Math.round(missShare * 100)} %) would miss it at P50, ${Math.round(check.missShareP90 * 100)} % at P90 (capacity, cut-off and stock).`,
        formula: check.formula,
        mitigations: [
          `Promise delivery within ${node.standardLeadTimeDays + Math.max(1, slack + 1)} days for ${node.id}'s region (what logistics can keep), or an available-to-promise date per order.`,
          ...(slack >= 0 ? [`Add pick-and-pack capacity at ${node.id}: about ${fmt(Math.ceil(check.missedP50 / Math.max(1, cal.days / 3)))} more orders a day in the first week.`] : [`Ship ${node.id}'s region from a node with a ${p.withinDays}-day lead time, or exclude that region from the promise.`]),
          'Stagger sends over more days so daily orders stay under capacity.',
        ],
      });
    }
  }
  return { section: { horizon: { from: cal.dates[0] ?? '', days: cal.days }, skus, deliveryPromises, lateOrdersDailyP50: lateOrdersP50.map(round) }, findings, lateOrdersP50, baselineOrders };
}

/**
 * Capable-to-promise (promising.ts) for one node's baseline and campaign orders together, first
 * in, first out; the campaign's share of each day's late orders is its share of that day's
 * orders. Campaign orders for SKUs out of stock that day (share `out[d]`) cannot ship in time.
 */
function shipInTime(baseline: number, campaign: number[], capacity: number[], afterCutoff: number, out: number[], slack: number): { lateCampaign: number; lateAll: number[]; firstLateDay: number } {
  const blocked = campaign.map((c, d) => c * Math.min(1, out[d] ?? 0));
  const orders = campaign.map((c, d) => baseline + c - (blocked[d] ?? 0));
  const result = capableToPromise({ orders, capacity, onHand: Number.MAX_SAFE_INTEGER, slackDays: slack, afterCutoffShare: Math.min(0.99, Math.max(0, afterCutoff)) });
  const lateAll = result.days.map((day, d) => day.late + (blocked[d] ?? 0));
  let lateCampaign = 0;
  let firstLateDay = -1;
  result.days.forEach((day, d) => {
    const total = orders[d] ?? 0;
    const campaignLate = (blocked[d] ?? 0) + (total > 0 ? (day.late * ((campaign[d] ?? 0) - (blocked[d] ?? 0))) / total : 0);
    lateCampaign += campaignLate;
    if (firstLateDay < 0 && campaignLate > 1e-6) firstLateDay = d;
  });
  return { lateCampaign, lateAll, firstLateDay };
}
