/**
 * Properties of the pure evaluator over generated customers, policies and clocks (fast-check):
 * determinism, monotonicity of suppression rules, and transactional messages never falling to
 * caps.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { applyEvent, emptyState } from '../state/customer-state.js';
import type { CustomerState } from '../state/state-types.js';
import { event } from '../state/test-events.js';
import { compilePolicy } from './compile-policy.js';
import { InMemoryContactCounters } from './contact-counters.js';
import { decide } from './decide.js';
import type { DecisionRequest, Outcome } from './decision-types.js';
import { defaultPolicy } from './default-policy.js';
import { FACTS, ITEM_FACTS, MOMENT_FACTS, type Policy, PURPOSES } from './policy-schema.js';

const T0 = Date.UTC(2026, 2, 1, 0, 0, 0);
const DAY = 86_400_000;
const DEPARTMENTS = ['service', 'logistics', 'billing', 'sales', 'marketing', 'partners'];
const CHANNELS = ['email', 'sms', 'call', 'push'];
const ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Sao_Paulo'];

const id = (prefix: string) => fc.integer({ min: 1, max: 3 }).map((n) => `${prefix}-${n}`);
const iso = fc.integer({ min: -5 * DAY, max: 60 * DAY }).map((ms) => new Date(T0 + ms).toISOString());

/** A catalogue event's name and properties, with small id pools so opens and closes meet. */
const payload: fc.Arbitrary<[string, JsonObject]> = fc.oneof(
  fc.tuple(fc.constant('Complaint Opened'), fc.record({ complaint_id: id('C') })),
  fc.tuple(fc.constant('Complaint Resolved'), fc.record({ complaint_id: id('C') })),
  fc.tuple(fc.constant('Ticket Opened'), fc.record({ ticket_id: id('T'), complaint: fc.boolean() })),
  fc.tuple(fc.constant('Ticket Resolved'), fc.record({ ticket_id: id('T') })),
  fc.tuple(fc.constant('Shipment Dispatched'), fc.record({ shipment_id: id('S'), order_id: id('O'), eta: iso })),
  fc.tuple(fc.constant('Shipment Delivered'), fc.record({ shipment_id: id('S') })),
  fc.tuple(fc.constant('Refund Requested'), fc.record({ refund_id: id('R'), amount: fc.integer({ min: 1, max: 500 }) })),
  fc.tuple(fc.constant('Refund Issued'), fc.record({ refund_id: id('R') })),
  fc.tuple(fc.constant('Dispute Opened'), fc.record({ dispute_id: id('D') })),
  fc.tuple(fc.constant('Dispute Resolved'), fc.record({ dispute_id: id('D') })),
  fc.tuple(fc.constant('Promise Made'), fc.record({ promise_id: id('P'), type: fc.constant('callback'), owner: fc.constant('service'), due_at: iso })),
  fc.tuple(fc.constant('Promise Broken'), fc.record({ promise_id: id('P') })),
  fc.tuple(fc.constant('Survey Answered'), fc.record({ survey: fc.constantFrom('nps', 'csat'), score: fc.integer({ min: 0, max: 10 }) })),
  fc.tuple(fc.constant('Unsubscribed'), fc.record({ purpose: fc.constantFrom('marketing', 'sales_calls') })),
  fc.tuple(fc.constant('Consent Updated'), fc.record({ purposes: fc.dictionary(fc.constantFrom('marketing', 'sales_calls', 'email', 'sms'), fc.boolean(), { maxKeys: 3 }) })),
  fc.tuple(fc.constant('Email Marked as Spam'), fc.constant({})),
  fc.tuple(fc.constant('Order Completed'), fc.record({ order_id: id('O'), revenue: fc.integer({ min: 1, max: 300 }) })),
);

const eventArb: fc.Arbitrary<TuttiEvent> = fc.tuple(payload, fc.integer({ min: 0, max: 40 * DAY }), fc.constantFrom(...DEPARTMENTS), fc.option(fc.constantFrom(...ZONES), { nil: undefined }))
  .map(([[name, props], at, department, zone]) => event(name, props, { at: T0 + at, department, context: zone === undefined ? {} : { timezone: zone } }));

interface Customer {
  state: CustomerState;
}

const customerArb: fc.Arbitrary<Customer> = fc.array(eventArb, { maxLength: 25 }).map((events) => {
  const state = emptyState('cus_p');
  for (const ev of events) applyEvent(state, ev);
  return { state };
});

const requestArb: fc.Arbitrary<DecisionRequest> = fc.record({
  department: fc.constantFrom(...DEPARTMENTS),
  channel: fc.constantFrom(...CHANNELS),
  purpose: fc.constantFrom(...PURPOSES),
  message: fc.record({ id: fc.constantFrom('m-1', 'm-2') }),
});

const contactsArb = fc.array(fc.record({
  department: fc.constantFrom(...DEPARTMENTS),
  channel: fc.constantFrom(...CHANNELS),
  purpose: fc.constantFrom(...PURPOSES),
  at: fc.integer({ min: 0, max: 45 * DAY }),
}), { maxLength: 30 });

function countersOf(contacts: { department: string; channel: string; purpose: (typeof PURPOSES)[number]; at: number }[]): InMemoryContactCounters {
  const counters = new InMemoryContactCounters();
  for (const c of contacts) counters.record('cus_p', c, T0 + c.at);
  return counters;
}

const nowArb = fc.integer({ min: 0, max: 50 * DAY }).map((ms) => T0 + ms);
const RANK: Record<Outcome, number> = { suppress: 0, defer: 1, send: 2 };
const BASE = defaultPolicy();
const COMPILED = compilePolicy(BASE);

describe('decide properties', () => {
  it('the same state, policy and clock give the same decision, and the state is not touched', () => {
    fc.assert(fc.property(customerArb, requestArb, nowArb, contactsArb, (customer, request, now, contacts) => {
      const before = JSON.stringify(customer.state);
      const counters = countersOf(contacts);
      const first = decide(COMPILED, customer.state, request, now, counters);
      const again = decide(compilePolicy(structuredClone(BASE)), structuredClone(customer.state), { ...request }, now, countersOf(contacts));
      expect(again).toEqual(first);
      expect(JSON.stringify(customer.state)).toBe(before);
      expect(first.reasons.length).toBeGreaterThan(0);
      expect(first.decision === 'defer').toBe(first.until !== undefined);
    }), { numRuns: 400 });
  });

  it('adding a suppression rule never turns a suppress into a send (nor improves any outcome)', () => {
    const ruleArb = fc.record({
      when: fc.constantFrom(...FACTS),
      blocks: fc.subarray([...PURPOSES], { minLength: 1 }),
      timing: fc.option(fc.constantFrom('1h', '3d', '20d', '60d'), { nil: undefined }),
    }).map(({ when, blocks, timing }) => {
      const rule: Policy['suppressions'][number] = { when, blocks };
      if (timing !== undefined && ITEM_FACTS.includes(when)) rule.olderThan = timing;
      if (timing !== undefined && MOMENT_FACTS.includes(when)) rule.within = timing;
      return rule;
    });
    fc.assert(fc.property(customerArb, requestArb, nowArb, contactsArb, fc.array(ruleArb, { minLength: 1, maxLength: 3 }), (customer, request, now, contacts, extra) => {
      const stricter = structuredClone(BASE);
      stricter.suppressions.push(...extra);
      const counters = countersOf(contacts);
      const base = decide(COMPILED, customer.state, request, now, counters);
      const more = decide(compilePolicy(stricter), customer.state, request, now, counters);
      expect(RANK[more.decision]).toBeLessThanOrEqual(RANK[base.decision]);
      if (base.decision === 'suppress') expect(more.decision).toBe('suppress');
    }), { numRuns: 400 });
  });

  it('transactional messages never fall to caps, however full and however scoped', () => {
    const capArb = fc.record({
      name: fc.constantFrom('a', 'b', 'c', 'd').chain((n) => fc.integer({ min: 0, max: 99 }).map((i) => `${n}${i}`)),
      window: fc.constantFrom('1h', '1d', '7d', '30d'),
      max: fc.integer({ min: 0, max: 3 }),
      purposes: fc.option(fc.subarray(['service', 'sales', 'marketing'] as const, { minLength: 1 }), { nil: undefined }),
      channels: fc.option(fc.subarray(CHANNELS, { minLength: 1 }), { nil: undefined }),
    });
    fc.assert(fc.property(customerArb, requestArb, nowArb, contactsArb, fc.uniqueArray(capArb, { selector: (c) => c.name, maxLength: 5 }), fc.boolean(), (customer, request, now, contacts, caps, bypass) => {
      const policy = structuredClone(BASE);
      policy.caps = caps.map((c) => {
        const cap: Policy['caps'][number] = { name: c.name, window: c.window, max: c.max };
        // Without bypass, only caps over other purposes (marketing caps) are in play: an
        // unscoped cap would then rightly cover transactional too.
        if (c.purposes !== undefined || !bypass) cap.purposes = c.purposes ?? ['sales', 'marketing'];
        if (c.channels !== undefined) cap.channels = c.channels;
        return cap;
      });
      // Even when transactional does not bypass caps and counts toward them, a cap over other purposes never limits it.
      if (!bypass) policy.purposes.transactional = { ...policy.purposes.transactional, bypassesCaps: false, countsTowardCaps: true };
      const d = decide(compilePolicy(policy), customer.state, { ...request, purpose: 'transactional' }, now, countersOf(contacts));
      expect(d.reasons.some((r) => r.code === 'cap.exceeded')).toBe(false);
      if (bypass) expect(d.reasons.some((r) => r.code === 'cap.bypassed')).toBe(true);
      // Nothing but consent could stop a transactional message under the default rules, and it needs none.
      expect(d.decision).toBe('send');
    }), { numRuns: 300 });
  });
});
