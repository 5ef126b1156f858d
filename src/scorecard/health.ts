/**
 * Relationship health per customer (DESIGN 3.6, REFERENCE F): an explainable 0–100 score, its
 * band, and the hard triggers that act regardless of the score. Pure: a function of the live
 * state, the instant `now` and the configuration (health-weights.json); no clock, no I/O.
 *
 * The score is Gainsight's weighted mean over measures scored 0–100:
 *
 *     score = Σ wᵢ·xᵢ / Σ wᵢ        (xᵢ as shown in `parts`, each rounded to 0.1)
 *
 * so anyone can recompute it from the parts; `contribution` is wᵢ·xᵢ / Σ wᵢ (rounded to 0.01,
 * so the contributions add up to the score within 0.1).
 *
 * The measures, each read from the state as of `now`:
 *
 * - promise_reliability: kept / (kept + broken + open-and-overdue), smoothed towards 90 % by two
 *   pseudo-promises (a customer with one kept promise is not "perfect"); −15 when a promise broke
 *   (or went overdue) in the last 90 days.
 * - support_experience: 100, −35 per open complaint (at most −70), −1 per day a complaint has
 *   been open beyond 3 days (at most −15), −10 per open ticket (at most −30), −30 when a complaint
 *   was resolved in the last 90 days (service recovery lifts satisfaction, not loyalty: de Matos
 *   et al. 2007; in the demo a complaint of the last 90 days multiplies churn risk by five);
 *   blended 60/40 with the latest CSAT of the last year ((score − 1) / 4 · 100).
 * - sentiment: the latest NPS answer × 10; an answer older than a year fades linearly to the
 *   neutral 70 over the next year; no answer is neutral 70.
 * - value_usage: 0.6 · order recency (100 within 30 days of the last order, falling to 0 at a
 *   year) + 0.4 · frequency (25 per order, at most 100) − up to 30 for refunds (60 × the refunded
 *   share of revenue); a new customer (first seen < 30 days ago) without orders is 60; a churned
 *   customer (churn record with no order since) is 0.
 * - contact_pressure: 100, −12 per outbound contact beyond 2 in the last 30 days (all
 *   departments, all channels); −30 when marketing or email consent is withdrawn from a customer
 *   who had been emailed.
 *
 * Triggers (REFERENCE F): an open complaint; a promise broken in the last 30 days or open past
 * its due time + grace; a detractor answer in the last year (NPS ≤ 6, CSAT ≤ 2, the newer counts);
 * a refund in progress. A customer with any trigger is banded no better than `at_risk`, whatever
 * the score (`scoreBand` keeps the band of the number alone).
 */
import { type CustomerState, recentContactList } from '../state/customer-state.js';
import { BROKEN_PROMISE_WINDOW_MS } from '../state/summary.js';
import shipped from './health-weights.json' with { type: 'json' };

export const HEALTH_MEASURES = ['promise_reliability', 'support_experience', 'sentiment', 'value_usage', 'contact_pressure'] as const;
export type HealthMeasure = (typeof HEALTH_MEASURES)[number];
export type HealthWeights = Record<HealthMeasure, number>;

/** Best first. */
export const HEALTH_BANDS = ['healthy', 'watch', 'at_risk', 'critical'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** Lowest score of each band; below `at_risk` is critical. */
export interface BandThresholds {
  healthy: number;
  watch: number;
  at_risk: number;
}

export interface HealthConfig {
  version: string;
  weights: HealthWeights;
  bands: BandThresholds;
  /** The trend compares the score now with the score this many days ago. */
  trendDays: number;
}

/** The shipped configuration (health-weights.json; health-config.ts validates files an operator supplies). */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = { version: shipped.version, weights: { ...shipped.weights }, bands: { ...shipped.bands }, trendDays: shipped.trendDays };

export const TRIGGER_CODES = ['open_complaint', 'promise_broken_recently', 'detractor', 'refund_in_progress'] as const;
export type TriggerCode = (typeof TRIGGER_CODES)[number];

export interface HealthPart {
  measure: HealthMeasure;
  /** 0–100, one decimal. */
  score: number;
  weight: number;
  /** weight × score / Σ weights, two decimals. */
  contribution: number;
  explanation: string;
}

export interface HealthTrigger {
  code: TriggerCode;
  explanation: string;
  /** When the triggering fact began (ISO), when known. */
  since: string | null;
}

export interface HealthScore {
  customerId: string;
  /** The instant scored (ISO). */
  at: string;
  /** 0–100, one decimal: Σ weight × part score / Σ weight. */
  score: number;
  /** The band after triggers: no better than at_risk while any trigger holds. */
  band: HealthBand;
  /** The band of the score alone. */
  scoreBand: HealthBand;
  parts: HealthPart[];
  triggers: HealthTrigger[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const RECENT_BREAK_MS = 90 * DAY;
const PRESSURE_WINDOW_MS = 30 * DAY;
const NEUTRAL_SENTIMENT = 70;
const PROMISE_PRIOR = { count: 2, rate: 0.9 } as const;

interface Measured {
  score: number;
  explanation: string;
}

const clamp = (x: number): number => (x < 0 ? 0 : x > 100 ? 100 : x);
const round1 = (x: number): number => Math.round(x * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
const iso = (ms: number): string => new Date(ms).toISOString();
const day = (ms: number): string => iso(ms).slice(0, 10);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The band a score falls in. */
export function bandOf(score: number, bands: BandThresholds): HealthBand {
  if (score >= bands.healthy) return 'healthy';
  if (score >= bands.watch) return 'watch';
  if (score >= bands.at_risk) return 'at_risk';
  return 'critical';
}

function worse(a: HealthBand, b: HealthBand): HealthBand {
  return HEALTH_BANDS.indexOf(a) >= HEALTH_BANDS.indexOf(b) ? a : b;
}

function overduePromises(state: CustomerState, now: number): { id: string; type: string; owner: string; deadline: number }[] {
  const out: { id: string; type: string; owner: string; deadline: number }[] = [];
  for (const p of state.promises?.open ?? []) {
    const deadline = p.dueAt + p.graceMinutes * MINUTE;
    if (now > deadline) out.push({ id: p.id, type: p.type, owner: p.owner, deadline });
  }
  return out;
}

function promiseReliability(state: CustomerState, now: number): Measured {
  const led = state.promises;
  const kept = led?.kept ?? 0;
  const broken = led?.broken ?? 0;
  const overdue = overduePromises(state, now);
  const decided = kept + broken + overdue.length;
  const rate = (kept + PROMISE_PRIOR.count * PROMISE_PRIOR.rate) / (decided + PROMISE_PRIOR.count);
  let score = 100 * rate;
  const lastBroken = led?.lastBrokenAt ?? null;
  const recent = overdue.length > 0 || (lastBroken !== null && lastBroken <= now && now - lastBroken <= RECENT_BREAK_MS);
  if (recent) score -= 15;
  if (decided === 0) return { score: clamp(score), explanation: `No promise kept or broken yet: neutral ${PROMISE_PRIOR.rate * 100}.` };
  let text = `${kept} of ${plural(decided, 'promise')} kept (${broken} broken, ${overdue.length} open past due); smoothed kept rate ${Math.round(rate * 1000) / 10} %`;
  if (recent) text += overdue.length > 0 ? `; −15: a promise is overdue now` : `; −15: a promise broke on ${day(lastBroken ?? now)}`;
  return { score: clamp(score), explanation: `${text}.` };
}

function supportExperience(state: CustomerState, now: number): Measured {
  const complaints = state.complaints ?? [];
  const tickets = (state.tickets ?? []).filter((t) => !t.complaint);
  const notes: string[] = [];
  let base = 100;
  if (complaints.length > 0) {
    const p = Math.min(70, 35 * complaints.length);
    base -= p;
    notes.push(`−${p} for ${plural(complaints.length, 'open complaint')}`);
    let oldest = now;
    for (const c of complaints) if (c.openedAt < oldest) oldest = c.openedAt;
    const age = Math.min(15, Math.max(0, Math.floor((now - oldest) / DAY) - 3));
    if (age > 0) {
      base -= age;
      notes.push(`−${age} for a complaint open since ${day(oldest)}`);
    }
  }
  if (tickets.length > 0) {
    const p = Math.min(30, 10 * tickets.length);
    base -= p;
    notes.push(`−${p} for ${plural(tickets.length, 'open ticket')}`);
  }
  const resolved = (state.resolutions ?? []).filter((r) => r.kind === 'complaint_resolved' && r.at <= now && now - r.at <= RECENT_BREAK_MS);
  if (resolved.length > 0) {
    base -= 30;
    notes.push(`−30: a complaint was resolved on ${day(resolved[resolved.length - 1]?.at ?? now)} (recovery does not restore loyalty)`);
  }
  base = clamp(base);
  const csat = state.csat;
  if (csat !== null && csat.at <= now && now - csat.at <= YEAR) {
    const c = clamp(((Math.min(5, Math.max(1, csat.score)) - 1) / 4) * 100);
    const score = 0.6 * base + 0.4 * c;
    return { score, explanation: `Service base ${base}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}, blended 60/40 with CSAT ${csat.score}/5 of ${day(csat.at)} (${Math.round(c)}).` };
  }
  return { score: base, explanation: notes.length > 0 ? `100 ${notes.join('; ')}.` : 'No open ticket or complaint, none resolved lately.' };
}

function sentiment(state: CustomerState, now: number): Measured {
  const nps = state.nps;
  if (nps === null || nps.at > now) return { score: NEUTRAL_SENTIMENT, explanation: `No NPS answer: neutral ${NEUTRAL_SENTIMENT}.` };
  const raw = clamp(nps.score * 10);
  const kind = nps.score >= 9 ? 'promoter' : nps.score >= 7 ? 'passive' : 'detractor';
  const age = now - nps.at;
  if (age <= YEAR) return { score: raw, explanation: `NPS ${nps.score} (${kind}) on ${day(nps.at)}.` };
  const keep = Math.max(0, 1 - (age - YEAR) / YEAR);
  return { score: NEUTRAL_SENTIMENT + (raw - NEUTRAL_SENTIMENT) * keep, explanation: `NPS ${nps.score} (${kind}) on ${day(nps.at)}, over a year old: faded ${Math.round((1 - keep) * 100)} % towards ${NEUTRAL_SENTIMENT}.` };
}

function valueUsage(state: CustomerState, now: number): Measured {
  const o = state.orders;
  const last = o?.lastOrderAt ?? null;
  if (state.churnedAt !== null && state.churnedAt <= now && !(last !== null && last > state.churnedAt)) {
    return { score: 0, explanation: `Churned on ${day(state.churnedAt)} with no order since.` };
  }
  if (o === null || last === null || o.count === 0) {
    if (state.firstSeenAt !== null && now - state.firstSeenAt < 30 * DAY) return { score: 60, explanation: `New customer (first seen ${day(state.firstSeenAt)}), no order yet: 60.` };
    return { score: 0, explanation: 'No order.' };
  }
  const days = Math.max(0, (now - last) / DAY);
  const recency = days <= 30 ? 100 : days >= 365 ? 0 : (100 * (365 - days)) / 335;
  const frequency = Math.min(100, 25 * o.count);
  const share = o.revenue > 0 ? Math.min(1, o.refunded / o.revenue) : 0;
  const refund = Math.min(30, 60 * share);
  const score = clamp(0.6 * recency + 0.4 * frequency - refund);
  let text = `Last order ${Math.floor(days)} days ago (recency ${Math.round(recency)}), ${plural(o.count, 'order')} (frequency ${frequency})`;
  if (refund > 0) text += `, −${round1(refund)} for ${Math.round(share * 100)} % of revenue refunded`;
  return { score, explanation: `${text}.` };
}

function contactPressure(state: CustomerState, now: number): Measured {
  let n = 0;
  for (const c of recentContactList(state)) if (c.at <= now && now - c.at <= PRESSURE_WINDOW_MS) n++;
  let score = 100 - 12 * Math.max(0, n - 2);
  const notes = [`${plural(n, 'outbound contact')} in the last 30 days`];
  const emailed = (state.contacts ?? []).some((t) => t.channel === 'email' && t.count > 0);
  const withdrawn = (state.consent ?? []).find((c) => !c.granted && c.at <= now && (c.purpose === 'marketing' || c.purpose === 'email'));
  if (emailed && withdrawn !== undefined) {
    score -= 30;
    notes.push(`−30: ${withdrawn.purpose} consent withdrawn on ${day(withdrawn.at)}`);
  }
  return { score: clamp(score), explanation: `${notes.join('; ')}.` };
}

const MEASURE_FNS: Record<HealthMeasure, (state: CustomerState, now: number) => Measured> = {
  promise_reliability: promiseReliability,
  support_experience: supportExperience,
  sentiment,
  value_usage: valueUsage,
  contact_pressure: contactPressure,
};

/** Each measure's score (0–100, one decimal) as of `now`, without explanations' cost mattering. */
export function measureScores(state: CustomerState, now: number): Record<HealthMeasure, number> {
  const out = {} as Record<HealthMeasure, number>;
  for (const m of HEALTH_MEASURES) out[m] = round1(MEASURE_FNS[m](state, now).score);
  return out;
}

/** Σ wᵢ·xᵢ / Σ wᵢ (one decimal) for part scores already computed; weights must sum above 0. */
export function weightedScore(scores: Record<HealthMeasure, number>, weights: HealthWeights): number {
  let sw = 0;
  let swx = 0;
  for (const m of HEALTH_MEASURES) {
    sw += weights[m];
    swx += weights[m] * scores[m];
  }
  if (!(sw > 0)) throw new Error('health weights must add up to more than 0');
  return round1(swx / sw);
}

/** The hard triggers (REFERENCE F) that hold as of `now`. */
export function healthTriggers(state: CustomerState, now: number): HealthTrigger[] {
  const out: HealthTrigger[] = [];
  const complaints = state.complaints ?? [];
  if (complaints.length > 0) {
    const first = complaints.reduce((a, c) => (c.openedAt < a.openedAt ? c : a));
    const about = [first.reason, first.causedBy === undefined ? undefined : `caused by ${first.causedBy}`].filter((x) => x !== undefined).join(', ');
    const more = complaints.length > 1 ? ` (and ${complaints.length - 1} more)` : '';
    out.push({ code: 'open_complaint', explanation: `Complaint ${first.id} open since ${day(first.openedAt)}${about ? ` (${about})` : ''}${more}.`, since: iso(first.openedAt) });
  }
  const overdue = overduePromises(state, now);
  const lastBroken = state.promises?.lastBrokenAt ?? null;
  if (overdue.length > 0) {
    const p = overdue.reduce((a, x) => (x.deadline < a.deadline ? x : a));
    out.push({ code: 'promise_broken_recently', explanation: `Promise ${p.id} (${p.type}, owner ${p.owner}) is past due since ${day(p.deadline)} and not kept.`, since: iso(p.deadline) });
  } else if (lastBroken !== null && lastBroken <= now && now - lastBroken <= BROKEN_PROMISE_WINDOW_MS) {
    const c = [...(state.promises?.recent ?? [])].reverse().find((x) => x.outcome === 'broken' && x.at === lastBroken);
    const what = c === undefined ? 'A promise' : `Promise ${c.id}${c.type === undefined ? '' : ` (${c.type}${c.owner === undefined ? '' : `, owner ${c.owner}`})`}`;
    out.push({ code: 'promise_broken_recently', explanation: `${what} was broken on ${day(lastBroken)}.`, since: iso(lastBroken) });
  }
  const answers = [
    state.nps !== null && state.nps.score <= 6 ? { kind: 'NPS', score: state.nps.score, at: state.nps.at } : null,
    state.csat !== null && state.csat.score <= 2 ? { kind: 'CSAT', score: state.csat.score, at: state.csat.at } : null,
  ].filter((a): a is { kind: string; score: number; at: number } => a !== null && a.at <= now && now - a.at <= YEAR);
  if (answers.length > 0) {
    const a = answers.reduce((x, y) => (y.at > x.at ? y : x));
    out.push({ code: 'detractor', explanation: `${a.kind} answer ${a.score} on ${day(a.at)} (detractor).`, since: iso(a.at) });
  }
  const refunds = state.refunds ?? [];
  if (refunds.length > 0) {
    const r = refunds.reduce((a, x) => (x.requestedAt < a.requestedAt ? x : a));
    const more = refunds.length > 1 ? ` (and ${refunds.length - 1} more)` : '';
    out.push({ code: 'refund_in_progress', explanation: `Refund ${r.id} of ${r.amount} requested ${day(r.requestedAt)}, not yet paid${more}.`, since: iso(r.requestedAt) });
  }
  return out;
}

/** The customer's health as of `now`: score, bands, every part with its explanation, and the triggers. Weights and bands default to the shipped ones. */
export function healthScore(state: CustomerState, now: number, config: Partial<Pick<HealthConfig, 'weights' | 'bands'>> = {}): HealthScore {
  const weights = config.weights ?? DEFAULT_HEALTH_CONFIG.weights;
  const bands = config.bands ?? DEFAULT_HEALTH_CONFIG.bands;
  let sw = 0;
  for (const m of HEALTH_MEASURES) sw += weights[m];
  if (!(sw > 0)) throw new Error('health weights must add up to more than 0');
  const parts: HealthPart[] = HEALTH_MEASURES.map((measure) => {
    const { score, explanation } = MEASURE_FNS[measure](state, now);
    const x = round1(score);
    return { measure, score: x, weight: weights[measure], contribution: round2((weights[measure] * x) / sw), explanation };
  });
  const score = weightedScore(Object.fromEntries(parts.map((p) => [p.measure, p.score])) as Record<HealthMeasure, number>, weights);
  const triggers = healthTriggers(state, now);
  const scoreBand = bandOf(score, bands);
  const band = triggers.length > 0 ? worse(scoreBand, 'at_risk') : scoreBand;
  return { customerId: state.customerId, at: iso(now), score, band, scoreBand, parts, triggers };
}

export interface HealthTrend {
  /** The score `days` ago, or null when the customer was not known then. */
  previous: number | null;
  /** score − previous, one decimal; null without a previous score. */
  delta: number | null;
  /** up / down when the score moved by 2 points or more, else flat; unknown without a previous score. */
  direction: 'up' | 'down' | 'flat' | 'unknown';
  since: string;
  days: number;
}

/** Compares the score now with the score `days` before `now`. */
export function healthTrend(score: number, previous: number | null, now: number, days: number): HealthTrend {
  const since = iso(now - days * DAY);
  if (previous === null) return { previous: null, delta: null, direction: 'unknown', since, days };
  const delta = round1(score - previous);
  return { previous, delta, direction: delta >= 2 ? 'up' : delta <= -2 ? 'down' : 'flat', since, days };
}
