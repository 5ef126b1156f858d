/**
 * `tutti rebuild` must reproduce the live states exactly: the states ingest built event by
 * event (merges included) equal a fold of the whole log, and a restart (snapshot load, and
 * recovery after a crash that skipped the snapshot) brings back the same states again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCustomerRef } from '../src/app/customers.js';
import { openTutti, type Tutti } from '../src/app/tutti.js';
import { loadDemo } from '../src/demo/load-demo.js';
import { validateMessages } from '../src/ingest/validate-batch.js';
import { summarize, type SummaryFlag } from '../src/state/summary.js';
import { addSource, type Source } from '../src/store/sources-repo.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';

const END = Date.parse('2026-06-01T00:00:00Z');
const HOUR = 3_600_000;

type States = Map<string, unknown>;

/** Every live state, deep-copied (JSON), keyed by customer id. */
function capture(tutti: Tutti): States {
  return new Map([...tutti.live.entries()].map(([id, state]) => [id, JSON.parse(JSON.stringify(state)) as unknown]));
}

function expectSameStates(actual: States, expected: States): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, state] of expected) expect(actual.get(id), `state of ${id}`).toEqual(state);
}

async function post(tutti: Tutti, source: Source, messages: unknown[]): Promise<void> {
  const { items, errors } = validateMessages(messages, source, tutti.clock.now(), null);
  expect(errors).toEqual([]);
  const outcome = await tutti.pipeline.submit(items);
  expect(outcome).toEqual({ stored: messages.length, duplicates: 0 });
}

/**
 * An anonymous visitor browses, then logs in as an existing demo customer (a merge of the
 * visitor's profile into the customer's); a helpdesk-style event known only by email, then an
 * identify that links the email to another demo customer (a second merge).
 */
async function postMerges(tutti: Tutti, source: Source, tag: string, userA: string, userB: string): Promise<void> {
  const at = (hoursBeforeEnd: number): string => new Date(END - hoursBeforeEnd * HOUR).toISOString();
  const visitor = `visitor-${tag}`;
  const email = `late-${tag}@example.org`;
  await post(tutti, source, [
    { type: 'page', messageId: `${tag}-1`, timestamp: at(30), anonymousId: visitor, name: 'Home' },
    { type: 'track', messageId: `${tag}-2`, timestamp: at(29), anonymousId: visitor, event: 'Product Viewed', properties: { product_id: 'KIT-105' } },
    { type: 'track', messageId: `${tag}-3`, timestamp: at(28), context: { traits: { email } }, event: 'Ticket Opened', properties: { ticket_id: `T-${tag}`, complaint: true, subject: 'Broken on arrival' } },
  ]);
  const visitorBefore = resolveCustomerRef(tutti, `anonymousId:${visitor}`);
  const emailBefore = resolveCustomerRef(tutti, `email:${email}`);
  expect(visitorBefore).not.toBe(resolveCustomerRef(tutti, `userId:${userA}`));
  expect(emailBefore).not.toBe(resolveCustomerRef(tutti, `userId:${userB}`));

  await post(tutti, source, [
    { type: 'identify', messageId: `${tag}-4`, timestamp: at(27), userId: userA, anonymousId: visitor },
    { type: 'track', messageId: `${tag}-5`, timestamp: at(26), userId: userA, event: 'Order Completed', properties: { order_id: `O-${tag}`, revenue: 42 } },
    { type: 'identify', messageId: `${tag}-6`, timestamp: at(25), userId: userB, traits: { email } },
  ]);
  const a = resolveCustomerRef(tutti, `userId:${userA}`);
  const b = resolveCustomerRef(tutti, `userId:${userB}`);
  expect(resolveCustomerRef(tutti, `anonymousId:${visitor}`)).toBe(a);
  expect(resolveCustomerRef(tutti, `email:${email}`)).toBe(b);
  expect(tutti.live.get(a)?.eventCount).toBeGreaterThan(0);
  expect(summarize(tutti.live.get(b)!, END).flags).toContain('open_complaint');
}

describe.each(DIALECTS)('tutti rebuild reproduces the live states on $name', ({ create }) => {
  let db: TestDatabase;
  let tutti: Tutti;
  let source: Source;
  let live: States;
  let logged: string[] = [];

  const open = (): Promise<Tutti> => {
    logged = [];
    return openTutti({ db: db.url, sqliteSync: 'NORMAL', snapshotIntervalMs: 3_600_000, log: (m) => logged.push(m) });
  };

  beforeAll(async () => {
    db = await create();
    tutti = await open();
  });
  afterAll(async () => {
    await tutti?.close();
    await db?.drop();
  });

  it('loads the demo company with open complaints, pending refunds and a history of late shipments', async () => {
    const result = await loadDemo(tutti, { customers: 300, seed: 7, end: END });
    expect(result.rejected).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.stored).toBe(result.events);
    expect(result.stored).toBeGreaterThan(1000);

    const counts = new Map<SummaryFlag, number>();
    for (const [, state] of tutti.live.entries()) for (const flag of summarize(state, END).flags) counts.set(flag, (counts.get(flag) ?? 0) + 1);
    expect(counts.get('open_complaint') ?? 0).toBeGreaterThan(0);
    expect(counts.get('pending_refund') ?? 0).toBeGreaterThan(0);
    // Late shipments: the generator's model leaves only ~0.2 shipments overdue-and-undelivered at
    // `end` for 300 customers (seed 7 has none, so no 'late_shipment' flag now). The year of
    // history does hold them: delay notices in the log, and open complaints logistics caused.
    const delayed = await tutti.store.db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('event', '=', 'Shipment Delayed').executeTakeFirstOrThrow();
    expect(Number(delayed.n)).toBeGreaterThan(0);
    const logisticsComplaints = [...tutti.live.entries()].filter(([, state]) => summarize(state, END).complaints.some((c) => c.causedBy === 'logistics'));
    expect(logisticsComplaints.length).toBeGreaterThan(0);

    // A snapshot now: the merges below land after the checkpoint.
    await tutti.snapshot();
    source = await addSource(tutti.store.db, tutti.ids, { name: 'test-shop', department: 'sales', now: tutti.clock.now() });
    tutti.sources.add(source);
    await postMerges(tutti, source, 'm1', 'u-5', 'u-8');
  });

  it('rebuilds exactly the states that live ingest built', async () => {
    live = capture(tutti);
    expect(live.size).toBeGreaterThan(150);
    const result = await tutti.rebuild();
    expect(result.customers).toBe(live.size);
    expect(result.events).toBeGreaterThan(1000);
    expectSameStates(capture(tutti), live);
  });

  it('brings back the same states after a restart (snapshot load)', async () => {
    await tutti.close();
    tutti = await open();
    expect(logged.filter((m) => m.startsWith('Recovered'))).toEqual([]);
    expectSameStates(capture(tutti), live);
  });

  it('brings back the same states after a crash that skipped the snapshot (recovery)', async () => {
    await postMerges(tutti, source, 'm2', 'u-11', 'u-12');
    // And an event for a customer no merge touched: replayed onto its snapshot state, not re-folded.
    await post(tutti, source, [{ type: 'track', messageId: 'm2-7', timestamp: new Date(END - HOUR).toISOString(), userId: 'u-13', event: 'Order Completed', properties: { order_id: 'O-m2-7', revenue: 19.5 } }]);
    const before = capture(tutti);
    expect(before.size).toBe(live.size);
    // Simulated crash: everything is committed, but no snapshot is written before the store closes.
    await tutti.pipeline.drain();
    await tutti.store.close();
    tutti = await open();
    expect(logged.find((m) => m.startsWith('Recovered')), logged.join('\n')).toMatch(/^Recovered [1-9]\d* events after the last snapshot \([1-9]\d* customers re-folded\)/);
    expectSameStates(capture(tutti), before);
    // And a rebuild after the recovery agrees as well.
    await tutti.rebuild();
    expectSameStates(capture(tutti), before);
  });
});
