/**
 * The promise ledger end to end on a moving clock, on both dialects: a promise kept by its
 * proving event, one broken by the clock (written to the timeline, counted in the customer's
 * state and contact decisions, a recovery work item opened), renegotiated and cancelled ones,
 * metrics, and a restart that keeps the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTutti } from '../src/app/tutti.js';
import { ManualClock } from '../src/core/clock.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-30T09:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

describe.each(DIALECTS)('the promise ledger on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  let warehouse: string;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db, { clock });
    const shop = await h.addSource('shop', 'sales');
    warehouse = await h.addSource('warehouse', 'logistics');
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-p1', messageId: 'p1', traits: { email: 'p1@example.org' }, timestamp: iso(START - HOUR) },
      { type: 'track', userId: 'u-p1', event: 'Order Completed', messageId: 'p1-o', properties: { order_id: 'O-P1', revenue: 40 }, timestamp: iso(START - HOUR) },
      { type: 'identify', userId: 'u-p2', messageId: 'p2', traits: { email: 'p2@example.org' }, timestamp: iso(START - HOUR) },
    ] }, { writeKey: shop });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('keeps a promise when its proving event arrives before due', async () => {
    const made = await h.call('POST', '/v1/promises', { customer: 'userId:u-p1', type: 'delivery', department: 'logistics', dueAt: iso(START + 48 * HOUR), keptBy: { event: 'Shipment Delivered', order_id: 'O-P1' } });
    expect(made.status).toBe(201);
    expect(made.body.status).toBe('open');
    clock.set(START + 24 * HOUR);
    await h.post('/v1/track', { userId: 'u-p1', event: 'Shipment Delivered', messageId: 'p1-d', properties: { shipment_id: 'S-P1', order_id: 'O-P1' }, timestamp: iso(START + 24 * HOUR) }, { writeKey: warehouse });
    const after = await h.get(`/v1/promises/${made.body.id}`);
    expect(after.body.status).toBe('kept');
    const timeline = (await h.get('/v1/customers/userId:u-p1/timeline')).body.events.map((e: { event: string }) => e.event);
    expect(timeline).toContain('Promise Made');
  });

  it('breaks a promise on the clock: on the timeline, in the state, in the next decision, with a recovery work item', async () => {
    clock.set(START);
    const made = await h.call('POST', '/v1/promises', { customer: 'email:p2@example.org', type: 'callback', department: 'service', dueAt: iso(START + 2 * HOUR), graceMinutes: 30 });
    expect(made.status).toBe(201);
    clock.set(START + 2 * HOUR + 20 * 60_000);
    expect(await h.tutti.promises.tick(clock.now())).toHaveLength(0); // still within grace
    clock.set(START + 3 * HOUR);
    const broken = await h.tutti.promises.tick(clock.now());
    expect(broken.map((p) => p.id)).toEqual([made.body.id]);
    expect((await h.get(`/v1/promises/${made.body.id}`)).body.status).toBe('broken');

    const timeline = (await h.get('/v1/customers/email:p2@example.org/timeline')).body.events.map((e: { event: string }) => e.event);
    expect(timeline).toContain('Promise Broken');
    const profile = (await h.get('/v1/customers/email:p2@example.org')).body;
    expect(JSON.stringify(profile.state)).toMatch(/broken/);
    const decision = await h.call('POST', '/v1/decide', { customer: { email: 'p2@example.org' }, department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'x' }, at: iso(START + 4 * HOUR) });
    expect(decision.body.reasons.map((r: { code: string }) => r.code)).toContain('suppression.promise_broken_recently');

    const requests = (await h.get('/v1/requests')).body.requests as { id: string; intents: string[] }[];
    const recovery = requests.find((r) => r.intents.includes('promise_recovery'));
    expect(recovery).toBeDefined();
    const staff = (await h.get(`/v1/requests/${recovery!.id}`)).body;
    expect(staff.workItems[0].clause).toContain(made.body.id);
    expect(staff.workItems[0].department).toBe('service');
  });

  it('renegotiates and cancels, and reports kept and strict rates', async () => {
    clock.set(START + 5 * HOUR);
    const a = await h.call('POST', '/v1/promises', { customer: 'userId:u-p1', type: 'refund', department: 'billing', dueAt: iso(START + 30 * HOUR) });
    const b = await h.call('POST', '/v1/promises', { customer: 'userId:u-p1', type: 'visit', department: 'logistics', dueAt: iso(START + 30 * HOUR) });
    const re = await h.call('POST', `/v1/promises/${a.body.id}/renegotiate`, { newDueAt: iso(START + 60 * HOUR) });
    expect(re.body.status).toBe('renegotiated');
    expect(re.body.renegotiatedTo).toBeDefined();
    expect((await h.call('POST', `/v1/promises/${b.body.id}/cancel`, {})).body.status).toBe('cancelled');
    const open = await h.get('/v1/promises?status=open');
    expect(open.body.promises.map((p: { id: string }) => p.id)).toContain(re.body.renegotiatedTo);

    const metrics = (await h.get(`/v1/promises/metrics?from=${iso(START - 24 * HOUR)}&to=${iso(START + 90 * HOUR)}`)).body;
    expect(metrics.rates).toBeDefined();
    expect(JSON.stringify(metrics.forwardLoad)).toContain('billing');
  });

  it('keeps the ledger across a restart', async () => {
    const before = h.tutti.promises.list({ limit: 1000 }).items.map((p) => `${p.id}:${p.status}`).sort();
    await h.close();
    const reopened = await openTutti({ db: db.url, clock, sqliteSync: 'NORMAL' });
    try {
      expect(reopened.promises.list({ limit: 1000 }).items.map((p) => `${p.id}:${p.status}`).sort()).toEqual(before);
    } finally {
      await reopened.close();
      h = { close: async () => undefined } as unknown as Harness;
    }
  });
});
