/**
 * Fuzzed requests — wrong types, huge strings, deep nesting, bad UTF-8, broken JSON, broken
 * gzip — must never produce a 5xx or take the server down.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { type Harness, startHarness } from './support/harness.js';

const types = ['track', 'identify', 'page', 'screen', 'group', 'alias', 'bogus', ''];
const events = ['Order Completed', 'Ticket Opened', 'Shipment Delayed', 'Promise Made', 'Survey Answered', 'Consent Updated', 'Refund Requested', 'Custom \u0000 Event'];

const weirdString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'null', '\u0000', '\ud800', 'x'.repeat(5000), '2026-13-45T99:99:99Z', '+33 6 12 34 56 78', 'test@test.com'),
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 4 }),
  fc.dictionary(weirdString, fc.jsonValue(), { maxKeys: 4 }),
);

/** A message that is almost right: real field names with random or wrong-typed values. */
const message = fc.record(
  {
    type: fc.oneof(fc.constantFrom(...types), weirdValue),
    event: fc.oneof(fc.constantFrom(...events), weirdValue),
    userId: weirdValue,
    anonymousId: weirdValue,
    messageId: weirdValue,
    timestamp: weirdValue,
    properties: fc.oneof(
      weirdValue,
      fc.record({ order_id: weirdValue, ticket_id: weirdValue, revenue: weirdValue, eta: weirdValue, new_eta: weirdValue, due_at: weirdValue, purposes: weirdValue, score: weirdValue, survey: weirdValue, promise_id: weirdValue, type: weirdValue, owner: weirdValue, kept_by: weirdValue, shipment_id: weirdValue, refund_id: weirdValue, amount: weirdValue }, { requiredKeys: [] }),
    ),
    traits: weirdValue,
    context: fc.oneof(weirdValue, fc.record({ timezone: weirdValue, consent: weirdValue, externalIds: weirdValue, traits: weirdValue }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

function deepNesting(depth: number): string {
  return `{"batch":[{"type":"track","event":"Deep","userId":"d","properties":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}]}`;
}

type Body = { kind: 'json'; value: unknown } | { kind: 'raw'; bytes: Uint8Array } | { kind: 'text'; text: string };

const body: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ kind: fc.constant('json' as const), value: fc.record({ batch: fc.array(message, { maxLength: 6 }), sentAt: weirdValue }, { requiredKeys: ['batch'] }) }),
  fc.record({ kind: fc.constant('json' as const), value: message }),
  fc.record({ kind: fc.constant('json' as const), value: fc.jsonValue() }),
  fc.record({ kind: fc.constant('raw' as const), bytes: fc.uint8Array({ maxLength: 2000 }) }),
  fc.record({ kind: fc.constant('text' as const), text: fc.oneof(fc.string().map((s) => `{"batch":[${s}`), fc.constantFrom(deepNesting(5_000), deepNesting(100_000), '{"batch": [1,2,', '\ufeff{}', '')) }),
);

const path = fc.constantFrom('/v1/batch', '/v1/track', '/v1/identify', '/v1/alias', '/v1/page', '/v1/screen', '/v1/group');

describe.each(DIALECTS)('fuzzed ingest requests on $name', ({ name, create }) => {
  let db: TestDatabase;
  let h: Harness;
  let writeKey: string;

  beforeAll(async () => {
    db = await create();
    h = await startHarness(db);
    writeKey = await h.addSource('fuzz', 'sales');
  });
  afterAll(async () => {
    await h.close();
    await db.drop();
  });

  it('never answers 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(path, body, fc.boolean(), fc.boolean(), fc.boolean(), async (url, b, gzip, auth, brokenGzip) => {
        let payload: Buffer = b.kind === 'json' ? Buffer.from(JSON.stringify(b.value) ?? 'null') : b.kind === 'raw' ? Buffer.from(b.bytes) : Buffer.from(b.text);
        const headers: Record<string, string> = {};
        if (auth) headers.authorization = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
        if (gzip) {
          payload = brokenGzip ? payload.subarray(0, Math.max(0, payload.length - 3)) : gzipSync(payload);
          headers['content-encoding'] = 'gzip';
        }
        const res = await h.app.inject({ method: 'POST', url, headers, payload });
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} ${res.body} for ${payload.subarray(0, 300).toString()}`);
        expect(JSON.parse(res.body)).toBeTypeOf('object');
      }),
      { numRuns: name === 'sqlite' ? 2000 : 800 },
    );
    // Still alive and still correct afterwards.
    const ok = await h.post('/v1/track', { event: 'After Fuzz', userId: 'alive', messageId: 'alive-1' }, { writeKey });
    expect(ok.body.stored).toBe(1);
  });
});
