/**
 * Which of the demo history's clause templates (INTENT_TEMPLATES in src/demo/messages.ts) a
 * message was built from. The demo's held-out messages reuse the training messages' templates
 * with other slot values, so a held-out figure says little about phrasings the model has never
 * seen; grouping cross-validation folds by template does (understand-tuning.ts).
 */
import { INTENT_TEMPLATES, INTENTS } from '../demo/messages.js';

/** Every template, in INTENTS order, with its intent and a case-insensitive matcher. */
export const DEMO_TEMPLATES: readonly { intent: string; template: string; pattern: RegExp }[] = INTENTS.flatMap((intent) =>
  INTENT_TEMPLATES[intent].map((template) => ({
    intent,
    template,
    pattern: new RegExp(
      template
        .split(/\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+?'),
      'i',
    ),
  })),
);

/** Indexes (into DEMO_TEMPLATES) of the templates of `intent` found in `text`. */
export function demoTemplatesOf(text: string, intents: readonly string[]): number[] {
  const out: number[] = [];
  DEMO_TEMPLATES.forEach((t, i) => {
    if (intents.includes(t.intent) && t.pattern.test(text)) out.push(i);
  });
  return out;
}

/**
 * Fold numbers for template-grouped k-fold cross-validation: each template belongs to one fold
 * (dealt round-robin within its intent, so every fold keeps every intent); a message belongs to
 * the folds of all its templates.
 */
export function demoTemplateFolds(folds: number): (m: { text: string; intents: readonly string[] }) => number[] {
  const foldOf: number[] = [];
  const seen = new Map<string, number>();
  for (const t of DEMO_TEMPLATES) {
    const k = seen.get(t.intent) ?? 0;
    foldOf.push(k % folds);
    seen.set(t.intent, k + 1);
  }
  return (m) => [...new Set(demoTemplatesOf(m.text, m.intents).map((i) => foldOf[i] ?? 0))];
}
