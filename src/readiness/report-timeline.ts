/**
 * The review's calendar: day 0 is today (UTC date of `now`), so baseline demand before the
 * first wave is counted too; the horizon runs `horizonDays` past the first wave. Campaign
 * orders per day are the total order quantile spread over days by the waves and the response
 * profile — the day's share of the total quantile, as planners spread a forecast.
 */
import type { CampaignSpec } from './campaign-schema.js';

export const DAY = 86_400_000;
export const DEFAULT_RESPONSE_PROFILE: readonly number[] = [0.4, 0.22, 0.12, 0.08, 0.06, 0.05, 0.04, 0.03];
export const DEFAULT_HORIZON_DAYS = 21;

export interface Calendar {
  /** ms of 00:00 UTC on day 0. */
  start: number;
  days: number;
  /** YYYY-MM-DD per day. */
  dates: string[];
  /** Share of the campaign's orders placed on each day (sums to ≤ 1: what falls past the horizon is lost). */
  orderShare: number[];
  profile: number[];
}

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Day index of an ISO date (YYYY-MM-DD) on the calendar (may be negative or past the end). */
export function dayIndex(cal: Calendar, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - cal.start) / DAY);
}

export function buildCalendar(spec: CampaignSpec, now: number): Calendar {
  const start = Math.floor(now / DAY) * DAY;
  const waves = spec.schedule.map((w) => ({ day: Math.floor((Date.parse(w.at) - start) / DAY), share: w.share }));
  const firstWave = Math.min(...waves.map((w) => w.day));
  const days = Math.max(1, firstWave) + (spec.horizonDays ?? DEFAULT_HORIZON_DAYS);
  const raw = spec.responseProfile ?? DEFAULT_RESPONSE_PROFILE;
  const total = raw.reduce((a, b) => a + b, 0);
  const profile = raw.map((x) => x / total);
  const orderShare = new Array<number>(days).fill(0);
  for (const w of waves) profile.forEach((p, k) => {
    const d = w.day + k;
    if (d >= 0 && d < days) orderShare[d] = (orderShare[d] ?? 0) + w.share * p;
  });
  const dates = Array.from({ length: days }, (_, i) => isoDay(start + i * DAY));
  return { start, days, dates, orderShare, profile };
}
