/**
 * The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core — no browser is downloaded — against `tutti serve` on a `tutti demo` company.
 * Every page loads with data, search finds a customer by e-mail, the timeline shows at least
 * four departments, a simulated policy change shows its diff, an over-promising campaign shows
 * its blockers and the launch is refused, axe-core finds no serious or critical accessibility
 * violation on any page, and the strict CSP is never violated. Screenshots of every page are
 * kept in test-artifacts/screenshots/.
 *
 * Skipped (with a message) only when Chromium is missing outside CI; in CI a missing browser fails.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type ServerProcess, startServer, stopServer, tuttiCli } from '../support/processes.js';

const CHROMIUM = process.env.TUTTI_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const runs = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runs) console.warn(`Dashboard browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium). In CI they run.`);

const require = createRequire(import.meta.url);
const HOUR = 3_600_000;

/** The over-promising campaign of test/readiness-api.test.ts: next-day delivery and 90 % in 20 s support to everyone. */
function overpromising() {
  const at = new Date(Date.now() + 24 * HOUR);
  at.setUTCHours(7, 0, 0, 0);
  return {
    name: 'Coffee Week Express',
    channel: 'email',
    audience: { segment: 'all' },
    schedule: [{ at: at.toISOString(), share: 1 }],
    products: { categories: ['coffee', 'kitchen'] },
    promises: [
      { type: 'delivery', withinDays: 1, text: 'Next-day delivery on every order' },
      { type: 'support', serviceLevel: 0.9, seconds: 20, text: 'Priority support: 90 % answered in 20 s' },
    ],
    expectedResponse: { rate: 0.3, strength: 500 },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

describe.runIf(runs)('the dashboard in Chromium', () => {
  let dir = '';
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let token = '';
  let campaignId = '';
  let requestId = '';
  let customer = { email: '', name: '', departments: 0 };
  const problems: string[] = [];
  /** While a wrong token is tried on purpose, its 401 is expected. */
  let expectUnauthorized = false;
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  /** axe-core in the page (evaluated through the DevTools protocol: the page's CSP rightly refuses inline scripts). */
  const checkAccessibility = async (name: string): Promise<void> => {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
    const violations = (await page.evaluate(async () => {
      const { axe, document } = globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> }; document: unknown };
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as AxeViolation[];
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = serious.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ')}`).join('\n');
    expect(serious, report).toEqual([]);
  };

  let shot = 0;
  const screenshot = async (name: string): Promise<void> => {
    shot++;
    await page.screenshot({ path: join(SCREENSHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  };

  /** Client-side navigation through the main menu, as a person would. */
  const open = async (label: string): Promise<void> => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
    await page.locator('main h1').waitFor();
  };

  /** What a page must show for an API that may not exist yet: its data, or the explicit "not offered" state. */
  const expectDataOrNotOffered = async (apiPath: string, testId: string, list: (body: any) => unknown[]): Promise<void> => {
    const res = await call('GET', apiPath);
    if (res.status === 404 && res.body.error?.code === 'not_found') {
      await expect.poll(() => page.getByText('this Tutti server does not offer it').count()).toBeGreaterThan(0);
      return;
    }
    expect(res.status).toBe(200);
    if (list(res.body).length > 0) await page.getByTestId(testId).first().waitFor();
    else await page.getByTestId('empty-state').first().waitFor();
  };

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist', 'web', 'index.html')), 'the dashboard is not built: run npm run build').toBe(true);
    rmSync(SCREENSHOTS, { recursive: true, force: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'tutti-dashboard-'));
    const db = join(dir, 'tutti.db');
    const demo = await tuttiCli(['demo', '--customers', '2000', '--db', db]);
    token = /Admin API token: (\S+)/.exec(demo.stdout)?.[1] ?? '';
    expect(token).not.toBe('');
    server = await startServer(db, await freePort());

    const created = await call('POST', '/v1/campaigns', overpromising());
    expect(created.status).toBe(201);
    campaignId = created.body.id;

    // Someone with an open complaint whose story crosses the most departments.
    const batch = await call('POST', '/v1/decide/batch', { audience: { segment: 'open_complaint' }, department: 'service', channel: 'email', purpose: 'service', message: { id: 'probe' }, list: 30 });
    for (const m of batch.body.customers as { customerId: string }[]) {
      const c = (await call('GET', `/v1/customers/${m.customerId}`)).body;
      const email = c.identifiers.find((i: { type: string }) => i.type === 'email')?.value;
      const departments = Object.keys(c.state.eventsByDepartment).length;
      if (email && departments > customer.departments) customer = { email, name: c.state.traits.name ?? '', departments };
    }
    expect(customer.departments).toBeGreaterThanOrEqual(4);

    // A customer writes to the front door (no login), when this server has one.
    const intake = await fetch(`${server.url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: customer.email, channel: 'form', subject: 'Parcel and refund', text: 'My parcel never arrived and I still have no news. Also I was charged twice: please refund the second payment.' }),
    });
    if (intake.status !== 404) {
      expect(intake.status).toBe(201);
      requestId = ((await intake.json()) as { id: string }).id;
    }

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      // A 404 from an API the server does not offer yet is expected; anything else is not.
      const expected = /status of 404/.test(message.text()) || (expectUnauthorized && /status of 401/.test(message.text()));
      if (message.type() === 'error' && !expected) problems.push(`console: ${message.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the dashboard with a strict CSP and long-cached hashed assets', async () => {
    const index = await fetch(`${server.url}/dashboard/decisions`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    const html = await index.text();
    const asset = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${server.url}${asset}`);
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/dashboard/assets/missing.js`)).status).toBe(404);
  });

  it('signs in with a pasted token and shows who is signed in', async () => {
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('API token').waitFor();
    await checkAccessibility('sign-in');
    await screenshot('sign-in');
    expectUnauthorized = true;
    await page.getByLabel('API token').fill('tt_not-a-real-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid');
    expectUnauthorized = false;
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => page.getByTestId('role').textContent()).toMatch(/role:/);
  });

  it('overview: the company at a glance, scorecard and wall map', async () => {
    await page.getByTestId('glance').getByText('2,000').waitFor();
    await expect.poll(() => page.getByText('customers with an open complaint').count()).toBe(1);
    await expectDataOrNotOffered('/v1/scorecard', 'scorecard-departments', (b) => (Array.isArray(b) ? b : Object.values(b.departments ?? b.byDepartment ?? {})));
    await expectDataOrNotOffered('/v1/wallmap', 'wallmap', (b) => (Array.isArray(b) ? b : (b.cells ?? b.matrix ?? [])));
    await checkAccessibility('overview');
    await screenshot('overview');
  });

  it('customer 360: search by e-mail, a timeline across four or more departments, state, decisions', async () => {
    await open('Customer 360');
    await checkAccessibility('customer-search');
    await page.getByLabel('Find a customer by any identifier').fill(customer.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('customer-name').waitFor();
    expect(await page.getByTestId('customer-name').textContent()).toBe(customer.name);
    expect(decodeURIComponent(page.url())).toContain(`/dashboard/customers/email:${customer.email}`);
    await page.getByTestId('identifiers').getByText(customer.email).first().waitFor();
    await page.getByTestId('flags').getByText('open complaint').waitFor();
    await page.getByTestId('timeline').locator('li').first().waitFor();
    const departments = await page.getByTestId('timeline').locator('li[data-department]').evaluateAll((items) => [...new Set(items.map((i) => i.getAttribute('data-department')))]);
    expect(departments.length).toBeGreaterThanOrEqual(4);
    const state = (await call('GET', `/v1/customers/email:${encodeURIComponent(customer.email)}`)).body.state;
    expect(departments.sort()).toEqual(Object.keys(state.eventsByDepartment).sort());
    await page.getByRole('heading', { name: 'Contact decisions, and why' }).waitFor();
    await expectDataOrNotOffered(`/v1/customers/email:${encodeURIComponent(customer.email)}/health`, 'health', (b) => b.parts ?? []);
    await checkAccessibility('customer-360');
    await screenshot('customer-360');
  });

  it('decisions: the active policy, a decision with its reasons, and a simulated change with its diff', async () => {
    await open('Decisions');
    await expect.poll(() => page.getByTestId('policy-version').textContent()).toContain('default-2026.1');
    await page.getByLabel('Customer (any identifier)').fill(customer.email);
    await page.getByRole('button', { name: 'Show decisions' }).click();
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.getByTestId('decisions').locator('li').first().waitFor();
    expect(await page.getByTestId('decisions').textContent()).toMatch(/open.complaint/i);

    const draft = page.getByLabel('Proposed policy (YAML or JSON)');
    const text = await draft.inputValue();
    const proposed = text
      .replace('{ when: detractor, within: 90d, blocks: [marketing] }', '{ when: detractor, within: 90d, blocks: [sales, marketing] }')
      .replace('version: "default-2026.1"', 'version: "detractors-no-sales"');
    expect(proposed).not.toBe(text);
    await draft.fill(proposed);
    await page.getByRole('button', { name: 'Simulate' }).click();
    await page.getByTestId('simulation').waitFor();
    const diff = page.getByTestId('policy-diff');
    expect(await diff.locator('.added').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('blocks: [sales, marketing]'), expect.stringContaining('detractors-no-sales')]));
    expect(await diff.locator('.removed').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('blocks: [marketing] }')]));
    const changes = page.getByTestId('simulation-changes').locator('tbody tr');
    expect(await changes.count()).toBeGreaterThan(0);
    expect(await changes.first().textContent()).toContain('detractor');
    expect(await page.getByTestId('simulation').getByRole('heading', { level: 3 }).textContent()).toMatch(/default-2026\.1 → detractors-no-sales: [\d,]+ of [\d,]+ decisions change/);
    await checkAccessibility('decisions');
    await screenshot('decisions');
  });

  it('campaigns: the list, then an over-promising campaign shows its blockers and the launch is refused', async () => {
    await open('Campaigns');
    await page.getByTestId('campaign-list').getByRole('link', { name: 'Coffee Week Express' }).waitFor();
    await checkAccessibility('campaigns');
    await screenshot('campaigns');

    await page.getByTestId('campaign-list').getByRole('link', { name: 'Coffee Week Express' }).click();
    await page.getByTestId('blockers').waitFor();
    const blockers = page.getByTestId('blockers').locator('li[data-finding]');
    expect(await blockers.count()).toBeGreaterThan(0);
    const owners = await page.getByTestId('blockers').locator('li[data-finding]').evaluateAll((items) => items.map((i) => i.getAttribute('data-department')));
    expect(owners).toEqual(expect.arrayContaining(['logistics', 'service']));
    expect(await page.getByTestId('verdict').textContent()).toMatch(/Not ready: \d+ open items/);
    for (const chart of ['chart-demand', 'chart-stock', 'chart-service', 'chart-audience']) await page.getByTestId(chart).locator('canvas').waitFor();

    const launch = page.getByRole('button', { name: /^Launch/ });
    expect(await launch.isDisabled()).toBe(true);
    expect(await page.getByTestId('launch-refusal').textContent()).toMatch(/Launch is refused while \d+ items are open/);
    // Accepting every open item, by name and with a reason, is the only way through.
    await page.getByLabel('all of them').check();
    expect(await launch.isDisabled()).toBe(true);
    await page.getByLabel('Accepted by (name and role)').fill('Mara (CMO)');
    await page.getByLabel('Reason').fill('Board deadline');
    expect(await launch.isDisabled()).toBe(false);
    await page.getByLabel('all of them').uncheck();
    expect(await launch.isDisabled()).toBe(true);
    expect((await call('GET', `/v1/campaigns/${campaignId}`)).body.status).not.toBe('launched');
    await checkAccessibility('campaign-readiness');
    await screenshot('campaign-readiness');
  });

  it('front door: queues, a request with its work items, and what the customer sees', async () => {
    await open('Front door');
    await expectDataOrNotOffered('/v1/queues', 'queues', (b) => (Array.isArray(b) ? b : (b.queues ?? [])));
    if (requestId !== '') {
      await page.getByTestId('requests').getByRole('link', { name: requestId }).click();
      await page.getByTestId('work-items').locator('tbody tr').first().waitFor();
      const preview = page.getByTestId('customer-preview');
      await preview.waitFor();
      // The customer sees one plain status and none of the company's internal names.
      const seen = (await preview.textContent()) ?? '';
      expect(seen).toMatch(/Received|Working on it|We need something from you|Resolved/);
      const queues = (await call('GET', '/v1/queues')).body.queues as { name: string; team: string }[];
      for (const q of queues) {
        expect(seen).not.toContain(q.name);
        expect(seen).not.toContain(q.team);
      }
    }
    await checkAccessibility('front-door');
    await screenshot('front-door');
  });

  it('promises: the ledger and kept-rate trends', async () => {
    await open('Promises');
    await expectDataOrNotOffered('/v1/promises?limit=100', 'ledger', (b) => (Array.isArray(b) ? b : (b.promises ?? b.items ?? [])));
    if ((await call('GET', '/v1/promises/metrics')).status === 200) {
      await page.getByTestId('promise-rates').locator('tbody tr').first().waitFor();
      await page.getByTestId('chart-kept-rate').locator('canvas').waitFor();
      expect(await page.getByTestId('promise-overall').textContent()).toMatch(/kept rate of \d+(\.\d)? %/);
    }
    await checkAccessibility('promises');
    await screenshot('promises');
  });

  it('never violated its Content-Security-Policy nor threw', () => {
    expect(problems).toEqual([]);
  });
});
