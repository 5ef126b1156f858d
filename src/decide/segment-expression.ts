/**
 * Segment expressions: a small boolean language over the live CustomerState that picks
 * audiences ("every customer with an open complaint", "ordered at least twice and no late
 * shipment"). `parseSegment` compiles the text once into closures; `Segment.matches` then runs
 * per customer without parsing or allocating, so an audience over a million live states costs
 * a few tens of milliseconds.
 *
 * ## The language
 *
 * Yes/no terms:
 * - a customer fact (customer-facts.ts): `open_complaint`, `late_shipment`, `pending_refund`,
 *   `open_dispute`, `promise_broken_recently`, `detractor`, `open_ticket`, `promise_overdue`,
 *   `promoter`, `recent_order`. Facts about open items take `older_than <duration>` (the item
 *   has been open, or past due, at least that long): `open_complaint older_than 3d`. Facts about
 *   a past moment take `within <duration>` (it happened at most that long ago):
 *   `detractor within 90d`. Without `within`, `promise_broken_recently` and `recent_order` mean
 *   the last 30 days and the others any time, as in the contact policy.
 *   Durations are a whole number and a unit: `30m`, `12h`, `7d`, `2w`.
 * - `all`: every customer.
 * - `has_timezone`: the customer's time zone is known.
 * - `consent_withdrawn(marketing)`: the customer's latest consent for that purpose says no
 *   (a purpose never mentioned is not withdrawn).
 *
 * Numbers, compared with `=`, `!=`, `<`, `<=`, `>`, `>=` to a number (`orders >= 2`, `nps <= 6`):
 * - `orders` (orders completed), `revenue`, `events` (events received), `promises_broken`
 * - `open_tickets`, `open_complaints`, `late_shipments` (pending shipments whose ETA has passed)
 * - `days_since_last_order`, `days_since_last_seen`: exact days, fractions included (36 hours
 *   is 1.5), never negative; infinite when it never happened, so `days_since_last_order > 90`
 *   includes customers who never ordered.
 * - `nps`, `csat`: the latest score. Every comparison, `!=` included, is false for a customer
 *   who never answered: `not nps >= 9` includes them, `nps < 9` does not.
 * - `contacts_7d`: outbound contacts in the last 7 days (from the state's recent contacts).
 * - `department_events(service)`: events received from that department.
 *
 * Traits: `trait(plan) = "gold"`, `trait(seats) != 10`, `trait(vip) = true`. The name may be
 * quoted (`trait("first name") = "Ann"`); the value is a quoted string, a number, `true` or
 * `false`, and matches only a trait of the same type (the number 5 is not the text "5"). Like
 * nps, both `=` and `!=` are false when the customer has no such trait.
 *
 * Combinators: `not`, `and`, `or` and parentheses; `not` binds tightest, then `and`, then `or`,
 * so `a or b and not c` is `a or (b and (not c))`. Keywords and term names are
 * case-insensitive; department and consent purpose names are lower-cased (as the state stores
 * them); trait names are matched exactly.
 *
 * Examples:
 * ```
 * open_complaint
 * open_complaint older_than 3d or late_shipment older_than 2d
 * orders >= 2 and not late_shipment and not consent_withdrawn(marketing)
 * (detractor within 90d or promises_broken > 1) and department_events(service) > 3
 * trait(plan) = "gold" and days_since_last_order > 60
 * ```
 *
 * Limits: 2,000 characters and 32 levels of nesting (each parenthesis and each `not` is a
 * level). Errors name the column (1-based) and what was expected, in plain English.
 */
import type { CustomerState, TraitValue } from '../state/state-types.js';
import { defaultWithinMs, factHolds } from './customer-facts.js';
import { DURATION_PATTERN, durationMs, type Fact, FACTS, ITEM_FACTS, MOMENT_FACTS } from './policy-schema.js';

/** A compiled audience definition. */
export interface Segment {
  /** The text it was parsed from. */
  readonly text: string;
  /** Whether the customer is in the segment at `now` (ms). Pure and allocation-free. */
  matches(state: CustomerState, now: number): boolean;
  /** facts/fields used, for explanations: e.g. `open_complaint`, `orders`, `trait(plan)`, in order of first use. */
  readonly terms: readonly string[];
}

export type SegmentParse = { ok: true; segment: Segment } | { ok: false; error: { message: string; column: number } };

/** Longest expression accepted, in characters. */
export const MAX_SEGMENT_LENGTH = 2_000;
/** Deepest nesting accepted (parentheses and `not`). */
export const MAX_SEGMENT_DEPTH = 32;

const DAY = 86_400_000;
const CONTACT_WINDOW_MS = 7 * DAY;

type Test = (s: CustomerState, now: number) => boolean;
/** A numeric field; NaN means "no value" (every comparison is then false). */
type Getter = (s: CustomerState, now: number) => number;

const ALWAYS: Test = () => true;
const NEVER: Test = () => false;

/** Days from `at` to `now`, never negative; Infinity when it never happened. */
function daysSince(at: number | null, now: number): number {
  if (at === null) return Number.POSITIVE_INFINITY;
  return at >= now ? 0 : (now - at) / DAY;
}

const FIELDS: ReadonlyMap<string, Getter> = new Map<string, Getter>([
  ['orders', (s) => s.orders?.count ?? 0],
  ['revenue', (s) => s.orders?.revenue ?? 0],
  ['open_tickets', (s) => s.tickets?.length ?? 0],
  ['open_complaints', (s) => s.complaints?.length ?? 0],
  ['late_shipments', (s, now) => {
    const list = s.shipments;
    let n = 0;
    if (list !== null) {
      for (let i = 0; i < list.length; i++) {
        const eta = list[i]?.eta ?? null;
        if (eta !== null && eta < now) n++;
      }
    }
    return n;
  }],
  ['events', (s) => s.eventCount],
  ['days_since_last_order', (s, now) => daysSince(s.orders?.lastOrderAt ?? null, now)],
  ['days_since_last_seen', (s, now) => daysSince(s.lastSeenAt, now)],
  ['nps', (s) => s.nps?.score ?? Number.NaN],
  ['csat', (s) => s.csat?.score ?? Number.NaN],
  ['contacts_7d', (s, now) => {
    const at = s.recentContacts?.at;
    if (at === undefined) return 0;
    // Window (now - 7d, now], as the contact counters count: a contact exactly 7 days ago has aged out.
    const from = now - CONTACT_WINDOW_MS;
    let n = 0;
    for (let i = 0; i < at.length; i++) {
      const t = at[i] ?? from;
      if (t > from && t <= now) n++;
    }
    return n;
  }],
  ['promises_broken', (s) => s.promises?.broken ?? 0],
]);

const FACT_SET: ReadonlySet<string> = new Set(FACTS);
const SIMPLE_TERMS = ['all', 'has_timezone'] as const;
const CALL_TERMS = ['consent_withdrawn', 'department_events', 'trait'] as const;
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'older_than', 'within']);
/** Every term name, for "did you mean". */
const KNOWN_TERMS: readonly string[] = [...FACTS, ...FIELDS.keys(), ...SIMPLE_TERMS, ...CALL_TERMS];

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
const OPS: readonly string[] = ['<=', '>=', '!=', '=', '<', '>'];

interface Token {
  kind: 'word' | 'string' | 'op' | '(' | ')' | 'end';
  /** Source text (for a string: its unescaped value). */
  text: string;
  /** 1-based column of its first character. */
  col: number;
}

class SegmentError extends Error {
  constructor(readonly column: number, detail: string) {
    super(`column ${column}: ${detail}`);
  }
}

/** Parses and compiles a segment expression (see the module comment for the language). */
export function parseSegment(text: string): SegmentParse {
  try {
    if (typeof text !== 'string') throw new SegmentError(1, 'the expression must be text');
    if (text.length > MAX_SEGMENT_LENGTH) {
      throw new SegmentError(MAX_SEGMENT_LENGTH + 1, `the expression is ${text.length.toLocaleString('en')} characters long; the limit is ${MAX_SEGMENT_LENGTH.toLocaleString('en')}`);
    }
    const parser = new Parser(tokenize(text));
    const test = parser.parseTop();
    const segment: Segment = Object.freeze({ text, terms: Object.freeze([...parser.terms]), matches: test });
    return { ok: true, segment };
  } catch (e) {
    if (e instanceof SegmentError) return { ok: false, error: { message: e.message, column: e.column } };
    throw e;
  }
}

const WORD_START = /[A-Za-z0-9_]/;
const WORD_CHAR = /[A-Za-z0-9_.\-]/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;
const DURATION = new RegExp(DURATION_PATTERN);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    const col = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      out.push({ kind: c, text: c, col });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new SegmentError(col, `the text starting here has no closing ${c}`);
        const d = text.charAt(j);
        if (d === c) break;
        if (d === '\\' && j + 1 < text.length) {
          value += text.charAt(j + 1);
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      out.push({ kind: 'string', text: value, col });
      i = j + 1;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (op !== undefined && !(op === '=' && text.charAt(i + 1) === '=')) {
      out.push({ kind: 'op', text: op, col });
      i += op.length;
      continue;
    }
    if (WORD_START.test(c) || (c === '-' && /[0-9]/.test(text.charAt(i + 1)))) {
      let j = i + 1;
      while (j < text.length && WORD_CHAR.test(text.charAt(j))) j++;
      out.push({ kind: 'word', text: text.slice(i, j), col });
      i = j;
      continue;
    }
    throw new SegmentError(col, unexpectedCharacter(text, i));
  }
  out.push({ kind: 'end', text: '', col: text.length + 1 });
  return out;
}

function unexpectedCharacter(text: string, i: number): string {
  const two = text.slice(i, i + 2);
  if (two === '&&') return 'unexpected "&&" (write and)';
  if (two === '||') return 'unexpected "||" (write or)';
  if (two === '==') return 'unexpected "==" (write =)';
  const c = text.charAt(i);
  if (c === '!') return 'unexpected "!" (write not, or != to compare)';
  if (c === '&') return 'unexpected "&" (write and)';
  if (c === '|') return 'unexpected "|" (write or)';
  const point = text.codePointAt(i) ?? 0;
  return `unexpected character ${JSON.stringify(String.fromCodePoint(point))}`;
}

/** How an error names a token. */
function describeToken(t: Token): string {
  if (t.kind === 'end') return 'the end of the expression';
  if (t.kind === 'string') return `the text ${JSON.stringify(clip(t.text))}`;
  return JSON.stringify(clip(t.text));
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Recursive descent over the tokens; builds the closures as it goes. */
class Parser {
  private pos = 0;
  /** Term names in order of first use. */
  readonly terms = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parseTop(): Test {
    if (this.peek().kind === 'end') throw new SegmentError(1, 'the expression is empty; write a term such as all or open_complaint');
    const test = this.parseOr(0);
    const t = this.peek();
    if (t.kind === ')') throw new SegmentError(t.col, 'unexpected ")" with no matching "("');
    if (t.kind !== 'end') throw new SegmentError(t.col, `expected "and", "or" or the end of the expression, found ${describeToken(t)}`);
    return test;
  }

  private peek(): Token {
    return this.tokens[this.pos] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }

  private parseOr(depth: number): Test {
    const parts = [this.parseAnd(depth)];
    while (this.isKeyword('or')) {
      const op = this.next();
      parts.push(this.parseAnd(depth, op));
    }
    return anyOf(parts);
  }

  private parseAnd(depth: number, after?: Token): Test {
    const parts = [this.parseUnary(depth, after)];
    while (this.isKeyword('and')) {
      const op = this.next();
      parts.push(this.parseUnary(depth, op));
    }
    return allOf(parts);
  }

  /** `after`: the keyword before this operand, for "expected a term after and". */
  private parseUnary(depth: number, after?: Token): Test {
    const t = this.peek();
    if (t.kind === 'word' && t.text.toLowerCase() === 'not') {
      this.enter(depth, t);
      this.next();
      return negate(this.parseUnary(depth + 1, t));
    }
    if (t.kind === '(') {
      this.enter(depth, t);
      this.next();
      const inner = this.parseOr(depth + 1);
      const close = this.peek();
      if (close.kind !== ')') {
        throw new SegmentError(close.col, `expected ")" to close the "(" at column ${t.col}, found ${describeToken(close)}`);
      }
      this.next();
      return inner;
    }
    return this.parseTerm(after);
  }

  private enter(depth: number, t: Token): void {
    if (depth >= MAX_SEGMENT_DEPTH) throw new SegmentError(t.col, `the expression nests more than ${MAX_SEGMENT_DEPTH} levels deep (parentheses and not)`);
  }

  private parseTerm(after?: Token): Test {
    const t = this.next();
    const where = after === undefined ? '' : ` after ${after.text.toLowerCase()}`;
    if (t.kind !== 'word') throw new SegmentError(t.col, `expected a term${where}, found ${describeToken(t)}`);
    const name = t.text.toLowerCase();
    if (FACT_SET.has(name)) return this.fact(name as Fact);
    const getter = FIELDS.get(name);
    if (getter !== undefined) {
      this.terms.add(name);
      const { op, value } = this.comparison(name);
      return compare(getter, op, value);
    }
    switch (name) {
      case 'all':
        return ALWAYS;
      case 'has_timezone':
        this.terms.add(name);
        return (s) => s.timezone !== null;
      case 'consent_withdrawn': {
        const purpose = this.argument(name, 'a consent purpose like marketing').toLowerCase();
        this.terms.add(`${name}(${purpose})`);
        return consentWithdrawn(purpose);
      }
      case 'department_events': {
        const department = this.argument(name, 'a department like service').toLowerCase();
        const term = `${name}(${department})`;
        this.terms.add(term);
        const { op, value } = this.comparison(term);
        return compare(departmentEvents(department), op, value);
      }
      case 'trait':
        return this.trait();
    }
    if (KEYWORDS.has(name)) throw new SegmentError(t.col, `expected a term${where}, found ${describeToken(t)}`);
    if (NUMBER.test(t.text)) throw new SegmentError(t.col, `expected a term${where}, found the number ${t.text}`);
    const guess = suggest(name);
    throw new SegmentError(t.col, `unknown term ${describeToken(t)}${guess === null ? '' : ` (did you mean ${guess}?)`}`);
  }

  private fact(fact: Fact): Test {
    this.terms.add(fact);
    const q = this.peek();
    const qualifier = q.kind === 'word' ? q.text.toLowerCase() : '';
    if (qualifier === 'older_than' || qualifier === 'within') {
      const allowed = qualifier === 'older_than' ? ITEM_FACTS : MOMENT_FACTS;
      if (!allowed.includes(fact)) {
        const other = qualifier === 'older_than' ? 'within' : 'older_than';
        throw new SegmentError(q.col, `${fact} takes ${other}, not ${qualifier}`);
      }
      this.next();
      const d = this.next();
      const text = d.text.toLowerCase();
      if (d.kind !== 'word' || !DURATION.test(text)) {
        throw new SegmentError(d.col, `expected a duration like 7d after ${qualifier} (a whole number, then m, h, d or w), found ${describeToken(d)}`);
      }
      const ms = durationMs(text);
      return qualifier === 'older_than' ? holds(fact, ms, defaultWithinMs(fact)) : holds(fact, 0, ms);
    }
    if (q.kind === 'op') {
      const count = FIELDS.has(`${fact}s`) ? ` (did you mean ${fact}s?)` : '';
      throw new SegmentError(q.col, `${fact} is a yes/no fact and cannot be compared with ${q.text}${count}`);
    }
    return holds(fact, 0, defaultWithinMs(fact));
  }

  /** `(name)` after a call term; returns the name. */
  private argument(term: string, what: string): string {
    const open = this.next();
    if (open.kind !== '(') throw new SegmentError(open.col, `expected "(" after ${term}, found ${describeToken(open)}`);
    const arg = this.next();
    if ((arg.kind !== 'word' && arg.kind !== 'string') || arg.text.length === 0) {
      throw new SegmentError(arg.col, `expected ${what} in ${term}(…), found ${describeToken(arg)}`);
    }
    const close = this.next();
    if (close.kind !== ')') throw new SegmentError(close.col, `expected ")" after ${term}(${arg.text}, found ${describeToken(close)}`);
    return arg.text;
  }

  private comparison(term: string): { op: Op; value: number } {
    const o = this.next();
    if (o.kind !== 'op') throw new SegmentError(o.col, `expected a comparison (=, !=, <, <=, >, >=) after ${term}, found ${describeToken(o)}`);
    const v = this.next();
    const value = v.kind === 'word' && NUMBER.test(v.text) ? Number(v.text) : Number.NaN;
    if (!Number.isFinite(value)) throw new SegmentError(v.col, `expected a number after ${o.text}, found ${describeToken(v)}`);
    return { op: o.text as Op, value };
  }

  private trait(): Test {
    const key = this.argument('trait', 'a trait name like plan');
    const term = `trait(${key})`;
    this.terms.add(term);
    const o = this.next();
    if (o.kind !== 'op' || (o.text !== '=' && o.text !== '!=')) {
      throw new SegmentError(o.col, `expected = or != after ${term}, found ${describeToken(o)}`);
    }
    const v = this.next();
    let value: TraitValue | undefined;
    if (v.kind === 'string') value = v.text;
    else if (v.kind === 'word') {
      const lower = v.text.toLowerCase();
      if (lower === 'true' || lower === 'false') value = lower === 'true';
      else if (NUMBER.test(v.text) && Number.isFinite(Number(v.text))) value = Number(v.text);
    }
    if (value === undefined) {
      throw new SegmentError(v.col, `expected a quoted text, a number, true or false after ${o.text}, found ${describeToken(v)}`);
    }
    return traitEquals(key, value, o.text === '!=');
  }
}

function holds(fact: Fact, olderThanMs: number, withinMs: number): Test {
  return (s, now) => factHolds(s, fact, now, olderThanMs, withinMs);
}

function consentWithdrawn(purpose: string): Test {
  return (s) => {
    const list = s.consent;
    if (list === null) return false;
    for (let i = 0; i < list.length; i++) {
      const c = list[i];
      if (c !== undefined && c.purpose === purpose) return !c.granted;
    }
    return false;
  };
}

function departmentEvents(department: string): Getter {
  return (s) => {
    const counts = s.eventsByDepartment;
    // Object.hasOwn: a department may be named like an Object.prototype member (constructor).
    return counts !== null && Object.hasOwn(counts, department) ? counts[department] ?? 0 : 0;
  };
}

function traitEquals(key: string, value: TraitValue, negated: boolean): Test {
  return (s) => {
    const traits = s.traits;
    if (traits === null || !Object.hasOwn(traits, key)) return false;
    return (traits[key] === value) !== negated;
  };
}

function compare(get: Getter, op: Op, n: number): Test {
  switch (op) {
    case '=': return (s, now) => get(s, now) === n;
    case '!=': return (s, now) => {
      const v = get(s, now);
      return v === v && v !== n; // NaN (no value) compares false
    };
    case '<': return (s, now) => get(s, now) < n;
    case '<=': return (s, now) => get(s, now) <= n;
    case '>': return (s, now) => get(s, now) > n;
    case '>=': return (s, now) => get(s, now) >= n;
  }
}

function negate(t: Test): Test {
  if (t === ALWAYS) return NEVER;
  if (t === NEVER) return ALWAYS;
  return (s, now) => !t(s, now);
}

function allOf(parts: Test[]): Test {
  if (parts.includes(NEVER)) return NEVER;
  const list = parts.filter((p) => p !== ALWAYS);
  const [a, b] = list;
  if (a === undefined) return ALWAYS;
  if (b === undefined) return a;
  if (list.length === 2) return (s, now) => a(s, now) && b(s, now);
  return (s, now) => {
    for (let i = 0; i < list.length; i++) if (!(list[i] as Test)(s, now)) return false;
    return true;
  };
}

function anyOf(parts: Test[]): Test {
  if (parts.includes(ALWAYS)) return ALWAYS;
  const list = parts.filter((p) => p !== NEVER);
  const [a, b] = list;
  if (a === undefined) return NEVER;
  if (b === undefined) return a;
  if (list.length === 2) return (s, now) => a(s, now) || b(s, now);
  return (s, now) => {
    for (let i = 0; i < list.length; i++) if ((list[i] as Test)(s, now)) return true;
    return false;
  };
}

/** The closest known term within a small edit distance, or null. */
function suggest(word: string): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const known of KNOWN_TERMS) {
    const d = editDistance(word, known, limit);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : null;
}

/** Levenshtein distance, or limit + 1 once it is certainly above `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] ?? limit + 1;
}
