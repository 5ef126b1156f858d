/**
 * The demo year's marketing campaigns: the plans the generator simulates customers against
 * (with their true response rates) and the history the email platform reported, which is all
 * that later features get to see.
 */
import { expectedOrderValue, MODEL } from './company-model.js';
import { DAY, type DemoOptions, HOUR, YEAR } from './demo-options.js';
import { Rng } from './random.js';

/** One campaign wave as planned: the generator's ground truth. */
export interface CampaignPlan {
  campaignId: string;
  name: string;
  channel: 'email';
  /** ms when the wave goes out. */
  sendAt: number;
  /** ms when the offer ends. */
  offerEndsAt: number;
  /** Share of eligible customers (consenting, subscribed, active) in the audience. */
  audienceShare: number;
  /** True per-audience-member order probability (the generator's truth; not exported in the history). */
  responseRate: number;
  /** Product categories on offer. */
  categories: readonly string[];
  /** A delivery promise the campaign makes, in days; null when it makes none. */
  promiseDays: number | null;
  promise: string | null;
}

/** One seasonal theme per calendar month; a campaign takes the theme of the month it goes out in. */
const CAMPAIGN_THEMES: readonly (readonly [string, string, readonly string[]])[] = [
  ['new-year-reset', 'New Year Reset', ['storage', 'kitchen']],
  ['winter-warmers', 'Winter Warmers', ['textiles', 'lighting']],
  ['spring-clean', 'Spring Clean', ['storage', 'kitchen']],
  ['coffee-week', 'Coffee Week', ['coffee']],
  ['garden-party', 'Garden Party', ['garden', 'tableware']],
  ['summer-table', 'Summer Table', ['tableware', 'cookware']],
  ['summer-sale', 'Summer Sale', ['coffee', 'kitchen', 'cookware', 'tableware', 'textiles', 'lighting', 'storage', 'garden']],
  ['outdoor-living', 'Outdoor Living', ['garden', 'lighting']],
  ['back-to-kitchen', 'Back to the Kitchen', ['cookware', 'kitchen']],
  ['cosy-home', 'Cosy Home', ['textiles', 'lighting']],
  ['black-friday', 'Black Friday', ['coffee', 'kitchen', 'cookware', 'tableware', 'textiles', 'lighting', 'storage', 'garden']],
  ['festive-table', 'Festive Table', ['tableware', 'coffee']],
];

/** Campaigns (by position in the year) that promise next-day delivery. */
const PROMISING_CAMPAIGNS = new Set([1, 6]);

let campaignMemo: { key: string; plans: CampaignPlan[] } | null = null;

/**
 * The campaign waves of the demo year: eight, about six weeks apart, the last about ten days
 * before the end, each themed for its month. Response rates vary between campaigns (Beta(6, 220), mean ≈ 2.7 %) so a
 * beta-binomial prior fitted on the history is wider than a binomial one. Two campaigns promise
 * next-day delivery that logistics was never asked about (half their orders miss it).
 */
export function demoCampaignPlans(opts: Pick<DemoOptions, 'seed' | 'end'>): CampaignPlan[] {
  const key = `${opts.seed}:${opts.end}`;
  if (campaignMemo?.key === key) return campaignMemo.plans;
  const rng = new Rng(opts.seed, 0x43414d50);
  const start = opts.end - YEAR;
  const plans: CampaignPlan[] = [];
  for (let k = 0; k < 8; k++) {
    const sendDay = Math.floor(20 + k * 46 + rng.int(-6, 6));
    const sendAt = Math.floor((start + sendDay * DAY) / DAY) * DAY + 8 * HOUR;
    const date = new Date(sendAt);
    const month = date.getUTCMonth();
    const [slug, name, categories] = CAMPAIGN_THEMES[month] ?? (CAMPAIGN_THEMES[0] as (typeof CAMPAIGN_THEMES)[number]);
    const promiseDays = PROMISING_CAMPAIGNS.has(k) ? 1 : null;
    plans.push({
      campaignId: `cmp-${date.getUTCFullYear()}-${String(month + 1).padStart(2, '0')}-${slug}`,
      name,
      channel: 'email',
      sendAt,
      offerEndsAt: sendAt + rng.int(7, 14) * DAY,
      audienceShare: Math.round(rng.uniform(0.45, 0.9) * 100) / 100,
      responseRate: rng.beta(6, 220),
      categories,
      promiseDays,
      promise: promiseDays === null ? null : 'Next-day delivery on every order',
    });
  }
  campaignMemo = { key, plans };
  return plans;
}

/** A campaign as the email platform reported it (what the company data exposes). */
export interface PastCampaign {
  campaignId: string;
  name: string;
  channel: 'email';
  /** ISO date-times. */
  sentAt: string;
  offerEndsAt: string;
  audienceSize: number;
  orders: number;
  revenue: number;
  categories: string[];
  promise: string | null;
}

/**
 * The reported history of demoCampaignPlans for a base of `customers`: audience sizes from
 * who was eligible, orders and revenue with some noise. Draws from the company-data `rng`
 * after the inventory and roster (demoCompanyData keeps that order).
 */
export function campaignHistory(rng: Rng, opts: DemoOptions, customers: number): PastCampaign[] {
  return demoCampaignPlans(opts).map((c) => {
    const audienceSize = Math.round(customers * c.audienceShare * eligibleShare(c.sendAt, opts.end));
    const orders = Math.round(audienceSize * c.responseRate * rng.uniform(0.9, 1.1));
    return {
      campaignId: c.campaignId,
      name: c.name,
      channel: c.channel,
      sentAt: new Date(c.sendAt).toISOString(),
      offerEndsAt: new Date(c.offerEndsAt).toISOString(),
      audienceSize,
      orders,
      revenue: Math.round(orders * expectedOrderValue(c.categories) * rng.uniform(0.85, 1.15)),
      categories: [...c.categories],
      promise: c.promise,
    };
  });
}

/** Share of customers eligible for a campaign at time t (signed up and first seen, consenting, still subscribed). */
function eligibleShare(t: number, end: number): number {
  const start = end - YEAR;
  const span = MODEL.signupSpanDays * DAY;
  const before = (span - YEAR) / span;
  const sinceStart = Math.max(0, t - start);
  const seen = before * (1 - Math.exp(-sinceStart / (20 * DAY))) + sinceStart / span;
  return seen * MODEL.marketingConsent * 0.95;
}
