/**
 * Turns a company's labelled message history into classifier training examples.
 *
 * - A single-intent message gives one example: its body (greeting, closings and signature
 *   removed, as `understandMessage` reads it).
 * - A two-intent message is split into clauses (`splitClauses`); when that gives exactly two,
 *   they are labelled in order (the labels are in text order). Otherwise the message is skipped:
 *   a wrong guess at which words belong to which label would teach the model noise.
 */
import { messageBody, splitClauses } from './clause-split.js';
import type { IntentExample } from './intent-classifier.js';

/** A labelled message: its text and its one or two intents in text order. */
export interface LabelledText {
  text: string;
  intents: readonly string[];
}

export interface TrainingSet {
  examples: IntentExample[];
  /** Multi-intent messages whose split did not give one clause per intent. */
  skipped: number;
}

/** The training examples of a labelled history (see the module note). */
export function trainingExamples(messages: readonly LabelledText[]): TrainingSet {
  const examples: IntentExample[] = [];
  let skipped = 0;
  for (const m of messages) {
    const [first, ...rest] = m.intents;
    if (first === undefined) continue;
    if (rest.length === 0) {
      const body = messageBody(m.text);
      const text = m.text.slice(body.start, body.end);
      if (/[\p{L}\p{N}]/u.test(text)) examples.push({ text, intent: first });
      continue;
    }
    const clauses = splitClauses(m.text);
    if (clauses.length !== m.intents.length) {
      skipped++;
      continue;
    }
    clauses.forEach((c, i) => examples.push({ text: c.text, intent: m.intents[i] ?? first }));
  }
  return { examples, skipped };
}
