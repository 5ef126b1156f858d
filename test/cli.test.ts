/** The real `tutti` command, compiled, run as a user runs it (build first: `npm run build`). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, type TestDatabase } from './support/databases.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_YAML } from '../src/decide/default-policy.js';
import { tuttiCli } from './support/processes.js';

const TIMEOUT = 60_000;
const DEMO_SOURCES = ['web-shop', 'crm', 'email-platform', 'ad-campaigns', 'helpdesk', 'warehouse', 'carrier-feed', 'billing'];

/** Runs a command that must fail; returns its exit code and output. */
async function failing(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const out = await tuttiCli(args);
    throw new Error(`tutti ${args.join(' ')} succeeded but should have failed: ${out.stdout}`);
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** A failure a person can act on: non-zero exit, nothing on stdout, one readable line on stderr. */
function expectReadableFailure(result: { code: number; stdout: string; stderr: string }, mentions: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tutti: /);
  expect(lines[0]).toMatch(mentions);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr).not.toMatch(/TuttiError|Error:/);
}

const DEMO_LINE = /^Demo company loaded: (\d+) customers, (\d+) events stored \((\d+) already there, (\d+) rejected\)/m;

describe('tutti --help', () => {
  it('lists every command', async () => {
    const { stdout } = await tuttiCli(['--help']);
    for (const command of ['serve', 'demo', 'sources', 'users', 'rebuild', 'policy']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  }, TIMEOUT);
});

describe.each(DIALECTS)('the tutti command on $name', ({ create }) => {
  let db: TestDatabase;
  let dbArgs: string[];
  let storedByDemo = 0;
  const demoKeys = new Map<string, string>();

  beforeAll(async () => {
    db = await create();
    dbArgs = ['--db', db.url];
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('adds a source and prints only its write key on stdout', async () => {
    const { stdout, stderr } = await tuttiCli(['sources', 'add', 'shop', '--department', 'sales', ...dbArgs]);
    expect(stdout).toMatch(/^wk_[A-Za-z0-9_-]{16,}\n$/);
    expect(stderr).toContain('"shop"');
  }, TIMEOUT);

  it('refuses a second source with the same name in one readable line', async () => {
    expectReadableFailure(await failing(['sources', 'add', 'shop', '--department', 'sales', ...dbArgs]), /"shop" already exists/);
  }, TIMEOUT);

  it('refuses a department that is not a department name', async () => {
    expectReadableFailure(await failing(['sources', 'add', 'shop-2', '--department', 'Not A Dept!', ...dbArgs]), /"Not A Dept!" is not a department/);
  }, TIMEOUT);

  it('adds a user and prints a bearer token', async () => {
    const { stdout } = await tuttiCli(['users', 'add', 'alice', '--role', 'admin', ...dbArgs]);
    expect(stdout).toMatch(/^tt_[A-Za-z0-9_-]{16,}\n$/);
  }, TIMEOUT);

  it('refuses a role that is neither admin nor a department', async () => {
    expectReadableFailure(await failing(['users', 'add', 'bob', '--role', 'nonsense!', ...dbArgs]), /"nonsense!" is not a role/);
  }, TIMEOUT);

  it('loads the demo company and prints its sources, write keys and an admin token', async () => {
    const { stdout } = await tuttiCli(['demo', '--customers', '200', '--seed', '3', ...dbArgs]);
    const m = DEMO_LINE.exec(stdout);
    expect(m, stdout).not.toBeNull();
    const [, customers, stored, already, rejected] = m!.map(Number);
    expect(customers).toBe(200);
    expect(stored).toBeGreaterThan(1000);
    expect(already).toBe(0);
    expect(rejected).toBe(0);
    storedByDemo = stored!;
    for (const name of DEMO_SOURCES) {
      const line = new RegExp(`^\\s+${name}\\s+([a-z-]+)\\s+(wk_[A-Za-z0-9_-]+)$`, 'm').exec(stdout);
      expect(line, `${name} in:\n${stdout}`).not.toBeNull();
      demoKeys.set(name, line![2]!);
    }
    expect(stdout).toMatch(/^Admin API token: tt_[A-Za-z0-9_-]{16,}$/m);
  }, TIMEOUT);

  it('stores nothing new when the demo runs a second time', async () => {
    const { stdout } = await tuttiCli(['demo', '--customers', '200', '--seed', '3', ...dbArgs]);
    const m = DEMO_LINE.exec(stdout);
    expect(m, stdout).not.toBeNull();
    const [, , stored, already, rejected] = m!.map(Number);
    expect(stored).toBe(0);
    expect(already).toBe(storedByDemo);
    expect(rejected).toBe(0);
    // The same sources, with the same write keys.
    for (const [name, key] of demoKeys) expect(stdout).toMatch(new RegExp(`^\\s+${name}\\s+\\S+\\s+${key}$`, 'm'));
  }, TIMEOUT);

  it('rebuilds every customer state from the log', async () => {
    const { stdout } = await tuttiCli(['rebuild', ...dbArgs]);
    const m = /^Rebuilt (\d+) customer states from (\d+) events\.$/m.exec(stdout);
    expect(m, stdout).not.toBeNull();
    const [, customers, events] = m!.map(Number);
    expect(customers).toBeGreaterThan(150);
    expect(customers).toBeLessThanOrEqual(200);
    expect(events).toBeGreaterThan(1000);
    expect(events).toBe(storedByDemo);
  }, TIMEOUT);

  it('lists the sources, the demo ones included', async () => {
    const { stdout } = await tuttiCli(['sources', 'list', ...dbArgs]);
    const rows = stdout.trim().split('\n').map((line) => line.split('\t'));
    const byName = new Map(rows.map(([name, department, key]) => [name, { department, key }]));
    expect(byName.get('shop')?.department).toBe('sales');
    expect(byName.get('shop')?.key).toMatch(/^wk_/);
    for (const [name, key] of demoKeys) expect(byName.get(name)?.key, name).toBe(key);
    // The demo's sources, the one added above, and the front door's own.
    expect(byName.get('front-door')?.department).toBe('service');
    expect(byName.size).toBe(DEMO_SOURCES.length + 2);
  }, TIMEOUT);

  it('checks, simulates and applies a policy file; a bad file changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tutti-policy-'));
    const good = join(dir, 'relaxed.yaml');
    const bad = join(dir, 'bad.yaml');
    // Stricter, in fact: no promotional contact at all (a daily cap of zero).
    const relaxed = DEFAULT_POLICY_YAML.replace('version: "default-2026.1"', 'version: "relaxed-cli"').replace('window: 1d, max: 1,', 'window: 1d, max: 0,');
    writeFileSync(good, relaxed);
    writeFileSync(bad, relaxed.replace('start: "21:00"', 'start: "9pm"'));

    expect((await tuttiCli(['policy', 'check', good])).stdout).toMatch(/policy relaxed-cli is valid/);
    const refused = await failing(['policy', 'check', bad]);
    expect(refused.code).toBe(1);
    const badLine = relaxed.split('\n').findIndex((l) => l.includes('21:00')) + 1;
    expect(refused.stderr).toContain(`bad.yaml:${badLine}:`);
    expect(refused.stderr).toMatch(/quietHours\.windows\[0\]\.start must be a 24-hour local time/);
    expect((await failing(['policy', 'apply', bad, ...dbArgs])).code).toBe(1);

    // Every promotional send (or deferral: it depends on the hour in each customer's zone) of
    // today's policy becomes a suppression by the cap; nothing else moves.
    const sim = await tuttiCli(['policy', 'simulate', good, '--json', ...dbArgs]);
    const report = JSON.parse(sim.stdout);
    expect(report).toMatchObject({ currentVersion: 'default-2026.1', proposedVersion: 'relaxed-cli' });
    const moved = report.outcomes.proposed.suppress - report.outcomes.current.suppress;
    expect(moved).toBeGreaterThan(0);
    expect(report.byDepartment.marketing.sendsAfter + report.byDepartment.sales.sendsAfter).toBe(0);
    const newlySuppressed = report.changes.filter((c: { from: string; to: string; reason: string }) => c.from !== 'suppress' && c.to === 'suppress' && c.reason === 'cap.exceeded');
    expect(newlySuppressed.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(moved);
    expect(report.changes.every((c: { department: string }) => c.department === 'marketing' || c.department === 'sales')).toBe(true);
    expect((await tuttiCli(['policy', 'simulate', good, ...dbArgs])).stdout).toMatch(/(send|defer) → suppress {2}\(now cap\.exceeded\)/);

    expect((await tuttiCli(['policy', 'show', ...dbArgs])).stdout).toContain('version: "default-2026.1"');
    expect((await tuttiCli(['policy', 'apply', good, '--by', 'ops-lead', ...dbArgs])).stdout).toMatch(/^Policy relaxed-cli is now active \(was the default policy\)/);
    const shown = await tuttiCli(['policy', 'show', ...dbArgs]);
    expect(shown.stdout).toBe(relaxed);
    expect(shown.stderr).toMatch(/active: relaxed-cli, applied by ops-lead/);
  }, TIMEOUT);
});
