/**
 * The front door end to end, on both dialects: a two-problem message becomes one request with
 * two work items in two teams; the customer's page and JSON show one status and no internal
 * vocabulary; resolving one item leaves "working on it", both makes it "resolved" with one
 * survey; a complaint at the front door changes the next contact decision; repeats join the
 * open request; SLA clocks write warnings and breaches on the timeline; bad input is refused
 * clearly or stored safely and rendered escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.js';
import { findInternalTerms } from '../src/frontdoor/status.js';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const START = Date.parse('2026-12-01T10:00:00Z');

describe.each(DIALECTS)('the front door on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;
  const clock = new ManualClock(START);

  /** A customer-facing fetch, no token. */
  async function publicFetch(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const res = await fetch(`${h.url}${path}`, { redirect: 'manual', ...init });
    return { status: res.status, text: await res.text(), headers: res.headers };
  }
  const submit = (body: unknown) => publicFetch('/v1/requests', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const statusPath = (statusUrl: string): string => new URL(statusUrl).pathname;
  function expectNoInternalVocabulary(text: string, customerWords: string[] = []): void {
    let scrubbed = text;
    // The customer's own words are theirs; only what Tutti wrote is checked.
    for (const w of customerWords) scrubbed = scrubbed.split(w).join(' ');
    expect(findInternalTerms(scrubbed, h.tutti.frontDoor.vocabulary)).toEqual([]);
  }

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db, { clock });
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('splits a two-problem message into one request with two work items in two teams, and shows the customer one plain status', async () => {
    const text = 'Hello, my parcel never came and you charged me twice for it.';
    const res = await submit({ customer: { email: 'Nina@Example.org', name: 'Nina' }, channel: 'email', text });
    expect(res.status).toBe(201);
    const body = JSON.parse(res.text);
    expect(body.statusUrl).toMatch(/\/r\/[A-Za-z0-9_-]{32}$/);
    expectNoInternalVocabulary(res.text);

    const staff = await h.get(`/v1/requests/${body.id}`);
    expect(staff.status).toBe(200);
    const items = staff.body.workItems as { intent: string; queue: string; department: string; assignee: string | null; status: string }[];
    expect(items.map((i) => i.intent).sort()).toEqual(['delivery_problem', 'double_charge']);
    expect(new Set(items.map((i) => i.department)).size).toBe(2);
    for (const i of items) expect(i.queue.length).toBeGreaterThan(0);

    const json = await publicFetch(`${statusPath(body.statusUrl)}?format=json`);
    const view = JSON.parse(json.text);
    expect(view.status).toBe('working_on_it');
    expect(Object.keys(view).sort()).toEqual(['createdAt', 'messages', 'reference', 'status', 'statusLabel', 'statusText', 'subject', 'updatedAt']);
    expectNoInternalVocabulary(json.text, [text]);
    const html = await publicFetch(statusPath(body.statusUrl), { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.text).toContain('Working on it');
    expectNoInternalVocabulary(html.text, [text]);

    // One customer, one timeline: the two tickets are on it.
    const timeline = await h.get('/v1/customers/email:nina@example.org/timeline');
    expect(timeline.body.events.filter((e: { event: string }) => e.event === 'Ticket Opened')).toHaveLength(2);

    // Resolving one item leaves the customer on "working on it"; both → resolved, one survey.
    await h.call('PATCH', `/v1/work-items/${staff.body.workItems[0].id}`, { status: 'resolved', reply: 'We have found your parcel: it arrives tomorrow.', note: 'carrier lost scan' });
    expect(JSON.parse((await publicFetch(`${statusPath(body.statusUrl)}?format=json`)).text).status).toBe('working_on_it');
    await h.call('PATCH', `/v1/work-items/${staff.body.workItems[1].id}`, { status: 'resolved', reply: 'We have refunded the second charge.' });
    const done = JSON.parse((await publicFetch(`${statusPath(body.statusUrl)}?format=json`)).text);
    expect(done.status).toBe('resolved');
    expect(done.messages.filter((m: { text: string }) => m.text.includes('How satisfied'))).toHaveLength(1);
    expect(done.messages.some((m: { text: string }) => m.text.includes('carrier lost scan'))).toBe(false);
    await h.call('PATCH', `/v1/work-items/${staff.body.workItems[1].id}`, { status: 'resolved' });
    const surveys = (await h.get('/v1/customers/email:nina@example.org/timeline')).body.events.filter((e: { event: string }) => e.event === 'Survey Sent');
    expect(surveys).toHaveLength(1);
  });

  it('puts a complaint at the front door in the customer state at once, so the next decision sees it', async () => {
    const res = await submit({ customer: { email: 'omar@example.org' }, text: 'I want to make a formal complaint about how rude your staff were on the phone.' });
    expect(res.status).toBe(201);
    const decision = await h.call('POST', '/v1/decide', { customer: { email: 'omar@example.org' }, department: 'marketing', channel: 'email', purpose: 'marketing', message: { id: 'upsell' }, at: new Date(START + 3_600_000).toISOString() });
    expect(decision.body.decision).toBe('suppress');
    expect(decision.body.reasons.map((r: { code: string }) => r.code)).toContain('suppression.open_complaint');
  });

  it('joins a repeat of the same problem to the open request', async () => {
    const first = JSON.parse((await submit({ customer: { email: 'lea@example.org' }, text: 'My parcel never came.' })).text);
    const again = await submit({ customer: { email: 'lea@example.org' }, text: 'Still no parcel, it never came!' });
    const second = JSON.parse(again.text);
    expect(second.id).not.toBe(first.id);
    const staff = await fetch(`${h.url}/v1/requests/${second.id}`, { headers: { authorization: `Bearer ${h.adminToken}` }, redirect: 'manual' });
    expect(staff.status).toBe(302);
    expect(staff.headers.get('location')).toBe(`/v1/requests/${first.id}`);
    const view = JSON.parse((await publicFetch(`${statusPath(second.statusUrl)}?format=json`)).text);
    expect(view.reference).toBe(first.id);
    expect(view.messages.filter((m: { from: string }) => m.from === 'you')).toHaveLength(2);
  });

  it('keeps SLA clocks and writes warnings and breaches on the customer timeline', async () => {
    const res = JSON.parse((await submit({ customer: { email: 'sla@example.org' }, text: 'I was charged twice for my order.' })).text);
    const item = (await h.get(`/v1/requests/${res.id}`)).body.workItems[0];
    const due = Date.parse(item.sla.firstResponse.dueAt);
    clock.set(due + 1);
    await h.tutti.frontDoor.tick(clock.now());
    await h.tutti.frontDoor.tick(clock.now());
    const events = (await h.get('/v1/customers/email:sla@example.org/timeline')).body.events.map((e: { event: string }) => e.event);
    expect(events.filter((e: string) => e === 'SLA Warning').length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e: string) => e === 'SLA Breached').length).toBe(1);
    clock.set(START);
  });

  it('answers bad input clearly and stores markup safely, rendered escaped', async () => {
    expect((await submit({ customer: { email: 'x@example.org' }, text: '   ' })).status).toBe(400);
    const huge = await submit({ customer: { email: 'x@example.org' }, text: 'a'.repeat(1_000_000) });
    expect(huge.status).toBe(400);
    expect(JSON.parse(huge.text).error.code).toMatch(/body_too_large|invalid_request/);
    expect((await submit({ text: 'no way to reach me' })).status).toBe(400);

    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)> my parcel never came';
    const res = JSON.parse((await submit({ customer: { email: 'mallory@example.org' }, text: markup })).text);
    const html = (await publicFetch(statusPath(res.statusUrl), { headers: { accept: 'text/html' } })).text;
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // Known and unknown addresses get the same answer shape.
    const unknown = await submit({ customer: { email: 'never-seen@example.org' }, text: 'How do I reset my password?' });
    const known = await submit({ customer: { email: 'nina@example.org' }, text: 'How do I reset my password?' });
    expect(unknown.status).toBe(201);
    expect(known.status).toBe(201);
    expect(Object.keys(JSON.parse(unknown.text)).sort()).toEqual(Object.keys(JSON.parse(known.text)).sort());
    expect((await publicFetch('/r/not-a-real-token-at-all-xxxxxxxx?format=json')).status).toBe(404);
  });

  it('serves the web form and accepts its post, redirecting to the status page', async () => {
    const form = await publicFetch('/help');
    expect(form.text).toContain('<form method="post" action="/v1/requests">');
    expectNoInternalVocabulary(form.text);
    const posted = await publicFetch('/v1/requests', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ name: 'Jo', email: 'jo@example.org', channel: 'form', text: 'I would like to return the kettle I bought.' }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/r\//);
  });

  it('rate-limits intake per contact', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push((await submit({ customer: { email: 'flood@example.org' }, text: `Question number ${i} about a product.` })).status);
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(0);
  });
});
