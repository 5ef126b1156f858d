/**
 * The options the whole demo is generated from, and the time units and currency every demo
 * module shares. Kept apart so the catalogue, the behaviour model and the generator can all
 * depend on it without depending on each other.
 */

/** Time units in ms: the demo's clock is plain epoch milliseconds. */
export const MINUTE = 60_000;
/** One hour in ms. */
export const HOUR = 3_600_000;
/** One day in ms. */
export const DAY = 86_400_000;
/** The demo year in ms (365 days; leap days do not matter to the simulation). */
export const YEAR = 365 * DAY;

/** The company's currency: every price and order is in euros. */
export const DEMO_CURRENCY = 'EUR';

/** The options the whole demo is generated from. */
export interface DemoOptions {
  customers: number;
  seed: number;
  /** ms: the demo's "now"; events span the year before it. */
  end: number;
}
