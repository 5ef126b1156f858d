/**
 * The intent classifier: multinomial logistic regression (softmax) over word unigrams and
 * bigrams, trained offline on the company's own labelled messages.
 *
 * Why logistic regression and not naive Bayes: the confidence is the product here, not just the
 * label — below a threshold a message goes to a human triage queue. Naive Bayes multiplies
 * unigram and bigram evidence as if independent ("charged", "twice", "charged twice" count three
 * times), so its posteriors pile up at 0 and 1 and a threshold on them means little. Softmax
 * regression weighs overlapping features jointly and its probabilities are usable as
 * confidence. At a few thousand features × ten intents training takes well under a second, so
 * NB's one-pass training buys nothing.
 *
 * Features are binary (present or not), scaled to unit length so a four-word clause and a
 * forty-word message speak at the same volume. Training is AdaGrad SGD with L2 regularisation in
 * an order drawn from a seeded generator: the same examples and options give the same model,
 * bit for bit. The model is plain JSON (`IntentModel`), rounded to 4 decimals, so it can be
 * stored and shipped; nothing is downloaded at run time.
 */
import { modelTokens } from './intent-text.js';

/** One labelled training text. */
export interface IntentExample {
  text: string;
  intent: string;
}

/** A trained model; plain JSON. `weights` is features × intents, row-major by feature. */
export interface IntentModel {
  format: 'tutti-intent-model';
  version: 1;
  algorithm: 'softmax-regression';
  intents: string[];
  features: string[];
  weights: number[];
  bias: number[];
  training: {
    examples: number;
    perIntent: Record<string, number>;
    epochs: number;
    l2: number;
    learningRate: number;
    seed: number;
  };
}

/** Training settings; the defaults suit a few thousand short messages. */
export interface TrainOptions {
  /** Passes over the examples (default 30). */
  epochs?: number;
  /**
   * L2 penalty per update (default 1e-3: on the demo history, template-grouped cross-validation
   * — test phrasings never seen in training — put 1e-3 ahead of 1e-5…1e-2; seen phrasings score
   * the same at every value).
   */
  l2?: number;
  /** AdaGrad base rate (default 0.5). */
  learningRate?: number;
  /** Seed of the example order (default 1). */
  seed?: number;
  /** A feature must occur in at least this many examples (default 1). */
  minCount?: number;
}

/** The classifier's answer. `scores` are probabilities over all intents (they sum to 1). */
export interface Classification {
  intent: string;
  confidence: number;
  scores: Record<string, number>;
}

const START = '_s_';

/** The features of a text: distinct unigrams and bigrams of `modelTokens` (with a start mark). */
export function textFeatures(text: string): string[] {
  const tokens = modelTokens(text);
  const out = new Set<string>();
  let previous = START;
  for (const t of tokens) {
    out.add(t);
    out.add(`${previous} ${t}`);
    previous = t;
  }
  return [...out];
}

/** mulberry32: a tiny seeded generator, only for the example order. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function round4(x: number): number {
  const r = Math.round(x * 10_000) / 10_000;
  return r === 0 ? 0 : r; // no -0 in the JSON
}

/**
 * Trains a model on labelled texts. Intents are the distinct labels, in sorted order. Throws on
 * an empty training set.
 */
export function trainIntentModel(examples: readonly IntentExample[], options: TrainOptions = {}): IntentModel {
  if (examples.length === 0) throw new RangeError('trainIntentModel needs at least one example');
  const epochs = options.epochs ?? 30;
  const l2 = options.l2 ?? 1e-3;
  const learningRate = options.learningRate ?? 0.5;
  const seed = options.seed ?? 1;
  const minCount = options.minCount ?? 1;

  const intents = [...new Set(examples.map((e) => e.intent))].sort();
  const intentIndex = new Map(intents.map((intent, i) => [intent, i]));
  const K = intents.length;
  const featureLists = examples.map((e) => textFeatures(e.text));
  const df = new Map<string, number>();
  for (const list of featureLists) for (const f of list) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = [...df.entries()].filter(([, n]) => n >= minCount).map(([f]) => f).sort();
  const featureIndex = new Map(vocabulary.map((f, i) => [f, i]));

  const rows = featureLists.map((list) => list.map((f) => featureIndex.get(f)).filter((i): i is number => i !== undefined));
  const labels = examples.map((e) => intentIndex.get(e.intent) ?? 0);
  const W = new Float64Array(vocabulary.length * K);
  const G = new Float64Array(vocabulary.length * K);
  const b = new Float64Array(K);
  const Gb = new Float64Array(K);
  const p = new Float64Array(K);
  const order = examples.map((_e, i) => i);
  const random = generator(seed);
  const EPS = 1e-8;

  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const n of order) {
      const row = rows[n]!;
      const y = labels[n]!;
      const v = row.length === 0 ? 0 : 1 / Math.sqrt(row.length);
      softmaxInto(p, b, W, row, v, K);
      for (let k = 0; k < K; k++) {
        const g = p[k]! - (k === y ? 1 : 0);
        Gb[k]! += g * g;
        b[k]! -= (learningRate * g) / Math.sqrt(Gb[k]! + EPS);
        for (const f of row) {
          const at = f * K + k;
          const grad = g * v + l2 * W[at]!;
          G[at]! += grad * grad;
          W[at]! -= (learningRate * grad) / Math.sqrt(G[at]! + EPS);
        }
      }
    }
  }

  // Drop features whose weights all round to zero: they cannot change an answer.
  const features: string[] = [];
  const weights: number[] = [];
  for (let f = 0; f < vocabulary.length; f++) {
    const row = Array.from(W.subarray(f * K, f * K + K), round4);
    if (row.every((w) => w === 0)) continue;
    features.push(vocabulary[f]!);
    weights.push(...row);
  }
  const perIntent: Record<string, number> = {};
  for (const intent of intents) perIntent[intent] = 0;
  for (const e of examples) perIntent[e.intent] = (perIntent[e.intent] ?? 0) + 1;
  return {
    format: 'tutti-intent-model',
    version: 1,
    algorithm: 'softmax-regression',
    intents,
    features,
    weights,
    bias: Array.from(b, round4),
    training: { examples: examples.length, perIntent, epochs, l2, learningRate, seed },
  };
}

/** p ← softmax(b + v·Σ W[row]). */
function softmaxInto(p: Float64Array, b: ArrayLike<number>, W: ArrayLike<number>, row: readonly number[], v: number, K: number): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    let z = b[k]!;
    for (const f of row) z += W[f * K + k]! * v;
    p[k] = z;
    if (z > max) max = z;
  }
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(p[k]! - max);
    p[k] = e;
    sum += e;
  }
  for (let k = 0; k < K; k++) p[k] = p[k]! / sum;
}

/** Per model: feature → row, built once (the model itself stays plain JSON). */
const indexes = new WeakMap<IntentModel, Map<string, number>>();

function indexOf(model: IntentModel): Map<string, number> {
  let index = indexes.get(model);
  if (index === undefined) {
    index = new Map(model.features.map((f, i) => [f, i]));
    indexes.set(model, index);
  }
  return index;
}

/**
 * The most likely intent of `text`, its probability, and the probability of every intent. A
 * text with no known feature gets the model's prior (bias only), so its confidence is low.
 */
export function classify(model: IntentModel, text: string): Classification {
  const K = model.intents.length;
  const index = indexOf(model);
  const features = textFeatures(text);
  const row: number[] = [];
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) row.push(i);
  }
  // Scale by the number of features the text has, known or not, as in training (where all were known).
  const total = features.length;
  const p = new Float64Array(K);
  softmaxInto(p, model.bias, model.weights, row, total === 0 ? 0 : 1 / Math.sqrt(total), K);
  let best = 0;
  const scores: Record<string, number> = {};
  for (let k = 0; k < K; k++) {
    scores[model.intents[k]!] = p[k]!;
    if (p[k]! > p[best]!) best = k;
  }
  return { intent: model.intents[best] ?? '', confidence: p[best] ?? 0, scores };
}

/**
 * Checks a value read from storage (e.g. `JSON.parse` of a model file) and returns it as a
 * model, or throws with what is wrong.
 */
export function asIntentModel(value: unknown): IntentModel {
  const m = value as Partial<IntentModel> | null;
  const problem =
    m === null || typeof m !== 'object' ? 'is not an object'
    : m.format !== 'tutti-intent-model' || m.version !== 1 ? 'is not a tutti-intent-model, version 1'
    : !Array.isArray(m.intents) || m.intents.length === 0 || !m.intents.every((i) => typeof i === 'string') ? 'has no intents'
    : !Array.isArray(m.features) || !m.features.every((f) => typeof f === 'string') ? 'has no feature list'
    : !Array.isArray(m.bias) || m.bias.length !== m.intents.length ? 'has a bias of the wrong length'
    : !Array.isArray(m.weights) || m.weights.length !== m.features.length * m.intents.length || !m.weights.every(Number.isFinite)
      ? 'has weights of the wrong size'
    : null;
  if (problem !== null) throw new TypeError(`the intent model ${problem}`);
  return m as IntentModel;
}
