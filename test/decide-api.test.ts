/**
 * One voice end to end, on both dialects: live decisions over HTTP, candidates, commits and
 * releases, the audit, the policy lifecycle (a bad file leaves the old one running), audience
 * batches, simulation and roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_YAML } from '../src/decide/default-policy.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const HOUR = 3_600_000;
/** Tomorrow 11:00 UTC: daytime in Europe/Paris (the default fallback zone), after every event sent now. */
function daytime(): string {
  const d = new Date(Date.now() + 24 * HOUR);
  d.setUTCHours(11, 0, 0, 0);
  return d.toISOString();
}

const decideBody = (customer: unknown, over: Record<string, unknown> = {}) => ({
  customer, department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'upsell-1', tags: ['upsell'] }, at: daytime(), ...over,
});

describe.each(DIALECTS)('contact decisions on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  let helpdesk: string;
  let shop: string;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    helpdesk = await h.addSource('helpdesk', 'service');
    shop = await h.addSource('shop', 'sales');
    await h.post('/v1/batch', { batch: [
      { type: 'identify', userId: 'u-calm', messageId: 'calm-1', traits: { email: 'calm@example.org' } },
      { type: 'identify', userId: 'u-angry', messageId: 'angry-1', traits: { email: 'angry@example.org' } },
      { type: 'track', userId: 'u-angry', event: 'Order Completed', messageId: 'angry-2', properties: { order_id: 'O-A1', revenue: 80 } },
    ] }, { writeKey: shop });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('reads live state: the event that opens a complaint changes the very next decision', async () => {
    const before = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-angry' }));
    expect(before.status).toBe(200);
    expect(before.body.decision).toBe('send');

    const ack = await h.post('/v1/track', { userId: 'u-angry', event: 'Ticket Opened', messageId: 'angry-3', properties: { ticket_id: 'T-77', complaint: true, subject: 'Parcel never came' } }, { writeKey: helpdesk });
    expect(ack.status).toBe(200);

    const after = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-angry' }));
    expect(after.body.decision).toBe('suppress');
    const reason = after.body.reasons.find((r: { code: string }) => r.code === 'suppression.open_complaint');
    expect(reason.evidence).toContain('T-77');
    expect(reason.department).toBe('service');
    expect(reason.message).toContain('T-77');
    expect(after.body.policyVersion).toBe('default-2026.1');

    const service = await h.call('POST', '/v1/decide', decideBody('userId:u-angry', { department: 'service', purpose: 'service', message: { id: 'ticket-update' } }));
    expect(service.body.decision).toBe('send');
  });

  it('picks the winner among candidates and says why each other lost', async () => {
    const res = await h.call('POST', '/v1/decide', {
      customer: { email: 'angry@example.org' }, department: 'marketing', channel: 'email', purpose: 'marketing', at: daytime(),
      candidates: [
        { message: { id: 'spring-sale', value: 50, propensity: 0.2 } },
        { department: 'service', purpose: 'service', message: { id: 'how-did-we-do', value: 5, propensity: 0.5 } },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('send');
    expect(res.body.winner.message.id).toBe('how-did-we-do');
    expect(res.body.losers).toHaveLength(1);
    expect(res.body.losers[0]).toMatchObject({ index: 0, lostBecause: 'suppressed' });
    expect(res.body.losers[0].reasons.map((r: { code: string }) => r.code)).toContain('suppression.open_complaint');
  });

  it('reserves a committed send under the caps, and a release gives the place back', async () => {
    const first = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }, { commit: true }));
    expect(first.body.decision).toBe('send');
    expect(first.body.reservationId).toMatch(/^rsv_/);

    const second = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }, { commit: true, department: 'sales', channel: 'email', purpose: 'sales', message: { id: 'renewal' } }));
    expect(second.body.decision).toBe('suppress');
    const cap = second.body.reasons.find((r: { code: string }) => r.code === 'cap.exceeded');
    expect(cap.message).toContain('promotional-daily');
    expect(cap.evidence).toContain(first.body.reservationId);

    // A preview (no commit) sees the reservation too.
    expect((await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }))).body.decision).toBe('suppress');

    const released = await h.call('POST', `/v1/reservations/${first.body.reservationId}/release`);
    expect(released.status).toBe(200);
    expect((await h.call('POST', `/v1/reservations/${first.body.reservationId}/release`)).body.error.code).toBe('reservation_not_found');
    const third = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }, { commit: true }));
    expect(third.body.decision).toBe('send');
  });

  it('records every decision: "why wasn\'t this sent?" has an answer', async () => {
    const list = await h.get('/v1/customers/userId:u-angry/decisions?limit=2');
    expect(list.status).toBe(200);
    expect(list.body.decisions).toHaveLength(2);
    expect(list.body.nextCursor).not.toBeNull();
    const all = [...list.body.decisions, ...(await h.get(`/v1/customers/userId:u-angry/decisions?cursor=${list.body.nextCursor}`)).body.decisions];
    const suppressed = all.find((d: { decision: string; messageId: string }) => d.decision === 'suppress' && d.messageId === 'upsell-1');
    expect(suppressed).toMatchObject({ department: 'marketing', channel: 'email', purpose: 'marketing', policyVersion: 'default-2026.1', actor: 'test-admin' });
    expect(suppressed.reasons.map((r: { code: string }) => r.code)).toContain('suppression.open_complaint');
    expect(all.length).toBeGreaterThanOrEqual(4);
  });

  it('decides for someone Tutti has never met, by the identifier given', async () => {
    const res = await h.call('POST', '/v1/decide', decideBody({ email: 'New.Lead@Example.org' }));
    expect(res.body).toMatchObject({ decision: 'send', knownCustomer: false, customerId: 'email:new.lead@example.org' });
    expect((await h.call('POST', '/v1/decide', decideBody({ email: 'null' }))).body.error.code).toBe('invalid_ref');
  });

  it('refuses a bad policy file with its line and keeps the active policy; applies a good one', async () => {
    const bad = DEFAULT_POLICY_YAML.replace('window: 1d, max: 1', 'window: 1 day, max: 1');
    const refused = await h.call('PUT', '/v1/policy', { document: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_policy');
    const lineOfBad = bad.split('\n').findIndex((l) => l.includes('1 day')) + 1;
    expect(refused.body.error.details.errors[0]).toMatchObject({ line: lineOfBad, path: 'caps[0].window' });
    expect((await h.get('/v1/policy')).body.version).toBe('default-2026.1');

    const relaxed = DEFAULT_POLICY_YAML.replace('version: "default-2026.1"', 'version: "relaxed-1"').replace('  - { when: open_complaint, blocks: [sales, marketing] }\n', '');
    const department = await h.addUser('mara', 'marketing');
    expect((await h.call('PUT', '/v1/policy', { document: relaxed }, department)).status).toBe(403);
    const applied = await h.call('PUT', '/v1/policy', { document: relaxed });
    expect(applied.status).toBe(200);
    expect(applied.body.version).toBe('relaxed-1');
    expect((await h.get('/v1/policy')).body).toMatchObject({ version: 'relaxed-1', appliedBy: 'test-admin' });
    const clash = await h.call('PUT', '/v1/policy', { document: relaxed.replace('{ name: sales, weight: 0.7 }', '{ name: sales, weight: 0.6 }') });
    expect(clash.body.error.code).toBe('policy_version_exists');

    const res = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-angry' }));
    expect(res.body.policyVersion).toBe('relaxed-1');
    // The open complaint still lowers nothing now: no rule blocks marketing on it.
    expect(res.body.reasons.map((r: { code: string }) => r.code)).not.toContain('suppression.open_complaint');
    // Back to the default (re-applying the same file is a rollback).
    expect((await h.call('PUT', '/v1/policy', { document: DEFAULT_POLICY_YAML })).body.version).toBe('default-2026.1');
  });

  it('simulates a policy change over every customer and shows what would change', async () => {
    const relaxed = DEFAULT_POLICY_YAML.replace('version: "default-2026.1"', 'version: "what-if"').replace('  - { when: open_complaint, blocks: [sales, marketing] }\n', '');
    const res = await h.call('POST', '/v1/policies/simulate', { policy: relaxed, at: daytime() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currentVersion: 'default-2026.1', proposedVersion: 'what-if' });
    const change = res.body.changes.find((c: { department: string; reason: string }) => c.department === 'marketing' && c.reason === 'suppression.open_complaint');
    expect(change).toMatchObject({ from: 'suppress', to: 'send', count: 1 });
    expect(res.body.changes.every((c: { department: string }) => c.department === 'marketing' || c.department === 'sales')).toBe(true);

    const bad = await h.call('POST', '/v1/policies/simulate', { policy: 'version: 1\n' });
    expect(bad.body.error.code).toBe('invalid_policy');

    const window = { from: new Date(Date.now() - HOUR).toISOString(), to: new Date(Date.now() + 48 * HOUR).toISOString() };
    const past = await h.call('POST', '/v1/policies/simulate', { policy: relaxed, over: 'decisions', ...window });
    expect(past.body.decisions).toBeGreaterThan(5);
    expect(past.body.changes.some((c: { from: string; to: string; reason: string }) => c.from === 'suppress' && c.to === 'send' && c.reason === 'suppression.open_complaint')).toBe(true);
  });

  it('decides for an audience by refs or by segment, with counts per outcome, reason and department', async () => {
    const byRefs = await h.call('POST', '/v1/decide/batch', {
      audience: { refs: ['userId:u-angry', 'userId:u-calm', 'email:stranger@example.org'] }, department: 'marketing', channel: 'sms', purpose: 'marketing', message: { id: 'flash-sale' }, at: daytime(), list: 10,
    });
    expect(byRefs.status).toBe(200);
    expect(byRefs.body).toMatchObject({ audience: 3, total: 3, unknownRefs: 1 });
    expect(byRefs.body.outcomes.suppress).toBeGreaterThanOrEqual(1);
    expect(byRefs.body.reasons['suppression.open_complaint']).toBe(1);
    expect(byRefs.body.departments.service).toBe(1);
    expect(byRefs.body.customers.map((c: { customerId: string }) => c.customerId)).toContain('email:stranger@example.org');

    const bySegment = await h.call('POST', '/v1/decide/batch', { audience: { segment: 'open_complaint' }, department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'x' }, at: daytime() });
    expect(bySegment.body).toMatchObject({ audience: 1, outcomes: { send: 0, suppress: 1, defer: 0 } });
    const badSegment = await h.call('POST', '/v1/decide/batch', { audience: { segment: 'open_complain' }, department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'x' } });
    expect(badSegment.status).toBe(400);
    expect(badSegment.body.error.code).toBe('invalid_segment');
  });

  it('lets a department decide only for itself, and asks for a token', async () => {
    const service = await h.addUser('sam', 'service');
    expect((await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }), service)).status).toBe(403);
    expect((await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }, { department: 'service', purpose: 'service' }), service)).status).toBe(200);
    expect((await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }), 'nope')).status).toBe(401);
    const invalid = await h.call('POST', '/v1/decide', decideBody({ userId: 'u-calm' }, { purpose: 'spam' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_request');
  });
});
