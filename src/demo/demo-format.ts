/**
 * Formatting shared by the generator's modules. ISO formatting is the generator's hottest
 * path (Date#toISOString was a third of the time): iso() caches the date part per UTC day
 * and builds the time of day from lookup tables.
 */
import { DAY, HOUR, MINUTE } from './demo-options.js';

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' : '') + String(i));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefix = new Map<number, string>();

/** Same result as `new Date(t).toISOString()` for t within years 1970–9999. */
export function iso(t: number): string {
  const ms = Math.floor(t);
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    if (dayPrefix.size > 4096) dayPrefix.clear();
    prefix = new Date(day * DAY).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  let rest = ms - day * DAY;
  const h = Math.floor(rest / HOUR);
  rest -= h * HOUR;
  const m = Math.floor(rest / MINUTE);
  rest -= m * MINUTE;
  const sec = Math.floor(rest / 1000);
  return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[sec]}.${THREE_DIGITS[rest - sec * 1000]}Z`;
}

/** Rounds a euro amount to cents. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
