/**
 * Orchestrated change end to end on the demo company, on both dialects: a campaign promising
 * next-day delivery and priority support that the demo's stock and roster cannot carry gets
 * blockers for logistics and service with their figures explained; launch is refused; after
 * explicit acceptance it goes ahead and the acceptance is recorded. Bad capability and
 * campaign data get errors naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/load-demo.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const HOUR = 3_600_000;
const tomorrowAt = (hour: number): string => {
  const d = new Date(Date.now() + 24 * HOUR);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** Next-day delivery and 90 % in 20 s support on coffee and kitchen, to a third of the customers ordering. */
const overpromising = () => ({
  name: 'Coffee Week Express',
  channel: 'email',
  audience: { segment: 'all' },
  schedule: [{ at: tomorrowAt(7), share: 1 }],
  products: { categories: ['coffee', 'kitchen'] },
  promises: [
    { type: 'delivery', withinDays: 1, text: 'Next-day delivery on every order' },
    { type: 'support', serviceLevel: 0.9, seconds: 20, text: 'Priority support: 90 % answered in 20 s' },
  ],
  expectedResponse: { rate: 0.3, strength: 500 },
});

describe.each(DIALECTS)('launch readiness on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  let campaignId = '';

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    await loadDemo(h.tutti, { customers: 2000, seed: 42, end: Math.floor(Date.now() / HOUR) * HOUR });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('ships the demo company with capabilities owned by logistics, service and billing', async () => {
    const caps = await h.call('GET', '/v1/capabilities');
    expect(caps.status).toBe(200);
    expect(caps.body.logistics.nodes.length).toBe(3);
    expect(caps.body.service.roster.length).toBe(7 * 48);
    expect(caps.body.billing.refundWithinDays).toBeGreaterThan(0);
    expect(caps.body.meta.logistics.updatedBy).toBe('demo');
  });

  it('finds blockers for logistics and service in an over-promising campaign, each explained', async () => {
    const created = await h.call('POST', '/v1/campaigns', overpromising());
    expect(created.status).toBe(201);
    campaignId = created.body.id;
    const res = await h.call('GET', `/v1/campaigns/${campaignId}/report`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.audience.matched).toBe(2000);
    expect(r.audience.effective).toBeLessThan(2000);
    expect(r.audience.suppressed).toBeGreaterThan(0);
    expect(r.demand.orders.p90.value).toBeGreaterThan(r.demand.orders.p50.value);
    expect(r.demand.orders.p50.formula).toContain('BetaBinomial');

    const departments = new Set(r.blockers.map((b: { department: string }) => b.department));
    expect(departments).toContain('logistics');
    expect(departments).toContain('service');
    for (const b of r.blockers) {
      expect(b.quantity).toBeGreaterThan(0);
      expect(b.formula.length).toBeGreaterThan(10);
      expect(b.mitigations.length).toBeGreaterThan(0);
      expect(b.message.length).toBeGreaterThan(20);
    }
    // Lyon needs two days from dispatch: next-day delivery cannot be kept there at all.
    const lyon = r.logistics.deliveryPromises.find((p: { node: string }) => p.node === 'lyon-dc');
    expect(lyon).toMatchObject({ withinDays: 1, standardLeadTimeDays: 2, missShareP50: 1 });
    expect(r.promises.find((p: { department: string }) => p.department === 'logistics').ok).toBe(false);
    expect(r.promises.find((p: { department: string }) => p.department === 'service').ok).toBe(false);
    expect(r.service.worst.length).toBeGreaterThan(0);
    expect(r.affectedDepartments).toEqual(expect.arrayContaining(['logistics', 'service']));
  });

  it('refuses the launch while blockers are open, then launches after explicit acceptance and records it', async () => {
    const refused = await h.call('POST', `/v1/campaigns/${campaignId}/launch`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('launch_blocked');
    const open: { id: string; department: string }[] = refused.body.error.details.open;
    expect(open.some((o) => o.department === 'logistics')).toBe(true);
    expect(open.some((o) => o.id === 'missing-signoff.service')).toBe(true);

    const logistics = await h.addUser('lou', 'logistics');
    expect((await h.call('POST', `/v1/campaigns/${campaignId}/signoffs`, { decision: 'approve', department: 'service' }, logistics)).status).toBe(403);
    expect((await h.call('POST', `/v1/campaigns/${campaignId}/signoffs`, { decision: 'block', note: 'No next-day capacity in Lyon' }, logistics)).status).toBe(200);
    expect((await h.call('POST', `/v1/campaigns/${campaignId}/signoffs`, { decision: 'approve', department: 'service', note: 'We will add weekend staff' })).status).toBe(200);

    // Accepting only some of the open items is not enough.
    const again = await h.call('POST', `/v1/campaigns/${campaignId}/launch`, {});
    const items: { id: string }[] = again.body.error.details.open;
    expect(items.some((o) => o.id === 'signoff.logistics')).toBe(true);
    const partial = await h.call('POST', `/v1/campaigns/${campaignId}/launch`, { acceptances: [{ blocker: items[0]!.id, name: 'Mara (CMO)', reason: 'Board deadline' }] });
    expect(partial.status).toBe(409);

    const acceptances = items.map((o) => ({ blocker: o.id, name: 'Mara (CMO)', reason: 'Board deadline; customers told of a 2-day delivery fallback' }));
    const launched = await h.call('POST', `/v1/campaigns/${campaignId}/launch`, { acceptances });
    expect(launched.status).toBe(200);
    expect(launched.body.campaign.status).toBe('launched');
    const stored = await h.call('GET', `/v1/campaigns/${campaignId}`);
    expect(stored.body.acceptances).toHaveLength(items.length);
    expect(stored.body.acceptances[0]).toMatchObject({ name: 'Mara (CMO)', reason: expect.stringContaining('Board deadline') });
    expect(stored.body.launchedBy).toBe('test-admin');
    expect((await h.call('POST', `/v1/campaigns/${campaignId}/launch`, {})).body.error.code).toBe('campaign_launched');

    const tracking = await h.call('GET', `/v1/campaigns/${campaignId}/tracking`);
    expect(tracking.status).toBe(200);
    expect(Object.keys(tracking.body.departments)).toEqual(expect.arrayContaining(['marketing', 'service', 'logistics']));
    expect(tracking.body.departments.marketing.days.some((d: { forecastP50: number }) => d.forecastP50 > 0)).toBe(true);
  });

  it('refuses bad capability data naming the field, and keeps the old document', async () => {
    const caps = (await h.call('GET', '/v1/capabilities')).body;
    const negative = structuredClone(caps.logistics);
    negative.stock[0].onHand = -5;
    const refused = await h.call('PUT', '/v1/capabilities/logistics', negative);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_capability');
    expect(refused.body.error.message).toContain('logistics.stock[0].onHand');
    expect((await h.call('GET', '/v1/capabilities')).body.logistics.stock[0].onHand).toBe(caps.logistics.stock[0].onHand);

    const zeroAht = structuredClone(caps.service);
    zeroAht.handlingTimeSeconds.delivery = 0;
    const aht = await h.call('PUT', '/v1/capabilities/service', zeroAht);
    expect(aht.body.error.message).toContain('service.handlingTimeSeconds.delivery');
    const sales = await h.addUser('sal', 'sales');
    expect((await h.call('PUT', '/v1/capabilities/service', caps.service, sales)).status).toBe(403);
  });

  it('refuses bad campaigns naming the field', async () => {
    const nobody = await h.call('POST', '/v1/campaigns', { ...overpromising(), audience: { segment: 'orders > 100000' } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error).toMatchObject({ code: 'invalid_campaign' });
    expect(nobody.body.error.message).toContain('campaign.audience.segment');
    const past = await h.call('POST', '/v1/campaigns', { ...overpromising(), schedule: [{ at: '2020-01-01T08:00:00Z', share: 1 }] });
    expect(past.body.error.message).toContain('campaign.schedule[0].at');
    const sku = await h.call('POST', '/v1/campaigns', { ...overpromising(), products: { skus: ['NOPE-1'] } });
    expect(sku.body.error.message).toContain('campaign.products.skus[0]');
    const shape = await h.call('POST', '/v1/campaigns', { ...overpromising(), promises: [{ type: 'delivery', withinDays: -1 }] });
    expect(shape.body.error.message).toContain('campaign.promises[0].withinDays');
  });

  it('passes a modest campaign that promises what the departments plan for', async () => {
    // The best-stocked SKU, everywhere: a small audience cannot exhaust it.
    const caps = (await h.call('GET', '/v1/capabilities')).body;
    const bySku = new Map<string, number>();
    for (const s of caps.logistics.stock) bySku.set(s.sku, Math.min(bySku.get(s.sku) ?? Infinity, s.onHand));
    const sku = [...bySku.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const modest = await h.call('POST', '/v1/campaigns', {
      name: 'Linen refresh', channel: 'email', audience: { segment: 'orders >= 3' }, schedule: [{ at: tomorrowAt(8), share: 0.5 }, { at: new Date(Date.parse(tomorrowAt(8)) + 3 * 24 * HOUR).toISOString(), share: 0.5 }],
      products: { skus: [sku] }, promises: [{ type: 'delivery', withinDays: 5 }],
    });
    expect(modest.status).toBe(201);
    const r = (await h.call('GET', `/v1/campaigns/${modest.body.id}/report`)).body;
    expect(r.blockers.filter((b: { department: string }) => b.department === 'logistics')).toEqual([]);
    expect(r.promises[0]).toMatchObject({ department: 'logistics', ok: true });
    expect(r.demand.prior.campaigns).toBe(8);
  });
});
