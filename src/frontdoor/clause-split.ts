/**
 * Splits a customer's message into clauses, each a candidate problem statement:
 * "Hi, my parcel never came and you charged me twice. Thanks!\nAnn" → "my parcel never came",
 * "you charged me twice".
 *
 * 1. The body is found by stripping a leading greeting ("Hi there,", "Dear Maison Tutti,") and
 *    trailing closings ("Thanks in advance.", "Can you sort this out?") and a signature line
 *    ("Ann", "Sent from my iPhone"). Closings are never stripped down to nothing ("Thanks!"
 *    alone may be praise); a greeting alone ("Hi,") leaves an empty body.
 * 2. The body is cut into sentences (. ! ? followed by a space, or a line break).
 * 3. A sentence is cut again at a joiner (" and ", ", and ", ", plus ", " - also ", "; ",
 *    " but also ") only where **both sides look like a full problem statement**: at least three words
 *    each, and the right side does not start with a verb whose subject was left out ("… and have
 *    not been refunded", "… and need to exchange it"). Connectors that open a clause ("Also,",
 *    "And", "On top of that", "Plus") are dropped from its text.
 *
 * The split is purely textual and errs towards splitting at sentence ends; `understandMessage`
 * joins neighbouring clauses back when the classifier finds the same intent on both sides or
 * cannot read one side on its own. Offsets are into the text given, so references found in the
 * message can be attributed to a clause.
 */

/** One clause of a message. `start`/`end` are offsets into the text given (end exclusive). */
export interface Clause {
  text: string;
  start: number;
  end: number;
  /** How this clause is separated from the one before it. */
  boundary: 'start' | 'sentence' | 'joiner';
}

/** "hello" → "(?:[Hh]ello|HELLO)", so names after a greeting can be told by their capital. */
function anyCase(words: readonly string[]): string {
  return words.map((w) => `[${w[0]!.toUpperCase()}${w[0]}]${w.slice(1).replace(/ /g, '[ \\t]+')}|${w.toUpperCase().replace(/ /g, '[ \\t]+')}`).join('|');
}
/**
 * "Hi,", "Hello team,", "Hi Ann!", "Good morning,", "Dear Maison Tutti,". After hi/hello/hey
 * only a couple of address words or capitalised names may follow, so "hi i cannot log in, help"
 * keeps its words.
 */
const GREETING = new RegExp(
  `^\\s*(?:(?:${anyCase(['hi', 'hello', 'hey', 'hiya', 'heya', 'greetings', 'good morning', 'good afternoon', 'good evening', 'good day'])})` +
    `(?:[ \\t]+(?:there|team|all|everyone|everybody|folks|guys|support|again|\\p{Lu}[\\p{L}'-]*)){0,2}` +
    `|(?:${anyCase(['dear'])})(?:[ \\t]+[\\p{L}'.&-]+){1,4}?|(?:${anyCase(['to whom it may concern'])}))` +
    `[ \\t]*(?:[,!:\\u2014-]+[ \\t]*\\n?|\\n)\\s*`,
  'u',
);
/** A bare "hi"/"hello" with no punctuation, directly followed by the message. */
const BARE_GREETING = /^\s*(?:hi|hello|hey|hiya)\s+(?=\S)/i;
const CLOSING_WORDS = [
  'thanks', 'thank you', 'thanks a lot', 'thank you very much', 'many thanks', 'thanks in advance', 'thank you in advance',
  'thx', 'ty', 'cheers', 'regards', 'kind regards', 'best regards', 'warm regards', 'best wishes', 'best', 'sincerely',
  'yours sincerely', 'yours faithfully', 'all the best', 'please help', 'please help me', 'help', 'please advise',
  'please reply asap', 'please reply', 'please respond', 'please get back to me', 'asap',
  'can you sort this out', 'can you please sort this out', 'could you sort this out', 'please sort this out',
  'can you help', 'can you help me', 'could you help', 'could you help me', 'can you look into this', 'could you look into this',
  'please look into this', 'looking forward to your reply', 'looking forward to hearing from you', 'hope to hear from you soon',
  'sent from my iphone', 'sent from my android', 'sent from my phone', 'sent from my mobile',
];
const CLOSING = new RegExp(
  `(^|(?<![.!?])[.!?]+[ \\t]*|\\n[ \\t]*)(?:${CLOSING_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?:[ \\t]*,?[ \\t]*[\\p{Lu}][\\p{L}'-]*)?[ \\t]*[.!?,]*\\s*$`,
  'iu',
);
/** A last line holding only a name (1–3 capitalised words) or a "--" signature marker. */
const SIGNATURE = /\n[ \t]*(?:--+|[-\u2013\u2014~][ \t]*)?[ \t]*\p{Lu}[\p{L}'.-]*(?:[ \t]+\p{Lu}[\p{L}'.-]*){0,2}[ \t]*$/u;
const SIGNATURE_MARKER = /\n[ \t]*--[ \t]*\n[\s\S]*$/;

/** Where the message body is once greeting, closings and signature are removed. */
export function messageBody(text: string): { start: number; end: number } {
  let start = 0;
  let end = text.length;
  const greeting = GREETING.exec(text) ?? BARE_GREETING.exec(text);
  // A greeting and nothing else says nothing; the body is then empty.
  if (greeting !== null) start = greeting[0].length;
  // Repeatedly peel signature and closings off the end ("Thanks.\nRegards,\nAnn").
  for (let guard = 0; guard < 6; guard++) {
    const body = text.slice(start, end);
    const marker = SIGNATURE_MARKER.exec(body);
    const sig = marker ?? SIGNATURE.exec(body);
    const closing = CLOSING.exec(body);
    const cut = sig !== null ? sig.index : closing !== null ? closing.index + (closing[1]?.length ?? 0) : -1;
    if (cut < 0 || text.slice(start, start + cut).trim() === '') break;
    end = start + cut;
  }
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  return { start, end };
}

/** Words that open a clause only to link it to the one before. */
const CONNECTOR = /^(?:(?:and\s+)?also|and|plus|but|besides|in\s+addition|additionally|on\s+top\s+of\s+that|oh\s+and|ps|p\.s\.|another\s+thing|one\s+more\s+thing)\b[\s,:;-]*/i;

/**
 * Joiners inside a sentence; the match covers the joiner and the spaces around it. A bare "but"
 * is not one: it nearly always contrasts within one problem ("tracking says delivered but there
 * is nothing at my door"), so only "but also" joins two.
 */
const JOINER = /(?:[ \t]*,[ \t]*(?:and|plus|also|but[ \t]+also)(?:[ \t]+also)?[ \t]+|[ \t]+(?:and(?:[ \t]+also)?|but[ \t]+also)[ \t]+|[ \t]*,?[ \t]+plus[ \t]+|[ \t]+[-\u2013\u2014]+[ \t]*(?:also|and)?[ \t]+|[ \t]*;[ \t]*)/gi;

/** Verbs that start a clause whose subject was left out ("… and have not been refunded"). */
const CONTINUATION_VERB =
  /^(?:have|has|had|was|were|am|is|are|need|needs|want|wants|would|will|can|could|should|did|do|does|got|get|gets|never|still|then|now|so|also)$/i;
const SUBJECT = /^(?:i|you|we|they|he|she|it|my|your|our|their|the|a|an|this|that|these|those|there|someone|somebody|anyone|nobody|nothing|me)$/i;

/** The first `k` words of `s` (stops there, so a long left side costs nothing). */
function firstWords(s: string, k: number): string[] {
  const re = /[\p{L}\p{N}#€$£'.-]+/gu;
  const out: string[] = [];
  for (let m = re.exec(s); m !== null && out.length < k; m = re.exec(s)) out.push(m[0]);
  return out;
}

/** Whether a piece of a sentence reads as a statement of its own (see the module note). */
export function looksLikeStatement(piece: string, right: boolean): boolean {
  const w = firstWords(piece.replace(CONNECTOR, ''), 3);
  if (w.length < 3) return false;
  if (!right) return true;
  const first = w[0] ?? '';
  if (/^\p{L}+ed$/u.test(first)) return false;
  // "can I return it" is a question, "can be returned" a continuation.
  return !(CONTINUATION_VERB.test(first) && !SUBJECT.test(w[1] ?? ''));
}

/** Sentences of `body` (offsets relative to `base`). */
function sentences(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /(?<![.!?])[.!?]+(?=\s)|\n/g;
  re.lastIndex = start;
  let from = start;
  const body = text.slice(0, end);
  for (let m = re.exec(body); m !== null; m = re.exec(body)) {
    const stop = m.index + m[0].length;
    // Keep "?" with its sentence (it marks a question); the break is after the punctuation.
    out.push({ start: from, end: m[0] === '\n' ? m.index : stop });
    from = stop;
  }
  out.push({ start: from, end });
  return out;
}

/** Trims whitespace, a leading connector and trailing , ; . from a span. */
function tidy(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  const connector = CONNECTOR.exec(text.slice(start, end));
  if (connector !== null && connector[0].length < end - start) start += connector[0].length;
  while (end > start && /[\s,;:.!\u2014\u2013-]/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

const STATEMENT_WINDOW = 200;

/** Cuts a sentence at joiners where both sides look like statements. */
function atJoiners(text: string, span: { start: number; end: number }): { start: number; end: number; joined: boolean }[] {
  const out: { start: number; end: number; joined: boolean }[] = [];
  const sentence = text.slice(span.start, span.end);
  let from = 0;
  let joined = false;
  JOINER.lastIndex = 0;
  for (let m = JOINER.exec(sentence); m !== null; m = JOINER.exec(sentence)) {
    const after = m.index + m[0].length;
    // The right side is judged up to its own next joiner, so "A and B and C" can split twice.
    const next = JOINER.exec(sentence);
    JOINER.lastIndex = after;
    const rightEnd = next === null ? sentence.length : next.index;
    // Only a side's first few words matter, so at most STATEMENT_WINDOW characters are looked at:
    // "and and and …" costs linear time.
    const left = sentence.slice(from, Math.min(m.index, from + STATEMENT_WINDOW));
    const right = sentence.slice(after, Math.min(rightEnd, after + STATEMENT_WINDOW));
    if (looksLikeStatement(left, false) && looksLikeStatement(right, true)) {
      out.push({ start: span.start + from, end: span.start + m.index, joined });
      from = after;
      joined = true;
    }
  }
  out.push({ start: span.start + from, end: span.end, joined });
  return out;
}

/**
 * The clauses of a message (see the module note). Empty or greeting-only text gives no clauses.
 */
export function splitClauses(text: string): Clause[] {
  const body = messageBody(text);
  const out: Clause[] = [];
  for (const sentence of sentences(text, body.start, body.end)) {
    for (const piece of atJoiners(text, sentence)) {
      const { start, end } = tidy(text, piece.start, piece.end);
      if (!/[\p{L}\p{N}]/u.test(text.slice(start, end))) continue;
      const boundary: Clause['boundary'] = out.length === 0 ? 'start' : piece.joined ? 'joiner' : 'sentence';
      out.push({ text: text.slice(start, end), start, end, boundary });
    }
  }
  return out;
}
