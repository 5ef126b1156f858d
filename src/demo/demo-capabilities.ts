/**
 * The demo company's figures as Tutti capability documents (src/readiness/capability-schema.ts),
 * one per owning department, so the launch-readiness review runs on the demo out of the box.
 */
import type { BillingCapability, LogisticsCapability, ServiceCapability } from '../readiness/capability-schema.js';
import type { DemoCompanyData } from './company.js';
import { MODEL, UNITS_PER_LINE } from './company-model.js';

export function demoCapabilities(data: DemoCompanyData): { logistics: LogisticsCapability; service: ServiceCapability; billing: BillingCapability } {
  const inv = data.inventory;
  const unitsPerOrder = MODEL.averageOrderLines * UNITS_PER_LINE;
  const popularity = data.products.reduce((a, p) => a + p.popularity, 0);
  const baselineDemand: LogisticsCapability['baselineDemand'] = [];
  for (const node of inv.nodes) {
    const orders = inv.expectedOrdersPerDay[node.id] ?? 0;
    for (const p of data.products) baselineDemand.push({ sku: p.sku, node: node.id, unitsPerDay: Math.round(((orders * unitsPerOrder * p.popularity) / popularity) * 1000) / 1000 });
  }
  const logistics: LogisticsCapability = {
    nodes: inv.nodes.map((n) => ({ id: n.id, name: n.name, region: n.region, timezone: n.timezone, carrierCutoff: n.carrierCutoff, standardLeadTimeDays: n.standardLeadTimeDays, carrier: n.carrier })),
    stock: inv.stock.map((s) => ({ ...s })),
    receipts: inv.receipts.map((r) => ({ ...r })),
    capacity: inv.capacity.map((c) => ({ ...c })),
    baselineDemand,
    baselineOrdersPerDay: { ...inv.expectedOrdersPerDay },
    unitsPerOrder,
    products: data.products.map((p) => ({ sku: p.sku, name: p.name, category: p.category, price: p.price, popularity: p.popularity })),
  };
  const s = data.service;
  const service: ServiceCapability = {
    timezone: s.timezone,
    intervalMinutes: s.intervalMinutes,
    roster: s.roster.map((r) => ({ ...r })),
    handlingTimeSeconds: { ...s.handlingTimeSeconds },
    contactMix: { ...s.contactMix },
    serviceLevel: { ...s.serviceLevel },
    shrinkage: s.shrinkage,
    occupancyCap: s.occupancyCap,
    contactsPerOrder: s.contactsPerOrder,
    contactsPerLateOrder: s.contactsPerLateOrder,
    baselineContactsPerDay: s.baselineContactsPerDay,
    patienceSeconds: 180,
    understaffingCost: 5,
    overstaffingCost: 1,
  };
  return { logistics, service, billing: { ...data.billing } };
}
