/**
 * The role matrix: each role × each API route → allowed or 403, as docs/roles.md documents.
 * Also: another department's free text on the timeline and internal notes are redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDatabase, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const ROLES = ['admin', 'marketing', 'sales', 'service', 'logistics', 'billing'] as const;
type Role = (typeof ROLES)[number];
const ALL: readonly Role[] = ROLES;
const only = (...roles: Role[]): readonly Role[] => roles;

function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setUTCHours(11, 0, 0, 0);
  return d.toISOString();
}

describe('the role matrix', () => {
  let db: TestDatabase;
  let h: Harness;
  const tokens = new Map<Role, string>();
  let workItem = '';
  let requestId = '';
  let campaignId = '';

  beforeAll(async () => {
    db = await sqliteDatabase();
    h = await startHarness(db);
    tokens.set('admin', h.adminToken);
    for (const r of ROLES) if (r !== 'admin') tokens.set(r, await h.addUser(`user-${r}`, r));
    const helpdesk = await h.addSource('helpdesk', 'service');
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-roles', messageId: 'r1', traits: { email: 'roles@example.org' } },
      { type: 'track', userId: 'u-roles', event: 'Ticket Opened', messageId: 'r2', properties: { ticket_id: 'T-R', subject: 'Very private matter about the customer', complaint: false } },
    ] }, { writeKey: helpdesk });
    const intake = await h.post('/v1/requests', { customer: { email: 'roles@example.org' }, text: 'I was charged twice for my order.' });
    requestId = intake.body.id;
    const staff = await h.get(`/v1/requests/${requestId}`);
    workItem = staff.body.workItems[0].id;
    await h.call('PATCH', `/v1/work-items/${workItem}`, { note: 'Card ending 4242 flagged by the bank' });
    const caps = (await h.call('GET', '/v1/capabilities')).body;
    void caps;
    const created = await h.call('POST', '/v1/campaigns', { name: 'Role test', channel: 'email', audience: { segment: 'all' }, schedule: [{ at: tomorrow(), share: 1 }], products: { categories: ['coffee'] }, promises: [] });
    campaignId = created.body.id;
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  const decide = (department: string) => ({ customer: { userId: 'u-roles' }, department, channel: 'email', purpose: department === 'marketing' ? 'marketing' : 'service', message: { id: 'm' }, at: tomorrow() });

  /** [method, path, body, roles allowed]. */
  const matrix = (): Array<[string, string, unknown, readonly Role[]]> => [
    ['GET', '/v1/me', undefined, ALL],
    ['GET', '/v1/customers/userId:u-roles', undefined, ALL],
    ['GET', '/v1/customers/userId:u-roles/timeline', undefined, ALL],
    ['GET', '/v1/customers/userId:u-roles/decisions', undefined, ALL],
    ['POST', '/v1/customers/userId:u-roles/merge', { from: 'userId:nobody', reason: 'x' }, only('admin')],
    ['POST', '/v1/merges/mrg_missing/undo', undefined, only('admin')],
    ['POST', '/v1/decide', decide('marketing'), only('admin', 'marketing')],
    ['POST', '/v1/decide', decide('service'), only('admin', 'service')],
    ['POST', '/v1/decide/batch', { audience: { segment: 'all' }, department: 'sales', channel: 'call', purpose: 'sales', message: { id: 'x' } }, only('admin', 'sales')],
    ['GET', '/v1/policy', undefined, ALL],
    ['PUT', '/v1/policy', { document: 'version: "x"\n' }, only('admin')],
    ['POST', '/v1/policies/simulate', { policy: 'version: "x"\n' }, ALL],
    ['GET', '/v1/capabilities', undefined, ALL],
    ['PUT', '/v1/capabilities/billing', { refundWithinDays: 5, refundsPerDayCapacity: 10, disputeResponseDays: 7 }, only('admin', 'billing')],
    ['GET', `/v1/campaigns/${campaignId}/report`, undefined, ALL],
    ['POST', `/v1/campaigns/${campaignId}/signoffs`, { decision: 'approve', department: 'logistics' }, only('admin', 'logistics')],
    ['POST', `/v1/campaigns/${campaignId}/launch`, {}, only('admin', 'marketing')],
    ['GET', `/v1/requests/${requestId}`, undefined, ALL],
    ['PATCH', `/v1/work-items/${workItem}`, { note: 'looked at it' }, only('admin', 'billing')],
    ['POST', '/v1/agents/agent-missing/presence', { presence: 'online' }, only('admin', 'service')],
    ['GET', '/v1/queues', undefined, ALL],
    ['GET', '/v1/promises', undefined, ALL],
    ['POST', '/v1/promises', { customer: 'userId:u-roles', type: 'callback', department: 'sales', dueAt: tomorrow() }, only('admin', 'sales')],
    ['POST', '/v1/staffing', { volume: 100, intervalSeconds: 1800, ahtSeconds: 180, targetSeconds: 20 }, ALL],
  ];

  it('allows or refuses each role on each route as documented', async () => {
    const wrong: string[] = [];
    for (const [method, path, body, allowed] of matrix()) {
      for (const role of ROLES) {
        const res = await h.call(method as 'GET', path, body, tokens.get(role));
        const refused = res.status === 403;
        if (refused === allowed.includes(role)) wrong.push(`${role} ${method} ${path}: ${res.status} ${JSON.stringify(res.body?.error ?? '')}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses every route without a token', async () => {
    for (const [method, path, body] of matrix()) {
      const res = await h.call(method as 'GET', path, body, 'not-a-token');
      expect(res.status, `${method} ${path}`).toBe(401);
    }
  });

  it("redacts another department's free text on the timeline and internal notes on requests", async () => {
    const asService = await h.call('GET', '/v1/customers/userId:u-roles/timeline', undefined, tokens.get('service'));
    const asSales = await h.call('GET', '/v1/customers/userId:u-roles/timeline', undefined, tokens.get('sales'));
    const subject = (res: { body: { events: { event: string; properties: { subject?: string } }[] } }) => res.body.events.find((e) => e.event === 'Ticket Opened' && e.properties.subject?.includes('private') || e.properties.subject === '[visible to service]')?.properties.subject;
    expect(subject(asService)).toContain('Very private');
    expect(subject(asSales)).toBe('[visible to service]');
    const asBilling = await h.call('GET', `/v1/requests/${requestId}`, undefined, tokens.get('billing'));
    const asMarketing = await h.call('GET', `/v1/requests/${requestId}`, undefined, tokens.get('marketing'));
    const note = (res: { body: { messages: { visibility: string; text: string }[] } }) => res.body.messages.find((m) => m.visibility === 'internal')?.text;
    expect(note(asBilling)).toContain('Card ending 4242');
    expect(note(asMarketing)).toBe('[visible to billing]');
  });

  it('serves the dashboard page to anyone; its data needs a token', async () => {
    const page = await fetch(`${h.url}/dashboard/`);
    expect([200, 404]).toContain(page.status);
    expect((await fetch(`${h.url}/v1/customers/userId:u-roles`)).status).toBe(401);
  });
});
