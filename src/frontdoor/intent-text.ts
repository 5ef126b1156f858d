/**
 * Text normalisation shared by the keyword rules and the intent classifier, so a phrase an
 * operations lead writes ("can't log in") and a customer's message ("I CANT log in!!") meet in
 * the same form.
 *
 * Two levels:
 * - `matchForm`: lower case, apostrophes unified, common contractions expanded, every run of
 *   non-word characters one space. Rules match whole words against it.
 * - `modelTokens`: `matchForm` words, plus placeholders for the things that vary between
 *   otherwise identical messages (order numbers, amounts, numbers, weekdays) and a light suffix
 *   stemmer, so "refunded" and "refund", "#781583" and "#118854" look alike to the classifier.
 */

const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bcan ?not\b|\bcan'?t\b/g, 'cannot'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bshan'?t\b/g, 'shall not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|could|would|should|must|need)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(you|we|they)'re\b/g, '$1 are'],
  [/\b(i|you|we|they)'ve\b/g, '$1 have'],
  [/\b(i|you|he|she|we|they)'ll\b/g, '$1 will'],
  [/\b(i|you|he|she|we|they)'d\b/g, '$1 would'],
  [/\b(it|that|there|what|where|who)'s\b/g, '$1 is'],
];

/** Apostrophe look-alikes customers' keyboards produce. */
const APOSTROPHES = /[\u2018\u2019\u02bc\u0060\u00b4]/g;

/** Lower-cased, apostrophes unified and contractions expanded (characters otherwise kept). */
function expand(text: string): string {
  let s = text.toLowerCase().replace(APOSTROPHES, "'");
  for (const [pattern, replacement] of CONTRACTIONS) s = s.replace(pattern, replacement);
  return s;
}

/**
 * The words of `text`, lower case, separated by single spaces, with no leading or trailing
 * space: `"I CAN'T log-in!!"` → `"i cannot log in"`. Keyword rules match whole words here.
 */
export function matchForm(text: string): string {
  const words = expand(text).replace(/'/g, '').match(/[\p{L}\p{N}]+/gu);
  return words === null ? '' : words.join(' ');
}

// A number starts only where a run of digits and separators starts, so "1,1,1,…" stays linear.
const MONEY = /(?:[€$£]\s?\d[\d,.]*|(?<![\d.,])\b\d[\d,.]*\s?(?:€|\$|£|eur|euros?|usd|dollars?|gbp|pounds?)(?![\p{L}]))/gu;
const ORDER_REF = /#\s?\d+|\b[a-z]{2,4}-\d+(?:-\d+)*\b/g;
const WEEKDAY = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/;

/**
 * Tokens for the classifier: `matchForm` words with placeholders — `_money_` for an amount with
 * a currency, `_ref_` for an order-like reference (`#123456`, `ord-12-3`), `_num_` for other
 * numbers, `_day_` for weekday names — each word lightly stemmed, and `_q_` appended when the
 * text asks a question.
 */
export function modelTokens(text: string): string[] {
  const s = expand(text).replace(MONEY, ' _money_ ').replace(ORDER_REF, ' _ref_ ').replace(/'/g, '');
  const words = s.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const out: string[] = [];
  for (const w of words) {
    if (w === '_money_' || w === '_ref_') out.push(w);
    else if (/^\d/.test(w)) out.push('_num_');
    else if (WEEKDAY.test(w)) out.push('_day_');
    else if (w !== '_') out.push(stem(w.replace(/_/g, '')));
  }
  if (text.includes('?')) out.push('_q_');
  return out;
}

/**
 * A deliberately light suffix stripper (not Porter): enough to fold "refunded/refunds/refund"
 * and "charged/charges/charge" together without a dictionary. Words of four letters or fewer
 * are left alone, so "was", "has", "this" survive.
 */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies') && word.length > 5) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 'e', 's']) {
    if (!word.endsWith(suffix)) continue;
    if (suffix === 's' && (word.endsWith('ss') || word.endsWith('us'))) return word;
    const root = word.slice(0, -suffix.length);
    return root.length >= 3 ? root : word;
  }
  return word;
}
