/**
 * The service desk's side of the demo, by email only: tickets (with callback promises and
 * CSAT surveys), the complaints late or lost deliveries turn into, product questions after
 * delivery, returns and the double-charge tickets billing's mistakes bring. Complaints are
 * what the rest of the simulation reads to behave "behind the wall": unsubscribes, low NPS
 * scores, churn.
 */
import type { JsonObject } from '../core/event.js';
import { PRODUCTS } from './company-catalogue.js';
import { MODEL } from './company-model.js';
import { requestRefund } from './billing-behaviour.js';
import type { CustomerSim } from './customer-sim.js';
import { iso, round2 } from './demo-format.js';
import { DAY, HOUR, MINUTE } from './demo-options.js';
import { ticketEmail } from './identity-hazards.js';
import type { Delivery } from './logistics-behaviour.js';
import { INTENT_TEMPLATES, type Intent } from './messages.js';
import type { Rng } from './random.js';

/** Opens a helpdesk ticket (email only), maybe with a callback promise; returns its id. */
export function openTicket(sim: CustomerSim, t: number, category: string, intent: Intent, orderId: string, complaint: boolean): string {
  const rng = sim.rng;
  const ticketId = sim.id('tkt');
  const templates = INTENT_TEMPLATES[intent];
  const product = rng.pick(PRODUCTS).name;
  const props: JsonObject = {
    ticket_id: ticketId, subject: fillTemplate(rng.pick(templates), rng, product, orderId), category,
    priority: complaint ? 'high' : rng.pick(['normal', 'normal', 'low', 'high']), order_id: orderId, channel: rng.pick(['email', 'chat', 'phone', 'form']),
  };
  if (complaint) props.complaint = true;
  // An agent's test ticket may be filed under a placeholder address instead of the customer's.
  const email = ticketEmail(sim);
  sim.helpdesk(t, 'Ticket Opened', props, email);
  if (rng.chance(0.35)) {
    // Service promises a call back within a day; usually kept, sometimes late, sometimes never.
    const due = t + MODEL.callbackWithinHours * HOUR;
    sim.promise(t + rng.uniform(2, 30) * MINUTE, 'helpdesk', {
      promise_id: sim.id('prm'), type: 'callback', owner: 'service', due_at: iso(due), ticket_id: ticketId,
      description: 'We will call you back within 24 hours', kept_by: { event: 'Contact Made', ticket_id: ticketId },
    }, 'email');
    const r = rng.float();
    if (r < 0.95) {
      const when = r < 0.8 ? t + rng.uniform(0.5, 20) * HOUR : due + rng.uniform(2, 48) * HOUR;
      sim.helpdesk(when, 'Contact Made', { channel: 'call', purpose: 'callback', direction: 'outbound', ticket_id: ticketId });
    }
  }
  return ticketId;
}

/** Closes a ticket `after` ms after it opened (never: Infinity), sometimes followed by a CSAT survey. */
export function resolveTicket(sim: CustomerSim, ticketId: string, opened: number, after: number, complaint: boolean): void {
  if (after === Infinity) return;
  const rng = sim.rng;
  const t = opened + Math.max(after, 20 * MINUTE);
  sim.helpdesk(t, 'Ticket Resolved', { ticket_id: ticketId });
  // A satisfaction survey after the ticket closes.
  if (rng.chance(0.35)) {
    const score = complaint ? rng.weighted([[1, 5], [2, 4], [3, 2], [4, 1]] as const) : rng.weighted([[2, 1], [3, 2], [4, 5], [5, 6]] as const);
    sim.helpdesk(t + rng.uniform(1, 30) * HOUR, 'Survey Answered', { survey: 'csat', score, ticket_id: ticketId });
  }
}

/**
 * After delivery: a late (or felt-late) delivery may raise a "where is my order" ticket and
 * that a complaint about logistics, with churn and refunds in its wake; an on-time one may
 * raise a question or a product complaint. Returns true when a complaint was raised.
 */
export function deliveryAftercare(sim: CustomerSim, d: Delivery, orderId: string, total: number): boolean {
  const rng = sim.rng;
  const { eta, delivered, late, lost, delayDays, nextDay, expedited } = d;
  // Customers who were promised next-day delivery feel late when it takes longer.
  const felt = late || (nextDay && !expedited && rng.chance(0.5));
  if (late) sim.lateAt.push(eta);

  let complaint = false;
  if (felt) {
    const p = lost ? 0.85 : MODEL.ticketRateLate * (late ? 1 : 0.5);
    if (rng.chance(p)) {
      let tt = eta + rng.uniform(2, 36) * HOUR;
      if (delivered < tt && !lost) tt = delivered + rng.uniform(1, 24) * HOUR;
      tt = sim.officeTime(tt);
      const ticket = openTicket(sim, tt, 'delivery', 'delivery_problem', orderId, false);
      const pc = MODEL.complaintRateLateTicket * (lost ? 1.6 : 1) * (delayDays >= 3 ? 1.3 : 1) * (late ? 1 : 0.4);
      if (rng.chance(pc)) {
        complaint = true;
        const ct = tt + rng.uniform(10, 600) * MINUTE;
        const complaintId = sim.id('cpl');
        sim.helpdesk(ct, 'Complaint Opened', {
          complaint_id: complaintId, ticket_id: ticket, order_id: orderId, reason: lost ? 'parcel missing' : 'late delivery',
          severity: lost || delayDays >= 3 ? 'high' : rng.pick(['low', 'medium']), caused_by: 'logistics',
        });
        // Most complaints close within a few weeks; some drag on (open at the end).
        const closed = rng.chance(0.93) ? ct + (1 + rng.exponential(9)) * DAY : Infinity;
        sim.complaints.push([ct, closed]);
        if (closed !== Infinity) sim.helpdesk(sim.officeTime(closed), 'Complaint Resolved', { complaint_id: complaintId });
        resolveTicket(sim, ticket, tt, closed === Infinity ? Infinity : closed - tt + rng.uniform(1, 12) * HOUR, true);
        if (rng.chance(MODEL.churnAfterComplaint)) sim.setChurn(ct + (2 + rng.exponential(25)) * DAY, 'complaint');
        if (lost || rng.chance(0.4)) requestRefund(sim, ct + rng.uniform(2, 48) * HOUR, orderId, lost ? total : round2(total * rng.uniform(0.1, 0.25)), lost ? 'parcel missing' : 'goodwill');
      } else {
        resolveTicket(sim, ticket, tt, rng.uniform(0.1, 3) * DAY, false);
        if (lost) requestRefund(sim, tt + rng.uniform(2, 48) * HOUR, orderId, total, 'parcel missing');
      }
    }
  } else if (rng.chance(MODEL.ticketRateOnTime)) {
    // Questions and product problems after delivery; a few are complaints raised on the ticket itself.
    const tt = sim.officeTime(delivered + rng.uniform(0.5, 10) * DAY);
    const productComplaint = rng.chance(0.12);
    const intent: Intent = productComplaint ? 'complaint' : rng.pick(['product_question', 'product_question', 'account_access', 'change_address', 'praise'] as const);
    const ticket = openTicket(sim, tt, productComplaint ? 'product' : intent === 'account_access' ? 'account' : 'product', intent, orderId, productComplaint);
    if (productComplaint) {
      complaint = true;
      const closed = tt + (1 + rng.exponential(6)) * DAY;
      sim.complaints.push([tt, closed]);
      resolveTicket(sim, ticket, tt, closed - tt, true);
    } else {
      resolveTicket(sim, ticket, tt, rng.uniform(0.05, 2) * DAY, false);
    }
  }
  return complaint;
}

/** Returns (not of lost parcels; likelier after a complaint): a refund owed, sometimes after a ticket. */
export function maybeReturn(sim: CustomerSim, delivered: number, orderId: string, total: number, lost: boolean, complaint: boolean): void {
  const rng = sim.rng;
  if (!lost && rng.chance(MODEL.returnRate * (complaint ? 2 : 1))) {
    const rt = delivered + rng.uniform(2, 20) * DAY;
    if (rng.chance(0.5)) {
      const ticket = openTicket(sim, sim.officeTime(rt - rng.uniform(2, 24) * HOUR), 'return', 'return', orderId, false);
      resolveTicket(sim, ticket, rt, rng.uniform(0.1, 1) * DAY, false);
    }
    requestRefund(sim, rt, orderId, round2(total * rng.uniform(0.3, 1)), 'return');
  }
}

/** A double charge: most customers notice, open a ticket and are refunded. */
export function doubleChargeTicket(sim: CustomerSim, t: number, orderId: string, total: number): void {
  const rng = sim.rng;
  if (!rng.chance(0.85)) return;
  const tt = sim.officeTime(t + rng.uniform(0.5, 4) * DAY);
  const ticket = openTicket(sim, tt, 'billing', 'double_charge', orderId, false);
  requestRefund(sim, tt + rng.uniform(1, 20) * HOUR, orderId, total, 'duplicate charge');
  resolveTicket(sim, ticket, tt, rng.uniform(0.2, 2) * DAY, false);
}

/** A ticket subject from a message template, its {slots} filled in. */
function fillTemplate(template: string, rng: Rng, product: string, order: string): string {
  const text = template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
    switch (slot) {
      case 'product': return product.toLowerCase();
      case 'order': return order;
      case 'days': return String(rng.int(2, 9));
      case 'amount': return '€' + String(rng.int(10, 200));
      case 'weekday': return rng.pick(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
      case 'carrier': return 'the courier';
      case 'city': return 'the depot';
      default: return slot;
    }
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}
