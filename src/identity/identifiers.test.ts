import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import {
  extractIdentifiers,
  identifierKey,
  identifierRank,
  isJunkIdentifier,
  normalizeIdentifier,
  parseCustomerRef,
  PREVIOUS_ID,
  strength,
} from './identifiers.js';

type Ev = Pick<TuttiEvent, 'type' | 'userId' | 'anonymousId' | 'properties' | 'traits' | 'context'>;

function ev(over: Partial<Ev>): Ev {
  return { type: 'track', userId: null, anonymousId: null, properties: {}, traits: {}, context: {}, ...over };
}

describe('normalizeIdentifier', () => {
  it('trims, and lower-cases emails', () => {
    expect(normalizeIdentifier('email', '  Ann@Example.COM ')).toBe('ann@example.com');
    expect(normalizeIdentifier('userId', '  U-17 ')).toBe('U-17');
  });

  it('rejects emails without text on both sides of an @', () => {
    expect(normalizeIdentifier('email', 'ann')).toBeNull();
    expect(normalizeIdentifier('email', '@example.com')).toBeNull();
    expect(normalizeIdentifier('email', 'ann@')).toBeNull();
  });

  it('reduces phones to + and digits, with at least 6 digits', () => {
    expect(normalizeIdentifier('phone', '+33 (6) 12-34-56-78')).toBe('+33612345678');
    expect(normalizeIdentifier('phone', '06 12 34 56 78')).toBe('0612345678');
    expect(normalizeIdentifier('phone', '+1 234')).toBeNull();
    expect(normalizeIdentifier('phone', 'call me')).toBeNull();
  });

  it('accepts numbers and refuses other non-strings, empties and long values', () => {
    expect(normalizeIdentifier('order', 1234)).toBe('1234');
    expect(normalizeIdentifier('order', Number.NaN)).toBeNull();
    expect(normalizeIdentifier('userId', null)).toBeNull();
    expect(normalizeIdentifier('userId', undefined)).toBeNull();
    expect(normalizeIdentifier('userId', { id: 1 })).toBeNull();
    expect(normalizeIdentifier('userId', '   ')).toBeNull();
    expect(normalizeIdentifier('userId', 'x'.repeat(200))).toBe('x'.repeat(200));
    expect(normalizeIdentifier('userId', 'x'.repeat(201))).toBeNull();
  });

  it('is idempotent', () => {
    const types = fc.constantFrom('email', 'phone', 'userId', 'order', 'anonymousId');
    fc.assert(
      fc.property(types, fc.string({ maxLength: 40 }), (type, raw) => {
        const once = normalizeIdentifier(type, raw);
        if (once !== null) expect(normalizeIdentifier(type, once)).toBe(once);
      }),
    );
  });
});

describe('isJunkIdentifier', () => {
  it.each([
    ['userId', ''],
    ['userId', 'null'],
    ['userId', 'NULL'],
    ['userId', 'undefined'],
    ['anonymousId', 'nil'],
    ['userId', 'None'],
    ['userId', 'anonymous'],
    ['userId', 'Unknown'],
    ['userId', 'guest'],
    ['userId', '0'],
    ['userId', '-1'],
    ['order', 'N/A'],
    ['userId', 'test'],
    ['userId', '[object Object]'],
    ['userId', '0000'],
    ['anonymousId', '00000000-0000-0000-0000-000000000000'],
    ['email', 'test@test.com'],
    ['email', 'Test@Example.com'],
    ['email', 'a@a.com'],
    ['email', 'noreply@shop.com'],
    ['email', 'no-reply@shop.com'],
    ['email', 'foo@bar.com'],
    ['email', 'email@email.com'],
    ['email', 'user@example.com'],
    ['email', 'admin@admin.com'],
    ['email', 'anyone@test.com'],
    ['email', 'anyone@example.invalid'],
    ['userId', 'test@test.com'],
    ['phone', '+11111111111'],
    ['phone', '0000000'],
    ['phone', '1234567890'],
    ['phone', '+0123456789'],
    ['phone', '987654'],
  ])('%s %j is junk', (type, value) => {
    expect(isJunkIdentifier(type, value)).toBe(true);
  });

  it.each([
    ['userId', 'u-17'],
    ['userId', '123456'],
    ['anonymousId', '6f1c2b8e-0d7c-4a3e-9a51-2f0f1b7a9e11'],
    ['email', 'ann@example.com'],
    ['email', 'ann@shop.com'],
    ['email', 'test.person@shop.com'],
    ['phone', '+33612345678'],
    ['order', 'O-1001'],
    ['order', '100'],
  ])('%s %j is not junk', (type, value) => {
    expect(isJunkIdentifier(type, value)).toBe(false);
  });
});

describe('extractIdentifiers', () => {
  it('reads every identifier, strongest first, anonymousId last', () => {
    const ids = extractIdentifiers(
      ev({
        userId: 'u-17',
        anonymousId: 'anon-1',
        traits: { email: 'Ann@Example.com', phone: '+33 6 12 34 56 78', crm_id: 'C-9' },
        properties: { order_id: 'O-1', ticket_id: 'T-2', email: 'ann@example.com' },
        context: { externalIds: [{ id: 'Z-5', type: 'zendesk_id', collection: 'users' }] },
      }),
    );
    expect(ids.map(identifierKey)).toEqual([
      'userId:u-17',
      'email:ann@example.com',
      'phone:+33612345678',
      'crm:C-9',
      'order:O-1',
      'ticket:T-2',
      'zendesk_id:Z-5',
      'anonymousId:anon-1',
    ]);
  });

  it('reads context.traits and crmId, and drops junk and duplicates', () => {
    const ids = extractIdentifiers(
      ev({
        userId: 'null',
        anonymousId: 'anon-1',
        traits: { crmId: 'C-1', email: 'test@test.com' },
        context: { traits: { email: 'bob@shop.com', phone: '123456' } as JsonObject },
        properties: { email: 'BOB@shop.com' },
      }),
    );
    expect(ids.map(identifierKey)).toEqual(['email:bob@shop.com', 'crm:C-1', 'anonymousId:anon-1']);
  });

  it('ignores a group call’s traits (they describe the company)', () => {
    const ids = extractIdentifiers(ev({ type: 'group', userId: 'u-1', traits: { email: 'info@acme.com' } }));
    expect(ids.map(identifierKey)).toEqual(['userId:u-1']);
  });

  it('reads an alias previousId', () => {
    const ids = extractIdentifiers(ev({ type: 'alias', userId: 'u-1', properties: { previousId: 'anon-9' } }));
    expect(ids).toEqual([
      { type: 'userId', value: 'u-1' },
      { type: PREVIOUS_ID, value: 'anon-9' },
    ]);
  });

  it('skips malformed externalIds', () => {
    const ids = extractIdentifiers(
      ev({ context: { externalIds: [null, 'x', { id: 'A' }, { id: 'B', type: 'Bad Type' }, { id: 7, type: 'HubSpot_ID' }] } as unknown as JsonObject }),
    );
    expect(ids.map(identifierKey)).toEqual(['hubspot_id:7']);
  });

  it('never returns junk, duplicates or un-normalised values', () => {
    const value = fc.oneof(fc.constantFrom('null', '0', 'test@test.com', 'Ann@Shop.com', ' u-1 ', '+1 555 0100 22', 'anonymous'), fc.string({ maxLength: 10 }));
    fc.assert(
      fc.property(value, value, value, value, (u, a, e, p) => {
        const ids = extractIdentifiers(ev({ userId: u, anonymousId: a, traits: { email: e, phone: p } }));
        const keys = ids.map(identifierKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const i of ids) {
          expect(isJunkIdentifier(i.type, i.value)).toBe(false);
          expect(normalizeIdentifier(i.type, i.value)).toBe(i.value);
        }
        if (ids.length > 0) expect(ids.findIndex((i) => i.type === 'anonymousId')).toBeOneOf([-1, ids.length - 1]);
      }),
    );
  });
});

describe('strength and rank', () => {
  it('anonymousId is the only weak identifier and ranks last', () => {
    expect(strength('anonymousId')).toBe('weak');
    for (const t of ['userId', 'email', 'phone', 'order', 'ticket', 'crm', 'zendesk_id']) {
      expect(strength(t)).toBe('strong');
      expect(identifierRank(t)).toBeLessThan(identifierRank('anonymousId'));
    }
    expect(identifierRank('userId')).toBeLessThan(identifierRank('email'));
  });
});

describe('parseCustomerRef', () => {
  it('reads profile ids', () => {
    expect(parseCustomerRef('cus_01hx9k2m3n4p5q6r7s8t')).toEqual({ kind: 'id', id: 'cus_01hx9k2m3n4p5q6r7s8t' });
  });

  it('reads type:value, splitting on the first colon and normalising the value', () => {
    expect(parseCustomerRef('email:Ann@Example.com')).toEqual({ kind: 'identifier', identifier: { type: 'email', value: 'ann@example.com' } });
    expect(parseCustomerRef('order:O:12')).toEqual({ kind: 'identifier', identifier: { type: 'order', value: 'O:12' } });
    expect(parseCustomerRef('phone:+33 6 12 34 56 78')).toEqual({ kind: 'identifier', identifier: { type: 'phone', value: '+33612345678' } });
    expect(parseCustomerRef('zendesk_id:991')).toEqual({ kind: 'identifier', identifier: { type: 'zendesk_id', value: '991' } });
  });

  it('accepts type aliases, case-insensitively', () => {
    for (const t of ['user', 'userid', 'userId', 'USERID']) expect(parseCustomerRef(`${t}:u-17`)).toEqual({ kind: 'identifier', identifier: { type: 'userId', value: 'u-17' } });
    for (const t of ['anon', 'anonymousId']) expect(parseCustomerRef(`${t}:a-1`)).toEqual({ kind: 'identifier', identifier: { type: 'anonymousId', value: 'a-1' } });
  });

  it('refuses anything else', () => {
    for (const ref of ['', 'ann@example.com', ':x', 'email:', 'email:nope', 'bad type:1', '9x:1', 'phone:12']) expect(parseCustomerRef(ref)).toBeNull();
  });
});
