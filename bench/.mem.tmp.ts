import { createIdGenerator } from '../src/core/clock.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { extractIdentifiers } from '../src/identity/identifiers.js';
import { IdentityGraph } from '../src/identity/identity-graph.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { LiveStates } from '../src/state/live-states.js';
const customers = Number(process.argv[2]);
const gc = (globalThis as any).gc; gc();
const base = process.memoryUsage();
const graph = new IdentityGraph(createIdGenerator());
const live = new LiveStates(async () => []);
const opts = { customers, seed: 42, end: Date.now() };
let seq = 0;
for (let i = 0; i < customers; i++) {
  for (const { source: name, message } of generateCustomerEvents(i, opts)) {
    const { items } = validateMessages([message], { id: 'src_' + name, department: name }, opts.end, null);
    for (const { event } of items) { const r = graph.resolve(extractIdentifiers(event), { sourceId: event.sourceId, messageId: event.messageId, at: 0 }); event.customerId = r.customerId; event.seq = ++seq; live.apply(r.rootId, event); }
  }
  if (i % 10000 === 0) graph.drainChanges();
}
graph.drainChanges(); live.beginSnapshot();
gc(); gc();
const m = process.memoryUsage();
console.log(customers, 'customers', seq, 'events; heap MB', ((m.heapUsed - base.heapUsed) / 2 ** 20).toFixed(0), 'rss MB', ((m.rss - base.rss) / 2 ** 20).toFixed(0), 'ext', ((m.external + m.arrayBuffers - base.external - base.arrayBuffers)/2**20).toFixed(0), 'graph bytes', graph.byteSize?.() / 2**20);
