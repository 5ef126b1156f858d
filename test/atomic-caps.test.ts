/**
 * Atomic caps: N concurrent committing decisions for one customer under a cap of one yield
 * exactly one send — in one process on SQLite, and from two server processes sharing one
 * PostgreSQL database. A released reservation gives its place back to either process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, postgresDatabase, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';
import { freePort, type ServerProcess, startServer, stopServer, tuttiCli } from './support/processes.js';

const CONCURRENT = 40;
const ROUNDS = 5;

function daytime(): string {
  const d = new Date(Date.now() + 24 * 3_600_000);
  d.setUTCHours(11, 0, 0, 0);
  return d.toISOString();
}

/** The promotional-daily cap of the default policy allows one sales-or-marketing contact a day. */
const commitBody = (userId: string, i: number) => ({
  customer: { userId }, department: i % 2 === 0 ? 'marketing' : 'sales', channel: 'email', purpose: i % 2 === 0 ? 'marketing' : 'sales',
  message: { id: `offer-${i}` }, at: daytime(), commit: true,
});

async function decide(url: string, token: string, body: unknown): Promise<{ decision: string; reservationId?: string; reasons: { code: string }[] }> {
  const res = await fetch(`${url}/v1/decide`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`decide answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<{ decision: string; reservationId?: string; reasons: { code: string }[] }>;
}

describe.each(DIALECTS)('atomic caps in one process on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    const shop = await h.addSource('shop', 'sales');
    await h.post('/v1/batch', { batch: Array.from({ length: ROUNDS }, (_, r) => ({ type: 'identify', userId: `u-cap-${r}`, messageId: `cap-${r}` })) }, { writeKey: shop });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it(`${CONCURRENT} concurrent committing decisions under a cap of one yield exactly one send`, async () => {
    for (let r = 0; r < ROUNDS; r++) {
      const answers = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => decide(h.url, h.adminToken, commitBody(`u-cap-${r}`, i))));
      const sends = answers.filter((a) => a.decision === 'send');
      expect(sends).toHaveLength(1);
      expect(answers.filter((a) => a.reasons.some((x) => x.code === 'cap.exceeded'))).toHaveLength(CONCURRENT - 1);
    }
    const reservations = await h.tutti.store.db.selectFrom('contact_reservations').select('id').execute();
    expect(reservations).toHaveLength(ROUNDS);
  });
});

describe.skipIf(process.env.TUTTI_TEST_SKIP_PG === '1')('atomic caps across two server processes sharing PostgreSQL', () => {
  let db: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let token: string;

  beforeAll(async () => {
    db = await postgresDatabase();
    token = (await tuttiCli(['users', 'add', 'capper', '--role', 'admin', '--db', db.url])).stdout.trim();
    const writeKey = (await tuttiCli(['sources', 'add', 'shop', '--department', 'sales', '--db', db.url])).stdout.trim();
    a = await startServer(db.url, await freePort());
    const ack = await fetch(`${a.url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: Array.from({ length: ROUNDS }, (_, r) => ({ type: 'identify', userId: `u-two-${r}`, messageId: `two-${r}` })) }),
    });
    expect(ack.status).toBe(200);
    // B starts after the customers exist, so both processes know them.
    b = await startServer(db.url, await freePort());
  });
  afterAll(async () => {
    if (a) await stopServer(a);
    if (b) await stopServer(b);
    await db.drop();
  });

  it(`${CONCURRENT} concurrent committing decisions split over two processes yield exactly one send`, async () => {
    for (let r = 0; r < ROUNDS; r++) {
      const answers = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => decide(i % 2 === 0 ? a.url : b.url, token, commitBody(`u-two-${r}`, i))));
      expect(answers.filter((x) => x.decision === 'send')).toHaveLength(1);
    }
  });

  it('a reservation released through one process frees the place for the other', async () => {
    const first = await decide(a.url, token, commitBody('u-two-0', 100));
    expect(first.decision).toBe('suppress');
    const sent = (await fetch(`${a.url}/v1/customers/userId:u-two-0/decisions?limit=200`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as { decisions: { decision: string; reservationId?: string }[] };
    const reservationId = sent.decisions.find((d) => d.reservationId !== undefined)?.reservationId;
    expect(reservationId).toBeDefined();
    const released = await fetch(`${b.url}/v1/reservations/${reservationId}/release`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(released.status).toBe(200);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => decide(i % 2 === 0 ? a.url : b.url, token, commitBody('u-two-0', 200 + i))));
    expect(answers.filter((x) => x.decision === 'send')).toHaveLength(1);
  });
});
