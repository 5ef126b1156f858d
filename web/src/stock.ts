/**
 * Stock against supply by day for one SKU at one node: cumulative supply (on hand plus inbound
 * receipts, from the logistics capability) against cumulative demand (the node's baseline plus
 * its share of campaign orders per day, scaled so the horizon's total is the report's P50/P90 —
 * the report's own formula, PABₜ = PABₜ₋₁ + receiptsₜ − demandₜ, day by day).
 */
const DAY = 86_400_000;

export interface StockInput {
  horizonFrom: string;
  /** Campaign orders per day at P50 and P90, one entry per horizon day. */
  daily: { p50: number; p90: number }[];
  sku: { sku: string; node: string; onHand: number; demandP50: number; demandP90: number };
  receipts: readonly { sku: string; node: string; date: string; quantity: number }[];
  baselineDemand: readonly { sku: string; node: string; unitsPerDay: number }[];
}

export function stockSeries(input: StockInput): { supply: number[]; demand50: number[]; demand90: number[] } {
  const { sku } = input;
  const days = input.daily.length;
  const start = Date.parse(`${input.horizonFrom}T00:00:00Z`);
  const receipts = new Array<number>(days).fill(0);
  for (const r of input.receipts) {
    if (r.sku !== sku.sku || r.node !== sku.node) continue;
    const d = Math.max(0, Math.round((Date.parse(`${r.date}T00:00:00Z`) - start) / DAY));
    if (d < days) receipts[d] = (receipts[d] ?? 0) + r.quantity;
  }
  const baseline = input.baselineDemand.find((b) => b.sku === sku.sku && b.node === sku.node)?.unitsPerDay ?? 0;
  const cumulative = (orders: number[], total: number): number[] => {
    const sum = orders.reduce((a, b) => a + b, 0);
    const perOrder = sum > 0 ? Math.max(0, total - baseline * days) / sum : 0;
    let acc = 0;
    return orders.map((o) => (acc += baseline + o * perOrder));
  };
  let stock = sku.onHand;
  return {
    supply: receipts.map((r) => (stock += r)),
    demand50: cumulative(input.daily.map((d) => d.p50), sku.demandP50),
    demand90: cumulative(input.daily.map((d) => d.p90), sku.demandP90),
  };
}
