/**
 * The demo company for bench/readiness, built in-process: the customers' live states exactly
 * as bench/ingest.ts `liveStateMemory` builds them (demo generator → validateMessages →
 * IdentityGraph → LiveStates), and the company's capabilities and campaign history as
 * `loadDemo` stores them (demoCompanyData + demoCapabilities) and `campaignReport` reads them.
 */
import { createIdGenerator } from '../src/core/clock.js';
import { demoCompanyData } from '../src/demo/company.js';
import { demoCapabilities } from '../src/demo/demo-capabilities.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { extractIdentifiers } from '../src/identity/identifiers.js';
import { IdentityGraph } from '../src/identity/identity-graph.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import type { Capabilities } from '../src/readiness/capability-schema.js';
import { LiveStates } from '../src/state/live-states.js';

export interface DemoCompany {
  live: LiveStates;
  capabilities: Capabilities;
  history: { audienceSize: number; orders: number }[];
  events: number;
  seconds: number;
}

/** Folds `customers` demo customers (seed 42, a year of history ending at `end`) into live states. */
export function buildDemoCompany(customers: number, end: number, onProgress?: (done: number) => void): DemoCompany {
  const started = performance.now();
  const graph = new IdentityGraph(createIdGenerator());
  const live = new LiveStates(async () => []);
  const opts = { customers, seed: 42, end };
  const sources = new Map<string, { id: string; department: string }>();
  let seq = 0;
  for (let i = 0; i < customers; i++) {
    for (const { source: name, message } of generateCustomerEvents(i, opts)) {
      let src = sources.get(name);
      if (!src) {
        src = { id: `src_${name}`, department: name };
        sources.set(name, src);
      }
      const { items } = validateMessages([message], src, opts.end, null);
      for (const { event } of items) {
        const r = graph.resolve(extractIdentifiers(event), { sourceId: src.id, messageId: event.messageId, at: event.receivedAt });
        event.customerId = r.customerId;
        event.seq = ++seq;
        live.apply(r.rootId, event);
      }
    }
    if (i % 50_000 === 0) {
      graph.drainChanges();
      onProgress?.(i);
    }
  }
  graph.drainChanges();

  // What loadDemo writes to company_data and the capability rows, and campaignReport reads back.
  const company = demoCompanyData(opts);
  const docs = demoCapabilities(company);
  const meta = { updatedAt: end, updatedBy: 'demo' };
  const capabilities: Capabilities = {
    logistics: docs.logistics,
    service: docs.service,
    billing: docs.billing,
    meta: { logistics: meta, service: meta, billing: meta },
  };
  // A JSON round trip, as the rows come back from the database.
  const history = JSON.parse(JSON.stringify(company.campaigns)) as { audienceSize: number; orders: number }[];
  return { live, capabilities, history, events: seq, seconds: (performance.now() - started) / 1000 };
}
