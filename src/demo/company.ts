/**
 * The demo company, Maison Tutti: an online home-and-kitchen shop selling in Europe, the
 * Americas and Asia from three fulfilment nodes. generator.ts simulates its customers; this
 * module is the entry point for what is true of the company as a whole. Everything is a pure
 * function of the options and JSON-serialisable. The parts:
 *
 * - demo-options.ts: the options, time units and currency;
 * - company-catalogue.ts: department systems, countries and names, products, fulfilment nodes;
 * - company-model.ts: the behaviour rates the generator draws from and the figures are sized by;
 * - company-campaigns.ts: the campaign plans and their reported history;
 * - company-capabilities.ts: inventory and supply, the service roster, billing capacity.
 */
import { campaignHistory, type PastCampaign } from './company-campaigns.js';
import { demoBilling, demoInventory, demoService, type DemoBilling, type DemoInventory, type DemoService } from './company-capabilities.js';
import { demoSources, PRODUCTS, type DemoSource, type Product } from './company-catalogue.js';
import { expectedOrdersPerCustomerDay } from './company-model.js';
import { DEMO_CURRENCY, type DemoOptions } from './demo-options.js';
import { demoMessageHistory, type LabelledMessage } from './messages.js';
import { Rng } from './random.js';

export { DAY, DEMO_CURRENCY, HOUR, MINUTE, YEAR, type DemoOptions } from './demo-options.js';
export {
  COUNTRIES,
  COUNTRY_TABLE,
  FIRST_NAMES,
  LAST_NAMES,
  NODES,
  PRODUCTS,
  PRODUCT_TABLE,
  demoSources,
  nodeForRegion,
  type Country,
  type DemoSource,
  type FulfilmentNode,
  type Product,
  type Region,
} from './company-catalogue.js';
export { MODEL, expectedOrderValue, expectedOrdersPerCustomerDay } from './company-model.js';
export { demoCampaignPlans, type CampaignPlan, type PastCampaign } from './company-campaigns.js';
export type {
  ContactType,
  DemoBilling,
  DemoInventory,
  DemoService,
  InboundReceipt,
  NodeCapacity,
  RosterInterval,
  StockLevel,
} from './company-capabilities.js';

/** The company data later features read. */
export interface DemoCompanyData {
  company: { name: string; currency: string; timezone: string; generatedFor: { customers: number; seed: number; end: string } };
  sources: DemoSource[];
  products: Product[];
  inventory: DemoInventory;
  service: DemoService;
  billing: DemoBilling;
  campaigns: PastCampaign[];
  /** Labelled customer messages for the front-door classifier. */
  messages: LabelledMessage[];
}

/**
 * Everything later features need to know about the company, sized for `opts.customers`:
 * inventory and supply, the service roster and contact parameters, billing capability, the
 * history of past campaigns and the labelled message history. Pure and deterministic.
 */
export function demoCompanyData(opts: DemoOptions): DemoCompanyData {
  const rng = new Rng(opts.seed, 0x434f4d50);
  const n = Math.max(1, opts.customers);
  const ordersPerDay = n * expectedOrdersPerCustomerDay();
  // One random stream for all the figures: the draws must stay in this order (inventory, then
  // roster, then campaign history) for the data to stay the same for a seed.
  const inventory = demoInventory(rng, ordersPerDay, opts.end);
  const service = demoService(rng, n, ordersPerDay);
  const campaigns = campaignHistory(rng, opts, n);

  return {
    company: { name: 'Maison Tutti', currency: DEMO_CURRENCY, timezone: 'Europe/Paris', generatedFor: { customers: opts.customers, seed: opts.seed, end: new Date(opts.end).toISOString() } },
    sources: demoSources(),
    products: PRODUCTS.map((p) => ({ ...p })),
    inventory,
    service,
    billing: demoBilling(ordersPerDay),
    campaigns,
    messages: demoMessageHistory(opts.seed),
  };
}
