import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoMessageHistory, INTENTS } from '../demo/messages.js';
import { DEFAULT_INTENT_RULES_YAML, defaultIntentRules } from './intent-rules-default.js';
import { matchRules, parseIntentRules, type RuleError } from './intent-rules.js';
import { trainingExamples } from './intent-training.js';

function errorsOf(text: string, known: readonly string[] = INTENTS): RuleError[] {
  const result = parseIntentRules(text, known);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('parseIntentRules', () => {
  it('accepts the shipped default, and the .ts constant is the .yaml file', () => {
    const file = readFileSync(new URL('./intent-rules.yaml', import.meta.url), 'utf8');
    expect(DEFAULT_INTENT_RULES_YAML).toBe(file);
    const rules = defaultIntentRules();
    expect(rules.rules.length).toBeGreaterThan(5);
    for (const r of rules.rules) expect(INTENTS).toContain(r.intent);
    expect(rules.rules[0]).toMatchObject({ intent: 'double_charge', line: file.split('\n').indexOf('- intent: double_charge') + 1 });
  });

  it('reads the short form and normalises phrases', () => {
    const result = parseIntentRules('- {intent: double_charge, any: ["Charged TWICE", "billed twice!"]}\n');
    expect(result).toEqual({ ok: true, rules: { rules: [{ intent: 'double_charge', any: ['charged twice', 'billed twice'], unless: [], line: 1 }] } });
    expect(parseIntentRules('')).toEqual({ ok: true, rules: { rules: [] } });
    expect(parseIntentRules('# only comments\n')).toEqual({ ok: true, rules: { rules: [] } });
  });

  it('names the line of every problem', () => {
    const text = [
      '- intent: double_charge', //          1
      '  any: [charged twice]', //            2
      '- intent: dubble_charge', //           3
      '  any: [billed twice]', //             4
      '- intent: refund_request', //          5
      '  anyy: [money back]', //              6
      '- intent: complaint', //               7
      '  any: ["!!!", charged twice]', //     8
      '- intent: praise', //                  9
      '  any: []', //                        10
    ].join('\n');
    const errors = errorsOf(text);
    expect(errors.map((e) => e.message)).toEqual([
      `line 3: rules[1].intent "dubble_charge" is not a known intent (known: ${INTENTS.join(', ')})`,
      'line 5: rules[2].any is missing (a list of phrases)',
      'line 6: rules[2].anyy is not a known setting (intent, any, unless, note)',
      'line 8: rules[3].any[0] has no words; got "!!!"',
      'line 8: rules[3].any[1] "charged twice" is already a phrase for double_charge (line 2)',
      'line 10: rules[4].any must be a non-empty list of phrases, like [charged twice, billed twice]',
    ]);
    expect(errors[0]).toMatchObject({ line: 3, column: 11, path: 'rules[1].intent' });
  });

  it('reports YAML syntax errors and a wrong overall shape by line', () => {
    const [syntax] = errorsOf('- intent: praise\n  any: [great\n');
    expect(syntax?.message).toMatch(/^line \d+: /);
    expect(errorsOf('intent: praise\nany: [great]\n')[0]?.message).toMatch(/^line 1: the rules file must be a list of rules/);
    expect(errorsOf('- praise\n')[0]?.message).toBe('line 1: rules[0] must be a mapping with intent and any');
    expect(errorsOf('- {any: [x]}\n')[0]?.message).toBe('line 1: rules[0].intent is missing');
  });
});

describe('matchRules', () => {
  const rules = (() => {
    const parsed = parseIntentRules('- {intent: double_charge, any: [charged twice], unless: [not charged twice]}\n- {intent: account_access, any: ["can\'t log in"]}\n');
    if (!parsed.ok) throw new Error('bad test rules');
    return parsed.rules;
  })();

  it('matches whole words in any case, with contractions folded', () => {
    expect(matchRules(rules, 'You CHARGED twice!!').map((h) => h.intent)).toEqual(['double_charge']);
    expect(matchRules(rules, 'I cannot log in')).toEqual([{ intent: 'account_access', phrase: 'i cannot log in'.slice(2), rule: 1, line: 2 }]);
    expect(matchRules(rules, 'I cant log in and you charged twice').map((h) => h.intent)).toEqual(['double_charge', 'account_access']);
  });

  it('does not match inside words, and unless stops a rule', () => {
    expect(matchRules(rules, 'you overcharged twice')).toEqual([]);
    expect(matchRules(rules, 'I was not charged twice, just late')).toEqual([]);
  });

  it('the default rules are right on the demo training history (they decide ahead of the model)', () => {
    const examples = trainingExamples(demoMessageHistory(42).filter((m) => !m.heldOut)).examples;
    const rules = defaultIntentRules();
    let fired = 0;
    let right = 0;
    for (const e of examples) {
      for (const h of matchRules(rules, e.text)) {
        fired++;
        if (h.intent === e.intent) right++;
      }
    }
    expect(fired).toBeGreaterThan(200);
    expect(right / fired).toBeGreaterThanOrEqual(0.99);
  });
});
