import { describe, expect, it } from 'vitest';
import type { JsonObject, TuttiEvent } from '../core/event.js';
import { DAY, event, HOUR, T0 } from '../state/test-events.js';
import { type IdentityView, PROFILES_ARE_CUSTOMERS } from './customer-roots.js';
import { type DepartmentScorecard, departmentScorecard } from './department-scorecard.js';
import { ScorecardLedger } from './ledger.js';

const at = (days: number) => T0 + days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const as = (customerId: string, e: TuttiEvent): TuttiEvent => ({ ...e, customerId });

function card(events: TuttiEvent[], from = at(0), to = at(30), now = at(60), identity: IdentityView = PROFILES_ARE_CUSTOMERS): DepartmentScorecard {
  const ledger = new ScorecardLedger();
  for (const e of events) ledger.add(e);
  return departmentScorecard(ledger, identity, from, to, now);
}
const dept = (c: DepartmentScorecard, name: string) => c.departments.find((d) => d.department === name)!;
const campaign = (c: DepartmentScorecard, id: string) => c.campaigns.find((x) => x.campaignId === id)!;
const email = (day: number, campaignId: string, customer = 'cus_1') => as(customer, event('Email Delivered', { campaign_id: campaignId }, { at: at(day), department: 'marketing' }));
const order = (day: number, revenue: number, props: Record<string, string> = {}, customer = 'cus_1') => as(customer, event('Order Completed', { order_id: `o-${day}-${revenue}`, revenue, ...props }, { at: at(day), department: 'sales' }));
const call = (day: number, customer = 'cus_1') => as(customer, event('Contact Made', { channel: 'call', purpose: 'upsell', direction: 'outbound' }, { at: at(day), department: 'sales' }));

describe('department scorecard', () => {
  it("gives a campaign's orders and revenue to the campaign and the department that sent it", () => {
    const c = card([email(1, 'cmp-spring'), order(2, 100, { campaign_id: 'cmp-spring' }), order(3, 50), as('cus_2', event('Lead Created', { campaign_id: 'ads-search' }, { at: at(4), department: 'marketing' }))]);
    expect(dept(c, 'marketing')).toMatchObject({ contacts: 1, won: { orders: 1, revenue: 100, leads: 1 } });
    expect(campaign(c, 'cmp-spring')).toMatchObject({ department: 'marketing', contacts: 1, won: { orders: 1, revenue: 100, leads: 0 } });
    expect(campaign(c, 'ads-search')).toMatchObject({ department: 'marketing', won: { leads: 1 } });
    expect(c.direct).toEqual({ orders: 1, revenue: 50 });
    expect(c.totals.won).toEqual({ orders: 2, revenue: 150, leads: 1 });
    expect(c.rules.length).toBeGreaterThan(5);
  });

  it('gives sales the orders placed within 7 days after its call, and nothing later', () => {
    const c = card([call(1), order(5, 80), call(10, 'cus_2'), order(18, 60, {}, 'cus_2')]);
    expect(dept(c, 'sales').won).toMatchObject({ orders: 1, revenue: 80 });
    expect(c.direct).toEqual({ orders: 1, revenue: 60 });
    // The call may come before the period.
    expect(dept(card([call(1), order(5, 80)], at(3)), 'sales').won.orders).toBe(1);
  });

  it('charges complaints to caused_by, else to the latest contact or late shipment in the 14 days before', () => {
    const c = card([
      as('cus_1', event('Complaint Opened', { complaint_id: 'c1', caused_by: 'logistics' }, { at: at(2) })),
      email(3, 'cmp-spring', 'cus_2'),
      as('cus_2', event('Complaint Opened', { complaint_id: 'c2' }, { at: at(5) })),
      as('cus_3', event('Shipment Dispatched', { shipment_id: 's3', eta: iso(at(4)) }, { at: at(3), department: 'logistics' })),
      email(3, 'cmp-spring', 'cus_3'),
      as('cus_3', event('Shipment Delivered', { shipment_id: 's3' }, { at: at(6), department: 'logistics' })),
      as('cus_3', event('Complaint Opened', { complaint_id: 'c3' }, { at: at(7) })),
      email(1, 'cmp-spring', 'cus_4'),
      as('cus_4', event('Complaint Opened', { complaint_id: 'c4' }, { at: at(20) })),
    ]);
    expect(dept(c, 'logistics').cost.complaints).toBe(2);
    expect(dept(c, 'marketing').cost.complaints).toBe(1);
    expect(campaign(c, 'cmp-spring').cost.complaints).toBe(1);
    expect(dept(c, 'service')).toMatchObject({ complaintsHandled: 4, cost: { complaints: 0 } });
    expect(c.unattributed.complaints).toBe(1);
    expect(c.totals.cost.complaints).toBe(4);
  });

  it('counts a flagged ticket and the explicit complaint about it once, with its cause', () => {
    const c = card([
      event('Ticket Opened', { ticket_id: 't1', complaint: true }, { at: at(1) }),
      event('Complaint Opened', { complaint_id: 'c1', ticket_id: 't1', caused_by: 'billing' }, { at: at(1) + HOUR }),
      event('Complaint Updated', { complaint_id: 'c1', severity: 'high' }, { at: at(2) }),
    ]);
    expect(c.totals.cost.complaints).toBe(1);
    expect(dept(c, 'billing').cost.complaints).toBe(1);
  });

  it("charges broken promises to their owner when kept late, broken, or overdue by now", () => {
    const promise = (id: string, owner: string, dueDay: number, keptBy?: Record<string, string>): TuttiEvent => {
      const p: JsonObject = { promise_id: id, type: 'delivery', owner, due_at: iso(at(dueDay)) };
      if (owner === 'marketing') p.campaign_id = 'cmp-fast';
      if (keptBy !== undefined) p.kept_by = keptBy;
      return event('Promise Made', p, { at: at(0), department: 'sales' });
    };
    const events = [
      promise('p1', 'marketing', 2, { event: 'Shipment Delivered', order_id: 'o1' }),
      event('Shipment Delivered', { shipment_id: 's1', order_id: 'o1' }, { at: at(4), department: 'logistics' }),
      promise('p2', 'logistics', 3, { event: 'Shipment Delivered', order_id: 'o2' }),
      event('Shipment Delivered', { shipment_id: 's2', order_id: 'o2' }, { at: at(2), department: 'logistics' }),
      promise('p3', 'service', 5),
      event('Promise Broken', { promise_id: 'p4', reason: 'forgot' }, { at: at(6), department: 'billing' }),
      promise('p5', 'billing', 40),
      promise('p6', 'a person', 7),
    ];
    const c = card(events, at(0), at(30), at(31));
    expect(dept(c, 'marketing').cost.promisesBroken).toBe(1);
    expect(campaign(c, 'cmp-fast').cost.promisesBroken).toBe(1);
    expect(dept(c, 'logistics').cost.promisesBroken).toBe(0);
    expect(dept(c, 'service').cost.promisesBroken).toBe(1);
    expect(dept(c, 'billing').cost.promisesBroken).toBe(1);
    // An owner that is no department: the department that made the promise owns it.
    expect(dept(c, 'sales').cost.promisesBroken).toBe(1);
    // Before its deadline passes, an open promise is not broken.
    expect(dept(card(events, at(0), at(30), at(4)), 'service').cost.promisesBroken).toBe(0);
  });

  it('charges unsubscribes to their campaign, else to the latest email in the 7 days before', () => {
    const c = card([
      email(1, 'cmp-a'),
      as('cus_1', event('Unsubscribed', { purpose: 'marketing', campaign_id: 'cmp-a' }, { at: at(2), department: 'marketing' })),
      as('cus_2', event('Email Delivered', {}, { at: at(3), department: 'service' })),
      as('cus_2', event('Email Marked as Spam', {}, { at: at(4), department: 'marketing' })),
      as('cus_3', event('Unsubscribed', {}, { at: at(5), department: 'marketing' })),
    ]);
    expect(campaign(c, 'cmp-a').cost.unsubscribes).toBe(1);
    expect(dept(c, 'marketing').cost.unsubscribes).toBe(2);
    expect(dept(c, 'service').cost.unsubscribes).toBe(1);
  });

  it('counts a churned customer as lost by every department and campaign that contacted them in the 30 days before', () => {
    const c = card([
      email(1, 'cmp-a'),
      call(3),
      call(3),
      as('cus_1', event('Customer Churned', { reason: 'complaint' }, { at: at(10), department: 'sales' })),
      as('cus_2', event('Customer Churned', {}, { at: at(11), department: 'sales' })),
    ]);
    expect(dept(c, 'marketing').cost.customersLost).toBe(1);
    expect(dept(c, 'sales').cost.customersLost).toBe(1);
    expect(campaign(c, 'cmp-a').cost.customersLost).toBe(1);
    expect(c.unattributed.customersLost).toBe(1);
    expect(c.totals.cost.customersLost).toBe(2);
  });

  it('joins the profiles of one customer: a call under one profile earns the order under another', () => {
    const events = [call(1, 'cus_crm'), order(2, 70, {}, 'cus_shop')];
    expect(card(events).direct.orders).toBe(1);
    const merged: IdentityView = { rootOf: () => 'cus_shop', clusterOf: () => ['cus_shop', 'cus_crm'] };
    expect(dept(card(events, at(0), at(30), at(60), merged), 'sales').won.orders).toBe(1);
  });
});
