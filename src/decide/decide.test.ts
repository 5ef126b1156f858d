/**
 * The contact pipeline, stage by stage, as scenarios in the decision test language
 * (decision-scenarios.ts): events in, clock moves, decide, expect outcome and reason codes.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile-policy.js';
import { defaultPolicy } from './default-policy.js';
import { runScenario } from './decision-scenarios.js';
import type { Policy } from './policy-schema.js';

const DEFAULT = compilePolicy(defaultPolicy());

/** The default policy with one change. */
function variant(change: (p: Policy) => void) {
  const p = structuredClone(defaultPolicy());
  change(p);
  return compilePolicy(p);
}

interface Scenario {
  name: string;
  script: string;
  policy?: ReturnType<typeof compilePolicy>;
}

const scenarios: Scenario[] = [
  {
    name: 'seed: a complaint stops the up-sell, service still goes, marketing returns after the cool-down',
    script: `
      at 2026-03-01T10:00Z  event service "Complaint Opened" {complaint_id: "C-1"}
      decide marketing email marketing "upsell-1" → suppress [suppression.open_complaint]
      decide service email service "ticket-update" → send [suppression.exempt, cap.within]
      decide logistics email transactional "dispatch-note" → send [consent.not_required, cap.bypassed]
      at +1d  event service "Complaint Resolved" {complaint_id: "C-1"}
      decide marketing email marketing "upsell-1" → suppress [cooldown.complaint_resolved]
      at +6d23h  decide marketing email marketing "upsell-1" → suppress [cooldown.complaint_resolved]
      at +1h  decide marketing email marketing "upsell-1" → send [consent.assumed, suppression.clear, cooldown.clear, cap.within, quiet_hours.clear, priority.rank]
    `,
  },
  {
    name: 'consent: unsubscribing stops marketing and sales, not service or transactional',
    script: `
      at 2026-03-02T10:00Z  event marketing "Unsubscribed" {purpose: "marketing"}
      decide marketing email marketing "spring-sale" → suppress [consent.withdrawn]
      decide sales call sales "renewal" → suppress [consent.withdrawn]
      decide service email service "ticket-update" → send [consent.not_required]
      decide billing email transactional "invoice" → send
      at +1d  event marketing "Consent Updated" {purposes: {marketing: true}}
      decide marketing email marketing "spring-sale" → send [consent.granted]
    `,
  },
  {
    name: 'consent: a spam mark withdraws the email channel only',
    script: `
      at 2026-03-02T10:00Z  event marketing "Email Marked as Spam"
      decide marketing email marketing "newsletter" → suppress [consent.channel_withdrawn]
      decide marketing sms marketing "newsletter-sms" → send
      decide service email service "ticket-update" → send
    `,
  },
  {
    name: 'consent: with ifUnknown denied, marketing needs an explicit yes',
    policy: variant((p) => {
      p.purposes.marketing.consent = { purposes: ['marketing'], channel: true, ifUnknown: 'denied' };
    }),
    script: `
      at 2026-03-02T10:00Z  decide marketing email marketing "welcome-offer" → suppress [consent.missing]
      event marketing "Consent Updated" {purposes: {marketing: true}}
      decide marketing email marketing "welcome-offer" → send [consent.granted]
    `,
  },
  {
    name: 'suppression: a late shipment stops sales until it is delivered',
    script: `
      at 2026-03-02T10:00Z  event logistics "Shipment Dispatched" {shipment_id: "S-1", order_id: "O-1", eta: "2026-03-04T12:00:00Z"}
      decide sales email sales "accessory-offer" → send
      at 2026-03-05T10:00Z  decide sales email sales "accessory-offer" → suppress [suppression.late_shipment]
      decide logistics email service "delay-apology" → send [suppression.exempt]
      event logistics "Shipment Delivered" {shipment_id: "S-1"}
      decide sales email sales "accessory-offer" → send [suppression.clear]
    `,
  },
  {
    name: 'suppression: a pending refund stops the sales call; issuing it lifts the block',
    script: `
      at 2026-03-02T10:00Z  event billing "Refund Requested" {refund_id: "R-1", order_id: "O-9", amount: 40}
      at +21d  decide sales call sales "renewal-call" → suppress [suppression.pending_refund]
      event billing "Refund Issued" {refund_id: "R-1"}
      decide sales call sales "renewal-call" → send
    `,
  },
  {
    name: 'suppression and cool-down: a dispute blocks until resolved, then 14 days',
    script: `
      at 2026-03-02T10:00Z  event billing "Dispute Opened" {dispute_id: "D-1", order_id: "O-3"}
      decide marketing email marketing "promo" → suppress [suppression.open_dispute]
      at +2d  event billing "Dispute Resolved" {dispute_id: "D-1"}
      decide marketing email marketing "promo" → suppress [cooldown.dispute_resolved]
      at +14d  decide marketing email marketing "promo" → send
    `,
  },
  {
    name: 'suppression: a promise broken in the last 30 days',
    script: `
      at 2026-03-02T10:00Z  event service "Promise Made" {promise_id: "P-1", type: "callback", owner: "service", due_at: "2026-03-03T10:00:00Z"}
      at +2d  event service "Promise Broken" {promise_id: "P-1"}
      decide marketing email marketing "promo" → suppress [suppression.promise_broken_recently]
      at +30d  decide marketing email marketing "promo" → suppress [suppression.promise_broken_recently]
      at +1d  decide marketing email marketing "promo" → send
    `,
  },
  {
    name: 'suppression: a detractor answer blocks marketing for 90 days, not sales',
    script: `
      at 2026-03-02T10:00Z  event marketing "Survey Answered" {survey: "nps", score: 3}
      decide marketing email marketing "promo" → suppress [suppression.detractor]
      decide sales email sales "check-in" → send [suppression.exempt]
      at +91d  decide marketing email marketing "promo" → send
    `,
  },
  {
    name: 'cool-down: a complaint ticket resolved starts the complaint cool-down',
    script: `
      at 2026-03-02T10:00Z  event service "Ticket Opened" {ticket_id: "T-7", complaint: true}
      decide sales email sales "offer" → suppress [suppression.open_complaint]
      at +1d  event service "Ticket Resolved" {ticket_id: "T-7"}
      decide sales email sales "offer" → suppress [cooldown.complaint_resolved]
      at +3d  decide marketing email marketing "promo" → suppress [cooldown.complaint_resolved]
      at +4d  decide marketing email marketing "promo" → send
    `,
  },
  {
    name: 'caps: the promotional caps count sales and marketing together, across departments',
    script: `
      at 2026-03-02T10:00Z  decide sales email sales "offer-1" commit → send [cap.within]
      decide marketing email marketing "promo-1" → suppress [cap.exceeded]
      decide service email service "ticket-update" → send
      at +1d  decide marketing email marketing "promo-1" commit → send
      at +1d  decide marketing sms marketing "promo-2" commit → send
      at +1d  decide sales email sales "offer-2" → suppress [cap.exceeded]
      decide billing email transactional "receipt" → send [cap.bypassed]
      at +4d  decide sales email sales "offer-2" → send
    `,
  },
  {
    name: 'caps: channel caps, contacts recorded from events, and release',
    script: `
      at 2026-03-02T10:00Z  contact sales call sales
      at +2d  decide marketing sms marketing "flash-sale" → suppress [cap.exceeded]
      decide marketing email marketing "flash-sale" commit → send
      at +1h  decide sales email sales "offer" → suppress [cap.exceeded]
      release
      decide sales email sales "offer" → send
    `,
  },
  {
    name: 'caps: transactional never counts and never falls to a cap',
    script: `
      at 2026-03-02T10:00Z  decide billing email transactional "r-1" commit → send [cap.bypassed]
      decide billing email transactional "r-2" commit → send [cap.bypassed]
      decide marketing email marketing "promo" → send [cap.within]
    `,
  },
  {
    name: "quiet hours: deferred to 08:00 in the customer's own zone",
    script: `
      at 2026-03-02T01:00Z  identify {timezone: "America/New_York"}
      at 2026-03-02T02:00Z  decide marketing email marketing "promo" → defer [quiet_hours.deferred] until 2026-03-02T13:00Z
      decide service email service "ticket-update" → send [quiet_hours.not_applicable]
      at 2026-03-02T13:00Z  decide marketing email marketing "promo" → send [quiet_hours.clear]
    `,
  },
  {
    name: 'quiet hours: Europe/Paris on the spring-forward night (2026-03-29)',
    script: `
      at 2026-03-28T10:00Z  identify {timezone: "Europe/Paris"}
      at 2026-03-28T19:59Z  decide marketing email marketing "promo" → send
      at 2026-03-28T20:00Z  decide marketing email marketing "promo" → defer until 2026-03-29T06:00Z
      at 2026-03-29T00:30Z  decide marketing email marketing "promo" → defer until 2026-03-29T06:00Z
      at 2026-03-29T05:59Z  decide marketing email marketing "promo" → defer until 2026-03-29T06:00Z
      at 2026-03-29T06:00Z  decide marketing email marketing "promo" → send
      at 2026-03-29T19:00Z  decide marketing email marketing "promo" → defer until 2026-03-30T06:00Z
    `,
  },
  {
    name: 'quiet hours: America/New_York on the fall-back night (2026-11-01)',
    script: `
      at 2026-10-31T10:00Z  identify {timezone: "America/New_York"}
      at 2026-11-01T00:59Z  decide sales call sales "renewal" → send
      at 2026-11-01T01:00Z  decide sales call sales "renewal" → defer until 2026-11-01T13:00Z
      at 2026-11-01T05:30Z  decide sales call sales "renewal" → defer until 2026-11-01T13:00Z
      at 2026-11-01T06:30Z  decide sales call sales "renewal" → defer until 2026-11-01T13:00Z
      at 2026-11-01T12:59Z  decide sales call sales "renewal" → defer until 2026-11-01T13:00Z
      at 2026-11-01T13:00Z  decide sales call sales "renewal" → send
    `,
  },
  {
    name: 'quiet hours: the policy fallback zone when the customer has none',
    script: `
      at 2026-01-10T20:30Z  decide marketing email marketing "promo" → defer [quiet_hours.deferred] until 2026-01-11T07:00Z
    `,
  },
  {
    name: 'quiet hours: a window ending inside the spring-forward gap ends at the transition',
    policy: variant((p) => {
      p.quietHours.windows = [{ start: '22:00', end: '02:30', purposes: ['marketing'] }];
    }),
    script: `
      at 2026-03-28T10:00Z  identify {timezone: "Europe/Paris"}
      at 2026-03-28T22:00Z  decide marketing email marketing "promo" → defer until 2026-03-29T01:00Z
      at 2026-03-29T01:00Z  decide marketing email marketing "promo" → send
    `,
  },
  {
    name: 'quiet hours: overlapping windows chain, channel-only windows leave other channels alone',
    policy: variant((p) => {
      p.quietHours.windows.push({ start: '07:30', end: '09:30', purposes: ['marketing'], channels: ['sms'] });
    }),
    script: `
      at 2026-01-10T20:30Z  decide marketing sms marketing "promo" → defer until 2026-01-11T08:30Z
      decide marketing email marketing "promo" → defer until 2026-01-11T07:00Z
      at 2026-01-11T08:00Z  decide marketing email marketing "promo" → send
      decide marketing sms marketing "promo" → defer until 2026-01-11T08:30Z
    `,
  },
];

describe('contact decisions, stage by stage', () => {
  for (const s of scenarios) {
    it(s.name, () => {
      const run = runScenario(s.script, s.policy ?? DEFAULT);
      expect(run.failures).toEqual([]);
      expect(run.decisions.length).toBeGreaterThan(0);
    });
  }

  it('reason messages cite the facts and every decision carries the policy version', () => {
    const run = runScenario(`
      at 2026-03-01T10:00Z  event service "Complaint Opened" {complaint_id: "cpl-12", caused_by: "logistics"}
      at +2d  decide marketing email marketing "upsell-1" → suppress
    `, DEFAULT);
    const decision = run.decisions[0]?.decision;
    expect(decision?.policyVersion).toBe('default-2026.1');
    expect(decision?.reasons[1]).toEqual({
      code: 'suppression.open_complaint',
      stage: 'suppression',
      department: 'service',
      message: 'Open complaint cpl-12 (opened 2 days ago by service, about logistics) blocks marketing',
      evidence: ['cpl-12'],
    });
  });

  it('a failing expectation is reported with what the decision said', () => {
    const run = runScenario('at 2026-03-01T10:00Z  decide marketing email marketing "x" → suppress [cap.exceeded]', DEFAULT);
    expect(run.failures[0]).toMatch(/expected suppress; missing reason codes cap.exceeded\n {2}got send/);
  });

  it('refuses a script it cannot read', () => {
    expect(() => runScenario('decide marketing email marketing "x" → send', DEFAULT)).toThrow(/set the clock/);
    expect(() => runScenario('at 2026-03-01T10:00Z  decide marketing email bulk "x" → send', DEFAULT)).toThrow(/not a purpose/);
  });
});
