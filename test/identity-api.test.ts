/** Identity resolution end to end: merges through ingest, manual merge, unmerge, guard-rails. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

describe.each(DIALECTS)('identity resolution on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  let shop: string;
  let helpdesk: string;
  let warehouse: string;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    shop = await h.addSource('web-shop', 'sales');
    helpdesk = await h.addSource('helpdesk', 'service');
    warehouse = await h.addSource('warehouse', 'logistics');
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('links department ids (email, order id) to one customer and merges an anonymous visitor', async () => {
    await h.post('/v1/batch', { batch: [{ type: 'page', anonymousId: 'cookie-1', messageId: 'm1-page', name: 'Home' }] }, { writeKey: shop });
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-1', anonymousId: 'cookie-1', messageId: 'm1-id', traits: { email: 'Bea@Example.org', crm_id: 'CRM-9' } },
      { type: 'track', userId: 'u-1', event: 'Order Completed', messageId: 'm1-order', properties: { order_id: 'O-1', revenue: 50 } },
    ] }, { writeKey: shop });
    await h.post('/v1/track', { event: 'Shipment Dispatched', messageId: 'm1-ship', properties: { shipment_id: 'S-1', order_id: 'O-1', eta: new Date(Date.now() - 86_400_000).toISOString() } }, { writeKey: warehouse });
    await h.post('/v1/track', { event: 'Ticket Opened', messageId: 'm1-ticket', context: { traits: { email: 'bea@example.org' } }, properties: { ticket_id: 'T-1', subject: 'Where is my parcel?' } }, { writeKey: helpdesk });

    const ids = ['userId:u-1', 'anonymousId:cookie-1', 'email:bea@example.org', 'order:O-1', 'crm:CRM-9', 'ticket:T-1'];
    const found = await Promise.all(ids.map((ref) => h.get(`/v1/customers/${encodeURIComponent(ref)}`)));
    expect(new Set(found.map((f) => f.body.id)).size).toBe(1);
    const profile = found[0]!.body;
    expect(profile.merges.length).toBeGreaterThanOrEqual(0);
    expect(profile.state.flags).toEqual(expect.arrayContaining(['late_shipment']));
    const timeline = await h.get(`/v1/customers/userId:u-1/timeline`);
    expect(new Set(timeline.body.events.map((e: { department: string }) => e.department))).toEqual(new Set(['sales', 'logistics', 'service']));
  });

  it('never links anyone through junk identifiers', async () => {
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-junk-a', messageId: 'j1', traits: { email: 'test@test.com', phone: '0000000000' } },
      { type: 'identify', userId: 'u-junk-b', messageId: 'j2', traits: { email: 'test@test.com', phone: '0000000000' } },
      { type: 'track', userId: 'null', event: 'Page Thing', messageId: 'j3' },
      { type: 'track', userId: 'undefined', anonymousId: 'anonymous', event: 'Page Thing', messageId: 'j4' },
    ] }, { writeKey: shop });
    const a = await h.get('/v1/customers/userId:u-junk-a');
    const b = await h.get('/v1/customers/userId:u-junk-b');
    expect(a.body.id).not.toBe(b.body.id);
    expect((await h.get('/v1/customers/email:test@test.com')).status).toBe(404);
    expect((await h.get('/v1/customers/userId:null')).status).toBe(404);
  });

  it('reports two different userIds from one source as a conflict instead of merging', async () => {
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-twin-1', messageId: 't1', traits: { email: 'twin1@example.org' } },
      { type: 'identify', userId: 'u-twin-2', messageId: 't2', traits: { email: 'twin2@example.org' } },
      // The same shared family address shows up on both accounts.
      { type: 'identify', userId: 'u-twin-2', messageId: 't3', traits: { email: 'twin1@example.org' } },
    ] }, { writeKey: shop });
    const one = await h.get('/v1/customers/userId:u-twin-1');
    const two = await h.get('/v1/customers/userId:u-twin-2');
    expect(one.body.id).not.toBe(two.body.id);
    expect(two.body.conflicts.length + one.body.conflicts.length).toBeGreaterThan(0);
  });

  it('merges by hand, undoes the merge, and refuses to merge again automatically', async () => {
    await h.post('/v1/batch', { batch: [
      { type: 'track', userId: 'u-m1', event: 'Order Completed', messageId: 'mm1', properties: { order_id: 'O-m1', revenue: 10 } },
    ] }, { writeKey: shop });
    await h.post('/v1/batch', { batch: [
      { type: 'track', context: { traits: { email: 'merge-me@example.org' } }, event: 'Ticket Opened', messageId: 'mm2', properties: { ticket_id: 'T-m2', complaint: true } },
    ] }, { writeKey: helpdesk });
    const a = (await h.get('/v1/customers/userId:u-m1')).body;
    const b = (await h.get('/v1/customers/email:merge-me@example.org')).body;
    expect(a.id).not.toBe(b.id);

    // Only admins may merge.
    const { token: clerk } = await (await import('../src/store/users-repo.js')).addUser(h.tutti.store.db, h.tutti.ids, { name: 'clerk', role: 'billing', now: Date.now() });
    const denied = await fetch(`${h.url}/v1/customers/userId:u-m1/merge`, { method: 'POST', headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' }, body: JSON.stringify({ from: 'email:merge-me@example.org', reason: 'same person' }) });
    expect(denied.status).toBe(403);

    const merged = await fetch(`${h.url}/v1/customers/userId:u-m1/merge`, { method: 'POST', headers: { authorization: `Bearer ${h.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ from: 'email:merge-me@example.org', reason: 'customer called: same person' }) });
    expect(merged.status).toBe(200);
    const merge = (await merged.json()) as { id: string; actor: string };
    expect(merge.actor).toBe('test-admin');
    const after = (await h.get('/v1/customers/email:merge-me@example.org')).body;
    expect(after.id).toBe((await h.get('/v1/customers/userId:u-m1')).body.id);
    expect(after.state.orders.count).toBe(1);
    expect(after.state.flags).toContain('open_complaint');
    expect(after.merges.map((m: { id: string }) => m.id)).toContain(merge.id);

    const undone = await fetch(`${h.url}/v1/merges/${merge.id}/undo`, { method: 'POST', headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(undone.status).toBe(200);
    const a2 = (await h.get('/v1/customers/userId:u-m1')).body;
    const b2 = (await h.get('/v1/customers/email:merge-me@example.org')).body;
    expect(a2.id).not.toBe(b2.id);
    expect(a2.state.flags).not.toContain('open_complaint');
    expect(b2.state.flags).toContain('open_complaint');
    expect(b2.state.orders.count).toBe(0);
    // The audit keeps the undone merge.
    expect(a2.merges.find((m: { id: string }) => m.id === merge.id)?.undoneBy).toBe('test-admin');

    // An event that carries both identities no longer merges them: it is reported instead.
    await h.post('/v1/track', { userId: 'u-m1', event: 'Contact Made', messageId: 'mm3', context: { traits: { email: 'merge-me@example.org' } }, properties: { channel: 'phone' } }, { writeKey: shop });
    const a3 = (await h.get('/v1/customers/userId:u-m1')).body;
    const b3 = (await h.get('/v1/customers/email:merge-me@example.org')).body;
    expect(a3.id).not.toBe(b3.id);

    const again = await fetch(`${h.url}/v1/merges/${merge.id}/undo`, { method: 'POST', headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(again.status).toBe(404);
  });

  it('answers unknown and malformed refs with coded errors', async () => {
    expect((await h.get('/v1/customers/email:nobody@example.org')).body.error.code).toBe('customer_not_found');
    expect((await h.get('/v1/customers/%20')).body.error.code).toBe('invalid_ref');
    expect((await fetch(`${h.url}/v1/customers/userId:u-1`)).status).toBe(401);
    expect((await h.get('/v1/customers/userId:u-1', 'tt_wrong')).status).toBe(401);
  });
});
