/**
 * bench/dashboard in Chromium: Debian's /usr/bin/chromium driven by playwright-core, as
 * test/browser/dashboard.test.ts drives it (no browser is ever downloaded). A page's time is
 * measured in this process with performance.now() from just before `page.goto` to the moment
 * the page shows all its data (a predicate evaluated in the page on every animation frame);
 * the page's own Resource Timing entries then say how much of it the API calls took.
 */
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.TUTTI_CHROMIUM ?? '/usr/bin/chromium';

/** What one timed page load measured. */
export interface PageRound {
  /** Navigation start to data shown, measured from Node (ms). */
  total: number;
  /** The same, from the page's own clock (ms since its navigation started). */
  ready: number;
  /** When the HTML arrived and when the app's script had run (DOMContentLoaded), page clock. */
  html: number;
  domContentLoaded: number;
  /** When the last API answer (/v1/…, /healthz) had arrived, page clock. */
  apiEnd: number;
  /** Each API call as the browser saw it, by path: when it started and ended (page clock). */
  apis: Record<string, { start: number; end: number }>;
}

/**
 * What the page must show, checked in the page on every animation frame. Functions only: the
 * dashboard's CSP (script-src 'self', no 'unsafe-eval') refuses predicates passed as strings.
 */
export interface Ready {
  /** Selectors that must each match something (a comma inside one means "any of"). */
  present: string[];
  /** [selector, regular expression] its text must match. */
  texts?: [string, string][];
  /** No section still says "Loading …"; an error box fails the round at once. */
  settled: boolean;
}

interface El {
  textContent: string | null;
  querySelector(selector: string): El | null;
}

/** Runs in the page (serialised by playwright: it must not use anything from this module). */
function isReady(spec: Ready): boolean {
  const doc = (globalThis as unknown as { document: El }).document;
  if (spec.settled) {
    const error = doc.querySelector('.error[role=alert]');
    if (error !== null) throw new Error(`the page shows an error: ${error.textContent ?? ''}`);
    if (doc.querySelector('.loading') !== null) return false;
  }
  for (const selector of spec.present) if (doc.querySelector(selector) === null) return false;
  for (const [selector, re] of spec.texts ?? []) if (!new RegExp(re).test(doc.querySelector(selector)?.textContent ?? '')) return false;
  return true;
}

export const READY = {
  /** The customer search page: the dashboard's shell with no data (the page baseline). */
  shell: { present: ['#customer-query'], settled: false },
  /** Customer 360: profile, live state, health, timeline and decisions, nothing loading. */
  customer: {
    present: ['[data-testid=customer-name]', '[data-testid=flags] li', '[data-testid=health]', '[data-testid=timeline] li', '[data-testid=decisions] li, #decisions-title ~ [data-testid=empty-state]'],
    settled: true,
  },
  /** Overview: the customer count, the four watch counts, the scorecard and the wall map. */
  overview: {
    present: ['[data-testid=scorecard-departments], #scorecard-title ~ [data-testid=empty-state]', '[data-testid=wallmap], #wallmap-title ~ [data-testid=empty-state]'],
    texts: [
      ['[data-testid=glance] .card-value', '\\d'],
      ['[data-testid=glance]', 'customers with an open complaint'],
    ],
    settled: true,
  },
} satisfies Record<string, Ready>;

export async function launchBrowser(): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { browser, page, problems };
}

/** Signs in as a person does: paste the token, press Sign in, wait for the main menu. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/dashboard/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

interface Timings {
  now: number;
  html: number;
  dcl: number;
  resources: { name: string; start: number; end: number }[];
}

type Entry = { name: string; startTime: number; responseEnd: number; domContentLoadedEventEnd: number };

/** Runs in the page: its clock now, its navigation milestones and every resource it fetched. */
function pageTimings(): Timings {
  const perf = (globalThis as unknown as { performance: { now(): number; getEntriesByType(type: string): Entry[] } }).performance;
  const nav = perf.getEntriesByType('navigation')[0];
  return {
    now: perf.now(),
    html: nav ? nav.responseEnd : Number.NaN,
    dcl: nav ? nav.domContentLoadedEventEnd : Number.NaN,
    resources: perf.getEntriesByType('resource').map((e) => ({ name: e.name, start: e.startTime, end: e.responseEnd })),
  };
}

function apiPath(name: string): string | null {
  const u = new URL(name);
  if (!u.pathname.startsWith('/v1/') && u.pathname !== '/healthz') return null;
  return decodeURIComponent(u.pathname + u.search);
}

function summarise(t: Timings, total: number, readyAt = t.now): PageRound {
  const apis: Record<string, { start: number; end: number }> = {};
  let apiEnd = 0;
  for (const r of t.resources) {
    const path = apiPath(r.name);
    if (path === null) continue;
    // The overview asks POST /v1/decide/batch four times: number the repeats.
    let key = path;
    for (let i = 2; key in apis; i++) key = `${path} #${i}`;
    apis[key] = { start: r.start, end: r.end };
    apiEnd = Math.max(apiEnd, r.end);
  }
  return { total, ready: readyAt, html: t.html, domContentLoaded: t.dcl, apiEnd, apis };
}

/** One full navigation to `url`, timed until `ready` holds. */
export async function timeNavigation(page: Page, url: string, ready: Ready): Promise<PageRound> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(isReady, ready, { polling: 'raf' });
  const total = performance.now() - started;
  return summarise(await page.evaluate(pageTimings), total);
}

/** Runs in the page: the wall map's request for `from` has completed and its section shows the answer. */
function wallMapShown(from: string): number | null {
  const g = globalThis as unknown as { performance: { getEntriesByType(type: string): Entry[] }; document: El };
  const entry = g.performance.getEntriesByType('resource').find((e) => e.name.includes(`/v1/wallmap?from=${from}`));
  const section = g.document.querySelector('section[aria-labelledby=wallmap-title]');
  if (entry === undefined || section === null || section.querySelector('.loading') !== null) return null;
  if (section.querySelector('[data-testid=wallmap], [data-testid=empty-state]') === null) return null;
  return entry.responseEnd - entry.startTime;
}

/**
 * On a loaded overview, choose "Last 30 days" and time until the wall map shows that month
 * (its request has completed and its section no longer says it is loading).
 */
export async function timeWallMapMonth(page: Page, monthFrom: string): Promise<{ total: number; api: number }> {
  const started = performance.now();
  await page.selectOption('#period', '30');
  const handle = await page.waitForFunction(wallMapShown, monthFrom, { polling: 'raf' });
  const total = performance.now() - started;
  return { total, api: (await handle.jsonValue()) as number };
}
