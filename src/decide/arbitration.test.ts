import { describe, expect, it } from 'vitest';
import { applyEvent, emptyState } from '../state/customer-state.js';
import { event } from '../state/test-events.js';
import { decideAmong, scoreCandidate } from './arbitration.js';
import { compilePolicy } from './compile-policy.js';
import { InMemoryContactCounters, NO_CONTACTS } from './contact-counters.js';
import type { DecisionRequest } from './decision-types.js';
import { defaultPolicy } from './default-policy.js';

const POLICY = compilePolicy(defaultPolicy());
const NOON = Date.parse('2026-03-02T11:00Z'); // 12:00 in Paris, the fallback zone

function candidate(department: string, purpose: DecisionRequest['purpose'], id: string, value?: number, propensity?: number, channel = 'email'): DecisionRequest {
  const message: DecisionRequest['message'] = { id };
  if (value !== undefined) message.value = value;
  if (propensity !== undefined) message.propensity = propensity;
  return { department, channel, purpose, message };
}

describe('decideAmong', () => {
  it('scores value × propensity × relationship × priority and picks the best, not the first', () => {
    const state = emptyState('cus_a');
    const result = decideAmong(POLICY, state, [
      candidate('marketing', 'marketing', 'newsletter', 10, 0.2), // 10 × 0.2 × 1 × 0.5 × 0.6 = 0.6
      candidate('sales', 'sales', 'upgrade', 10, 0.15), //          10 × 0.15 × 1 × 0.7 × 0.8 = 0.84
    ], NOON, NO_CONTACTS);
    expect(result.winner?.request.message.id).toBe('upgrade');
    expect(result.winner?.score.score).toBeCloseTo(0.84, 10);
    expect(result.winner?.decision.reasons.at(-1)?.code).toBe('arbitration.won');
    const [loser] = result.losers;
    expect(loser?.lostBecause).toBe('outscored');
    expect(loser?.score).toMatchObject({ value: 10, propensity: 0.2, relationship: 1, departmentWeight: 0.5, purposeWeight: 0.6 });
    expect(loser?.decision.reasons.at(-1)).toMatchObject({
      code: 'arbitration.outscored',
      message: expect.stringMatching(/^Lost to upgrade from sales: score 0.6 against 0.84\. Score = value 10 × propensity 0.2 × relationship 1 × priority 0.3/),
    });
  });

  it('when one place is left under a cap, the most important candidate gets it', () => {
    const counters = new InMemoryContactCounters();
    counters.record('cus_b', { department: 'sales', channel: 'email', purpose: 'sales' }, NOON - 3 * 86_400_000);
    counters.record('cus_b', { department: 'marketing', channel: 'email', purpose: 'marketing' }, NOON - 2 * 86_400_000);
    const result = decideAmong(POLICY, emptyState('cus_b'), [
      candidate('marketing', 'marketing', 'first-in-line'),
      candidate('sales', 'sales', 'more-important'),
    ], NOON, counters);
    expect(result.winner?.request.message.id).toBe('more-important');
    expect(result.losers[0]?.lostBecause).toBe('outscored');
  });

  it('says why suppressed candidates lost, and service wins while a complaint is open', () => {
    const state = emptyState('cus_c');
    applyEvent(state, event('Complaint Opened', { complaint_id: 'C-9' }, { at: NOON - 3_600_000 }));
    const result = decideAmong(POLICY, state, [
      candidate('marketing', 'marketing', 'upsell', 100, 0.9),
      candidate('service', 'service', 'apology', 1, 0.1),
    ], NOON, NO_CONTACTS);
    expect(result.winner?.request.message.id).toBe('apology');
    expect(result.losers[0]).toMatchObject({ lostBecause: 'suppressed' });
    expect(result.losers[0]?.decision.reasons.map((r) => r.code)).toContain('suppression.open_complaint');
  });

  it('falls back to the best deferred candidate, and to no winner when all are suppressed', () => {
    const night = Date.parse('2026-03-02T22:00Z');
    const deferred = decideAmong(POLICY, emptyState('cus_d'), [candidate('marketing', 'marketing', 'a'), candidate('sales', 'sales', 'b')], night, NO_CONTACTS);
    expect(deferred.winner?.request.message.id).toBe('b');
    expect(deferred.winner?.decision.decision).toBe('defer');
    expect(deferred.losers[0]?.lostBecause).toBe('outscored');

    const state = emptyState('cus_e');
    applyEvent(state, event('Unsubscribed', {}, { at: NOON - 1000 }));
    const none = decideAmong(POLICY, state, [candidate('marketing', 'marketing', 'a'), candidate('sales', 'sales', 'b')], NOON, NO_CONTACTS);
    expect(none.winner).toBeNull();
    expect(none.losers.map((l) => l.lostBecause)).toEqual(['suppressed', 'suppressed']);
  });

  it('applies relationship factors for the purpose, citing the fact', () => {
    const state = emptyState('cus_f');
    applyEvent(state, event('Ticket Opened', { ticket_id: 'T-3' }, { at: NOON - 3_600_000 }));
    const sales = scoreCandidate(POLICY, state, candidate('sales', 'sales', 's', 2, 0.5), NOON);
    expect(sales.relationship).toBe(0.5);
    expect(sales.factors[0]).toMatch(/^open_ticket ×0.5 \(Open ticket T-3/);
    expect(scoreCandidate(POLICY, state, candidate('service', 'service', 'x'), NOON).relationship).toBe(1);
    expect(scoreCandidate(POLICY, state, candidate('partners', 'service', 'x'), NOON).departmentWeight).toBe(0.5);
  });
});
