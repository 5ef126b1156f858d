import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoMessageHistory } from '../demo/messages.js';
import { trainIntentModel, type IntentModel } from './intent-classifier.js';
import { defaultIntentRules } from './intent-rules-default.js';
import { type IntentRules, parseIntentRules } from './intent-rules.js';
import { trainingExamples } from './intent-training.js';
import { MAX_ANALYSED_CHARS, MAX_CLAUSES, understandMessage } from './understand.js';

let model: IntentModel;
let rules: IntentRules;
const history = demoMessageHistory(42);

beforeAll(() => {
  model = trainIntentModel(trainingExamples(history.filter((m) => !m.heldOut)).examples);
  rules = defaultIntentRules();
});

const intentsOf = (text: string, subject?: string): string[] =>
  understandMessage(subject === undefined ? { text } : { text, subject }, model, rules).problems.map((p) => p.intent);

describe('understandMessage', () => {
  it('finds both problems in "my parcel never came and you charged me twice"', () => {
    const u = understandMessage({ text: 'my parcel never came and you charged me twice' }, model, rules);
    expect(u.problems.map((p) => [p.intent, p.clause])).toEqual([
      ['delivery_problem', 'my parcel never came'],
      ['double_charge', 'you charged me twice'],
    ]);
    expect(u.triage).toBe(false);
    expect(u.triageReason).toBeUndefined();
  });

  it('lets the model read what no rule covers', () => {
    const u = understandMessage({ text: 'Hi,\nThe courier left my parcel with a neighbour I do not know.\nThanks.\nAnn' }, model, rules);
    expect(u.problems).toHaveLength(1);
    expect(u.problems[0]).toMatchObject({ intent: 'delivery_problem', source: 'model', clause: 'The courier left my parcel with a neighbour I do not know' });
    expect(u.problems[0]!.confidence).toBeGreaterThan(0.8);
  });

  it('lets a rule decide ahead of the model, and says which', () => {
    const parsed = parseIntentRules('- {intent: complaint, any: [parcel never came]}\n');
    if (!parsed.ok) throw new Error('bad rules');
    const u = understandMessage({ text: 'my parcel never came' }, model, parsed.rules);
    expect(u.problems).toEqual([expect.objectContaining({ intent: 'complaint', source: 'rule', confidence: 1, rule: { phrase: 'parcel never came', line: 1 } })]);
  });

  it('joins clauses that state one problem, and gives one problem per intent', () => {
    expect(intentsOf('I waited at home all day and the parcel never showed up.')).toEqual(['delivery_problem']);
    expect(intentsOf('You said the refund would take 8 days and it has been longer.')).toEqual(['refund_request']);
    expect(intentsOf('My parcel never came. The delivery date keeps changing. Also my delivery is 5 days late.')).toEqual(['delivery_problem']);
  });

  it('puts each reference with the problem whose clause holds it', () => {
    const u = understandMessage({ text: 'My order #118854 still has not arrived, and I was charged twice: two payments of €12.50 on Monday.' }, model, rules);
    expect(u.problems.map((p) => [p.intent, p.references.map((r) => r.text)])).toEqual([
      ['delivery_problem', ['#118854']],
      ['double_charge', ['€12.50', 'Monday']],
    ]);
    expect(u.references.map((r) => r.text)).toEqual(['#118854', '€12.50', 'Monday']);
  });

  it("links references to the customer's records when given them", () => {
    const u = understandMessage({ text: 'I was charged twice for order #565150' }, model, rules, {
      customer: { orders: ['ORD-565150'], shipments: [], charges: [] },
    });
    expect(u.problems[0]?.references[0]).toMatchObject({ text: '#565150', linked: true, matches: [{ kind: 'order', id: 'ORD-565150' }] });
  });

  it('reads a clear subject as one more problem, and ignores a vague one', () => {
    expect(intentsOf('my parcel never came', 'Charged twice!')).toEqual(['delivery_problem', 'double_charge']);
    expect(intentsOf('my parcel never came', 'Re: help')).toEqual(['delivery_problem']);
    expect(intentsOf('my parcel never came', 'Where is my parcel')).toEqual(['delivery_problem']);
  });

  it('sends low confidence to triage, with the reason', () => {
    const u = understandMessage({ text: 'blorp fizzle wobble quux' }, model, rules);
    expect(u.triage).toBe(true);
    expect(u.triageCause).toBe('low_confidence');
    expect(u.triageReason).toMatch(/^low confidence: \w+ 0\.\d\d on "blorp fizzle wobble quux"$/);
    expect(understandMessage({ text: 'blorp fizzle wobble quux' }, model, rules, { triageBelow: 0 }).triage).toBe(false);
  });

  it('treats empty text as nothing found, for triage', () => {
    for (const text of ['', '   \n ', 'Hi,', '!!!']) {
      const u = understandMessage({ text }, model, rules);
      expect(u.problems).toEqual([]);
      expect(u).toMatchObject({ triage: true, triageCause: 'nothing_found', triageReason: 'no problem found in the message' });
    }
  });

  it('reads markup as plain text', () => {
    const text = '<p>my parcel <b>never</b> came</p><script>alert("x")</script> and you charged me twice &amp; <a href="javascript:void(0)">more</a>';
    const u = understandMessage({ text }, model, rules);
    expect(u.problems.map((p) => p.intent)).toContain('double_charge');
    for (const p of u.problems) expect(text.slice(p.start, p.end)).toBe(p.clause);
    expect(() => understandMessage({ text: '<<<>>>&#0;\u0000\ud800' }, model, rules)).not.toThrow();
  });

  it(`reads at most ${MAX_ANALYSED_CHARS} characters of a 1 MB text, in bounded time, and triages it`, () => {
    const text = 'my parcel never came and you charged me twice. '.repeat(22_000);
    expect(text.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const u = understandMessage({ text }, model, rules);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(u).toMatchObject({ truncated: true, triage: true, triageCause: 'too_long' });
    expect(u.analysedChars).toBeLessThanOrEqual(MAX_ANALYSED_CHARS);
    expect(u.problems.map((p) => p.intent)).toEqual(['delivery_problem', 'double_charge']);
  });

  it(`reads at most ${MAX_CLAUSES} clauses, and pathological text stays fast`, () => {
    const u = understandMessage({ text: 'A\n'.repeat(2000) }, model, rules);
    expect(u.triageCause).toBe('too_long');
    for (const unit of ['and ', '1,', '€1 ', '\n', '. ', '; ', 'x']) {
      const t0 = performance.now();
      understandMessage({ text: unit.repeat(MAX_ANALYSED_CHARS) }, model, rules);
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });

  it('takes well under 1 ms per typical message', () => {
    const texts = history.filter((m) => m.heldOut).map((m) => m.text);
    for (const t of texts) understandMessage({ text: t }, model, rules); // warm up
    const t0 = performance.now();
    for (let round = 0; round < 5; round++) for (const t of texts) understandMessage({ text: t }, model, rules);
    const perMessageMs = (performance.now() - t0) / (5 * texts.length);
    expect(perMessageMs).toBeLessThan(1);
  });

  it('never throws, and every clause is its text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), fc.option(fc.string({ maxLength: 20 }), { nil: undefined }), (text, subject) => {
        const u = understandMessage(subject === undefined ? { text } : { text, subject }, model, rules);
        for (const p of u.problems) if (p.start >= 0) expect(text.slice(p.start, p.end)).toBe(p.clause);
        expect(u.triage).toBe(u.triageReason !== undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('reads the held-out demo history well (the full figures are in bench/frontdoor-accuracy.ts)', () => {
    const heldOut = history.filter((m) => m.heldOut);
    const first = heldOut.filter((m) => intentsOf(m.text)[0] === m.intents[0]).length;
    const multi = heldOut.filter((m) => m.intents.length === 2);
    const second = multi.filter((m) => intentsOf(m.text).includes(m.intents[1]!)).length;
    expect(first / heldOut.length).toBeGreaterThanOrEqual(0.9);
    expect(second / multi.length).toBeGreaterThanOrEqual(0.8);
  });
});
