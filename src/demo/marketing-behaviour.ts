/**
 * Marketing's side of the demo, by email only: campaign waves (sends, opens, clicks, the
 * orders they bring, unsubscribes and spam reports), NPS surveys, the next-day delivery some
 * campaigns promise without asking logistics, and customers withdrawing consent. Marketing
 * does not see the helpdesk: it mails customers with an open complaint like anyone else, and
 * they unsubscribe far more often.
 */
import type { JsonObject } from '../core/event.js';
import type { CampaignPlan } from './company-campaigns.js';
import type { CustomerSim } from './customer-sim.js';
import { iso } from './demo-format.js';
import { DAY, HOUR, MINUTE } from './demo-options.js';

/** A campaign wave reaching this customer, if eligible and in the audience; may schedule the order it brings. */
export function campaignWave(sim: CustomerSim, c: CampaignPlan): void {
  const rng = sim.rng;
  if (!(sim.marketing && sim.firstSeen < c.sendAt && c.sendAt < sim.unsubAt && c.sendAt < sim.consentOffAt)) return;
  if (!rng.chance(c.audienceShare)) return;
  const t = sim.localDay(c.sendAt + 12 * HOUR) + rng.uniform(9, 11) * HOUR;
  const emailId = `eml-${c.campaignId}-${sim.index}`;
  if (rng.chance(0.01)) {
    sim.emailPlatform(t, 'Email Bounced', { email_id: emailId, campaign_id: c.campaignId });
    return;
  }
  sim.emailsReceived++;
  sim.emailPlatform(t, 'Email Delivered', { email_id: emailId, campaign_id: c.campaignId, email_subject: `${c.name}: new in for you` });

  const unhappy = sim.complaintOpenAt(t) || sim.complaints.some(([a]) => a <= t && t - a < 30 * DAY);
  const responds = !unhappy && rng.chance(c.responseRate * 1.03);
  let clickedAt = 0;
  if (responds || rng.chance(unhappy ? 0.12 : 0.24)) {
    const opened = t + rng.exponential(3) * HOUR;
    sim.emailPlatform(opened, 'Email Opened', { email_id: emailId, campaign_id: c.campaignId });
    if (responds || rng.chance(0.12)) {
      clickedAt = opened + rng.uniform(0.2, 10) * MINUTE;
      sim.emailPlatform(clickedAt, 'Email Link Clicked', { email_id: emailId, campaign_id: c.campaignId, link_url: `https://shop.maisontutti.example/c/${c.campaignId}` });
    }
  }
  if (responds) {
    let ot = clickedAt + (rng.chance(0.6) ? rng.uniform(3, 40) * MINUTE : rng.exponential(1.5) * DAY);
    if (ot > c.offerEndsAt) ot = c.offerEndsAt - rng.uniform(1, 5) * HOUR;
    if (ot > clickedAt) sim.schedule({ t: ot, kind: 'order', campaign: c });
  }

  // Unsubscribes: more likely with an open or recent complaint (the wall), after late
  // deliveries, and as the emails pile up.
  const p = 0.004 + 0.003 * Math.max(0, sim.emailsReceived - 4) + (unhappy ? 0.15 : 0) + (sim.lateWithin(t, 30 * DAY) ? 0.03 : 0);
  if (rng.chance(p)) {
    const ut = t + rng.uniform(0.1, 30) * HOUR;
    sim.unsubAt = ut;
    sim.emailPlatform(ut, 'Unsubscribed', { purpose: 'marketing', list_id: 'newsletter', campaign_id: c.campaignId });
  } else if (rng.chance(0.0015)) {
    const st = t + rng.uniform(0.1, 30) * HOUR;
    sim.unsubAt = st;
    sim.emailPlatform(st, 'Email Marked as Spam', { email_id: emailId, campaign_id: c.campaignId });
  }
}

/** An NPS survey wave around t: a few answer, scoring lower after complaints and late deliveries. */
export function npsWave(sim: CustomerSim, t: number): void {
  const rng = sim.rng;
  if (t < sim.firstSeen || !rng.chance(0.18)) return;
  const at = sim.localDay(t) + rng.uniform(8, 22) * HOUR;
  let score = rng.normal(8.2, 1.6);
  if (sim.hadComplaintBefore(at)) score -= sim.complaintOpenAt(at) ? 5.5 : 4.5;
  if (sim.lateWithin(at, 120 * DAY)) score -= 1.5;
  score = Math.max(0, Math.min(10, Math.round(score)));
  const props: JsonObject = { survey: 'nps', score };
  if (score <= 4 && rng.chance(0.5)) props.comment = rng.pick(['Delivery took far too long.', 'Nobody answered my complaint.', 'Too many emails.', 'Refund still not received.']);
  if (score >= 9 && rng.chance(0.3)) props.comment = rng.pick(['Lovely products.', 'Fast delivery, thank you!', 'Great quality.']);
  sim.emailPlatform(at, 'Survey Answered', props);
}

/**
 * The delivery promise of a campaign order, made at checkout by the web shop on marketing's
 * behalf; logistics never hears of it (logistics-behaviour.ts).
 */
export function nextDayPromise(sim: CustomerSim, t: number, orderId: string, campaign: CampaignPlan | null): void {
  if (campaign?.promiseDays == null) return;
  const due = sim.localDay(t) + DAY + 21 * HOUR;
  sim.promise(t + 2000, 'web-shop', {
    promise_id: sim.id('prm'), type: 'delivery', owner: 'marketing', due_at: iso(due), campaign_id: campaign.campaignId, order_id: orderId,
    description: campaign.promise ?? 'Next-day delivery', kept_by: { event: 'Shipment Delivered', order_id: orderId },
  }, 'user');
}

/** A customer withdrawing consent: in the shop's consent banner (marketing and analytics), or by asking sales (marketing and calls). */
export function consentChange(sim: CustomerSim, t: number): void {
  const rng = sim.rng;
  if (rng.chance(0.6)) {
    sim.consentOffAt = t;
    sim.push(t, 'web-shop', {
      type: 'track', messageId: '', timestamp: '', userId: sim.userId, anonymousId: sim.anon, event: 'Segment Consent Preference Updated', properties: {},
      context: { timezone: sim.tz, consent: { categoryPreferences: { marketing: false, analytics: false, functional: true } } },
    });
  } else {
    const ct = sim.officeTime(t);
    sim.consentOffAt = ct;
    sim.callsOffAt = ct;
    sim.crm(ct, 'Consent Updated', { purposes: { marketing: false, sales_calls: false } });
  }
}
