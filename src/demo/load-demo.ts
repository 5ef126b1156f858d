/**
 * Loads the demo company into Tutti through the same path real sources use: sources with
 * write keys, then every generated message validated and committed by the ingest pipeline.
 * Several batches are kept in flight so group commit can share transactions between them.
 */
import type { Tutti } from '../app/tutti.js';
import { validateMessages } from '../ingest/validate-batch.js';
import { toJsonColumn } from '../store/json-column.js';
import { addSource, findSourceByName, type Source } from '../store/sources-repo.js';
import { writeCapability } from '../store/campaign-repo.js';
import { demoCompanyData, demoSources } from './company.js';
import { demoCapabilities } from './demo-capabilities.js';
import { generateCustomerEvents } from './generator.js';

export interface LoadDemoOptions {
  customers: number;
  seed: number;
  /** The demo's "now": a year of history ends here. */
  end: number;
  batchSize?: number;
  onProgress?: (progress: { customers: number; events: number }) => void;
}

export interface LoadDemoResult {
  sources: Source[];
  events: number;
  stored: number;
  duplicates: number;
  rejected: number;
  seconds: number;
}

const IN_FLIGHT = 8;

async function ensureSources(tutti: Tutti): Promise<Map<string, Source>> {
  const byName = new Map<string, Source>();
  for (const spec of demoSources()) {
    const source = (await findSourceByName(tutti.store.db, spec.name)) ?? (await addSource(tutti.store.db, tutti.ids, { name: spec.name, department: spec.department, now: tutti.clock.now() }));
    tutti.sources.add(source);
    byName.set(spec.name, source);
  }
  return byName;
}

export async function loadDemo(tutti: Tutti, options: LoadDemoOptions): Promise<LoadDemoResult> {
  const started = performance.now();
  const sources = await ensureSources(tutti);
  const company = demoCompanyData({ customers: options.customers, seed: options.seed, end: options.end });
  for (const [kind, data] of Object.entries(company)) {
    const row = { kind: `demo.${kind}`, data: toJsonColumn(data), updated_at: tutti.clock.now() };
    await tutti.store.db.insertInto('company_data').values(row).onConflict((oc) => oc.column('kind').doUpdateSet({ data: row.data, updated_at: row.updated_at })).execute();
  }
  // The departments' capabilities, as the readiness review reads them (kept if a department already set its own).
  for (const [department, document] of Object.entries(demoCapabilities(company))) {
    const existing = await tutti.store.db.selectFrom('company_data').select('kind').where('kind', '=', `capability.${department}`).executeTakeFirst();
    if (existing === undefined) await writeCapability(tutti.store.db, department, document, 'demo', tutti.clock.now());
  }

  // Messages go out in rounds: every source's buffer at once, in demoSources() order, so the
  // web shop's identify and Order Completed are committed before the warehouse events that
  // know the customer only by order id (the pipeline keeps submission order).
  const roundSize = options.batchSize ?? 4000;
  const order = [...sources.keys()];
  const buffers = new Map<string, unknown[]>(order.map((name) => [name, []]));
  const inFlight = new Set<Promise<void>>();
  const totals = { events: 0, stored: 0, duplicates: 0, rejected: 0 };
  let buffered = 0;

  const send = async (source: Source, messages: unknown[]): Promise<void> => {
    const { items, errors } = validateMessages(messages, source, tutti.clock.now(), null);
    totals.rejected += errors.length;
    const outcome = await tutti.pipeline.submit(items);
    totals.stored += outcome.stored;
    totals.duplicates += outcome.duplicates;
  };
  const sendRound = async (): Promise<void> => {
    const round: Promise<void>[] = [];
    for (const name of order) {
      const messages = buffers.get(name)!;
      if (messages.length > 0) round.push(send(sources.get(name)!, messages));
      buffers.set(name, []);
    }
    buffered = 0;
    const p: Promise<void> = Promise.all(round).then(() => undefined).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  const demo = { customers: options.customers, seed: options.seed, end: options.end };
  for (let customer = 0; customer < options.customers; customer++) {
    for (const { source, message } of generateCustomerEvents(customer, demo)) {
      const buffer = buffers.get(source);
      if (!buffer) throw new Error(`The demo generator used an unknown source "${source}".`);
      buffer.push(message);
      buffered++;
      totals.events++;
    }
    if (buffered >= roundSize) await sendRound();
    if (customer % 1000 === 0) options.onProgress?.({ customers: customer, events: totals.events });
  }
  await sendRound();
  await Promise.all(inFlight);
  options.onProgress?.({ customers: options.customers, events: totals.events });
  return { sources: [...sources.values()], ...totals, seconds: (performance.now() - started) / 1000 };
}
