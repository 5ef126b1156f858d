import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents } from '../src/store/event-log.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe.each(DIALECTS)('Segment ingest API on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  let serviceKey: string;
  let marketingKey: string;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    serviceKey = await h.addSource('helpdesk', 'service');
    marketingKey = await h.addSource('email-tool', 'marketing');
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('stores the same messageId from one source once', async () => {
    const msg = { type: 'track', event: 'Ticket Opened', userId: 'dedupe-1', messageId: 'm-dup-1', properties: { ticket_id: 'T-1' } };
    const first = await h.post('/v1/batch', { batch: [msg] }, { writeKey: serviceKey });
    const second = await h.post('/v1/batch', { batch: [msg, msg] }, { writeKey: serviceKey });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, stored: 1, duplicates: 0 });
    expect(second.body).toMatchObject({ success: true, stored: 0, duplicates: 2 });
    const rows = await h.tutti.store.db.selectFrom('events').select('seq').where('message_id', '=', 'm-dup-1').execute();
    expect(rows).toHaveLength(1);
    // The same messageId from another source is another event.
    const other = await h.post('/v1/track', { ...msg, event: 'Email Delivered', properties: {} }, { writeKey: marketingKey });
    expect(other.body).toMatchObject({ stored: 1 });
  });

  it('keeps the valid events of a mixed batch and names the invalid ones by index', async () => {
    const batch = [
      { type: 'track', event: 'Order Completed', userId: 'mix-1', messageId: 'mix-a', properties: { order_id: 'O-mix-1', revenue: 20 } },
      { type: 'track', event: 'Order Completed', userId: 'mix-1', messageId: 'mix-b', properties: { revenue: 'lots' } },
      { type: 'bogus', userId: 'mix-1', messageId: 'mix-c' },
      { type: 'track', event: 'Something Custom', userId: 'mix-1', messageId: 'mix-d', properties: { anything: [1, 2] } },
      'not an object',
      { type: 'track', event: 'Page Thing', messageId: 'mix-f' },
    ];
    const res = await h.post('/v1/batch', { batch }, { writeKey: serviceKey });
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(false);
    expect(res.body.stored).toBe(2);
    expect(res.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 2, 4, 5]);
    expect(res.body.errors[0]).toMatchObject({ messageId: 'mix-b', code: 'invalid_event' });
    expect(res.body.errors[0].message).toMatch(/order_id/);
    const profile = await h.get('/v1/customers/userId:mix-1/timeline');
    expect(profile.body.events.map((e: { messageId: string }) => e.messageId).sort()).toEqual(['mix-a', 'mix-d']);
  });

  it('accepts a gzip body without Content-Type, and writeKey in the body', async () => {
    const body = { writeKey: serviceKey, batch: [{ type: 'identify', userId: 'gz-1', messageId: 'gz-1', traits: { email: 'gz@example.org' } }] };
    const res = await h.post('/v1/batch', null, { raw: JSON.stringify(body), gzip: true, contentType: null });
    expect(res.status).toBe(200);
    expect(res.body.stored).toBe(1);
    const found = await h.get('/v1/customers/email:GZ@example.org');
    expect(found.status).toBe(200);
  });

  it('answers oversize requests with 400 and a coded error', async () => {
    const big = 'x'.repeat(600 * 1024);
    const body = await h.post('/v1/batch', { batch: [{ type: 'track', event: 'Big', userId: 'b', properties: { big } }] }, { writeKey: serviceKey });
    expect(body.status).toBe(400);
    expect(body.body.error.code).toBe('body_too_large');

    const event = await h.post('/v1/track', { event: 'Big', userId: 'b', messageId: 'big-1', properties: { big: 'y'.repeat(40 * 1024) } }, { writeKey: serviceKey });
    expect(event.status).toBe(400);
    expect(event.body.error.code).toBe('event_too_large');

    const many = Array.from({ length: 2501 }, (_, i) => ({ type: 'track', event: 'E', userId: 'u', messageId: `many-${i}` }));
    const batch = await h.post('/v1/batch', { batch: many }, { writeKey: serviceKey });
    expect(batch.status).toBe(400);
    expect(batch.body.error.code).toBe('batch_too_large');

    // A gzip bomb is measured after decompression.
    const bomb = JSON.stringify({ batch: [{ type: 'track', event: 'E', userId: 'u', properties: { z: '0'.repeat(2_000_000) } }] });
    expect(gzipSync(bomb).length).toBeLessThan(10_000);
    const inflated = await h.post('/v1/batch', null, { raw: bomb, writeKey: serviceKey, contentType: null, gzip: true });
    expect(inflated.status).toBe(400);
    expect(inflated.body.error.code).toBe('body_too_large');
  });

  it('rejects bad credentials, broken JSON and broken gzip with coded errors', async () => {
    const msg = { type: 'track', event: 'E', userId: 'u' };
    expect((await h.post('/v1/batch', { batch: [msg] })).body.error.code).toBe('unauthorized');
    expect((await h.post('/v1/batch', { batch: [msg] }, { writeKey: 'wk_nope' })).status).toBe(401);
    const broken = await h.post('/v1/batch', null, { raw: '{"batch": [', writeKey: serviceKey });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_json');
    const res = await fetch(`${h.url}/v1/batch`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', authorization: `Basic ${Buffer.from(`${serviceKey}:`).toString('base64')}` },
      body: Buffer.from('definitely not gzip'),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_gzip');
  });

  it('corrects client clock skew with sentAt', async () => {
    const received = Date.now();
    // The client clock runs one hour fast: it says it sent at +1h, and the event happened 10 s before sending.
    const skew = 3_600_000;
    const res = await h.post(
      '/v1/batch',
      { sentAt: iso(received + skew), batch: [{ type: 'track', event: 'Skewed', userId: 'skew-1', messageId: 'skew-1', timestamp: iso(received + skew - 10_000) }] },
      { writeKey: serviceKey },
    );
    expect(res.body.stored).toBe(1);
    const row = await h.tutti.store.db.selectFrom('events').select(['ts', 'received_at']).where('message_id', '=', 'skew-1').executeTakeFirstOrThrow();
    expect(row.received_at - row.ts).toBeGreaterThanOrEqual(10_000);
    expect(row.received_at - row.ts).toBeLessThan(15_000);
  });

  it('answers 429 with Retry-After when the commit queue is full', async () => {
    const pipeline = h.tutti.pipeline as unknown as { options: { maxQueuedEvents: number } };
    const saved = pipeline.options.maxQueuedEvents;
    pipeline.options.maxQueuedEvents = 1;
    try {
      const res = await h.post('/v1/batch', { batch: [{ type: 'track', event: 'E', userId: 'bp' }, { type: 'track', event: 'E', userId: 'bp' }] }, { writeKey: serviceKey });
      expect(res.status).toBe(429);
      expect(res.body.error.code).toBe('overloaded');
      expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      pipeline.options.maxQueuedEvents = saved;
    }
  });

  it('keeps unknown events on the timeline without touching state, and every event is counted', async () => {
    const before = await countEvents(h.tutti.store.db);
    const res = await h.post('/v1/track', { event: 'Loyalty Badge Earned', userId: 'unk-1', messageId: 'unk-1', properties: { badge: 'gold' } }, { writeKey: marketingKey });
    expect(res.body.stored).toBe(1);
    expect(await countEvents(h.tutti.store.db)).toBe(before + 1);
    const timeline = await h.get('/v1/customers/userId:unk-1/timeline');
    expect(timeline.body.events[0]).toMatchObject({ event: 'Loyalty Badge Earned', department: 'marketing', source: 'email-tool', properties: { badge: 'gold' } });
  });

  it('serves OpenAPI 3.1', async () => {
    const res = await fetch(`${h.url}/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/batch', '/v1/track', '/v1/customers/{ref}', '/v1/customers/{ref}/timeline']));
  });
});
