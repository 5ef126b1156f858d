/**
 * The default contact policy, as a string so the build needs no file copying. It must stay
 * identical to default-policy.yaml (the file an operations lead copies and edits); a test
 * checks that they match.
 */
import { type CompiledPolicy, compilePolicy } from './compile-policy.js';
import { parsePolicy } from './parse-policy.js';
import type { Policy } from './policy-schema.js';

export const DEFAULT_POLICY_YAML = `# Tutti's default contact policy: the brief's examples as rules.
# Edit a copy, check it with "tutti policy check FILE", replay it with "tutti policy simulate FILE".
# Stages run in this order: consent → suppressions → cooldowns → caps → quietHours → priority.
version: "default-2026.1"
description: >
  One voice. Service and transactional messages always get through; an open complaint, a late
  shipment, a pending refund or dispute stops sales and marketing; marketing waits a week after
  a complaint is resolved; promotional contacts are capped across all departments; nobody is
  sold to at night in their own time zone.

# Priority order, most important first. Weights multiply into arbitration scores.
departments:
  - { name: service, weight: 1 }
  - { name: logistics, weight: 1 }
  - { name: billing, weight: 1 }
  - { name: sales, weight: 0.7 }
  - { name: marketing, weight: 0.5 }

purposes:
  transactional:   # receipts, delivery notices, password resets
    bypassesCaps: true
    countsTowardCaps: false
    consent: none
  service:         # answers to the customer's own tickets and requests
    bypassesCaps: false
    countsTowardCaps: true
    consent: none
    aliases: [callback, support, feedback]
  sales:
    bypassesCaps: false
    countsTowardCaps: true
    weight: 0.8
    consent: { purposes: [marketing, sales_calls], channel: true, ifUnknown: granted }
    aliases: [upsell, renewal, win-back]
  marketing:
    bypassesCaps: false
    countsTowardCaps: true
    weight: 0.6
    consent: { purposes: [marketing], channel: true, ifUnknown: granted }
    aliases: [newsletter, campaign, promotion]

# Hard suppressions: while the fact holds, the listed purposes do not go.
suppressions:
  - { when: open_complaint, blocks: [sales, marketing] }
  - { when: late_shipment, blocks: [sales, marketing] }
  - { when: pending_refund, blocks: [sales, marketing] }
  - { when: open_dispute, blocks: [sales, marketing] }
  - { when: promise_broken_recently, within: 30d, blocks: [sales, marketing] }
  - { when: detractor, within: 90d, blocks: [marketing] }

# After a resolution, wait before selling again.
cooldowns:
  - { after: complaint_resolved, for: 7d, blocks: [sales, marketing] }
  - { after: dispute_resolved, for: 14d, blocks: [sales, marketing] }
  - { after: ticket_resolved, for: 2d, blocks: [marketing] }

# Per customer, across all departments unless a cap names some.
caps:
  - { name: promotional-daily, window: 1d, max: 1, purposes: [sales, marketing] }
  - { name: promotional-weekly, window: 7d, max: 3, purposes: [sales, marketing] }
  - { name: calls-and-texts-weekly, window: 7d, max: 1, purposes: [sales, marketing], channels: [call, sms] }
  - { name: service-daily, window: 1d, max: 5, purposes: [service] }

# In the customer's own time zone; deferred messages carry "until".
quietHours:
  fallbackTimeZone: Europe/Paris
  windows:
    - { start: "21:00", end: "08:00", purposes: [sales, marketing] }

# score = value^value × propensity^propensity × relationship^relationship × department weight × purpose weight
arbitration:
  weights: { value: 1, propensity: 1, relationship: 1 }
  defaults: { value: 1, propensity: 0.1 }
  unlistedDepartmentWeight: 0.5
  relationship:
    - { when: open_ticket, factor: 0.5, purposes: [sales, marketing] }
    - { when: promise_overdue, factor: 0.5, purposes: [sales, marketing] }
    - { when: detractor, within: 180d, factor: 0.5, purposes: [sales] }
    - { when: promoter, within: 180d, factor: 1.25, purposes: [sales, marketing] }
`;

/** The default policy, parsed. Throws if the shipped text is invalid (a test guards it). */
export function defaultPolicy(): Policy {
  const parsed = parsePolicy(DEFAULT_POLICY_YAML, 'yaml');
  if (!parsed.ok) throw new Error(`the default policy is invalid: ${parsed.errors.map((e) => e.message).join('; ')}`);
  return parsed.policy;
}

/** The default policy, compiled. */
export function defaultCompiledPolicy(): CompiledPolicy {
  return compilePolicy(defaultPolicy());
}
