import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { CATALOGUE_VERSION, catalogueEntries } from '../core/catalogue.js';
import { applyEvent, type CustomerState, emptyState, foldEvents, LIMITS, parseState, recentContactList, STATE_VERSION } from './customer-state.js';
import { DAY, event, HOUR, identify, T0 } from './test-events.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const fold = (...events: TuttiEvent[]): CustomerState => foldEvents('cus_1', events);
const roundTrip = (s: CustomerState): unknown => JSON.parse(JSON.stringify(s));

describe('emptyState and generic effects', () => {
  it('starts with every field present and null collections', () => {
    const s = emptyState('cus_9');
    expect(s.customerId).toBe('cus_9');
    expect(s.version).toBe(STATE_VERSION);
    expect(s.tickets).toBeNull();
    expect(s.promises).toBeNull();
    expect(roundTrip(s)).toStrictEqual(s);
  });

  it('tracks first and last seen, seq and events by department, whatever the order', () => {
    const s = fold(
      event('Page Viewed', {}, { at: T0 + 5 * HOUR, seq: 3, type: 'page', department: 'marketing' }),
      event('Anything Custom', {}, { at: T0, seq: 7, department: 'sales' }),
      event('Order Completed', { order_id: 'O-1' }, { at: T0 + HOUR, seq: 5, department: 'sales' }),
    );
    expect(s.firstSeenAt).toBe(T0);
    expect(s.lastSeenAt).toBe(T0 + 5 * HOUR);
    expect(s.lastSeq).toBe(7);
    expect(s.eventCount).toBe(3);
    expect(s.eventsByDepartment).toEqual({ marketing: 1, sales: 2 });
  });

  it('counts a department named like an Object.prototype member correctly', () => {
    const s = fold(event('X', {}, { department: 'constructor' }), event('X', {}, { department: 'constructor' }));
    expect(s.eventsByDepartment).toStrictEqual({ constructor: 2 });
  });

  it('keeps scalar identify traits and context.traits, newest first, capped', () => {
    const s = fold(
      identify({ email: 'ann@example.com', name: 'Ann Lee', first_name: 'Ann', address: { city: 'Leeds' }, vip: true, age: 41 }, { at: T0 + HOUR }),
      event('Page Viewed', {}, { type: 'page', at: T0 + 2 * HOUR, context: { traits: { plan: 'pro' } } }),
      identify({ email: 'old@example.com', phone: '+44 113 496 0000' }, { at: T0 }), // older: fills phone only
    );
    expect(s.traits).toStrictEqual({ email: 'ann@example.com', name: 'Ann Lee', first_name: 'Ann', vip: true, age: 41, plan: 'pro', phone: '+44 113 496 0000' });
    expect(s.traitsAt).toBe(T0 + 2 * HOUR);

    const many: JsonObject = {};
    for (let i = 0; i < 40; i++) many[`t${i}`] = i;
    expect(Object.keys(fold(identify(many)).traits ?? {})).toHaveLength(LIMITS.traits);
  });

  it('does not take traits from track properties or group calls', () => {
    const s = fold(event('Order Completed', { email: 'x@y.z' }, { traits: { email: 'x@y.z' } }), event('Group', {}, { type: 'group', traits: { name: 'ACME' } }));
    expect(s.traits).toBeNull();
  });

  it('sets the time zone from context or traits, canonical, latest wins, invalid ignored', () => {
    let s = fold(event('Page Viewed', {}, { type: 'page', context: { timezone: 'europe/paris' } }));
    expect(s.timezone).toBe('Europe/Paris');
    s = fold(
      identify({ timezone: 'America/New_York' }, { at: T0 + HOUR }),
      event('Page Viewed', {}, { type: 'page', at: T0, context: { timezone: 'Asia/Tokyo' } }), // older
      event('Page Viewed', {}, { type: 'page', at: T0 + 2 * HOUR, context: { timezone: 'Mars/Olympus_Mons' } }), // invalid
    );
    expect(s.timezone).toBe('America/New_York');
    expect(s.traits).toBeNull(); // the zone is kept apart from traits
  });
});

describe('orders', () => {
  it('counts orders, revenue (revenue ?? total ?? 0), cancellations and refunds', () => {
    const s = fold(
      event('Order Completed', { order_id: 'O-1', revenue: 10.1 }, { at: T0 }),
      event('Order Completed', { order_id: 'O-2', total: 20.2 }, { at: T0 + 2 * HOUR }),
      event('Order Completed', { order_id: 'O-3' }, { at: T0 + HOUR }),
      event('Order Cancelled', { order_id: 'O-3' }),
      event('Order Refunded', { order_id: 'O-2', total: 20.2 }),
    );
    expect(s.orders).toStrictEqual({ count: 3, revenue: 30.3, lastOrderAt: T0 + 2 * HOUR, cancelled: 1, refunded: 20.2 });
  });

  it('Order Refunded settles refunds pending on that order', () => {
    const s = fold(
      event('Refund Requested', { refund_id: 'R-1', order_id: 'O-1', amount: 5 }),
      event('Refund Requested', { refund_id: 'R-2', order_id: 'O-2', amount: 7 }),
      event('Order Refunded', { order_id: 'O-1', total: 5 }),
    );
    expect(s.refunds?.map((r) => r.id)).toEqual(['R-2']);
  });
});

describe('contacts and consent', () => {
  it('counts outbound contacts per department and channel and keeps recent ones', () => {
    const s = fold(
      event('Email Delivered', { campaign_id: 'spring', purpose: 'Marketing' }, { department: 'marketing', at: T0 }),
      event('Contact Made', { channel: 'Phone', direction: 'outbound', purpose: 'upsell' }, { department: 'sales', at: T0 + HOUR }),
      event('Contact Made', { channel: 'sms' }, { department: 'sales', at: T0 + 2 * HOUR }), // direction absent = outbound
      event('Contact Made', { channel: 'phone', direction: 'inbound' }, { department: 'service', at: T0 + 3 * HOUR }),
      event('Email Delivered', {}, { department: 'marketing', at: T0 + 4 * HOUR }),
    );
    expect(s.contacts).toStrictEqual([
      { department: 'marketing', channel: 'email', count: 2, lastAt: T0 + 4 * HOUR },
      { department: 'sales', channel: 'phone', count: 1, lastAt: T0 + HOUR },
      { department: 'sales', channel: 'sms', count: 1, lastAt: T0 + 2 * HOUR },
    ]);
    expect(recentContactList(s)).toStrictEqual([
      { at: T0, department: 'marketing', channel: 'email', event: 'Email Delivered', purpose: 'marketing' },
      { at: T0 + HOUR, department: 'sales', channel: 'phone', event: 'Contact Made', purpose: 'upsell' },
      { at: T0 + 2 * HOUR, department: 'sales', channel: 'sms', event: 'Contact Made' },
      { at: T0 + 4 * HOUR, department: 'marketing', channel: 'email', event: 'Email Delivered' },
    ]);
  });

  it('keeps only the latest contacts, in time order, even when they arrive out of order', () => {
    const events: TuttiEvent[] = [];
    for (let i = 0; i < 30; i++) events.push(event('Email Delivered', {}, { department: 'marketing', at: T0 + ((i * 7) % 30) * HOUR }));
    const s = fold(...events);
    const times = recentContactList(s).map((c) => c.at);
    expect(times).toHaveLength(LIMITS.recentContacts);
    expect(times).toEqual(Array.from({ length: 20 }, (_, i) => T0 + (i + 10) * HOUR));
    expect(s.contacts?.[0]?.count).toBe(30);
  });

  it('takes consent from Consent Updated, Segment context, Unsubscribed and spam reports; latest wins', () => {
    const s = fold(
      event('Consent Updated', { purposes: { marketing: true, analytics: true, email: true } }, { at: T0, department: 'marketing' }),
      event('Segment Consent Preference Updated', {}, { at: T0 + HOUR, context: { consent: { categoryPreferences: { Analytics: false, Advertising: true } } } }),
      event('Unsubscribed', {}, { at: T0 + 2 * HOUR, department: 'marketing' }),
      event('Unsubscribed', { purpose: 'newsletter' }, { at: T0 + 2 * HOUR }),
      event('Email Marked as Spam', {}, { at: T0 + 3 * HOUR }),
      event('Consent Updated', { purposes: { marketing: true } }, { at: T0 + HOUR / 2 }), // older than the unsubscribe: ignored
    );
    const byPurpose = Object.fromEntries((s.consent ?? []).map((c) => [c.purpose, [c.granted, c.at]]));
    expect(byPurpose).toEqual({
      marketing: [false, T0 + 2 * HOUR],
      analytics: [false, T0 + HOUR],
      email: [false, T0 + 3 * HOUR],
      advertising: [true, T0 + HOUR],
      newsletter: [false, T0 + 2 * HOUR],
    });
  });

  it('reads consent from the context of any event, including page calls', () => {
    const s = fold(event('Page Viewed', {}, { type: 'page', context: { consent: { categoryPreferences: { marketing: false, junk: 'yes' } } } }));
    expect(s.consent?.map((c) => [c.purpose, c.granted])).toEqual([['marketing', false]]);
  });

  it('breaks consent timestamp ties by seq', () => {
    const a = event('Consent Updated', { purposes: { marketing: true } }, { at: T0, seq: 9 });
    const b = event('Consent Updated', { purposes: { marketing: false } }, { at: T0, seq: 4 });
    expect(fold(a, b).consent?.[0]?.granted).toBe(true);
    expect(fold(b, a).consent?.[0]?.granted).toBe(true);
  });
});

describe('tickets and complaints', () => {
  it('opens, updates and resolves tickets', () => {
    const s = fold(
      event('Ticket Opened', { ticket_id: 'T-1', subject: 'Where is my parcel?', priority: 'high' }, { at: T0 }),
      event('Ticket Opened', { ticket_id: 'T-2' }, { at: T0 + HOUR }),
      event('Ticket Updated', { ticket_id: 'T-1', priority: 'urgent' }),
      event('Ticket Resolved', { ticket_id: 'T-2' }),
    );
    expect(s.tickets).toStrictEqual([{ id: 'T-1', openedAt: T0, department: 'service', complaint: false, subject: 'Where is my parcel?', priority: 'urgent' }]);
    expect(fold(event('Ticket Opened', { ticket_id: 'T-1' }), event('Ticket Updated', { ticket_id: 'T-1', status: 'Solved' })).tickets).toBeNull();
  });

  it('a ticket flagged complaint is also an open complaint that closes with the ticket', () => {
    let s = fold(event('Ticket Opened', { ticket_id: 'T-1', complaint: true, category: 'delivery' }, { at: T0 }));
    expect(s.complaints).toStrictEqual([{ id: 'T-1', openedAt: T0, department: 'service', ticketId: 'T-1', reason: 'delivery', viaTicket: true }]);
    applyEvent(s, event('Ticket Resolved', { ticket_id: 'T-1' }));
    expect(s.complaints).toBeNull();
    expect(s.tickets).toBeNull();

    s = fold(event('Ticket Opened', { ticket_id: 'T-1' }), event('Ticket Updated', { ticket_id: 'T-1', complaint: true }));
    expect(s.complaints?.map((c) => c.id)).toEqual(['T-1']);
    applyEvent(s, event('Ticket Updated', { ticket_id: 'T-1', complaint: false }));
    expect(s.complaints).toBeNull();
    expect(s.tickets?.[0]?.complaint).toBe(false);
  });

  it('opens, updates and resolves complaints; an explicit complaint replaces the ticket flag', () => {
    const s = fold(
      event('Ticket Opened', { ticket_id: 'T-1', complaint: true }, { at: T0 }),
      event('Complaint Opened', { complaint_id: 'C-1', ticket_id: 'T-1', reason: 'late', severity: 'high', caused_by: 'logistics' }, { at: T0 + HOUR }),
      event('Complaint Opened', { complaint_id: 'C-2', severity: 'extreme' }, { at: T0 + HOUR }),
      event('Complaint Updated', { complaint_id: 'C-2', severity: 'low' }, { at: T0 + 2 * HOUR }),
    );
    expect(s.complaints).toStrictEqual([
      { id: 'C-1', openedAt: T0 + HOUR, department: 'service', ticketId: 'T-1', reason: 'late', severity: 'high', causedBy: 'logistics' },
      { id: 'C-2', openedAt: T0 + HOUR, department: 'service', severity: 'low' },
    ]);
    applyEvent(s, event('Complaint Resolved', { complaint_id: 'C-2' }));
    applyEvent(s, event('Ticket Resolved', { ticket_id: 'T-1' })); // an explicit complaint outlives its ticket
    expect(s.complaints?.map((c) => c.id)).toEqual(['C-1']);
  });

  it('a close that arrives before its open is not undone by the late open', () => {
    const s = fold(
      event('Ticket Resolved', { ticket_id: 'T-1' }, { at: T0 + HOUR }),
      event('Ticket Opened', { ticket_id: 'T-1', complaint: true }, { at: T0 }),
      event('Complaint Resolved', { complaint_id: 'C-1' }, { at: T0 + HOUR }),
      event('Complaint Opened', { complaint_id: 'C-1' }, { at: T0 }),
      event('Shipment Delivered', { shipment_id: 'S-1' }, { at: T0 + DAY }),
      event('Shipment Dispatched', { shipment_id: 'S-1', eta: iso(T0 + DAY) }, { at: T0 }),
      event('Refund Issued', { refund_id: 'R-1' }, { at: T0 + DAY }),
      event('Refund Requested', { refund_id: 'R-1', amount: 3 }, { at: T0 }),
      event('Dispute Resolved', { dispute_id: 'D-1' }, { at: T0 + DAY }),
      event('Dispute Opened', { dispute_id: 'D-1' }, { at: T0 }),
    );
    expect([s.tickets, s.complaints, s.shipments, s.refunds, s.disputes]).toEqual([null, null, null, null, null]);
    // …but a genuinely new opening after the close does reopen
    applyEvent(s, event('Ticket Opened', { ticket_id: 'T-1' }, { at: T0 + 2 * DAY }));
    expect(s.tickets?.map((t) => t.id)).toEqual(['T-1']);
  });
});

describe('shipments, refunds, disputes', () => {
  it('tracks a shipment from dispatch through delays to delivery', () => {
    const s = fold(
      event('Shipment Dispatched', { shipment_id: 'S-1', order_id: 'O-1', carrier: 'DHL', eta: iso(T0 + 2 * DAY) }, { at: T0, department: 'logistics' }),
      event('Shipment Delayed', { shipment_id: 'S-1', new_eta: iso(T0 + 4 * DAY), reason: 'weather' }, { at: T0 + DAY }),
    );
    expect(s.shipments).toStrictEqual([{ id: 'S-1', orderId: 'O-1', dispatchedAt: T0, eta: T0 + 4 * DAY, etaAt: T0 + DAY, delayedCount: 1, department: 'logistics' }]);
    applyEvent(s, event('Shipment Delivered', { shipment_id: 'S-1' }));
    expect(s.shipments).toBeNull();
  });

  it('a delay before the dispatch event creates the shipment; the older dispatch does not undo the new ETA', () => {
    const s = fold(
      event('Shipment Delayed', { shipment_id: 'S-1', new_eta: iso(T0 + 4 * DAY) }, { at: T0 + DAY }),
      event('Shipment Dispatched', { shipment_id: 'S-1', eta: iso(T0 + 2 * DAY) }, { at: T0 }),
    );
    expect(s.shipments?.[0]).toMatchObject({ dispatchedAt: T0, eta: T0 + 4 * DAY, delayedCount: 1 });
  });

  it('an unparseable ETA skips only that effect', () => {
    const s = fold(event('Shipment Dispatched', { shipment_id: 'S-1', eta: 'next tuesday' }));
    expect(s.shipments?.[0]).toMatchObject({ id: 'S-1', eta: null });
    applyEvent(s, event('Shipment Delayed', { shipment_id: 'S-1', new_eta: 'soon' }));
    expect(s.shipments?.[0]).toMatchObject({ eta: null, delayedCount: 1 });
  });

  it('tracks refunds and disputes', () => {
    const s = fold(
      event('Refund Requested', { refund_id: 'R-1', order_id: 'O-1', amount: 12.5 }, { at: T0, department: 'billing' }),
      event('Refund Requested', { refund_id: 'R-2', amount: 4 }, { at: T0 + HOUR, department: 'billing' }),
      event('Refund Issued', { refund_id: 'R-2' }),
      event('Dispute Opened', { dispute_id: 'D-1', order_id: 'O-1', amount: 12.5 }, { at: T0, department: 'billing' }),
      event('Dispute Opened', { dispute_id: 'D-2' }, { at: T0, department: 'billing' }),
      event('Dispute Resolved', { dispute_id: 'D-2', outcome: 'won' }),
    );
    expect(s.refunds).toStrictEqual([{ id: 'R-1', orderId: 'O-1', amount: 12.5, requestedAt: T0, department: 'billing' }]);
    expect(s.orders?.refunded).toBe(4); // the issued amount defaults to the requested one
    expect(s.disputes).toStrictEqual([{ id: 'D-1', orderId: 'O-1', amount: 12.5, openedAt: T0, department: 'billing' }]);
  });
});

describe('surveys and lifecycle', () => {
  it('keeps the latest answer per survey type', () => {
    const s = fold(
      event('Survey Answered', { survey: 'nps', score: 9 }, { at: T0 + DAY }),
      event('Survey Answered', { survey: 'nps', score: 3, comment: 'slow' }, { at: T0 }), // older
      event('Survey Answered', { survey: 'csat', score: 2, comment: 'meh' }, { at: T0, seq: 1000 }),
      event('Survey Answered', { survey: 'ces', score: 2 }),
      event('Survey Answered', { survey: 'nps', score: 42 }, { at: T0 + 2 * DAY }),
    );
    expect(s.nps).toStrictEqual({ score: 9, at: T0 + DAY, seq: expect.any(Number) as number });
    expect(s.csat).toStrictEqual({ score: 2, at: T0, seq: 1000, comment: 'meh' });
  });

  it('records churn (latest)', () => {
    const s = fold(event('Customer Churned', { reason: 'price' }, { at: T0 + DAY }), event('Customer Churned', {}, { at: T0 }));
    expect(s.churnedAt).toBe(T0 + DAY);
  });

  it('uncatalogued events and non-track calls named like catalogue events drive no state', () => {
    const s = fold(
      event('Order Completed', { order_id: 'O-1', revenue: 5 }, { type: 'page' }),
      event('Ticket Opened', { ticket_id: 'T-1' }, { type: 'screen' }),
      event('Parcel Teleported', { shipment_id: 'S-1' }),
    );
    expect(s.orders).toBeNull();
    expect(s.tickets).toBeNull();
    expect(s.shipments).toBeNull();
    expect(s.eventCount).toBe(3);
  });
});

describe('promises', () => {
  const due = T0 + 2 * DAY;
  const made = (extra: JsonObject = {}): TuttiEvent =>
    event('Promise Made', {
      promise_id: 'P-1', type: 'refund', owner: 'billing', due_at: iso(due), grace_minutes: 60,
      kept_by: { event: 'Refund Issued', refund_id: 'R-1', min_amount: 20 }, campaign_id: 'spring', ...extra,
    }, { at: T0, department: 'service' });

  it('records an open promise', () => {
    expect(fold(made()).promises).toStrictEqual({
      open: [{ id: 'P-1', type: 'refund', owner: 'billing', dueAt: due, graceMinutes: 60, madeAt: T0, department: 'service', keptBy: { event: 'Refund Issued', refundId: 'R-1', minAmount: 20 }, campaignId: 'spring' }],
      kept: 0, broken: 0, renegotiated: 0, cancelled: 0, lastBrokenAt: null, recent: [],
    });
  });

  it('is kept by the matching event on time (grace included)', () => {
    const s = fold(made(), event('Refund Issued', { refund_id: 'R-1', amount: 25 }, { at: due + 59 * 60_000 }));
    expect(s.promises?.open).toEqual([]);
    expect(s.promises?.kept).toBe(1);
    expect(s.promises?.recent).toStrictEqual([{ id: 'P-1', outcome: 'kept', at: due + 59 * 60_000, type: 'refund', owner: 'billing', department: 'service', dueAt: due }]);
  });

  it.each([
    ['wrong id', event('Refund Issued', { refund_id: 'R-2', amount: 25 }, { at: T0 + HOUR })],
    ['amount too small', event('Refund Issued', { refund_id: 'R-1', amount: 19.99 }, { at: T0 + HOUR })],
    ['no amount', event('Refund Issued', { refund_id: 'R-1' }, { at: T0 + HOUR })],
    ['other event', event('Refund Requested', { refund_id: 'R-1', amount: 25 }, { at: T0 + HOUR })],
    ['not a track call', event('Refund Issued', { refund_id: 'R-1', amount: 25 }, { at: T0 + HOUR, type: 'page' })],
  ])('is not kept by a non-matching event: %s', (_name, ev) => {
    const s = fold(made(), ev);
    expect(s.promises?.open.map((p) => p.id)).toEqual(['P-1']);
    expect(s.promises?.kept).toBe(0);
    expect(s.promises?.broken).toBe(0); // the reducer never breaks a promise because time passed
  });

  it('closes a promise fulfilled after its deadline as broken', () => {
    const s = fold(made(), event('Refund Issued', { refund_id: 'R-1', amount: 25 }, { at: due + 2 * HOUR }));
    expect(s.promises?.open).toEqual([]);
    expect(s.promises?.broken).toBe(1);
    expect(s.promises?.lastBrokenAt).toBe(due + 2 * HOUR);
  });

  it('matches on order id for order events (total counts as the amount)', () => {
    const mk = (orderId: string): TuttiEvent => event('Order Completed', { order_id: orderId, total: 30 }, { at: T0 + HOUR });
    const p = made({ kept_by: { event: 'Order Completed', order_id: 'O-7', min_amount: 10 } });
    expect(fold(p, mk('O-8')).promises?.kept).toBe(0);
    expect(fold(p, mk('O-7')).promises?.kept).toBe(1);
  });

  it('explicit events set the outcome; renegotiation moves the due time and keeps it open', () => {
    const s = fold(made({ promise_id: 'P-1' }), made({ promise_id: 'P-2' }), made({ promise_id: 'P-3' }), made({ promise_id: 'P-4' }),
      event('Promise Kept', { promise_id: 'P-1' }, { at: T0 + HOUR }),
      event('Promise Broken', { promise_id: 'P-2', reason: 'stock' }, { at: T0 + 3 * DAY }),
      event('Promise Cancelled', { promise_id: 'P-3' }, { at: T0 + HOUR }),
      event('Promise Renegotiated', { promise_id: 'P-4', new_due_at: iso(T0 + 9 * DAY) }, { at: T0 + DAY }),
      event('Promise Renegotiated', { promise_id: 'P-4', new_due_at: 'whenever' }, { at: T0 + DAY }),
    );
    const led = s.promises;
    expect([led?.kept, led?.broken, led?.cancelled, led?.renegotiated]).toEqual([1, 1, 1, 1]);
    expect(led?.lastBrokenAt).toBe(T0 + 3 * DAY);
    expect(led?.open.map((p) => [p.id, p.dueAt])).toEqual([['P-4', T0 + 9 * DAY]]);
    expect(led?.recent.map((c) => [c.id, c.outcome])).toEqual([['P-1', 'kept'], ['P-2', 'broken'], ['P-3', 'cancelled']]);
    // after renegotiation the proof can arrive later than the old due time
    applyEvent(s, event('Refund Issued', { refund_id: 'R-1', amount: 30 }, { at: T0 + 5 * DAY }));
    expect(s.promises?.kept).toBe(2);
  });

  it('does not double count: an explicit Kept after the automatic one is a no-op; a later Broken overrules', () => {
    const s = fold(made(), event('Refund Issued', { refund_id: 'R-1', amount: 25 }, { at: T0 + HOUR }), event('Promise Kept', { promise_id: 'P-1' }, { at: T0 + 2 * HOUR }));
    expect([s.promises?.kept, s.promises?.broken]).toEqual([1, 0]);
    applyEvent(s, event('Promise Broken', { promise_id: 'P-1' }, { at: T0 + 3 * HOUR }));
    expect([s.promises?.kept, s.promises?.broken, s.promises?.lastBrokenAt]).toEqual([0, 1, T0 + 3 * HOUR]);
  });

  it('a late-arriving Promise Made does not reopen a closed promise; unknown promises still count', () => {
    const s = fold(event('Promise Broken', { promise_id: 'P-1' }, { at: T0 + DAY }), made());
    expect(s.promises?.open).toEqual([]);
    expect(s.promises?.broken).toBe(1);
    expect(s.promises?.recent).toStrictEqual([{ id: 'P-1', outcome: 'broken', at: T0 + DAY }]);
  });

  it('keeps only the last closed promises', () => {
    const events: TuttiEvent[] = [];
    for (let i = 0; i < 15; i++) events.push(event('Promise Cancelled', { promise_id: `P-${i}` }, { at: T0 + i }));
    const s = fold(...events);
    expect(s.promises?.recent).toHaveLength(LIMITS.recentPromises);
    expect(s.promises?.recent[0]?.id).toBe('P-5');
    expect(s.promises?.cancelled).toBe(15);
  });

  it('ignores a promise without a parseable due time', () => {
    expect(fold(made({ due_at: 'someday' })).promises).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const departments = fc.constantFrom('marketing', 'sales', 'service', 'logistics', 'billing');
const smallId = (prefix: string): fc.Arbitrary<string> => fc.integer({ min: 1, max: 4 }).map((n) => `${prefix}-${n}`);
const money = fc.integer({ min: 0, max: 50_000 }).map((c) => c / 100);
const dateText = fc.integer({ min: 0, max: 60 * DAY }).map((d) => iso(T0 + d));
const tuple = (name: string, props: fc.Arbitrary<JsonObject>): fc.Arbitrary<[string, JsonObject]> => props.map((p) => [name, p]);

/** Properties that fit each catalogued event, with small id spaces so that events interact. */
const catalogued: fc.Arbitrary<[string, JsonObject]> = fc.oneof(
  tuple('Order Completed', fc.record({ order_id: smallId('O'), revenue: money }, { requiredKeys: ['order_id'] })),
  tuple('Order Cancelled', fc.record({ order_id: smallId('O') })),
  tuple('Order Refunded', fc.record({ order_id: smallId('O'), total: money }, { requiredKeys: ['order_id'] })),
  tuple('Email Delivered', fc.record({ purpose: fc.constantFrom('marketing', 'service') }, { requiredKeys: [] })),
  tuple('Email Marked as Spam', fc.constant({})),
  tuple('Unsubscribed', fc.record({ purpose: fc.constantFrom('marketing', 'newsletter') }, { requiredKeys: [] })),
  tuple('Contact Made', fc.record({ channel: fc.constantFrom('phone', 'sms', 'push'), direction: fc.constantFrom('outbound', 'inbound'), purpose: fc.constantFrom('upsell', 'callback') }, { requiredKeys: ['channel'] })),
  tuple('Ticket Opened', fc.record({ ticket_id: smallId('T'), subject: fc.string(), complaint: fc.boolean(), priority: fc.constantFrom('low', 'high') }, { requiredKeys: ['ticket_id'] })),
  tuple('Ticket Updated', fc.record({ ticket_id: smallId('T'), status: fc.constantFrom('open', 'pending', 'solved'), complaint: fc.boolean() }, { requiredKeys: ['ticket_id'] })),
  tuple('Ticket Resolved', fc.record({ ticket_id: smallId('T') })),
  tuple('Complaint Opened', fc.record({ complaint_id: smallId('C'), ticket_id: smallId('T'), reason: fc.string(), severity: fc.constantFrom('low', 'medium', 'high'), caused_by: departments }, { requiredKeys: ['complaint_id'] })),
  tuple('Complaint Updated', fc.record({ complaint_id: smallId('C'), severity: fc.constantFrom('low', 'high') }, { requiredKeys: ['complaint_id'] })),
  tuple('Complaint Resolved', fc.record({ complaint_id: smallId('C') })),
  tuple('Shipment Dispatched', fc.record({ shipment_id: smallId('S'), order_id: smallId('O'), eta: dateText }, { requiredKeys: ['shipment_id', 'eta'] })),
  tuple('Shipment Delayed', fc.record({ shipment_id: smallId('S'), new_eta: dateText })),
  tuple('Shipment Delivered', fc.record({ shipment_id: smallId('S') })),
  tuple('Refund Requested', fc.record({ refund_id: smallId('R'), order_id: smallId('O'), amount: money }, { requiredKeys: ['refund_id', 'amount'] })),
  tuple('Refund Issued', fc.record({ refund_id: smallId('R'), amount: money }, { requiredKeys: ['refund_id'] })),
  tuple('Dispute Opened', fc.record({ dispute_id: smallId('D'), amount: money }, { requiredKeys: ['dispute_id'] })),
  tuple('Dispute Resolved', fc.record({ dispute_id: smallId('D') })),
  tuple('Survey Answered', fc.oneof(
    fc.record({ survey: fc.constant('nps'), score: fc.integer({ min: 0, max: 10 }), comment: fc.string() }, { requiredKeys: ['survey', 'score'] }),
    fc.record({ survey: fc.constant('csat'), score: fc.integer({ min: 1, max: 5 }) }),
  )),
  tuple('Promise Made', fc.record({
    promise_id: smallId('P'), type: fc.constantFrom('delivery', 'refund', 'callback'), owner: departments, due_at: dateText,
    grace_minutes: fc.integer({ min: 0, max: 120 }),
    kept_by: fc.record({ event: fc.constantFrom('Shipment Delivered', 'Refund Issued', 'Order Completed'), shipment_id: smallId('S'), refund_id: smallId('R'), min_amount: money }, { requiredKeys: ['event'] }),
  }, { requiredKeys: ['promise_id', 'type', 'owner', 'due_at'] })),
  tuple('Promise Kept', fc.record({ promise_id: smallId('P') })),
  tuple('Promise Broken', fc.record({ promise_id: smallId('P') })),
  tuple('Promise Renegotiated', fc.record({ promise_id: smallId('P'), new_due_at: dateText })),
  tuple('Promise Cancelled', fc.record({ promise_id: smallId('P') })),
  tuple('Consent Updated', fc.record({ purposes: fc.dictionary(fc.constantFrom('marketing', 'email', 'analytics'), fc.boolean()) })),
  tuple('Customer Churned', fc.constant({})),
  tuple('Lead Created', fc.constant({})),
  tuple('Something Custom', fc.record({ x: fc.integer() })),
);

const contextArb: fc.Arbitrary<JsonObject> = fc.record({
  timezone: fc.constantFrom('Europe/Paris', 'America/New_York', 'Not/AZone', 'asia/tokyo'),
  consent: fc.record({ categoryPreferences: fc.dictionary(fc.constantFrom('marketing', 'analytics', 'Advertising'), fc.boolean()) }),
  traits: fc.record({ plan: fc.constantFrom('free', 'pro') }),
}, { requiredKeys: [] });

/** A plausible event; a small time span makes equal timestamps common (ties go to seq). */
function eventArb(timeSpan: number): fc.Arbitrary<TuttiEvent> {
  const at = fc.integer({ min: 0, max: timeSpan }).map((d) => T0 + d);
  const track = fc.record({ kind: catalogued, at, department: departments, context: contextArb })
    .map(({ kind, at: ts, department, context }) => event(kind[0], kind[1], { at: ts, department, context, seq: 0 }));
  const ident = fc.record({
    at,
    department: departments,
    traits: fc.record({ email: fc.constantFrom('a@x.io', 'b@x.io'), name: fc.string(), timezone: fc.constantFrom('Europe/Berlin', 'UTC', 'nonsense') }),
  }).map(({ at: ts, department, traits }) => identify(traits, { at: ts, department, seq: 0 }));
  return fc.oneof({ weight: 6, arbitrary: track }, { weight: 1, arbitrary: ident });
}

/** A log: events with seq 1..n in log order. */
function logArb(maxLength: number, timeSpan: number): fc.Arbitrary<TuttiEvent[]> {
  return fc.array(eventArb(timeSpan), { maxLength }).map((evs) => evs.map((e, i) => ({ ...e, seq: i + 1, messageId: `m-${i + 1}` })));
}

/** The facts the design promises are independent of application order. */
function orderFreeFacts(s: CustomerState): unknown {
  const sortBy = <T>(xs: T[] | null, key: (x: T) => string): T[] => [...(xs ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return {
    firstSeenAt: s.firstSeenAt,
    lastSeenAt: s.lastSeenAt,
    lastSeq: s.lastSeq,
    eventCount: s.eventCount,
    eventsByDepartment: s.eventsByDepartment,
    traitsAt: s.traitsAt,
    timezone: s.timezone,
    nps: s.nps,
    csat: s.csat,
    consent: sortBy(s.consent, (c) => c.purpose),
    churnedAt: s.churnedAt,
    orders: s.orders === null ? null : { count: s.orders.count, revenue: s.orders.revenue, lastOrderAt: s.orders.lastOrderAt, cancelled: s.orders.cancelled },
    contacts: sortBy(s.contacts, (c) => `${c.department}/${c.channel}`),
    // which contacts are the latest 20 is order-free; among equal times their order is not
    recentContactTimes: s.recentContacts?.at ?? [],
  };
}

describe('properties', () => {
  it('a state survives a JSON round trip unchanged', () => {
    fc.assert(fc.property(logArb(80, 30 * DAY), (log) => {
      const s = foldEvents('cus_1', log);
      expect(roundTrip(s)).toStrictEqual(s);
      expect(parseState(JSON.stringify(s))).toStrictEqual(s);
    }), { numRuns: 300 });
  });

  it('applying events to a revived snapshot equals applying them to the live state', () => {
    fc.assert(fc.property(logArb(40, 30 * DAY), logArb(40, 30 * DAY), (a, b) => {
      const live = foldEvents('cus_1', a);
      const revived = parseState(JSON.stringify(live));
      if (revived === null) throw new Error('snapshot did not parse');
      for (const ev of b) {
        applyEvent(live, ev);
        applyEvent(revived, ev);
      }
      expect(revived).toStrictEqual(live);
    }), { numRuns: 150 });
  });

  it('"latest" facts, counters and sums do not depend on the order events arrive in', () => {
    // small time span: many equal timestamps, so the seq tie-break is exercised too
    fc.assert(fc.property(logArb(50, 3 * HOUR), fc.integer(), (log, seed) => {
      const shuffled = shuffle(log, seed);
      const inOrder = foldEvents('cus_1', log);
      const outOfOrder = foldEvents('cus_1', shuffled);
      expect(orderFreeFacts(outOfOrder)).toEqual(orderFreeFacts(inOrder));
      // traits keep one watermark, not a time per key: what is promised is that the newest
      // trait-bearing event's values win, whatever the order
      const newest = newestTraits(log);
      for (const s of [inOrder, outOfOrder]) for (const [k, v] of Object.entries(newest)) expect(s.traits?.[k]).toEqual(v);
    }), { numRuns: 300 });
  });

  it('traits are order-free when events carry the same keys (the usual identify)', () => {
    const identifies = fc.array(fc.record({ at: fc.integer({ min: 0, max: 100 }), email: fc.emailAddress(), name: fc.string() }), { maxLength: 20 })
      .map((xs) => xs.map((x, i) => identify({ email: x.email, name: x.name }, { at: T0 + x.at, seq: i + 1 })));
    fc.assert(fc.property(identifies, fc.integer(), (log, seed) => {
      expect(foldEvents('c', shuffle(log, seed)).traits).toEqual(foldEvents('c', log).traits);
    }));
  });

  it('folding is deterministic', () => {
    fc.assert(fc.property(logArb(60, 30 * DAY), (log) => {
      expect(JSON.stringify(foldEvents('c', log))).toBe(JSON.stringify(foldEvents('c', log)));
    }), { numRuns: 100 });
  });

  it('never throws on arbitrary payloads, and the state stays JSON-exact', () => {
    const names = [...catalogueEntries().map((e) => e.name), 'Identify', 'Unknown Thing'];
    const anything = fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true, withObjectString: true, maxDepth: 3 });
    const wild = fc.record({
      name: fc.constantFrom(...names),
      type: fc.constantFrom('track', 'track', 'track', 'identify', 'page', 'group'),
      properties: anything,
      traits: anything,
      context: anything,
      timestamp: fc.oneof(fc.integer({ min: T0, max: T0 + 30 * DAY }), fc.double()),
      seq: fc.oneof(fc.nat(), fc.double()),
      department: fc.oneof(departments, fc.string(), fc.constant('__proto__')),
    });
    fc.assert(fc.property(fc.array(wild, { maxLength: 30 }), logArb(20, DAY), (wilds, log) => {
      const s = emptyState('cus_1');
      const all: TuttiEvent[] = [...log];
      for (const w of wilds) {
        const ev = event(w.name, {}, { at: T0, seq: 1 });
        // deliberately violate the TuttiEvent types, as a corrupt row or a future catalogue might
        Object.assign(ev, { type: w.type, properties: w.properties, traits: w.traits, context: w.context, timestamp: w.timestamp, seq: w.seq, department: w.department });
        all.splice(all.length > 0 ? Math.abs(w.seq | 0) % all.length : 0, 0, ev);
      }
      for (const ev of all) applyEvent(s, ev);
      expect(roundTrip(s)).toStrictEqual(s);
    }), { numRuns: 400 });
  });

  it('never throws on payloads shaped like the catalogue but with wrong value types', () => {
    const keys = ['order_id', 'revenue', 'total', 'amount', 'ticket_id', 'complaint', 'complaint_id', 'shipment_id', 'eta', 'new_eta', 'refund_id', 'dispute_id', 'survey', 'score', 'promise_id', 'due_at', 'new_due_at', 'grace_minutes', 'kept_by', 'purposes', 'purpose', 'channel', 'direction', 'status', 'severity', 'caused_by', 'subject', 'priority', 'comment', 'owner', 'type'];
    const props = fc.dictionary(fc.constantFrom(...keys), fc.oneof(fc.anything(), fc.constantFrom('P-1', 'T-1', 'S-1', 'nps', 'outbound', 'closed', iso(T0), -1, 0, Number.NaN, 1e308)), { maxKeys: 8 });
    const names = catalogueEntries().map((e) => e.name);
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...names), props, fc.integer({ min: 0, max: DAY })), { maxLength: 40 }), (evs) => {
      const s = emptyState('c');
      evs.forEach(([name, p, at], i) => applyEvent(s, event(name, p as JsonObject, { at: T0 + at, seq: i + 1 })));
      expect(roundTrip(s)).toStrictEqual(s);
    }), { numRuns: 400 });
  });
});

describe('catalogue coverage', () => {
  it('the reducer was written against this catalogue version', () => {
    // A new catalogue minor version may add events: check here whether they should drive state.
    expect(CATALOGUE_VERSION).toBe('1.0.0');
  });
});

/** The scalar traits of the newest (timestamp, then seq) event that carries any. */
function newestTraits(log: TuttiEvent[]): Record<string, unknown> {
  let best: { at: number; seq: number; traits: Record<string, unknown> } | null = null;
  for (const ev of log) {
    const traits: Record<string, unknown> = {};
    const ctx = ev.context['traits'];
    if (ctx !== null && typeof ctx === 'object' && !Array.isArray(ctx)) Object.assign(traits, ctx);
    if (ev.type === 'identify') Object.assign(traits, ev.traits);
    delete traits['timezone'];
    if (Object.keys(traits).length === 0) continue;
    if (best === null || ev.timestamp > best.at || (ev.timestamp === best.at && ev.seq >= best.seq)) best = { at: ev.timestamp, seq: ev.seq, traits };
  }
  return best?.traits ?? {};
}

function shuffle<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let x = seed | 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = Math.abs(x) % (i + 1);
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
