/**
 * The demo company for bench/scorecard, built in-process: the scorecard ledger (and optionally
 * the live states) exactly as bench/ingest.ts `liveStateMemory` builds live states — demo
 * generator → validateMessages (each event attributed to its source's department) →
 * IdentityGraph → the consumer — with seq numbers in generation order (the log order of a load).
 */
import { createIdGenerator } from '../src/core/clock.js';
import { demoSources } from '../src/demo/company.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { extractIdentifiers } from '../src/identity/identifiers.js';
import { IdentityGraph } from '../src/identity/identity-graph.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { ScorecardLedger } from '../src/scorecard/ledger.js';
import { LiveStates } from '../src/state/live-states.js';

export interface DemoLedger {
  ledger: ScorecardLedger;
  graph: IdentityGraph;
  /** Live states, when asked for (`withStates`). */
  live: LiveStates | null;
  events: number;
  seconds: number;
}

export function buildDemoLedger(customers: number, end: number, withStates: boolean, onProgress?: (done: number) => void): DemoLedger {
  const started = performance.now();
  const graph = new IdentityGraph(createIdGenerator(), { expectedCustomers: customers });
  const ledger = new ScorecardLedger();
  const live = withStates ? new LiveStates(async () => []) : null;
  const sources = new Map(demoSources().map((s) => [s.name, { id: `src_${s.name}`, department: s.department }]));
  const opts = { customers, seed: 42, end };
  let seq = 0;
  for (let i = 0; i < customers; i++) {
    for (const { source, message } of generateCustomerEvents(i, opts)) {
      const src = sources.get(source);
      if (!src) throw new Error(`unknown demo source ${source}`);
      for (const { event } of validateMessages([message], src, end, null).items) {
        const r = graph.resolve(extractIdentifiers(event), { sourceId: src.id, messageId: event.messageId, at: event.receivedAt });
        event.customerId = r.customerId;
        event.seq = ++seq;
        if (event.type === 'track') ledger.add(event);
        live?.apply(r.rootId, event);
      }
    }
    if (i % 50_000 === 0) {
      graph.drainChanges();
      onProgress?.(i);
    }
  }
  graph.drainChanges();
  ledger.trim();
  return { ledger, graph, live, events: seq, seconds: (performance.now() - started) / 1000 };
}
