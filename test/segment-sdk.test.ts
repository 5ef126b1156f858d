import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

describe.each(DIALECTS)('the official @segment/analytics-node client on $name', ({ create }) => {
  let db: TestDatabase;
  let h: Harness;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('delivers two departments\u2019 events onto one customer timeline, in event-time order', async () => {
    const service = new Analytics({ writeKey: await h.addSource('helpdesk', 'service'), host: h.url, flushInterval: 200 });
    const marketing = new Analytics({ writeKey: await h.addSource('newsletter', 'marketing'), host: h.url, flushInterval: 200 });
    const t0 = Date.now() - 3_600_000;

    // Marketing knows Ann by a cookie id and her email; service knows her by user id and email.
    marketing.identify({ anonymousId: 'cookie-ann', traits: { email: 'Ann.Lee@example.org' }, timestamp: new Date(t0) });
    marketing.track({ anonymousId: 'cookie-ann', event: 'Email Delivered', properties: { campaign_id: 'spring' }, timestamp: new Date(t0 + 3_000) });
    service.identify({ userId: 'ann-17', traits: { email: 'ann.lee@example.org', name: 'Ann Lee' }, timestamp: new Date(t0 + 1_000) });
    service.track({ userId: 'ann-17', event: 'Ticket Opened', properties: { ticket_id: 'T-100', subject: 'Broken lamp', complaint: true }, timestamp: new Date(t0 + 2_000) });
    await Promise.all([service.closeAndFlush(), marketing.closeAndFlush()]);

    const timeline = await h.get('/v1/customers/email:ann.lee@example.org/timeline');
    expect(timeline.status).toBe(200);
    const rows = timeline.body.events as Array<{ event: string; department: string; messageId: string; timestamp: string }>;
    expect(rows.map((e) => [e.event, e.department])).toEqual([
      ['Identify', 'marketing'],
      ['Identify', 'service'],
      ['Ticket Opened', 'service'],
      ['Email Delivered', 'marketing'],
    ]);
    for (const row of rows) expect(row.messageId).toMatch(/^node-next-\d+-/);
    const times = rows.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // One customer, whichever identifier is used; the complaint is in the live state.
    const byUser = await h.get('/v1/customers/userId:ann-17');
    const byCookie = await h.get('/v1/customers/anonymousId:cookie-ann');
    expect(byUser.body.id).toBe(byCookie.body.id);
    expect(byUser.body.state.flags).toContain('open_complaint');
  });
});
