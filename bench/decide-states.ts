/**
 * Demo customer states for bench/decide, built in-process exactly as bench/ingest.ts
 * `liveStateMemory` builds them (demo generator → validateMessages → IdentityGraph → LiveStates).
 */
import { createIdGenerator } from '../src/core/clock.js';
import type { CompiledPolicy } from '../src/decide/compile-policy.js';
import { InMemoryContactCounters } from '../src/decide/contact-counters.js';
import { generateCustomerEvents } from '../src/demo/generator.js';
import { extractIdentifiers } from '../src/identity/identifiers.js';
import { IdentityGraph } from '../src/identity/identity-graph.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { LiveStates } from '../src/state/live-states.js';
import type { CustomerState } from '../src/state/state-types.js';
import { rng } from './decide-requests.js';

export interface DemoStates {
  live: LiveStates;
  /** Root customer ids (the customers the world sees), in the order their states were made. */
  ids: string[];
  events: number;
  seconds: number;
}

/** Folds `customers` demo customers (seed 42, history ending at `end`) into live states. */
export function buildDemoStates(customers: number, end: number, onProgress?: (done: number) => void): DemoStates {
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
  const ids: string[] = [];
  for (const [id] of live.entries()) ids.push(id);
  return { live, ids, events: seq, seconds: (performance.now() - started) / 1000 };
}

/**
 * How many reported contacts (`Email Delivered`, outbound `Contact Made`) lie within the longest
 * cap window before `now`: the contacts the frequency caps can see. Informational.
 */
export function contactsInCapWindows(compiled: CompiledPolicy, states: Iterable<[string, CustomerState]>, now: number): number {
  const from = now - compiled.maxCapWindowMs;
  let contacts = 0;
  for (const [, state] of states) {
    const recent = state.recentContacts;
    if (recent !== null) for (const at of recent.at) if (at > from && at <= now) contacts++;
  }
  return contacts;
}

/**
 * A week of committed sends, as the DecisionService's reservations would hold them: for `share`
 * of the customers, one to three contacts (marketing e-mail, sales call or service e-mail) at
 * random instants of the last 7 days. The demo's own reported contacts cluster around its
 * campaign dates, so without these the frequency caps would rarely have anything to count.
 */
export function weekOfReservations(ids: readonly string[], now: number, share: number, seed: number): { reservations: InMemoryContactCounters; contacts: number } {
  const random = rng(seed);
  const reservations = new InMemoryContactCounters();
  const kinds = [
    { department: 'marketing', channel: 'email', purpose: 'marketing' },
    { department: 'sales', channel: 'call', purpose: 'sales' },
    { department: 'service', channel: 'email', purpose: 'service' },
  ] as const;
  let contacts = 0;
  for (const id of ids) {
    if (random() >= share) continue;
    const n = 1 + Math.floor(random() * 3);
    for (let k = 0; k < n; k++) {
      reservations.reserve(id, kinds[Math.floor(random() * kinds.length)]!, now - Math.floor(random() * 7 * 86_400_000));
      contacts++;
    }
  }
  return { reservations, contacts };
}
