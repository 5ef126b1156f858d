import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoMessageHistory } from '../demo/messages.js';
import { asIntentModel, classify, type IntentExample, textFeatures, trainIntentModel } from './intent-classifier.js';
import { modelTokens, matchForm, stem } from './intent-text.js';
import { trainingExamples } from './intent-training.js';

const toy: IntentExample[] = [
  { text: 'my parcel never came', intent: 'delivery' },
  { text: 'the parcel is late again', intent: 'delivery' },
  { text: 'where is my parcel', intent: 'delivery' },
  { text: 'you charged me twice', intent: 'billing' },
  { text: 'I was charged two times for one order', intent: 'billing' },
  { text: 'there is a duplicate payment on my card', intent: 'billing' },
  { text: 'I love the kettle', intent: 'praise' },
  { text: 'great service, thank you', intent: 'praise' },
];

describe('intent text', () => {
  it('normalises case, contractions and punctuation for matching', () => {
    expect(matchForm("I CAN'T log-in!!")).toBe('i cannot log in');
    expect(matchForm('I can not, I cant')).toBe('i cannot i cannot');
    expect(matchForm('It doesn’t work')).toBe('it does not work');
  });

  it('puts placeholders where messages vary', () => {
    expect(modelTokens('Order #781583: €12.50 on Monday, 3 days?')).toEqual(['order', '_ref_', '_money_', 'on', '_day_', '_num_', 'days', '_q_']);
    expect(stem('refunded')).toBe('refund');
    expect(stem('charges')).toBe(stem('charged'));
    expect(stem('address')).toBe('address');
  });

  it('makes unigram and bigram features with a start mark', () => {
    expect(textFeatures('you charged me')).toEqual(['you', '_s_ you', 'charg', 'you charg', 'me', 'charg me']);
  });
});

describe('trainIntentModel / classify', () => {
  it('learns a small set and generalises to new wording of the same words', () => {
    const model = trainIntentModel(toy);
    expect(model.intents).toEqual(['billing', 'delivery', 'praise']);
    expect(classify(model, 'my parcel is late').intent).toBe('delivery');
    expect(classify(model, 'charged twice!!').intent).toBe('billing');
    expect(classify(model, 'thank you, lovely kettle').intent).toBe('praise');
  });

  it('is deterministic, and a stored model reads the same', () => {
    const a = trainIntentModel(toy);
    const b = trainIntentModel(toy);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const stored = asIntentModel(JSON.parse(JSON.stringify(a)));
    expect(classify(stored, 'where is my parcel')).toEqual(classify(a, 'where is my parcel'));
    expect(JSON.stringify(trainIntentModel(toy, { seed: 2 }))).not.toBe(JSON.stringify(a));
  });

  it('gives probabilities over every intent; unknown words give the prior', () => {
    const model = trainIntentModel(toy);
    const c = classify(model, 'you charged me twice');
    const total = Object.values(c.scores).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 9);
    expect(c.confidence).toBe(Math.max(...Object.values(c.scores)));
    expect(classify(model, '').confidence).toBeLessThan(0.6);
    expect(classify(model, 'zzz qqq').confidence).toBeLessThan(0.6);
  });

  it('never throws and stays a probability on any text', () => {
    const model = trainIntentModel(toy);
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), (text) => {
        const c = classify(model, text);
        expect(c.confidence).toBeGreaterThan(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(model.intents).toContain(c.intent);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an empty training set and a malformed stored model', () => {
    expect(() => trainIntentModel([])).toThrow(RangeError);
    expect(() => asIntentModel({ format: 'other' })).toThrow(/not a tutti-intent-model/);
    const model = trainIntentModel(toy);
    expect(() => asIntentModel({ ...model, weights: model.weights.slice(1) })).toThrow(/weights of the wrong size/);
    expect(() => asIntentModel(null)).toThrow(/not an object/);
  });

  it('reads the demo history it was not trained on, clause by clause', () => {
    const history = demoMessageHistory(42);
    const model = trainIntentModel(trainingExamples(history.filter((m) => !m.heldOut)).examples);
    const test = trainingExamples(history.filter((m) => m.heldOut)).examples;
    const right = test.filter((e) => classify(model, e.text).intent === e.intent).length;
    expect(right / test.length).toBeGreaterThan(0.95);
    expect(model.features.length * model.intents.length).toBe(model.weights.length);
  });
});
