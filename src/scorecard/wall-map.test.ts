import { describe, expect, it } from 'vitest';
import type { TuttiEvent } from '../core/event.js';
import { DAY, event, HOUR, T0 } from '../state/test-events.js';
import { type IdentityView, PROFILES_ARE_CUSTOMERS } from './customer-roots.js';
import { lateStart, ScorecardLedger } from './ledger.js';
import { wallMap, wallMapCell } from './wall-map.js';

const at = (days: number) => T0 + days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const as = (customerId: string, e: TuttiEvent): TuttiEvent => ({ ...e, customerId });

function ledgerOf(events: TuttiEvent[]): ScorecardLedger {
  const ledger = new ScorecardLedger();
  for (const e of events) ledger.add(e);
  return ledger;
}

const mail = (day: number, o: { customer?: string; hour?: number } = {}) =>
  as(o.customer ?? 'cus_1', event('Email Delivered', { campaign_id: 'cmp-spring' }, { at: at(day) + (o.hour ?? 0) * HOUR, department: 'marketing' }));
const cell = (m: ReturnType<typeof wallMap>, actor: string, holder: string) => m.cells.find((c) => c.actor === actor && c.holder === holder);

describe('wall map', () => {
  it("counts an action while another department's item is open, and not before or after", () => {
    const ledger = ledgerOf([
      mail(0),
      event('Ticket Opened', { ticket_id: 't1' }, { at: at(1) }),
      event('Complaint Opened', { complaint_id: 'c1', ticket_id: 't1', caused_by: 'logistics' }, { at: at(1) + HOUR }),
      mail(2),
      event('Contact Made', { channel: 'call', purpose: 'upsell', direction: 'outbound' }, { at: at(3), department: 'sales' }),
      event('Contact Made', { channel: 'chat', direction: 'inbound' }, { at: at(3), department: 'sales' }),
      event('Complaint Resolved', { complaint_id: 'c1' }, { at: at(4) }),
      event('Ticket Resolved', { ticket_id: 't1' }, { at: at(4) }),
      mail(5),
    ]);
    const m = wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(10));
    expect(m.totals).toEqual({ actions: 4, collisions: 2, customers: 1 });
    // Ticket and complaint are both service's: the action counts once for service, once per kind.
    expect(cell(m, 'marketing', 'service')).toMatchObject({ count: 1, customers: 1, byKind: { ticket: 1, complaint: 1 }, own: false });
    expect(cell(m, 'sales', 'service')?.count).toBe(1);
    const row = m.departments.indexOf('marketing');
    expect(m.matrix[row]![m.departments.indexOf('service')]).toBe(1);
    expect(m.departments.slice(0, 5)).toEqual(['marketing', 'sales', 'service', 'logistics', 'billing']);
    // The period bounds the actions: [from, to).
    expect(wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(2) + 1, at(10)).totals.collisions).toBe(1);
  });

  it('keeps a late shipment late from its first missed ETA until delivery, even after a delay notice', () => {
    const ledger = ledgerOf([
      event('Shipment Dispatched', { shipment_id: 's1', order_id: 'o1', eta: iso(at(2)) }, { at: at(0), department: 'logistics' }),
      mail(1),
      mail(3),
      event('Shipment Delayed', { shipment_id: 's1', new_eta: iso(at(9)) }, { at: at(4), department: 'logistics' }),
      mail(5),
      event('Shipment Delivered', { shipment_id: 's1' }, { at: at(8), department: 'logistics' }),
      mail(9),
    ]);
    const m = wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(10));
    expect(cell(m, 'marketing', 'logistics')).toMatchObject({ count: 2, byKind: { late_shipment: 2 } });
    const d = wallMapCell(ledger, PROFILES_ARE_CUSTOMERS, 'marketing', 'logistics', at(0), at(10), 10);
    expect(d.collisions.map((c) => c.action.at)).toEqual([iso(at(3)), iso(at(5))]);
    expect(d.collisions[0]?.held[0]).toMatchObject({ kind: 'late_shipment', since: iso(at(2)), until: iso(at(8)) });
  });

  it('treats a shipment announced late before its ETA as on time until the new ETA passes', () => {
    expect(lateStart([at(0), at(2), at(1), at(5)], at(4))).toBeNull();
    expect(lateStart([at(0), at(2), at(1), at(5)], at(6))).toBe(at(5));
    expect(lateStart([at(1), at(5), at(0), at(2)], Infinity)).toBe(at(5));
    // A shipment not delivered yet is late from its ETA on, to the end of time.
    const ledger = ledgerOf([event('Shipment Dispatched', { shipment_id: 's2', eta: iso(at(1)) }, { at: at(0), department: 'logistics' }), mail(2)]);
    expect(cell(wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(3)), 'marketing', 'logistics')?.count).toBe(1);
  });

  it("holds billing's pending refunds (closed by Refund Issued or Order Refunded) and open disputes", () => {
    const ledger = ledgerOf([
      event('Refund Requested', { refund_id: 'r1', order_id: 'o1', amount: 10 }, { at: at(0), department: 'billing' }),
      event('Dispute Opened', { dispute_id: 'd1' }, { at: at(0), department: 'billing' }),
      mail(1),
      event('Order Refunded', { order_id: 'o1', total: 10 }, { at: at(2), department: 'billing' }),
      mail(3),
      event('Dispute Resolved', { dispute_id: 'd1' }, { at: at(4), department: 'billing' }),
      mail(5),
    ]);
    const m = wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(10));
    expect(cell(m, 'marketing', 'billing')).toMatchObject({ count: 2, byKind: { pending_refund: 1, open_dispute: 2 } });
  });

  it('closes an item whose close arrived before its open (tombstone), and counts a flagged ticket as a complaint', () => {
    const ledger = ledgerOf([
      event('Ticket Resolved', { ticket_id: 't9' }, { at: at(3) }),
      event('Ticket Opened', { ticket_id: 't9', complaint: true }, { at: at(1) }),
      mail(2),
      mail(4),
    ]);
    const m = wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(10));
    expect(cell(m, 'marketing', 'service')).toMatchObject({ count: 1, byKind: { ticket: 1, complaint: 1 } });
    const flagged = ledgerOf([event('Ticket Opened', { ticket_id: 't8', complaint: true }, { at: at(1) }), mail(2), event('Ticket Resolved', { ticket_id: 't8' }, { at: at(3) }), mail(4)]);
    expect(cell(wallMap(flagged, PROFILES_ARE_CUSTOMERS, at(0), at(10)), 'marketing', 'service')).toMatchObject({ count: 1, byKind: { ticket: 1, complaint: 1 } });
  });

  it('joins profiles merged into one customer, and keeps other customers apart', () => {
    const events = [
      as('cus_web', event('Ticket Opened', { ticket_id: 't1' }, { at: at(1) })),
      mail(2, { customer: 'cus_mail' }),
      mail(2, { customer: 'cus_other' }),
    ];
    const merged: IdentityView = {
      rootOf: (id) => (id === 'cus_mail' ? 'cus_web' : id),
      clusterOf: (id) => (id === 'cus_web' ? ['cus_web', 'cus_mail'] : [id]),
    };
    expect(wallMap(ledgerOf(events), PROFILES_ARE_CUSTOMERS, at(0), at(10)).totals.collisions).toBe(0);
    const m = wallMap(ledgerOf(events), merged, at(0), at(10));
    expect(m.totals).toEqual({ actions: 2, collisions: 1, customers: 1 });
    const d = wallMapCell(ledgerOf(events), merged, 'marketing', 'service', at(0), at(10), 10);
    expect(d.collisions[0]?.customerId).toBe('cus_web');
  });

  it("marks a department's own open work on the diagonal and leaves it out of the collisions", () => {
    const ledger = ledgerOf([
      event('Ticket Opened', { ticket_id: 't1' }, { at: at(1) }),
      event('Contact Made', { channel: 'call', purpose: 'callback', direction: 'outbound', ticket_id: 't1' }, { at: at(2) }),
    ]);
    const m = wallMap(ledger, PROFILES_ARE_CUSTOMERS, at(0), at(10));
    expect(cell(m, 'service', 'service')).toMatchObject({ count: 1, own: true });
    expect(m.totals.collisions).toBe(0);
  });

  it('drills down to the customers and log positions behind a cell, in time order, up to the limit', () => {
    const events: TuttiEvent[] = [];
    for (let c = 0; c < 5; c++) {
      events.push(as(`cus_${c}`, event('Ticket Opened', { ticket_id: `t${c}` }, { at: at(1), seq: 100 + c })));
      events.push(mail(5 - c, { customer: `cus_${c}` }));
    }
    const ledger = ledgerOf(events);
    const d = wallMapCell(ledger, PROFILES_ARE_CUSTOMERS, 'marketing', 'service', at(0), at(10), 3);
    expect(d).toMatchObject({ count: 5, customers: 5, truncated: true });
    expect(d.collisions.map((c) => c.customerId)).toEqual(['cus_4', 'cus_3', 'cus_2']);
    expect(d.collisions[0]?.held[0]).toMatchObject({ kind: 'ticket', seq: 104, since: iso(at(1)), until: null });
    expect(d.collisions[0]?.action.seq).toBe(events[9]!.seq);
    expect(wallMapCell(ledger, PROFILES_ARE_CUSTOMERS, 'nobody', 'service', at(0), at(10), 3)).toMatchObject({ count: 0, collisions: [] });
  });
});
