/**
 * kill -9 during sustained ingest, again and again: every acknowledged event must be in the
 * log afterwards exactly once, and the recovered live states must equal a rebuild from the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { freePort, startServer, stopServer, tuttiCli } from './support/processes.js';

const KILLS = 22;

interface Batch {
  id: number;
  messages: Array<Record<string, unknown>>;
}

function makeBatch(id: number): Batch {
  const messages: Array<Record<string, unknown>> = [];
  for (let i = 0; i < 40; i++) {
    const customer = (id * 7 + i) % 60;
    const messageId = `crash-${id}-${i}`;
    if (i % 10 === 0) {
      // Identify links a cookie to a user: merges happen while the server is being killed.
      messages.push({ type: 'identify', messageId, userId: `u-${customer}`, anonymousId: `anon-${(customer * 13 + id) % 90}`, traits: { email: `c${customer}@example.org` } });
    } else if (i % 7 === 0) {
      messages.push({ type: 'track', messageId, anonymousId: `anon-${(customer + id) % 90}`, event: 'Ticket Opened', properties: { ticket_id: `T-${id}-${i}`, complaint: i % 2 === 0 } });
    } else {
      messages.push({ type: 'track', messageId, userId: `u-${customer}`, event: 'Order Completed', properties: { order_id: `O-${id}-${i}`, revenue: i } });
    }
  }
  return { id, messages };
}

describe.each(DIALECTS)('crash safety (kill -9 during ingest) on $name', ({ create }) => {
  let db: TestDatabase;
  let writeKey: string;

  beforeAll(async () => {
    db = await create();
    writeKey = (await tuttiCli(['sources', 'add', 'shop', '--department', 'sales', '--db', db.url])).stdout.trim();
  });
  afterAll(async () => db.drop());

  it(`loses no acknowledged event and duplicates none across ${KILLS} kills`, async () => {
    const acked = new Set<string>();
    let nextBatch = 0;
    const unacked: Batch[] = [];
    const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

    for (let round = 0; round < KILLS; round++) {
      const port = await freePort();
      // Snapshots every 50 ms in slices of 7 states: kills land mid-snapshot too.
      const server = await startServer(db.url, port, { TUTTI_SNAPSHOT_INTERVAL_MS: '50', TUTTI_SNAPSHOT_SLICE: '7' });
      let killed = false;
      // Four clients send continuously; batches that were not acknowledged are retried next round.
      const client = async (): Promise<void> => {
        while (!killed) {
          const batch = unacked.shift() ?? makeBatch(nextBatch++);
          try {
            const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ batch: batch.messages }) });
            if (res.status !== 200) throw new Error(`status ${res.status}`);
            const body = (await res.json()) as { stored: number; duplicates: number; errors: unknown[] };
            expect(body.errors).toEqual([]);
            for (const m of batch.messages) acked.add(m.messageId as string);
          } catch {
            unacked.push(batch);
          }
        }
      };
      const clients = Array.from({ length: 4 }, client);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 600));
      await stopServer(server, 'SIGKILL');
      killed = true;
      await Promise.all(clients);
    }

    // One last clean run: recovery happens on start, then a graceful stop writes a snapshot.
    const server = await startServer(db.url, await freePort());
    await stopServer(server, 'SIGTERM');

    const store = await openStore(db.url);
    try {
      const rows = await store.db.selectFrom('events').select('message_id').execute();
      const stored = rows.map((r) => r.message_id);
      expect(new Set(stored).size).toBe(stored.length); // none twice
      const missing = [...acked].filter((id) => !stored.includes(id));
      expect(missing).toEqual([]); // every acknowledged event is there
      expect(acked.size).toBeGreaterThan(KILLS * 40);
      const before = await store.db.selectFrom('customer_states').selectAll().orderBy('customer_id').execute();
      await store.close();

      await tuttiCli(['rebuild', '--db', db.url]);
      const after = await openStore(db.url);
      const rebuilt = await after.db.selectFrom('customer_states').selectAll().orderBy('customer_id').execute();
      await after.close();
      expect(rebuilt.length).toBe(before.length);
      expect(rebuilt.map((r) => JSON.parse(r.state))).toEqual(before.map((r) => JSON.parse(r.state)));
    } finally {
      await store.close().catch(() => undefined);
    }
  }, 300_000);
});
