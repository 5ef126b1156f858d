/**
 * The relationship scorecard over HTTP on the demo company, on both dialects: a customer with
 * an open complaint has the trigger and parts that add up as documented; the department
 * scorecard shows what marketing won and the complaints service handled; the wall map has a
 * marketing × service cell whose drill-down leads to real customers and real log entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../src/demo/load-demo.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DIALECTS)('relationship scorecard on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  const end = Math.floor(Date.now() / HOUR) * HOUR;
  const year = `from=${new Date(end - 365 * DAY).toISOString()}&to=${new Date(end + HOUR).toISOString()}`;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    await loadDemo(h.tutti, { customers: 2000, seed: 42, end });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('explains the health of a customer with an open complaint: the trigger, and parts that add up', async () => {
    const [id] = [...h.tutti.live.entries()].find(([, s]) => (s.complaints?.length ?? 0) > 0) ?? [];
    expect(id).toBeDefined();
    const res = await h.call('GET', `/v1/customers/${id}/health`);
    expect(res.status).toBe(200);
    const body = res.body;
    expect(body.customerId).toBe(id);
    expect(body.triggers.map((t: { code: string }) => t.code)).toContain('open_complaint');
    expect(['at_risk', 'critical']).toContain(body.band);
    expect(body.parts.map((p: { measure: string }) => p.measure)).toEqual(['promise_reliability', 'support_experience', 'sentiment', 'value_usage', 'contact_pressure']);
    // score = Σ weight × part score / Σ weight (one decimal); contributions add up to it within 0.1.
    const parts = body.parts as { score: number; weight: number; contribution: number; explanation: string }[];
    const sw = parts.reduce((a, p) => a + p.weight, 0);
    expect(body.score).toBe(Math.round((parts.reduce((a, p) => a + p.weight * p.score, 0) / sw) * 10) / 10);
    expect(Math.abs(parts.reduce((a, p) => a + p.contribution, 0) - body.score)).toBeLessThan(0.1);
    for (const p of parts) expect(p.explanation.length).toBeGreaterThan(10);
    expect(body.trend.days).toBe(30);
    expect(['up', 'down', 'flat', 'unknown']).toContain(body.trend.direction);
    expect(body.weightsVersion).toBe('default-1');

    const email = h.tutti.identity().identifiersOf(id!).find((i) => i.type === 'email');
    const byEmail = await h.call('GET', `/v1/customers/${encodeURIComponent(`email:${email!.value}`)}/health`);
    expect(byEmail.body.customerId).toBe(id);
    expect((await h.call('GET', '/v1/customers/email:nobody@example.org/health')).status).toBe(404);
    expect((await h.call('GET', `/v1/customers/${id}/health`, undefined, 'not-a-token')).status).toBe(401);
  });

  it('puts what marketing won next to what the relationship paid, per department and campaign', async () => {
    const res = await h.call('GET', `/v1/scorecard?${year}`);
    expect(res.status).toBe(200);
    const c = res.body;
    const dept = (name: string) => c.departments.find((d: { department: string }) => d.department === name);
    expect(c.departments.map((d: { department: string }) => d.department).slice(0, 5)).toEqual(['marketing', 'sales', 'service', 'logistics', 'billing']);
    expect(dept('marketing').won.orders).toBeGreaterThan(0);
    expect(dept('marketing').won.revenue).toBeGreaterThan(0);
    expect(dept('marketing').contacts).toBeGreaterThan(1000);
    expect(dept('marketing').cost.unsubscribes).toBeGreaterThan(0);
    // Complaints arrive through service's helpdesk; the late deliveries behind most of them are logistics'.
    expect(dept('service').complaintsHandled).toBeGreaterThan(0);
    expect(dept('logistics').cost.complaints).toBeGreaterThan(0);
    expect(c.totals.cost.complaints).toBe(c.departments.reduce((a: number, d: { cost: { complaints: number } }) => a + d.cost.complaints, 0) + c.unattributed.complaints);
    expect(dept('service').complaintsHandled).toBeLessThanOrEqual(c.totals.cost.complaints);
    expect(dept('logistics').cost.promisesBroken).toBeGreaterThan(0);
    const campaign = c.campaigns.find((x: { campaignId: string; won: { orders: number } }) => x.campaignId.startsWith('cmp-') && x.won.orders > 0);
    expect(campaign).toMatchObject({ department: 'marketing' });
    expect(campaign.won.revenue).toBeGreaterThan(0);
    expect(c.direct.orders).toBeGreaterThan(0);
    expect(c.totals.won.orders).toBe(c.direct.orders + c.departments.reduce((a: number, d: { won: { orders: number } }) => a + d.won.orders, 0));
    expect(c.rules.length).toBeGreaterThan(5);
  });

  it('maps the walls: marketing acted while service had something open, down to customers and log entries', async () => {
    const res = await h.call('GET', `/v1/wallmap?${year}`);
    expect(res.status).toBe(200);
    const m = res.body;
    const cell = m.cells.find((c: { actor: string; holder: string }) => c.actor === 'marketing' && c.holder === 'service');
    expect(cell.count).toBeGreaterThan(0);
    expect(cell.customers).toBeGreaterThan(0);
    expect(m.matrix[m.departments.indexOf('marketing')][m.departments.indexOf('service')]).toBe(cell.count);
    expect(m.totals.collisions).toBeGreaterThanOrEqual(cell.count);

    const drill = await h.call('GET', `/v1/wallmap/marketing/service?${year}&limit=5`);
    expect(drill.status).toBe(200);
    expect(drill.body.count).toBe(cell.count);
    expect(drill.body.collisions.length).toBe(Math.min(5, cell.count));
    const first = drill.body.collisions[0];
    expect(first.action).toMatchObject({ department: 'marketing' });
    expect(['Email Delivered', 'Contact Made']).toContain(first.action.event);
    expect(first.held.length).toBeGreaterThan(0);
    for (const held of first.held) {
      expect(held.department).toBe('service');
      expect(['ticket', 'complaint']).toContain(held.kind);
      expect(held.since <= first.action.at).toBe(true);
      expect(held.until === null || held.until > first.action.at).toBe(true);
    }
    // The customer and the events are real: the customer's timeline holds them at those log positions.
    const timeline = await h.call('GET', `/v1/customers/${first.customerId}/timeline?limit=1000`);
    expect(timeline.status).toBe(200);
    const ids = new Set(timeline.body.events.map((e: { id: number }) => e.id));
    expect(ids.has(first.action.seq)).toBe(true);
    for (const held of first.held) expect(ids.has(held.seq)).toBe(true);
  });

  it('catches up with events ingested since: a new email to a customer with an open complaint is one more collision', async () => {
    const [id, state] = [...h.tutti.live.entries()].find(([, s]) => (s.complaints?.length ?? 0) > 0) ?? [];
    const email = h.tutti.identity().identifiersOf(id!).find((i) => i.type === 'email')!.value;
    const cellOf = async () => (await h.call('GET', `/v1/wallmap?${year}`)).body.cells.find((c: { actor: string; holder: string }) => c.actor === 'marketing' && c.holder === 'service')?.count ?? 0;
    const before = await cellOf();
    const key = await h.addSource('newsletter-tool', 'marketing');
    const sent = new Date(Math.max(end - 60_000, (state!.complaints![0]!.openedAt) + 1)).toISOString();
    const res = await h.post('/v1/track', { event: 'Email Delivered', messageId: 'scorecard-late-1', timestamp: sent, properties: { campaign_id: 'cmp-late' }, context: { traits: { email } } }, { writeKey: key });
    expect(res.status).toBe(200);
    expect(await cellOf()).toBe(before + 1);
    const drill = await h.call('GET', `/v1/wallmap/marketing/service?${year}&limit=1000`);
    expect(drill.body.collisions.some((c: { customerId: string; action: { campaignId?: string } }) => c.customerId === id && c.action.campaignId === 'cmp-late')).toBe(true);
  });

  it('refuses a bad period or department with a coded error', async () => {
    expect((await h.call('GET', '/v1/wallmap?from=yesterday')).body.error.code).toBe('invalid_request');
    expect((await h.call('GET', '/v1/scorecard?from=2025-05-02&to=2025-05-01')).body.error.code).toBe('invalid_request');
    expect((await h.call('GET', '/v1/wallmap/Marketing!/service')).body.error.code).toBe('invalid_department');
    // Defaults: the last 30 days.
    const recent = await h.call('GET', '/v1/wallmap');
    expect(recent.status).toBe(200);
    expect(Date.parse(recent.body.to) - Date.parse(recent.body.from)).toBe(30 * DAY);
  });
});
