import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { applyEvent, type CustomerState, emptyState, foldEvents } from '../state/customer-state.js';
import { DAY, event, HOUR, identify, T0 } from '../state/test-events.js';
import { FACTS } from './policy-schema.js';
import { MAX_SEGMENT_DEPTH, MAX_SEGMENT_LENGTH, parseSegment, type Segment } from './segment-expression.js';

const NOW = T0 + 10 * DAY;
const iso = (ms: number): string => new Date(ms).toISOString();
const fold = (...events: TuttiEvent[]): CustomerState => foldEvents('cus_1', events);

function seg(text: string): Segment {
  const r = parseSegment(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse: ${r.error.message}`);
  return r.segment;
}

function errorOf(text: string): { message: string; column: number } {
  const r = parseSegment(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to fail`);
  return r.error;
}

const matches = (text: string, s: CustomerState, now = NOW): boolean => seg(text).matches(s, now);

/** A state with an open complaint (a), a late shipment (b) and an open ticket (c) as asked. */
function abc(a: boolean, b: boolean, c: boolean): CustomerState {
  const events: TuttiEvent[] = [event('Page Viewed', {}, { type: 'page', at: T0 })];
  if (a) events.push(event('Complaint Opened', { complaint_id: 'C-1' }, { at: T0 }));
  if (b) events.push(event('Shipment Dispatched', { shipment_id: 'S-1', eta: iso(T0 + DAY) }, { at: T0, department: 'logistics' }));
  if (c) events.push(event('Ticket Opened', { ticket_id: 'T-1' }, { at: T0 }));
  return fold(...events);
}
const BOOLS = [false, true];
const EIGHT = BOOLS.flatMap((a) => BOOLS.flatMap((b) => BOOLS.map((c) => ({ a, b, c, s: abc(a, b, c) }))));

describe('parseSegment: parsing and precedence', () => {
  it('returns the text, the terms used (in order, once each) and a frozen segment', () => {
    const text = 'open_complaint older_than 3d or orders >= 2 and not open_complaint and trait(plan) = "gold" and department_events(Service) > 3 and all';
    const s = seg(text);
    expect(s.text).toBe(text);
    expect(s.terms).toEqual(['open_complaint', 'orders', 'trait(plan)', 'department_events(service)']);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.terms)).toBe(true);
    expect(seg('all').terms).toEqual([]);
  });

  it('and binds tighter than or; not binds tightest', () => {
    for (const { a, b, c, s } of EIGHT) {
      expect(matches('open_complaint or late_shipment and open_ticket', s)).toBe(a || (b && c));
      expect(matches('open_ticket and late_shipment or open_complaint', s)).toBe((c && b) || a);
      expect(matches('(open_complaint or late_shipment) and open_ticket', s)).toBe((a || b) && c);
      expect(matches('not open_complaint and late_shipment', s)).toBe(!a && b);
      expect(matches('not (open_complaint and late_shipment)', s)).toBe(!(a && b));
      expect(matches('not not open_complaint or open_ticket', s)).toBe(a || c);
      expect(matches('open_complaint and late_shipment and open_ticket', s)).toBe(a && b && c);
      expect(matches('open_complaint or late_shipment or open_ticket', s)).toBe(a || b || c);
      expect(matches('((open_complaint))', s)).toBe(a);
    }
  });

  it('is case-insensitive for keywords and term names, and needs no spaces around symbols', () => {
    for (const { a, b, c, s } of EIGHT) {
      expect(matches('OPEN_COMPLAINT Or Late_Shipment AND NOT open_ticket', s)).toBe(a || (b && !c));
      expect(matches('(open_complaint)or(open_tickets>=1)', s)).toBe(a || c);
    }
    const s = fold(event('Complaint Opened', { complaint_id: 'C-1' }, { at: T0 }));
    expect(matches('open_complaint OLDER_THAN 9D', s)).toBe(true);
  });

  it('folds all away: all and X is X, all or X is everyone, not all is no one', () => {
    const empty = emptyState('cus_1');
    expect(matches('all', empty)).toBe(true);
    expect(matches('not all', empty)).toBe(false);
    expect(matches('all or open_complaint', empty)).toBe(true);
    expect(matches('all and open_complaint', empty)).toBe(false);
    expect(matches('not all or not open_complaint', empty)).toBe(true);
  });
});

describe('yes/no terms on states built from events', () => {
  it('open_complaint, with older_than', () => {
    const s = fold(event('Complaint Opened', { complaint_id: 'C-1' }, { at: T0 + 5 * DAY }));
    expect(matches('open_complaint', s)).toBe(true);
    expect(matches('open_complaint older_than 5d', s)).toBe(true);
    expect(matches('open_complaint older_than 6d', s)).toBe(false);
    expect(matches('open_complaint older_than 119h', s)).toBe(true);
    applyEvent(s, event('Complaint Resolved', { complaint_id: 'C-1' }, { at: T0 + 6 * DAY }));
    expect(matches('open_complaint', s)).toBe(false);
    // A ticket flagged complaint is an open complaint too.
    expect(matches('open_complaint', fold(event('Ticket Opened', { ticket_id: 'T-1', complaint: true }, { at: T0 })))).toBe(true);
  });

  it('late_shipment: past its ETA at now; older_than asks for more', () => {
    const s = fold(event('Shipment Dispatched', { shipment_id: 'S-1', eta: iso(T0 + 2 * DAY) }, { at: T0, department: 'logistics' }));
    expect(matches('late_shipment', s, T0 + DAY)).toBe(false);
    expect(matches('late_shipment', s)).toBe(true);
    expect(matches('late_shipment older_than 8d', s)).toBe(true);
    expect(matches('late_shipment older_than 9d', s)).toBe(false);
    applyEvent(s, event('Shipment Delayed', { shipment_id: 'S-1', new_eta: iso(T0 + 12 * DAY) }, { at: T0 + DAY }));
    expect(matches('late_shipment', s)).toBe(false);
    applyEvent(s, event('Shipment Delivered', { shipment_id: 'S-1' }, { at: T0 + 13 * DAY }));
    expect(matches('late_shipment', s, T0 + 20 * DAY)).toBe(false);
  });

  it('pending_refund, open_dispute, open_ticket', () => {
    const s = fold(
      event('Refund Requested', { refund_id: 'R-1', amount: 12 }, { at: T0 + 8 * DAY, department: 'billing' }),
      event('Dispute Opened', { dispute_id: 'D-1' }, { at: T0 + DAY, department: 'billing' }),
      event('Ticket Opened', { ticket_id: 'T-1' }, { at: T0 + 9 * DAY }),
    );
    expect(matches('pending_refund and open_dispute and open_ticket', s)).toBe(true);
    expect(matches('pending_refund older_than 3d', s)).toBe(false);
    expect(matches('open_dispute older_than 3d', s)).toBe(true);
    expect(matches('open_ticket older_than 1d', s)).toBe(true);
    expect(matches('open_ticket older_than 2d', s)).toBe(false);
    applyEvent(s, event('Refund Issued', { refund_id: 'R-1' }));
    applyEvent(s, event('Dispute Resolved', { dispute_id: 'D-1' }));
    applyEvent(s, event('Ticket Resolved', { ticket_id: 'T-1' }));
    expect(matches('pending_refund or open_dispute or open_ticket', s)).toBe(false);
  });

  it('promise_overdue and promise_broken_recently (30 days unless within says otherwise)', () => {
    const made = event('Promise Made', { promise_id: 'P-1', type: 'callback', owner: 'service', due_at: iso(T0 + DAY), grace_minutes: 60 }, { at: T0 });
    const s = fold(made);
    expect(matches('promise_overdue', s, T0 + DAY + 30 * 60_000)).toBe(false); // within grace
    expect(matches('promise_overdue', s)).toBe(true);
    expect(matches('promise_overdue older_than 9d', s)).toBe(false); // deadline T0 + 1d + 1h is under 9 days back
    expect(matches('promise_overdue older_than 8d', s)).toBe(true);
    expect(matches('promise_broken_recently', s)).toBe(false);

    applyEvent(s, event('Promise Broken', { promise_id: 'P-1' }, { at: T0 + 2 * DAY }));
    expect(matches('promise_overdue', s)).toBe(false);
    expect(matches('promise_broken_recently', s)).toBe(true);
    expect(matches('promise_broken_recently', s, T0 + 33 * DAY)).toBe(false);
    expect(matches('promise_broken_recently within 60d', s, T0 + 33 * DAY)).toBe(true);
    expect(matches('promise_broken_recently within 7d', s)).toBe(false);
  });

  it('detractor (NPS ≤ 6 or CSAT ≤ 2) and promoter (NPS ≥ 9), with within', () => {
    const d = fold(event('Survey Answered', { survey: 'nps', score: 4 }, { at: T0 }));
    expect(matches('detractor', d)).toBe(true);
    expect(matches('detractor', d, T0 + 400 * DAY)).toBe(true); // any time by default
    expect(matches('detractor within 10d', d)).toBe(true);
    expect(matches('detractor within 9d', d)).toBe(false);
    expect(matches('promoter', d)).toBe(false);
    expect(matches('detractor', fold(event('Survey Answered', { survey: 'csat', score: 2 }, { at: T0 })))).toBe(true);
    const p = fold(event('Survey Answered', { survey: 'nps', score: 9 }, { at: T0 }));
    expect(matches('promoter and not detractor', p)).toBe(true);
    expect(matches('promoter within 1w', p)).toBe(false);
  });

  it('recent_order (30 days unless within says otherwise)', () => {
    const s = fold(event('Order Completed', { order_id: 'O-1', revenue: 10 }, { at: T0 }));
    expect(matches('recent_order', s)).toBe(true);
    expect(matches('recent_order', s, T0 + 31 * DAY)).toBe(false);
    expect(matches('recent_order within 5d', s)).toBe(false);
    expect(matches('recent_order within 2w', s)).toBe(true);
    expect(matches('recent_order', emptyState('cus_1'))).toBe(false);
  });

  it('has_timezone', () => {
    expect(matches('has_timezone', fold(identify({ timezone: 'Europe/Paris' })))).toBe(true);
    expect(matches('has_timezone', fold(identify({ timezone: 'Mars/Olympus_Mons' })))).toBe(false);
    expect(matches('not has_timezone', fold(event('Page Viewed', {}, { type: 'page' })))).toBe(true);
  });

  it('consent_withdrawn(purpose): the latest consent for that purpose says no', () => {
    const s = fold(event('Unsubscribed', {}, { at: T0, department: 'marketing' }));
    expect(matches('consent_withdrawn(marketing)', s)).toBe(true);
    expect(matches('consent_withdrawn(MARKETING)', s)).toBe(true);
    expect(matches('consent_withdrawn("marketing")', s)).toBe(true);
    expect(matches('consent_withdrawn(email)', s)).toBe(false); // never mentioned
    applyEvent(s, event('Consent Updated', { purposes: { marketing: true, email: false } }, { at: T0 + HOUR }));
    expect(matches('consent_withdrawn(marketing)', s)).toBe(false);
    expect(matches('consent_withdrawn(email)', s)).toBe(true);
    expect(matches('consent_withdrawn(marketing)', emptyState('cus_1'))).toBe(false);
  });
});

describe('numeric fields on states built from events', () => {
  const s = fold(
    event('Order Completed', { order_id: 'O-1', revenue: 10.5 }, { at: T0, department: 'sales' }),
    event('Order Completed', { order_id: 'O-2', total: 20 }, { at: T0 + 4 * DAY, department: 'sales' }),
    event('Ticket Opened', { ticket_id: 'T-1' }, { at: T0 }),
    event('Ticket Opened', { ticket_id: 'T-2', complaint: true }, { at: T0 }),
    event('Complaint Opened', { complaint_id: 'C-1' }, { at: T0 }),
    event('Shipment Dispatched', { shipment_id: 'S-1', eta: iso(T0 + DAY) }, { at: T0, department: 'logistics' }),
    event('Shipment Dispatched', { shipment_id: 'S-2', eta: iso(T0 + 20 * DAY) }, { at: T0, department: 'logistics' }),
    event('Survey Answered', { survey: 'nps', score: 7 }, { at: T0 + DAY }),
    event('Email Delivered', {}, { at: NOW - 8 * DAY, department: 'marketing' }),
    event('Email Delivered', {}, { at: NOW - 7 * DAY, department: 'marketing' }), // exactly 7 days back: aged out
    event('Email Delivered', {}, { at: NOW - 6 * DAY, department: 'marketing' }),
    event('Contact Made', { channel: 'phone' }, { at: NOW - HOUR, department: 'sales' }),
    event('Contact Made', { channel: 'phone', direction: 'inbound' }, { at: NOW - HOUR }), // inbound: not a contact we made
    event('Email Delivered', {}, { at: NOW + HOUR, department: 'marketing' }), // after now
    event('Promise Broken', { promise_id: 'P-1' }, { at: T0 }),
    event('Promise Broken', { promise_id: 'P-2' }, { at: T0 }),
    event('Page Viewed', {}, { type: 'page', at: NOW - 2 * DAY, department: 'marketing' }),
  );

  it.each([
    ['orders = 2', true], ['orders != 2', false], ['orders > 1', true], ['orders >= 3', false],
    ['revenue = 30.5', true], ['revenue < 30', false], ['revenue >= -1', true],
    ['open_tickets = 2', true],
    ['open_complaints = 2', true], // C-1 and the complaint ticket T-2
    ['late_shipments = 1', true],
    ['events = 17', true],
    ['days_since_last_order = 6', true], ['days_since_last_order < 6', false],
    ['days_since_last_seen > 0', false], // the email stamped after now was seen last (never negative)
    ['nps = 7', true], ['nps <= 6', false], ['nps > 6.5', true],
    ['csat = 0', false], ['csat != 0', false], ['csat < 100', false], ['not csat >= 3', true],
    ['contacts_7d = 2', true],
    ['promises_broken >= 2', true],
    ['department_events(sales) = 3', true], ['department_events(Logistics) = 2', true], ['department_events(billing) = 0', true],
  ])('%s → %s', (text, expected) => {
    expect(matches(text, s)).toBe(expected);
  });

  it('reads zero (or infinite days) for a customer with nothing', () => {
    const empty = emptyState('cus_1');
    for (const f of ['orders', 'revenue', 'open_tickets', 'open_complaints', 'late_shipments', 'events', 'contacts_7d', 'promises_broken']) {
      expect(matches(`${f} = 0`, empty)).toBe(true);
    }
    expect(matches('days_since_last_order > 1000000', empty)).toBe(true);
    expect(matches('days_since_last_seen > 1000000', empty)).toBe(true);
    expect(matches('department_events(constructor) = 0', empty)).toBe(true);
    for (const op of ['=', '!=', '<', '<=', '>', '>=']) expect(matches(`nps ${op} 5`, empty)).toBe(false);
  });

  it('days are fractional and never negative', () => {
    const o = fold(event('Order Completed', { order_id: 'O-1' }, { at: T0 }));
    expect(matches('days_since_last_order = 1.5', o, T0 + 36 * HOUR)).toBe(true);
    expect(matches('days_since_last_order = 0', o, T0 - DAY)).toBe(true);
    expect(matches('days_since_last_seen = 2', o, T0 + 2 * DAY)).toBe(true);
  });

  it('department_events on a department named like an Object.prototype member', () => {
    const c = fold(event('X', {}, { department: 'constructor' }), event('X', {}, { department: 'constructor' }));
    expect(matches('department_events(constructor) = 2', c)).toBe(true);
    expect(matches('department_events(tostring) = 0', c)).toBe(true);
  });
});

describe('trait(name)', () => {
  const s = fold(identify({ plan: 'gold', seats: 10, vip: true, 'first name': 'Ann', Region: 'EU' }));

  it.each([
    ['trait(plan) = "gold"', true], ["trait(plan) = 'gold'", true], ['trait(plan) = "Gold"', false], ['trait(plan) != "silver"', true],
    ['trait(seats) = 10', true], ['trait(seats) = "10"', false], ['trait(seats) != 10', false],
    ['trait(vip) = true', true], ['trait(vip) = FALSE', false],
    ['trait("first name") = "Ann"', true],
    ['trait(Region) = "EU"', true], ['trait(region) = "EU"', false], // trait names are exact
    // A missing trait compares false either way; not includes the customers without it.
    ['trait(tier) = "x"', false], ['trait(tier) != "x"', false], ['not trait(tier) = "x"', true],
    ['trait(constructor) != "x"', false],
    ['trait(plan) = "say \\"hi\\""', false],
  ])('%s → %s', (text, expected) => {
    expect(matches(text, s)).toBe(expected);
  });

  it('matches escaped quotes inside the text', () => {
    expect(matches('trait(motto) = "say \\"hi\\""', fold(identify({ motto: 'say "hi"' })))).toBe(true);
  });
});

describe('errors name the column and what was expected', () => {
  it.each([
    ['open_complain', 1, 'column 1: unknown term "open_complain" (did you mean open_complaint?)'],
    ['orders >= 2 and nps >= abc', 24, 'column 24: expected a number after >=, found "abc"'],
    ['orders >= 2 and not late_shipment and revenu > 5', 39, 'column 39: unknown term "revenu" (did you mean revenue?)'],
    ['pink_elephants', 1, 'column 1: unknown term "pink_elephants"'],
    ['', 1, 'column 1: the expression is empty; write a term such as all or open_complaint'],
    ['   ', 1, 'column 1: the expression is empty; write a term such as all or open_complaint'],
    ['open_complaint and', 19, 'column 19: expected a term after and, found the end of the expression'],
    ['open_complaint or or late_shipment', 19, 'column 19: expected a term after or, found "or"'],
    ['not', 4, 'column 4: expected a term after not, found the end of the expression'],
    ['open_complaint late_shipment', 16, 'column 16: expected "and", "or" or the end of the expression, found "late_shipment"'],
    ['(open_complaint or late_shipment', 33, 'column 33: expected ")" to close the "(" at column 1, found the end of the expression'],
    ['open_complaint)', 15, 'column 15: unexpected ")" with no matching "("'],
    ['()', 2, 'column 2: expected a term, found ")"'],
    ['orders', 7, 'column 7: expected a comparison (=, !=, <, <=, >, >=) after orders, found the end of the expression'],
    ['orders >= ', 11, 'column 11: expected a number after >=, found the end of the expression'],
    ['orders = 1e5', 10, 'column 10: expected a number after =, found "1e5"'],
    ['open_complaint > 2', 16, 'column 16: open_complaint is a yes/no fact and cannot be compared with > (did you mean open_complaints?)'],
    ['open_complaint within 3d', 16, 'column 16: open_complaint takes older_than, not within'],
    ['detractor older_than 3d', 11, 'column 11: detractor takes within, not older_than'],
    ['open_complaint older_than 3', 27, 'column 27: expected a duration like 7d after older_than (a whole number, then m, h, d or w), found "3"'],
    ['open_complaint older_than 0d', 27, 'column 27: expected a duration like 7d after older_than (a whole number, then m, h, d or w), found "0d"'],
    ['consent_withdrawn marketing', 19, 'column 19: expected "(" after consent_withdrawn, found "marketing"'],
    ['consent_withdrawn()', 19, 'column 19: expected a consent purpose like marketing in consent_withdrawn(…), found ")"'],
    ['department_events(service > 3', 27, 'column 27: expected ")" after department_events(service, found ">"'],
    ['department_events(service)', 27, 'column 27: expected a comparison (=, !=, <, <=, >, >=) after department_events(service), found the end of the expression'],
    ['trait(plan) > 3', 13, 'column 13: expected = or != after trait(plan), found ">"'],
    ['trait(plan) = gold', 15, 'column 15: expected a quoted text, a number, true or false after =, found "gold"'],
    ['trait(plan) = "gold', 15, 'column 15: the text starting here has no closing "'],
    ['nps < "7"', 7, 'column 7: expected a number after <, found the text "7"'],
    ['5 > orders', 1, 'column 1: expected a term, found the number 5'],
    ['and', 1, 'column 1: expected a term, found "and"'],
    ['open_complaint && late_shipment', 16, 'column 16: unexpected "&&" (write and)'],
    ['open_complaint || late_shipment', 16, 'column 16: unexpected "||" (write or)'],
    ['!open_complaint', 1, 'column 1: unexpected "!" (write not, or != to compare)'],
    ['orders == 2', 8, 'column 8: unexpected "==" (write =)'],
    ['orders ≥ 2', 8, 'column 8: unexpected character "≥"'],
  ])('%j', (text, column, message) => {
    expect(errorOf(text)).toEqual({ column, message });
  });

  it(`refuses more than ${MAX_SEGMENT_LENGTH} characters`, () => {
    const ok = `open_complaint${' '.repeat(MAX_SEGMENT_LENGTH - 'open_complaint'.length)}`;
    expect(parseSegment(ok).ok).toBe(true);
    expect(errorOf(`${ok} `)).toEqual({ column: MAX_SEGMENT_LENGTH + 1, message: 'column 2001: the expression is 2,001 characters long; the limit is 2,000' });
  });

  it(`refuses nesting deeper than ${MAX_SEGMENT_DEPTH} (parentheses and not)`, () => {
    const parens = (n: number): string => `${'('.repeat(n)}open_complaint${')'.repeat(n)}`;
    expect(parseSegment(parens(MAX_SEGMENT_DEPTH)).ok).toBe(true);
    expect(errorOf(parens(MAX_SEGMENT_DEPTH + 1))).toEqual({ column: 33, message: 'column 33: the expression nests more than 32 levels deep (parentheses and not)' });
    const nots = (n: number): string => `${'not '.repeat(n)}open_complaint`;
    expect(parseSegment(nots(MAX_SEGMENT_DEPTH)).ok).toBe(true);
    expect(errorOf(nots(MAX_SEGMENT_DEPTH + 1)).column).toBe(4 * MAX_SEGMENT_DEPTH + 1);
    // Long flat lists are not nesting.
    expect(parseSegment(Array.from({ length: 120 }, () => 'open_ticket').join(' or ')).ok).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random states (folded from random events) and random expressions.

const day = (d: number): number => T0 + Math.round(d * DAY);
const id = fc.constantFrom('1', '2', '3');
const when = fc.double({ min: 0, max: 14, noNaN: true });
const dept = fc.constantFrom('service', 'sales', 'marketing', 'logistics', 'billing');

const eventArb: fc.Arbitrary<TuttiEvent> = fc.oneof(
  fc.tuple(id, when, fc.integer({ min: 0, max: 200 })).map(([i, t, revenue]) => event('Order Completed', { order_id: `O-${i}${t}`, revenue }, { at: day(t), department: 'sales' })),
  fc.tuple(id, when, fc.boolean()).map(([i, t, complaint]) => event('Ticket Opened', { ticket_id: `T-${i}`, complaint }, { at: day(t) })),
  fc.tuple(id, when).map(([i, t]) => event('Ticket Resolved', { ticket_id: `T-${i}` }, { at: day(t) })),
  fc.tuple(id, when).map(([i, t]) => event('Complaint Opened', { complaint_id: `C-${i}` }, { at: day(t) })),
  fc.tuple(id, when).map(([i, t]) => event('Complaint Resolved', { complaint_id: `C-${i}` }, { at: day(t) })),
  fc.tuple(id, when, when).map(([i, t, eta]) => event('Shipment Dispatched', { shipment_id: `S-${i}`, eta: iso(day(eta)) }, { at: day(t), department: 'logistics' })),
  fc.tuple(id, when).map(([i, t]) => event('Shipment Delivered', { shipment_id: `S-${i}` }, { at: day(t), department: 'logistics' })),
  fc.tuple(id, when).map(([i, t]) => event('Refund Requested', { refund_id: `R-${i}`, amount: 5 }, { at: day(t), department: 'billing' })),
  fc.tuple(id, when).map(([i, t]) => event('Dispute Opened', { dispute_id: `D-${i}` }, { at: day(t), department: 'billing' })),
  fc.tuple(fc.constantFrom('nps', 'csat'), fc.integer({ min: 0, max: 10 }), when).map(([survey, score, t]) => event('Survey Answered', { survey, score }, { at: day(t) })),
  fc.tuple(id, when, when).map(([i, t, due]) => event('Promise Made', { promise_id: `P-${i}`, type: 'callback', owner: 'service', due_at: iso(day(due)), grace_minutes: 30 }, { at: day(t) })),
  fc.tuple(id, when).map(([i, t]) => event('Promise Broken', { promise_id: `P-${i}` }, { at: day(t) })),
  fc.tuple(when, fc.boolean()).map(([t, granted]) => event('Consent Updated', { purposes: { marketing: granted } }, { at: day(t), department: 'marketing' })),
  fc.tuple(when, dept).map(([t, department]) => event('Email Delivered', {}, { at: day(t), department })),
  fc.tuple(when, fc.constantFrom<JsonObject>({ plan: 'gold' }, { plan: 'silver' }, { seats: 3 }, { timezone: 'Europe/Paris' })).map(([t, traits]) => identify(traits, { at: day(t) })),
);
const stateArb: fc.Arbitrary<CustomerState> = fc.array(eventArb, { maxLength: 25 }).map((events) => fold(...events));
const nowArb = fc.double({ min: 0, max: 40, noNaN: true }).map(day);

const ATOMS = [
  ...FACTS,
  'open_complaint older_than 2d', 'late_shipment older_than 1d', 'open_ticket older_than 12h', 'promise_overdue older_than 1d',
  'detractor within 7d', 'recent_order within 3d', 'promise_broken_recently within 2w',
  'all', 'has_timezone', 'consent_withdrawn(marketing)',
  'orders >= 2', 'revenue > 100', 'open_tickets = 1', 'open_complaints != 0', 'late_shipments >= 1', 'events < 10',
  'days_since_last_order > 5', 'days_since_last_seen <= 3', 'nps <= 6', 'nps != 7', 'csat >= 3', 'contacts_7d > 0', 'promises_broken = 1',
  'department_events(marketing) > 1', 'trait(plan) = "gold"', 'trait(seats) != 3',
];

type Ast = { atom: string } | { not: Ast } | { and: [Ast, Ast] } | { or: [Ast, Ast] };
const { ast: astArb } = fc.letrec<{ ast: Ast }>((tie) => ({
  ast: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS).map((atom): Ast => ({ atom })),
    tie('ast').map((x): Ast => ({ not: x })),
    fc.tuple(tie('ast'), tie('ast')).map((pair): Ast => ({ and: pair })),
    fc.tuple(tie('ast'), tie('ast')).map((pair): Ast => ({ or: pair })),
  ),
}));

/** With every sub-expression in parentheses. */
function fully(a: Ast): string {
  if ('atom' in a) return a.atom;
  if ('not' in a) return `not (${fully(a.not)})`;
  if ('and' in a) return `(${fully(a.and[0])}) and (${fully(a.and[1])})`;
  return `(${fully(a.or[0])}) or (${fully(a.or[1])})`;
}

/** With as few parentheses as precedence allows (not > and > or). */
function minimal(a: Ast): string {
  const level = (x: Ast): number => ('or' in x ? 0 : 'and' in x ? 1 : 2);
  const wrap = (x: Ast, min: number): string => (level(x) < min ? `(${minimal(x)})` : minimal(x));
  if ('atom' in a) return a.atom;
  if ('not' in a) return `not ${wrap(a.not, 2)}`;
  if ('and' in a) return `${wrap(a.and[0], 1)} and ${wrap(a.and[1], 1)}`;
  return `${minimal(a.or[0])} or ${minimal(a.or[1])}`;
}

const atomSegments = new Map(ATOMS.map((a) => [a, seg(a)]));
/** The meaning of an expression from its tree, using only single-term segments. */
function evaluate(a: Ast, s: CustomerState, now: number): boolean {
  if ('atom' in a) return atomSegments.get(a.atom)?.matches(s, now) ?? false;
  if ('not' in a) return !evaluate(a.not, s, now);
  if ('and' in a) return evaluate(a.and[0], s, now) && evaluate(a.and[1], s, now);
  return evaluate(a.or[0], s, now) || evaluate(a.or[1], s, now);
}

describe('properties', () => {
  it('not X matches exactly the states X does not', () => {
    fc.assert(fc.property(astArb, stateArb, nowArb, (x, s, now) => {
      expect(seg(`not (${fully(x)})`).matches(s, now)).toBe(!seg(fully(x)).matches(s, now));
    }), { numRuns: 300 });
  });

  it('A and B matches exactly when A and B both match; A or B when either does', () => {
    fc.assert(fc.property(astArb, astArb, stateArb, nowArb, (a, b, s, now) => {
      const ma = seg(fully(a)).matches(s, now);
      const mb = seg(fully(b)).matches(s, now);
      expect(seg(`(${fully(a)}) and (${fully(b)})`).matches(s, now)).toBe(ma && mb);
      expect(seg(`(${fully(a)}) or (${fully(b)})`).matches(s, now)).toBe(ma || mb);
    }), { numRuns: 300 });
  });

  it('precedence: the fewest-parentheses text means the same tree', () => {
    fc.assert(fc.property(astArb, stateArb, nowArb, (x, s, now) => {
      expect(seg(minimal(x)).matches(s, now)).toBe(evaluate(x, s, now));
      expect(seg(fully(x)).matches(s, now)).toBe(evaluate(x, s, now));
    }), { numRuns: 300 });
  });

  it('never throws on arbitrary text: it parses or reports a column inside (or just after) the text', () => {
    const pieces = fc.constantFrom(...ATOMS, 'and', 'or', 'not', '(', ')', '=', '>=', '"x', 'older_than', '7d', '12', 'trait(', ',', '&');
    const textArb = fc.oneof(fc.string({ maxLength: 60 }), fc.array(pieces, { maxLength: 12 }).map((p) => p.join(' ')));
    fc.assert(fc.property(textArb, (text) => {
      const r = parseSegment(text);
      if (!r.ok) {
        expect(r.error.column).toBeGreaterThanOrEqual(1);
        expect(r.error.column).toBeLessThanOrEqual(text.length + 1);
        expect(r.error.message.startsWith(`column ${r.error.column}: `)).toBe(true);
      }
    }), { numRuns: 500 });
  });
});

describe('speed', () => {
  it('evaluates a realistic audience over 1,000,000 states well under a second', () => {
    const states = fc.sample(stateArb, { numRuns: 2_000, seed: 42 });
    const segment = seg('(orders >= 2 and not late_shipment and not consent_withdrawn(marketing)) or detractor within 90d and days_since_last_order > 3 or trait(plan) = "gold" and contacts_7d < 2');
    const now = NOW;
    let n = 0;
    const run = (): number => {
      const started = performance.now();
      for (let round = 0; round < 500; round++) for (let i = 0; i < states.length; i++) if (segment.matches(states[i] as CustomerState, now)) n++;
      return performance.now() - started;
    };
    run(); // warm up
    const ms = run();
    expect(n).toBeGreaterThan(0);
    // Typically well under 200 ms; the bound leaves room for a loaded CI machine.
    expect(ms).toBeLessThan(1_000);
  });
});
