import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { catalogueEntries } from '../core/catalogue.js';
import { applyEvent, emptyState, foldEvents } from './customer-state.js';
import { summarize } from './summary.js';
import { DAY, event, HOUR, identify, T0 } from './test-events.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const fold = (...events: TuttiEvent[]) => foldEvents('cus_1', events);

describe('summarize', () => {
  it('summarises an empty customer', () => {
    const s = summarize(emptyState('cus_0'), T0);
    expect(s).toStrictEqual({
      customerId: 'cus_0', firstSeenAt: null, lastSeenAt: null, eventCount: 0, eventsByDepartment: {}, traits: {}, timezone: null,
      tickets: [], complaints: [], shipments: [], refunds: [], disputes: [],
      promises: { open: [], kept: 0, broken: 0, renegotiated: 0, cancelled: 0, keptRate: null, lastBrokenAt: null, recent: [] },
      surveys: { nps: null, csat: null }, consent: {}, contacts: {}, recentContacts: [],
      orders: { count: 0, revenue: 0, lastOrderAt: null, cancelled: 0, refunded: 0 }, churnedAt: null, flags: [],
    });
  });

  it('gives open tickets and complaints with their age, timestamps as ISO strings', () => {
    const state = fold(
      identify({ email: 'ann@example.com' }, { at: T0 - DAY, context: { timezone: 'Europe/London' } }),
      event('Ticket Opened', { ticket_id: 'T-1', subject: 'Broken lid', complaint: true, priority: 'high' }, { at: T0 }),
      event('Complaint Opened', { complaint_id: 'C-1', reason: 'rude driver', severity: 'medium', caused_by: 'logistics' }, { at: T0 + HOUR }),
    );
    const s = summarize(state, T0 + 25 * HOUR);
    expect(s.firstSeenAt).toBe(iso(T0 - DAY));
    expect(s.timezone).toBe('Europe/London');
    expect(s.traits).toEqual({ email: 'ann@example.com' });
    expect(s.tickets).toStrictEqual([{ ticketId: 'T-1', openedAt: iso(T0), ageHours: 25, department: 'service', complaint: true, subject: 'Broken lid', priority: 'high' }]);
    expect(s.complaints).toStrictEqual([
      { complaintId: 'T-1', openedAt: iso(T0), ageHours: 25, department: 'service', ticketId: 'T-1' },
      { complaintId: 'C-1', openedAt: iso(T0 + HOUR), ageHours: 24, department: 'service', reason: 'rude driver', severity: 'medium', causedBy: 'logistics' },
    ]);
    expect(s.flags).toEqual(['open_ticket', 'open_complaint']);
  });

  it('marks late shipments by their ETA', () => {
    const state = fold(
      event('Shipment Dispatched', { shipment_id: 'S-1', order_id: 'O-1', eta: iso(T0 + DAY) }, { at: T0, department: 'logistics' }),
      event('Shipment Dispatched', { shipment_id: 'S-2', eta: iso(T0 + 3 * DAY) }, { at: T0, department: 'logistics' }),
    );
    const s = summarize(state, T0 + DAY + 90 * 60_000);
    expect(s.shipments).toStrictEqual([
      { shipmentId: 'S-1', orderId: 'O-1', dispatchedAt: iso(T0), eta: iso(T0 + DAY), late: true, lateByHours: 1.5, delayedCount: 0, department: 'logistics' },
      { shipmentId: 'S-2', dispatchedAt: iso(T0), eta: iso(T0 + 3 * DAY), late: false, lateByHours: 0, delayedCount: 0, department: 'logistics' },
    ]);
    expect(s.flags).toEqual(['late_shipment']);
    expect(summarize(state, T0 + DAY - 1).flags).toEqual([]); // not yet late
  });

  it('gives pending refunds and open disputes with their age', () => {
    const state = fold(
      event('Refund Requested', { refund_id: 'R-1', order_id: 'O-1', amount: 19.99 }, { at: T0, department: 'billing' }),
      event('Dispute Opened', { dispute_id: 'D-1', amount: 50 }, { at: T0 + 2 * HOUR, department: 'billing' }),
    );
    const s = summarize(state, T0 + 3 * DAY);
    expect(s.refunds).toStrictEqual([{ refundId: 'R-1', orderId: 'O-1', amount: 19.99, requestedAt: iso(T0), ageHours: 72, department: 'billing' }]);
    expect(s.disputes).toStrictEqual([{ disputeId: 'D-1', amount: 50, openedAt: iso(T0 + 2 * HOUR), ageHours: 70, department: 'billing' }]);
    expect(s.flags).toEqual(['pending_refund', 'open_dispute']);
  });

  it('reports promises: open with overdue flag after due + grace, counters and kept rate', () => {
    const made = (id: string, due: number, grace = 0): TuttiEvent =>
      event('Promise Made', { promise_id: id, type: 'callback', owner: 'sales', due_at: iso(due), grace_minutes: grace, kept_by: { event: 'Contact Made' } }, { at: T0, department: 'sales' });
    const state = fold(
      made('P-1', T0 + DAY, 30), made('P-2', T0 + 2 * DAY), made('P-3', T0), made('P-4', T0), made('P-5', T0),
      event('Promise Kept', { promise_id: 'P-3' }, { at: T0 + HOUR }),
      event('Promise Kept', { promise_id: 'P-4' }, { at: T0 + HOUR }),
      event('Promise Broken', { promise_id: 'P-5' }, { at: T0 + 2 * HOUR }),
    );
    const now = T0 + DAY + 31 * 60_000;
    const s = summarize(state, now);
    expect(s.promises.open).toStrictEqual([
      { promiseId: 'P-1', type: 'callback', owner: 'sales', department: 'sales', madeAt: iso(T0), dueAt: iso(T0 + DAY), graceMinutes: 30, overdue: true, overdueByHours: 0, keptBy: { event: 'Contact Made' } },
      { promiseId: 'P-2', type: 'callback', owner: 'sales', department: 'sales', madeAt: iso(T0), dueAt: iso(T0 + 2 * DAY), graceMinutes: 0, overdue: false, overdueByHours: 0, keptBy: { event: 'Contact Made' } },
    ]);
    expect(s.promises.keptRate).toBeCloseTo(2 / 3);
    expect([s.promises.kept, s.promises.broken]).toEqual([2, 1]);
    expect(s.promises.recent.map((r) => [r.promiseId, r.outcome])).toEqual([['P-5', 'broken'], ['P-4', 'kept'], ['P-3', 'kept']]);
    expect(s.promises.lastBrokenAt).toBe(iso(T0 + 2 * HOUR));
    expect(s.flags).toEqual(['promise_overdue', 'promise_broken_recently']);
    // an hour in: nothing open is due yet; the break stamped after `now` still counts (clock skew errs towards caution)
    expect(summarize(state, T0 + HOUR).flags).toEqual(['promise_broken_recently']);
  });

  it('keptRate is null with nothing decided; a broken promise stops counting as recent after 30 days', () => {
    const state = fold(event('Promise Cancelled', { promise_id: 'P-1' }, { at: T0 }));
    expect(summarize(state, T0).promises.keptRate).toBeNull();
    const broken = fold(event('Promise Broken', { promise_id: 'P-1' }, { at: T0 }));
    expect(summarize(broken, T0 + 30 * DAY).flags).toContain('promise_broken_recently');
    expect(summarize(broken, T0 + 30 * DAY + 1).flags).not.toContain('promise_broken_recently');
  });

  it('flags two broken promises in a row', () => {
    const two = fold(event('Promise Broken', { promise_id: 'P-1' }, { at: T0 }), event('Promise Broken', { promise_id: 'P-2' }, { at: T0 + DAY }));
    expect(summarize(two, T0 + 2 * DAY).flags).toContain('promises_broken_in_row');
    applyEvent(two, event('Promise Kept', { promise_id: 'P-3' }, { at: T0 + 2 * DAY }));
    expect(summarize(two, T0 + 2 * DAY).flags).not.toContain('promises_broken_in_row');
  });

  it('flags detractors: NPS ≤ 6, CSAT ≤ 2', () => {
    const at = (score: number, survey: string) => summarize(fold(event('Survey Answered', { survey, score, comment: 'x' }, { at: T0 })), T0 + DAY);
    expect(at(6, 'nps').surveys.nps).toStrictEqual({ score: 6, at: iso(T0), comment: 'x', detractor: true });
    expect(at(6, 'nps').flags).toEqual(['detractor']);
    expect(at(7, 'nps').flags).toEqual([]);
    expect(at(2, 'csat').surveys.csat?.detractor).toBe(true);
    expect(at(3, 'csat').flags).toEqual([]);
  });

  it('gives consent per purpose and contacts per department and channel', () => {
    const state = fold(
      event('Consent Updated', { purposes: { marketing: true } }, { at: T0, department: 'marketing' }),
      event('Email Marked as Spam', {}, { at: T0 + HOUR, department: 'marketing' }),
      event('Email Delivered', {}, { at: T0, department: 'marketing' }),
      event('Email Delivered', { purpose: 'marketing' }, { at: T0 + 2 * HOUR, department: 'marketing' }),
      event('Contact Made', { channel: 'phone' }, { at: T0 + HOUR, department: 'sales' }),
      event('Contact Made', { channel: 'sms' }, { at: T0 + HOUR, department: 'constructor' }),
    );
    const s = summarize(state, T0 + DAY);
    expect(s.consent).toStrictEqual({
      marketing: { granted: true, at: iso(T0), department: 'marketing' },
      email: { granted: false, at: iso(T0 + HOUR), department: 'marketing' },
    });
    // toEqual: toStrictEqual compares `.constructor`, which here is the own key of a department named "constructor"
    expect(s.contacts).toEqual({
      marketing: { email: { count: 2, lastAt: iso(T0 + 2 * HOUR) } },
      sales: { phone: { count: 1, lastAt: iso(T0 + HOUR) } },
      constructor: { sms: { count: 1, lastAt: iso(T0 + HOUR) } },
    });
    expect(s.recentContacts[0]).toStrictEqual({ at: iso(T0 + 2 * HOUR), department: 'marketing', channel: 'email', event: 'Email Delivered', purpose: 'marketing' });
    expect(s.recentContacts).toHaveLength(4);
  });

  it('gives orders and the churned flag (cleared by a later order)', () => {
    const state = fold(
      event('Order Completed', { order_id: 'O-1', revenue: 40 }, { at: T0, department: 'sales' }),
      event('Customer Churned', {}, { at: T0 + DAY }),
    );
    let s = summarize(state, T0 + 2 * DAY);
    expect(s.orders).toStrictEqual({ count: 1, revenue: 40, lastOrderAt: iso(T0), cancelled: 0, refunded: 0 });
    expect(s.churnedAt).toBe(iso(T0 + DAY));
    expect(s.flags).toEqual(['churned']);
    applyEvent(state, event('Order Completed', { order_id: 'O-2', revenue: 10 }, { at: T0 + 3 * DAY }));
    s = summarize(state, T0 + 4 * DAY);
    expect(s.flags).toEqual([]);
  });

  it('does not share mutable objects with the state', () => {
    const state = fold(identify({ email: 'a@b.c' }), event('Promise Made', { promise_id: 'P', type: 't', owner: 'o', due_at: iso(T0), kept_by: { event: 'X' } }));
    const s = summarize(state, T0);
    s.traits['email'] = 'changed';
    const kb = s.promises.open[0]?.keptBy;
    if (kb) kb.event = 'changed';
    expect(state.traits?.['email']).toBe('a@b.c');
    expect(state.promises?.open[0]?.keptBy?.event).toBe('X');
  });

  it('never throws and always gives JSON-safe output, for any state and any now', () => {
    const names = catalogueEntries().map((e) => e.name);
    const ev = fc.record({
      name: fc.constantFrom(...names),
      props: fc.dictionary(fc.constantFrom('order_id', 'ticket_id', 'complaint', 'complaint_id', 'shipment_id', 'eta', 'new_eta', 'refund_id', 'dispute_id', 'amount', 'survey', 'score', 'promise_id', 'due_at', 'new_due_at', 'grace_minutes', 'kept_by', 'channel', 'purposes'),
        fc.oneof(fc.constantFrom('X-1', 'nps', 'csat', iso(T0), '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z'), fc.double(), fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.anything())),
      at: fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double()),
    });
    fc.assert(fc.property(fc.array(ev, { maxLength: 30 }), fc.oneof(fc.integer(), fc.double(), fc.constant(T0)), (evs, now) => {
      const state = foldEvents('c', evs.map((e, i) => event(e.name, e.props as JsonObject, { at: e.at, seq: i + 1 })));
      const s = summarize(state, now);
      expect(JSON.parse(JSON.stringify(s))).toStrictEqual(s);
      for (const t of s.tickets) expect(t.ageHours).toBeGreaterThanOrEqual(0);
    }), { numRuns: 400 });
  });
});
