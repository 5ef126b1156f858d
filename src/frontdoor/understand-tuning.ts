/**
 * Chooses the understanding step's two thresholds by k-fold cross-validation on the training
 * history only (the held-out part is for the final figures, never for choices):
 *
 * - `splitConfidence`: below it a clause is joined to a neighbour instead of read alone. Too low
 *   and fragments ("it is not") become false extra problems; too high and real second problems
 *   are swallowed. Chosen to maximise exact-set accuracy (ties: the lower value).
 * - `triageBelow`: below it a model-read problem sends the message to a person. Chosen to
 *   minimise expected cost: a message handled wrongly costs 1, a triaged one `triageCost`
 *   (default 0.2: a person reading a message is cheaper than a customer sent the wrong way).
 *   Ties: the lower value (less triage).
 */
import { trainIntentModel, type TrainOptions } from './intent-classifier.js';
import type { IntentRules } from './intent-rules.js';
import { type LabelledText, trainingExamples } from './intent-training.js';
import { evaluateUnderstanding, type MessageOutcome, summarise, withTriageThreshold } from './understand-evaluation.js';

export interface TuningOptions {
  folds?: number;
  /** The folds a message belongs to (it is tested in those, trained on in no other); default: index mod folds. */
  groups?: FoldGroups;
  splitGrid?: readonly number[];
  triageGrid?: readonly number[];
  triageCost?: number;
  train?: TrainOptions;
}

export interface TuningResult {
  splitConfidence: number;
  triageBelow: number;
  /** Per split threshold: cross-validated exact-set accuracy. */
  splitTable: { splitConfidence: number; exactSetAccuracy: number; secondIntentRecall: number; falseExtraRate: number }[];
  /** Per triage threshold (at the chosen split threshold). */
  triageTable: { triageBelow: number; triageRate: number; wronglyHandled: number; cost: number }[];
}

/** The folds a message belongs to: tested in each, never trained on while one of them is tested. */
export type FoldGroups = (m: LabelledText, index: number) => readonly number[];

const DEFAULT_SPLIT_GRID = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
const DEFAULT_TRIAGE_GRID = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95];

/**
 * Outcomes of every message when read by a model trained without its folds (by default fold =
 * index mod k, so the split is deterministic), for each split threshold. A message in several
 * folds (template-grouped folds) is tested once per fold.
 */
export function crossValidatedOutcomes(
  messages: readonly LabelledText[],
  rules: IntentRules,
  splitGrid: readonly number[],
  folds = 5,
  train: TrainOptions = {},
  groups: FoldGroups = (_m, i) => [i % folds],
): Map<number, MessageOutcome[]> {
  const out = new Map<number, MessageOutcome[]>(splitGrid.map((s) => [s, []]));
  const memberOf = messages.map((m, i) => groups(m, i));
  for (let f = 0; f < folds; f++) {
    const fit = messages.filter((_m, i) => !memberOf[i]!.includes(f));
    const check = messages.filter((_m, i) => memberOf[i]!.includes(f));
    const model = trainIntentModel(trainingExamples(fit).examples, train);
    for (const s of splitGrid) {
      // triageBelow 0 here: triage is re-scored per threshold from the recorded confidences.
      out.get(s)!.push(...evaluateUnderstanding(model, rules, check, { splitConfidence: s, triageBelow: 0 }).outcomes);
    }
  }
  return out;
}

/** Both thresholds, chosen by cross-validation on `messages` (see the module note). */
export function tuneUnderstanding(messages: readonly LabelledText[], rules: IntentRules, options: TuningOptions = {}): TuningResult {
  const splitGrid = options.splitGrid ?? DEFAULT_SPLIT_GRID;
  const triageGrid = options.triageGrid ?? DEFAULT_TRIAGE_GRID;
  const triageCost = options.triageCost ?? 0.2;
  const outcomes = crossValidatedOutcomes(messages, rules, splitGrid, options.folds ?? 5, options.train ?? {}, options.groups);

  const splitTable = splitGrid.map((s) => {
    const r = summarise(outcomes.get(s) ?? []);
    return { splitConfidence: s, exactSetAccuracy: r.exactSetAccuracy, secondIntentRecall: r.secondIntentRecall, falseExtraRate: r.falseExtraRate };
  });
  const bestSplit = splitTable.reduce((a, b) => (b.exactSetAccuracy > a.exactSetAccuracy ? b : a));

  const chosen = outcomes.get(bestSplit.splitConfidence) ?? [];
  const triageTable = triageGrid.map((t) => {
    const scored = withTriageThreshold(chosen, t);
    const triaged = scored.filter((o) => o.triage).length;
    const wrong = scored.filter((o) => !o.triage && !(o.predicted.length === o.gold.length && o.gold.every((g) => o.predicted.includes(g)))).length;
    return { triageBelow: t, triageRate: triaged / Math.max(1, scored.length), wronglyHandled: wrong, cost: wrong + triageCost * triaged };
  });
  const bestTriage = triageTable.reduce((a, b) => (b.cost < a.cost ? b : a));
  return { splitConfidence: bestSplit.splitConfidence, triageBelow: bestTriage.triageBelow, splitTable, triageTable };
}
