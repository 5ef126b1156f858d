import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile-policy.js';
import { DEFAULT_POLICY_YAML, defaultPolicy } from './default-policy.js';
import { parsePolicy, type PolicyError } from './parse-policy.js';

/** The default policy text with one line replaced (by its exact text). */
function edited(find: string, replace: string): string {
  expect(DEFAULT_POLICY_YAML).toContain(find);
  return DEFAULT_POLICY_YAML.replace(find, replace);
}

function errorsOf(text: string, format?: 'yaml' | 'json'): PolicyError[] {
  const result = parsePolicy(text, format);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

function lineOf(text: string, find: string): number {
  return text.slice(0, text.indexOf(find)).split('\n').length;
}

describe('parsePolicy', () => {
  it('accepts the shipped default, and the .ts constant is the .yaml file', () => {
    const file = readFileSync(new URL('./default-policy.yaml', import.meta.url), 'utf8');
    expect(DEFAULT_POLICY_YAML).toBe(file);
    const result = parsePolicy(file);
    expect(result.ok).toBe(true);
    expect(defaultPolicy().version).toBe('default-2026.1');
    expect(compilePolicy(defaultPolicy()).maxCapWindowMs).toBe(7 * 86_400_000);
  });

  it('names the line and the problem for a bad value', () => {
    const text = edited('window: 7d, max: 3', 'window: 7, max: 3');
    const [e] = errorsOf(text);
    const line = lineOf(text, 'window: 7,');
    expect(e).toMatchObject({ line, path: 'caps[1].window' });
    expect(e?.message).toBe(`line ${line}: caps[1].window must be like 7d (a whole number, then m, h, d or w); got 7`);
  });

  it('reports every problem, in line order', () => {
    const text = edited('{ start: "21:00", end: "08:00"', '{ start: "25:00", end: "08:00", colour: red').replace('version: "default-2026.1"', 'version: 3');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual(['version', 'quietHours.windows[0].start', 'quietHours.windows[0].colour']);
    expect(errors[0]?.message).toMatch(/^line 4: version must be a non-empty string/);
    expect(errors[2]?.message).toMatch(/colour is not a known setting/);
    expect(errors[2]?.line).toBe(errors[1]?.line);
    expect(errors[2]?.column).toBeGreaterThan(errors[1]?.column ?? 0);
  });

  it('names a missing setting and an unknown purpose or fact', () => {
    const errors = errorsOf(edited('  - { when: open_dispute, blocks: [sales, marketing] }', '  - { when: open_disputes, blocks: [sales, ads] }'));
    expect(errors.map((e) => e.message.replace(/^line \d+: /, ''))).toEqual([
      expect.stringMatching(/^suppressions\[3\]\.when must be one of the facts: open_complaint, .*; got "open_disputes"$/),
      expect.stringMatching(/^suppressions\[3\]\.blocks\[1\] must be one of the purposes: transactional, service, sales, marketing; got "ads"$/),
    ]);
    const missing = errorsOf(edited('  unlistedDepartmentWeight: 0.5\n', ''));
    expect(missing[0]?.message).toMatch(/arbitration\.unlistedDepartmentWeight is missing/);
  });

  it('reports YAML syntax errors with their line', () => {
    const text = edited('caps:\n', 'caps:\n  - { name: broken, window: 1d\n');
    const [e] = errorsOf(text);
    expect(e?.line).toBeGreaterThanOrEqual(lineOf(text, 'name: broken'));
    expect(e?.path).toBe('');
  });

  it('checks meaning: priority order, consent for transactional, zones, references, timings', () => {
    const text = [
      ['{ name: sales, weight: 0.7 }', '{ name: sales, weight: 1.5 }'],
      ['    consent: none\n  service:', '    consent: { purposes: [marketing], ifUnknown: granted }\n  service:'],
      ['fallbackTimeZone: Europe/Paris', 'fallbackTimeZone: Mars/Olympus'],
      ['{ name: service-daily, window: 1d, max: 5, purposes: [service] }', '{ name: service-daily, window: 1d, max: 5, purposes: [service], departments: [servce] }'],
      ['{ when: open_complaint, blocks: [sales, marketing] }', '{ when: open_complaint, within: 3d, blocks: [sales, marketing] }'],
      ['{ start: "21:00", end: "08:00"', '{ start: "21:00", end: "21:00"'],
    ].reduce((t, [a, b]) => t.replace(a ?? '', b ?? ''), DEFAULT_POLICY_YAML);
    const errors = errorsOf(text);
    expect(errors.map((e) => e.path)).toEqual([
      'departments[3].weight',
      'purposes.transactional.consent',
      'suppressions[0].within',
      'caps[3].departments[0]',
      'quietHours.fallbackTimeZone',
      'quietHours.windows[0].end',
    ]);
    expect(errors[0]?.message).toMatch(/sales \(weight 1.5\) cannot weigh more than billing above it/);
    for (const e of errors) expect(e.line).toBe(lineOf(text, e.path === 'purposes.transactional.consent' ? '{ purposes: [marketing], ifUnknown' : {
      'departments[3].weight': 'weight: 1.5', 'suppressions[0].within': 'within: 3d', 'caps[3].departments[0]': 'servce',
      'quietHours.fallbackTimeZone': 'Mars', 'quietHours.windows[0].end': 'end: "21:00"',
    }[e.path] ?? ''));
  });

  it('reads JSON with positions, and rejects what JSON does not allow', () => {
    const json = JSON.stringify(defaultPolicy(), null, 2);
    expect(parsePolicy(json).ok).toBe(true);
    const bad = json.replace('"max": 3', '"max": -3');
    const [e] = errorsOf(bad, 'json');
    expect(e?.line).toBe(lineOf(bad, '"max": -3'));
    expect(e?.message).toMatch(/caps\[1\]\.max must be a whole number from 0 to 10000; got -3/);
    expect(errorsOf(json.replace(/\n}$/, ',\n}'), 'json')[0]?.message).toMatch(/not valid JSON/);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf('- just\n- a list\n')[0]?.message).toMatch(/^line 1: the policy must be a mapping/);
  });
});
