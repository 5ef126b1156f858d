import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldEvents } from '../state/customer-state.js';
import { DAY, event, HOUR, identify, T0 } from '../state/test-events.js';
import { defaultHealthConfig, loadHealthConfig, parseHealthConfig } from './health-config.js';
import { bandOf, HEALTH_MEASURES, type HealthConfig, healthScore, healthTrend, measureScores, weightedScore } from './health.js';

const config = defaultHealthConfig();
const at = (days: number) => T0 + days * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const part = (h: ReturnType<typeof healthScore>, m: string) => h.parts.find((p) => p.measure === m)!;

/** A customer who orders now and then and had every promise kept. */
function steadyCustomer() {
  return [
    identify({ email: 'ann@example.com' }, { at: at(0) }),
    event('Order Completed', { order_id: 'o1', revenue: 80 }, { at: at(1), department: 'sales' }),
    event('Promise Made', { promise_id: 'p1', type: 'delivery', owner: 'logistics', due_at: iso(at(3)), kept_by: { event: 'Shipment Delivered', order_id: 'o1' } }, { at: at(1), department: 'logistics' }),
    event('Shipment Delivered', { shipment_id: 's1', order_id: 'o1' }, { at: at(2), department: 'logistics' }),
    event('Order Completed', { order_id: 'o2', revenue: 40 }, { at: at(20), department: 'sales' }),
  ];
}

describe('relationship health', () => {
  it('is the weighted mean of its parts, recomputable from what it shows', () => {
    const h = healthScore(foldEvents('cus_1', steadyCustomer()), at(25), config);
    expect(h.parts.map((p) => p.measure)).toEqual([...HEALTH_MEASURES]);
    const sw = h.parts.reduce((a, p) => a + p.weight, 0);
    expect(h.score).toBe(Math.round((h.parts.reduce((a, p) => a + p.weight * p.score, 0) / sw) * 10) / 10);
    expect(Math.abs(h.parts.reduce((a, p) => a + p.contribution, 0) - h.score)).toBeLessThan(0.1);
    expect(h.triggers).toEqual([]);
    expect(h.band).toBe(h.scoreBand);
    expect(h.band).toBe('healthy');
    for (const p of h.parts) expect(p.explanation.length).toBeGreaterThan(10);
    expect(part(h, 'promise_reliability').explanation).toContain('1 of 1 promise kept');
    expect(part(h, 'value_usage').explanation).toContain('2 orders');
  });

  it('raises the open-complaint trigger and caps the band at at_risk whatever the score', () => {
    const events = [
      ...steadyCustomer(),
      event('Ticket Opened', { ticket_id: 't1', subject: 'Where is my order?' }, { at: at(21) }),
      event('Complaint Opened', { complaint_id: 'c1', ticket_id: 't1', reason: 'late delivery', caused_by: 'logistics' }, { at: at(21) + HOUR }),
    ];
    const h = healthScore(foldEvents('cus_1', events), at(23), config);
    const trigger = h.triggers.find((t) => t.code === 'open_complaint');
    expect(trigger?.explanation).toContain('c1');
    expect(trigger?.explanation).toContain('caused by logistics');
    expect(trigger?.since).toBe(iso(at(21) + HOUR));
    expect(part(h, 'support_experience').score).toBeLessThanOrEqual(65);
    expect(['at_risk', 'critical']).toContain(h.band);
    // Resolved: no trigger, but the recent complaint still weighs (recovery does not restore loyalty).
    const resolved = healthScore(foldEvents('cus_1', [...events, event('Complaint Resolved', { complaint_id: 'c1' }, { at: at(24) }), event('Ticket Resolved', { ticket_id: 't1' }, { at: at(24) })]), at(25), config);
    expect(resolved.triggers.map((t) => t.code)).not.toContain('open_complaint');
    expect(part(resolved, 'support_experience').score).toBe(70);
    expect(part(resolved, 'support_experience').explanation).toContain('resolved');
  });

  it('triggers on a promise broken in the last 30 days, and on one open past its deadline', () => {
    const late = [
      event('Promise Made', { promise_id: 'p9', type: 'refund', owner: 'billing', due_at: iso(at(5)), kept_by: { event: 'Refund Issued', refund_id: 'r1' } }, { at: at(0), department: 'billing' }),
      event('Refund Issued', { refund_id: 'r1', amount: 20 }, { at: at(8), department: 'billing' }),
    ];
    const h = healthScore(foldEvents('cus_1', late), at(10), config);
    expect(h.triggers.find((t) => t.code === 'promise_broken_recently')?.explanation).toContain('p9');
    expect(healthScore(foldEvents('cus_1', late), at(40), config).triggers).toEqual([]);

    const open = [event('Promise Made', { promise_id: 'p3', type: 'callback', owner: 'service', due_at: iso(at(1)) }, { at: at(0) })];
    expect(healthScore(foldEvents('cus_1', open), at(0) + HOUR, config).triggers).toEqual([]);
    const overdue = healthScore(foldEvents('cus_1', open), at(2), config);
    expect(overdue.triggers[0]?.code).toBe('promise_broken_recently');
    expect(overdue.triggers[0]?.explanation).toContain('past due');
  });

  it('triggers on a detractor answer of the last year and on a refund in progress', () => {
    const events = [
      event('Survey Answered', { survey: 'nps', score: 3 }, { at: at(0), department: 'marketing' }),
      event('Refund Requested', { refund_id: 'r7', amount: 25 }, { at: at(1), department: 'billing' }),
    ];
    const h = healthScore(foldEvents('cus_1', events), at(2), config);
    expect(h.triggers.map((t) => t.code).sort()).toEqual(['detractor', 'refund_in_progress']);
    expect(part(h, 'sentiment').score).toBe(30);
    const later = healthScore(foldEvents('cus_1', [...events, event('Refund Issued', { refund_id: 'r7' }, { at: at(3), department: 'billing' })]), at(400), config);
    expect(later.triggers).toEqual([]);
  });

  it('feels contact pressure and withdrawn consent', () => {
    const mails = Array.from({ length: 6 }, (_, k) => event('Email Delivered', { campaign_id: 'cmp' }, { at: at(k), department: 'marketing' }));
    const h = healthScore(foldEvents('cus_1', [...mails, event('Unsubscribed', { purpose: 'marketing' }, { at: at(6), department: 'marketing' })]), at(7), config);
    expect(part(h, 'contact_pressure').score).toBe(100 - 4 * 12 - 30);
    expect(part(h, 'contact_pressure').explanation).toContain('6 outbound contacts');
  });

  it('scores a churned customer at 0 for value and usage', () => {
    const h = healthScore(foldEvents('cus_1', [...steadyCustomer(), event('Customer Churned', { reason: 'inactive' }, { at: at(30), department: 'sales' })]), at(31), config);
    expect(part(h, 'value_usage').score).toBe(0);
  });

  it('holds the weighted-mean law for any weights and any customer (property)', () => {
    const names = ['Order Completed', 'Ticket Opened', 'Ticket Resolved', 'Complaint Opened', 'Complaint Resolved', 'Survey Answered', 'Refund Requested', 'Email Delivered', 'Promise Made', 'Promise Broken'];
    const ev = fc.record({ name: fc.constantFrom(...names), day: fc.integer({ min: 0, max: 200 }), id: fc.integer({ min: 1, max: 3 }), score: fc.integer({ min: 0, max: 10 }) }).map(({ name, day, id, score }) =>
      event(name, { order_id: `o${id}`, ticket_id: `t${id}`, complaint_id: `c${id}`, refund_id: `r${id}`, promise_id: `p${id}`, type: 'delivery', owner: 'logistics', due_at: iso(at(day + 2)), survey: id === 1 ? 'csat' : 'nps', score: id === 1 ? Math.max(1, score % 6) : score, amount: 10, revenue: 30 }, { at: at(day) }),
    );
    const weight = fc.integer({ min: 0, max: 100 });
    fc.assert(
      fc.property(fc.array(ev, { maxLength: 25 }), fc.tuple(weight, weight, weight, weight, weight), fc.integer({ min: 0, max: 400 }), (events, w, day) => {
        if (w.every((x) => x === 0)) return;
        const weights = Object.fromEntries(HEALTH_MEASURES.map((m, i) => [m, w[i]!])) as HealthConfig['weights'];
        const state = foldEvents('cus_1', events.map((e, i) => ({ ...e, seq: i + 1 })));
        const h = healthScore(state, at(day), { weights, bands: config.bands });
        expect(h.score).toBeGreaterThanOrEqual(0);
        expect(h.score).toBeLessThanOrEqual(100);
        for (const p of h.parts) expect(p.score >= 0 && p.score <= 100).toBe(true);
        expect(h.score).toBe(weightedScore(measureScores(state, at(day)), weights));
        expect(Math.abs(h.parts.reduce((a, p) => a + p.contribution, 0) - h.score)).toBeLessThan(0.1);
        if (h.triggers.length > 0) expect(['at_risk', 'critical']).toContain(h.band);
        else expect(h.band).toBe(bandOf(h.score, config.bands));
      }),
      { numRuns: 300 },
    );
  });

  it('reports the trend against the score 30 days before', () => {
    expect(healthTrend(70, 80, at(30), 30)).toMatchObject({ previous: 80, delta: -10, direction: 'down', since: iso(at(0)) });
    expect(healthTrend(70, 69.5, at(30), 30).direction).toBe('flat');
    expect(healthTrend(70, null, at(30), 30)).toMatchObject({ previous: null, delta: null, direction: 'unknown' });
  });
});

describe('health configuration', () => {
  it('ships valid default weights, which healthScore uses when given none', () => {
    expect(config.version).toBe('default-1');
    const state = foldEvents('cus_1', steadyCustomer());
    expect(healthScore(state, at(25))).toEqual(healthScore(state, at(25), config));
    expect(Object.keys(config.weights).sort()).toEqual([...HEALTH_MEASURES].sort());
  });

  it('refuses a bad file naming the field, and reads a good one from a path', () => {
    expect(() => parseHealthConfig({ ...config, weights: { ...config.weights, sentiment: -1 } })).toThrow(/\/weights\/sentiment/);
    expect(() => parseHealthConfig({ ...config, weights: { ...config.weights, extra: 1 } })).toThrow(/weights/);
    expect(() => parseHealthConfig({ ...config, weights: Object.fromEntries(HEALTH_MEASURES.map((m) => [m, 0])) })).toThrow(/all be 0/);
    expect(() => parseHealthConfig({ ...config, bands: { healthy: 50, watch: 60, at_risk: 40 } })).toThrow(/bands/);
    const dir = mkdtempSync(join(tmpdir(), 'tutti-health-'));
    const file = join(dir, 'weights.json');
    writeFileSync(file, JSON.stringify({ ...config, version: 'mine', weights: { ...config.weights, sentiment: 0 } }));
    expect(loadHealthConfig(file).weights.sentiment).toBe(0);
    writeFileSync(file, '{ not json');
    expect(() => loadHealthConfig(file)).toThrow(file);
  });
});
