/**
 * Measures the understanding step on labelled messages: the figures the acceptance criteria
 * name (top-intent accuracy, recall of second intents) and the ones that keep them honest (false
 * extra intents, triage rate, what gets confused with what). Used by bench/frontdoor-accuracy.ts
 * and by the cross-validated tuning in understand-tuning.ts.
 */
import type { IntentModel } from './intent-classifier.js';
import type { IntentRules } from './intent-rules.js';
import type { LabelledText } from './intent-training.js';
import { type UnderstandOptions, understandMessage } from './understand.js';

/** What happened to one message. */
export interface MessageOutcome {
  gold: readonly string[];
  predicted: string[];
  /** Lowest confidence of a model-read problem (1 when all came from rules; 0 when none). */
  minModelConfidence: number;
  triage: boolean;
  /** Triaged for a reason other than confidence (nothing found, text cut). */
  triageOther: boolean;
}

export interface EvaluationReport {
  messages: number;
  /** First problem found = first labelled intent. */
  firstIntentAccuracy: number;
  /** The first labelled intent is among the problems found (any order). */
  firstIntentFoundAccuracy: number;
  /** The set of problems found = the labelled set (any order). */
  exactSetAccuracy: number;
  multiIntentMessages: number;
  /** Of two-intent messages, the share whose second intent was found. */
  secondIntentRecall: number;
  singleIntentMessages: number;
  /** Of single-intent messages, the share given a false extra intent. */
  falseExtraRate: number;
  /** Of all extra (second or later) intents found, the share that were right. */
  extraIntentPrecision: number;
  triageRate: number;
  /** Exact-set accuracy of the messages not sent to triage. */
  autoHandledAccuracy: number;
  /** Most frequent (labelled first intent → first problem found) mistakes, with counts. */
  confusions: { gold: string; predicted: string; count: number }[];
  outcomes: MessageOutcome[];
}

const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);

/** Reads every message with `understandMessage` and scores it against its labels. */
export function evaluateUnderstanding(
  model: IntentModel,
  rules: IntentRules,
  messages: readonly LabelledText[],
  options: UnderstandOptions = {},
): EvaluationReport {
  const outcomes = messages.map((m): MessageOutcome => {
    const u = understandMessage({ text: m.text }, model, rules, options);
    const modelConfidences = u.problems.filter((p) => p.source === 'model').map((p) => p.confidence);
    return {
      gold: m.intents,
      predicted: u.problems.map((p) => p.intent),
      minModelConfidence: u.problems.length === 0 ? 0 : Math.min(1, ...modelConfidences),
      triage: u.triage,
      triageOther: u.triageCause !== undefined && u.triageCause !== 'low_confidence',
    };
  });
  return summarise(outcomes);
}

/** The report for a set of outcomes (also used to re-score outcomes under another threshold). */
export function summarise(outcomes: MessageOutcome[]): EvaluationReport {
  let first = 0;
  let found = 0;
  let exact = 0;
  let multi = 0;
  let secondFound = 0;
  let single = 0;
  let falseExtra = 0;
  let extras = 0;
  let extrasRight = 0;
  let triaged = 0;
  let auto = 0;
  let autoRight = 0;
  const confusion = new Map<string, number>();
  for (const o of outcomes) {
    const isExact = o.predicted.length === o.gold.length && o.gold.every((g) => o.predicted.includes(g));
    if (o.predicted[0] === o.gold[0]) first++;
    else {
      const key = `${o.gold[0] ?? ''}\u0000${o.predicted[0] ?? '(none)'}`;
      confusion.set(key, (confusion.get(key) ?? 0) + 1);
    }
    if (o.gold[0] !== undefined && o.predicted.includes(o.gold[0])) found++;
    if (isExact) exact++;
    if (o.gold.length >= 2) {
      multi++;
      if (o.gold[1] !== undefined && o.predicted.includes(o.gold[1])) secondFound++;
    } else {
      single++;
      if (o.predicted.length > 1) falseExtra++;
    }
    for (const p of o.predicted.slice(1)) {
      extras++;
      if (o.gold.includes(p)) extrasRight++;
    }
    if (o.triage) triaged++;
    else {
      auto++;
      if (isExact) autoRight++;
    }
  }
  const confusions = [...confusion.entries()]
    .map(([key, count]) => {
      const [gold = '', predicted = ''] = key.split('\u0000');
      return { gold, predicted, count };
    })
    .sort((a, b) => b.count - a.count || a.gold.localeCompare(b.gold) || a.predicted.localeCompare(b.predicted));
  const n = outcomes.length;
  return {
    messages: n,
    firstIntentAccuracy: share(first, n),
    firstIntentFoundAccuracy: share(found, n),
    exactSetAccuracy: share(exact, n),
    multiIntentMessages: multi,
    secondIntentRecall: share(secondFound, multi),
    singleIntentMessages: single,
    falseExtraRate: share(falseExtra, single),
    extraIntentPrecision: share(extrasRight, extras),
    triageRate: share(triaged, n),
    autoHandledAccuracy: share(autoRight, auto),
    confusions,
    outcomes,
  };
}

/** The outcomes as they would be with another triage threshold (confidences do not change). */
export function withTriageThreshold(outcomes: readonly MessageOutcome[], triageBelow: number): MessageOutcome[] {
  return outcomes.map((o) => ({ ...o, triage: o.triageOther || o.minModelConfidence < triageBelow }));
}
