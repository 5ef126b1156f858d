/**
 * bench/frontdoor's in-process figures.
 *
 * - Pure: `understandMessage` then one `Router.submit` per problem, as `FrontDoor.submit` does
 *   it (a triaged message is one triage item), on a fresh Router per round (every agent online,
 *   the company's queue configuration), with the model and rules the opened Tutti uses.
 * - End to end: `tutti.frontDoor.submit` on a real Tutti (SQLite file, synchronous=FULL as
 *   `tutti serve` runs it), one new customer e-mail per request, at a given concurrency.
 *   Baseline: one Ticket Opened event, validated and committed with `tutti.pipeline.submit`
 *   alone — the durable commit every intake waits for anyway.
 * - Breakdown: the request rows alone (`insertRequest`: one request, one work item, two
 *   messages, in one Kysely transaction on the main connection), the second commit an intake
 *   makes after the pipeline's.
 */
import { FRONT_DOOR_SOURCE } from '../src/app/front-door.js';
import { ticketOpened } from '../src/app/front-door-events.js';
import type { Tutti } from '../src/app/tutti.js';
import type { LabelledMessage } from '../src/demo/messages.js';
import type { CompiledQueues } from '../src/frontdoor/queues.js';
import { Router } from '../src/frontdoor/routing.js';
import { understandMessage } from '../src/frontdoor/understand.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { insertRequest } from '../src/store/request-repo.js';
import { findSourceByName } from '../src/store/sources-repo.js';
import { percentile } from './support.js';

export interface LatencyRound {
  /** ms */
  p50: number;
  p99: number;
  max: number;
  /** per second */
  rate: number;
  count: number;
}

function summarise(latencies: number[], elapsedMs: number): LatencyRound {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN, rate: (latencies.length / elapsedMs) * 1000, count: latencies.length };
}

export interface PureRound {
  total: LatencyRound;
  /** Process CPU time a message (user + system): what the wall time would be on an idle core. */
  cpu: LatencyRound;
  understand: LatencyRound;
  route: LatencyRound;
  workItems: number;
  triaged: number;
}

/** One pass over `messages`: understand + route each, timed per message, on a fresh Router. */
export function pureRound(messages: readonly LabelledMessage[], tutti: Tutti, round: number): PureRound {
  const { model, rules } = tutti.frontDoor;
  const config: CompiledQueues = tutti.frontDoor.router.config;
  const router = new Router(config, { presence: 'online' });
  const total: number[] = [];
  const cpu: number[] = [];
  const understandMs: number[] = [];
  const routeMs: number[] = [];
  let workItems = 0;
  let triaged = 0;
  const now = Date.now();
  const started = performance.now();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const text = m.text.trim();
    const u = understandMessage({ text }, model, rules);
    const t1 = performance.now();
    // As FrontDoor.submit: a message for triage is one triage item, otherwise one item a problem.
    const problems = u.triage || u.problems.length === 0
      ? [{ intent: u.problems[0]?.intent ?? 'unclear', confidence: u.problems[0]?.confidence ?? 0, triage: true }]
      : u.problems.map((p) => ({ intent: p.intent, confidence: p.confidence, triage: false }));
    for (let j = 0; j < problems.length; j++) {
      const p = problems[j]!;
      router.submit({ id: `wi_${round}_${i}_${j}`, intent: p.intent, confidence: p.confidence, triage: p.triage, createdAt: now + i }, now + i);
    }
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    total.push(t2 - t0);
    cpu.push((c.user + c.system) / 1000);
    understandMs.push(t1 - t0);
    routeMs.push(t2 - t1);
    workItems += problems.length;
    if (problems[0]!.triage) triaged++;
  }
  const elapsed = performance.now() - started;
  return { total: summarise(total, elapsed), cpu: summarise(cpu, elapsed), understand: summarise(understandMs, elapsed), route: summarise(routeMs, elapsed), workItems, triaged };
}

/** A distinct customer per request, so the per-contact limit and request joining never apply. */
export const emailOf = (n: number): string => `c${n}@example.org`;

/** `count` requests through `tutti.frontDoor.submit`, `concurrency` at a time. */
export async function submitRound(tutti: Tutti, messages: readonly LabelledMessage[], count: number, concurrency: number, first: number): Promise<LatencyRound> {
  const latencies: number[] = [];
  let next = 0;
  let joined = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const n = first + next++;
      const m = messages[n % messages.length]!;
      const t0 = performance.now();
      const r = await tutti.frontDoor.submit({ contact: { email: emailOf(n) }, channel: m.channel, text: m.text });
      latencies.push(performance.now() - t0);
      if (r.joined) joined++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = performance.now() - started;
  if (joined > 0) throw new Error(`${joined} requests joined an open request: the e-mails were meant to be new`);
  return summarise(latencies, elapsed);
}

/** Baseline: `count` single Ticket Opened events, validated and committed by the pipeline alone. */
export async function pipelineRound(tutti: Tutti, messages: readonly LabelledMessage[], count: number, concurrency: number, first: number): Promise<LatencyRound> {
  const found = await findSourceByName(tutti.store.db, FRONT_DOOR_SOURCE.name);
  if (found === undefined) throw new Error('the front-door source is missing');
  const source = { id: found.id, department: found.department };
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const n = first + next++;
      const m = messages[n % messages.length]!;
      const t0 = performance.now();
      const now = tutti.clock.now();
      const message = ticketOpened(`wi_base_${n}`, `req_base_${n}`, { email: emailOf(n) }, m.intents[0] ?? 'unclear', m.text.slice(0, 500), now);
      const { items, errors } = validateMessages([message], source, now, null);
      if (errors.length > 0) throw new Error(`baseline event refused: ${errors.map((e) => e.message).join('; ')}`);
      await tutti.pipeline.submit(items);
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise(latencies, performance.now() - started);
}

/** Breakdown: `count` request-row commits (`insertRequest`) shaped as an intake's, nothing else. */
export async function requestRowsRound(tutti: Tutti, messages: readonly LabelledMessage[], count: number, concurrency: number, first: number): Promise<LatencyRound> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const n = first + next++;
      const m = messages[n % messages.length]!;
      const t0 = performance.now();
      const now = tutti.clock.now();
      const id = `req_rows_${n}`;
      const wi = `wi_rows_${n}`;
      await insertRequest(
        tutti.store.db,
        { id, token_hash: `rows-${n}`, customer_id: `cus_rows_${n}`, channel: m.channel, subject: null, intents: JSON.stringify(m.intents), duplicate_of: null, survey_sent_at: null, created_at: now, updated_at: now },
        [{ id: wi, request_id: id, intent: m.intents[0] ?? 'unclear', queue: 'service-care', assignee: null, status: 'new', confidence: 0.9, clause: m.text, details: '{"sla":{},"references":[],"source":"model"}', created_at: now, updated_at: now, first_response_at: null, resolved_at: null }],
        [
          { id: `msg_rows_${n}_a`, request_id: id, work_item_id: null, author: 'customer', visibility: 'customer', text: m.text, created_at: now },
          { id: `msg_rows_${n}_b`, request_id: id, work_item_id: null, author: 'system', visibility: 'customer', text: 'Thank you for writing to us. We have your message and will reply on this page.', created_at: now + 1 },
        ],
      );
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return summarise(latencies, performance.now() - started);
}
