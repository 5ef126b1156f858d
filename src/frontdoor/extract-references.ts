/**
 * References in a customer's message — order numbers, shipment ids, amounts of money, dates —
 * each with its character span, and their link to the customer's own records.
 *
 * What is recognised:
 * - orders: `#781583` (how the demo's customers quote them), `order 781583`, `order no. 781583`,
 *   and prefixed ids such as `ord-12-3`; shipments: `shp-12-3`, `shipment 12345`, UPS `1Z…`.
 * - amounts with a currency: `€12.50`, `12,50 EUR`, `$30`, `EUR 1.234,56`, `£5`, `40 euros`.
 *   A bare number is not an amount (it could be anything).
 * - dates: weekday names, "the weekend", "yesterday"/"today"/"tomorrow", "3 days ago",
 *   "last week", ISO dates, `12/03/2026` (day first unless that is impossible), "3 March",
 *   "March 3rd 2026", and durations such as "3 days" or "two weeks". Relative dates stay relative:
 *   the engine has no clock; whoever holds one resolves them.
 *
 * Pure, and linear in the text: every pattern is one regular-expression pass, and overlaps are
 * checked against a per-character mask.
 */

export type DateValue =
  | { type: 'weekday'; weekday: string }
  | { type: 'weekend' }
  /** Days from the day the message was written: yesterday is -1. Weeks and months are 7 and 30 days. */
  | { type: 'relative'; days: number }
  | { type: 'calendar'; year: number | null; month: number; day: number }
  /** A length of time: "it has been 8 days". */
  | { type: 'duration'; days: number };

interface Span {
  /** The matched text, exactly as written. */
  text: string;
  start: number;
  end: number;
}

export type Reference =
  /** `id`: the number without "#" (`781583`), or a prefixed id in lower case (`ord-12-3`). */
  | (Span & { kind: 'order'; id: string })
  | (Span & { kind: 'shipment'; id: string })
  | (Span & { kind: 'amount'; amount: number; currency: 'EUR' | 'USD' | 'GBP'; minor: number })
  | (Span & { kind: 'date'; date: DateValue });

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, fifteen: 15, twenty: 20, thirty: 30, few: 3, couple: 2,
};
const UNIT_DAYS: Record<string, number> = { day: 1, week: 7, fortnight: 14, month: 30 };

const COUNT = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = '(day|week|fortnight|month)s?';
const MONTH = `(${MONTHS.join('|')}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\\.?`;

/** A reference without its span (what a pattern's handler produces). */
type ReferenceValue = Reference extends infer R ? (R extends unknown ? Omit<R, keyof Span> : never) : never;

/** One pattern and how a match becomes a reference (null: not one after all). */
type Rule = readonly [RegExp, (m: RegExpExecArray) => ReferenceValue | null, number?];

const RULES: readonly Rule[] = [
  // Orders and shipments. A group's span can be narrower than the match: `order 781583` → "781583".
  [/\b(?:ord|order)[-_][a-z0-9][a-z0-9-]*\b/giu, (m) => ({ kind: 'order', id: m[0].toLowerCase() })],
  [/\b(?:shp|shipment|trk)[-_][a-z0-9][a-z0-9-]*\b/giu, (m) => ({ kind: 'shipment', id: m[0].toLowerCase() })],
  [/\b1Z[0-9A-Z]{16}\b/gu, (m) => ({ kind: 'shipment', id: m[0].toLowerCase() })],
  [/#\s?(\d{3,12})\b/gu, (m) => ({ kind: 'order', id: m[1] ?? '' })],
  [/\border\s*(?:no\.?|nr\.?|number|num\.?|id|ref\.?|reference)?\s*[:.]?\s*(\d{4,12})\b/giu, (m) => ({ kind: 'order', id: m[1] ?? '' }), 1],
  [/\b(?:shipment|tracking|parcel)\s*(?:no\.?|nr\.?|number|id)?\s*[:.]?\s*(\d{6,22})\b/giu, (m) => ({ kind: 'shipment', id: m[1] ?? '' }), 1],
  // Amounts: currency before or after the number.
  [/(?:[€$£]|\b(?:eur|usd|gbp)\b)\s?(\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d])/giu, (m) => amount(m[1], m[0])],
  [/(?<![\d.,])\b(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s?(€|\$|£|(?:eur|euros?|usd|dollars?|gbp|pounds?)\b)/giu, (m) => amount(m[1], m[2])],
  // Calendar dates.
  [/\b(\d{4})-(\d{2})-(\d{2})\b/gu, (m) => calendar(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b/gu, (m) => dayMonthYear(Number(m[1]), Number(m[2]), Number(m[3]))],
  [new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}(?:,?\\s+(\\d{4}))?\\b`, 'giu'), (m) => calendar(year(m[3]), month(m[2]), Number(m[1]))],
  [new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?\\b`, 'giu'), (m) => calendar(year(m[3]), month(m[1]), Number(m[2]))],
  // Relative dates and durations.
  [/\b(?:the\s+)?day\s+before\s+yesterday\b/giu, () => ({ kind: 'date', date: { type: 'relative', days: -2 } })],
  [/\b(yesterday|today|tonight|this\s+morning|tomorrow)\b/giu, (m) => ({ kind: 'date', date: { type: 'relative', days: /^yesterday$/i.test(m[1] ?? '') ? -1 : /^tomorrow$/i.test(m[1] ?? '') ? 1 : 0 } })],
  [/\b(last|next)\s+(week|month)\b/giu, (m) => ({ kind: 'date', date: { type: 'relative', days: (m[1]?.toLowerCase() === 'last' ? -1 : 1) * (m[2]?.toLowerCase() === 'week' ? 7 : 30) } })],
  [new RegExp(`\\b${COUNT}\\s+${UNIT}\\s+ago\\b`, 'giu'), (m) => ({ kind: 'date', date: { type: 'relative', days: -days(m[1], m[2]) } })],
  [new RegExp(`\\b(?:a\\s+)?${COUNT}(?:\\s+of)?\\s+${UNIT}\\b`, 'giu'), (m) => ({ kind: 'date', date: { type: 'duration', days: days(m[1], m[2]) } })],
  [/\b(?:the|this|last|next)\s+weekend\b/giu, () => ({ kind: 'date', date: { type: 'weekend' } })],
  [new RegExp(`\\b(${WEEKDAYS.join('|')})s?\\b`, 'giu'), (m) => ({ kind: 'date', date: { type: 'weekday', weekday: (m[1] ?? '').toLowerCase() } })],
];

/** `#781583`, `ORD-781583`, `order_12-3` → the part that identifies it: `781583`, `12-3`. */
function coreId(id: string): string {
  return id.trim().toLowerCase().replace(/^#\s*/, '').replace(/^(?:ord|order|shp|shipment|trk)[-_]/, '');
}

function amount(digits: string | undefined, currencyText: string | undefined): ReferenceValue | null {
  if (digits === undefined) return null;
  const c = (currencyText ?? '').toLowerCase();
  const currency = /\$|usd|dollar/.test(c) ? 'USD' : /£|gbp|pound/.test(c) ? 'GBP' : 'EUR';
  const value = parseAmount(digits);
  if (value === null) return null;
  return { kind: 'amount', amount: value, currency, minor: Math.round(value * 100) };
}

/**
 * "12.50", "12,50", "1,234.56", "1.234,56", "1 234" → a number. The last separator is the
 * decimal one when one or two digits follow it; otherwise all separators group thousands.
 */
export function parseAmount(digits: string): number | null {
  const s = digits.replace(/\s/g, '');
  const last = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  const decimals = last < 0 ? '' : s.slice(last + 1);
  const value = last >= 0 && decimals.length <= 2
    ? Number(`${s.slice(0, last).replace(/[.,]/g, '')}.${decimals}`)
    : Number(s.replace(/[.,]/g, ''));
  return Number.isFinite(value) ? value : null;
}

function days(count: string | undefined, unit: string | undefined): number {
  const c = (count ?? '').toLowerCase();
  const n = /^\d+$/.test(c) ? Number(c) : (NUMBER_WORDS[c] ?? 1);
  return n * (UNIT_DAYS[(unit ?? 'day').toLowerCase()] ?? 1);
}

function month(name: string | undefined): number {
  const n = (name ?? '').toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

function year(text: string | undefined): number | null {
  return text === undefined ? null : Number(text);
}

function calendar(y: number | null, m: number, d: number): ReferenceValue | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = new Date(Date.UTC(y ?? 2024, m, 0)).getUTCDate(); // 2024: a leap year, so 29 Feb is allowed without a year
  if (d > daysInMonth) return null;
  return { kind: 'date', date: { type: 'calendar', year: y, month: m, day: d } };
}

/** 12/03/2026 is 12 March (day first, as in Europe) unless only month-first is possible (03/25/2026). */
function dayMonthYear(a: number, b: number, y: number): ReferenceValue | null {
  const fullYear = y < 100 ? 2000 + y : y;
  return b > 12 && a <= 12 ? calendar(fullYear, a, b) : calendar(fullYear, b, a);
}

/**
 * The references in `text`, in text order. Where two patterns claim overlapping text, the one
 * listed first in RULES wins (an order id before a bare number, a date before a duration).
 */
export function extractReferences(text: string): Reference[] {
  const found: Reference[] = [];
  // Which characters a reference already covers: overlap checks cost the match's length, not the number of references.
  const taken = new Uint8Array(text.length);
  const overlaps = (s: number, e: number): boolean => {
    for (let i = s; i < e; i++) if (taken[i] === 1) return true;
    return false;
  };
  for (const [pattern, make, group] of RULES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      let start = m.index;
      let end = m.index + m[0].length;
      if (group !== undefined && m[group] !== undefined) {
        start = m.index + m[0].lastIndexOf(m[group]);
        end = start + m[group].length;
      }
      if (overlaps(m.index, m.index + m[0].length)) continue;
      const value = make(m);
      if (value === null) continue;
      taken.fill(1, m.index, m.index + m[0].length);
      found.push({ ...value, text: text.slice(start, end), start, end } as Reference);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** What a customer's records hold, to link references to. Charge amounts in major units (12.5 = €12.50). */
export interface CustomerRecords {
  orders: readonly string[];
  shipments: readonly string[];
  charges: readonly { id: string; amount: number }[];
}

/** A reference and the customer's records it matches (empty when it matches none). */
export type LinkedReference = Reference & {
  linked: boolean;
  matches: { kind: 'order' | 'shipment' | 'charge'; id: string }[];
};

/**
 * Marks which references match the customer's records: an order reference matches an order (or
 * a shipment, since customers quote whatever number they have) with the same identifying part
 * (`#781583` matches `ORD-781583` and `781583`); a shipment reference matches a shipment; an
 * amount matches every charge of the same amount in cents (two matches is itself a clue to a
 * double charge). Dates match nothing: the records given carry no dates.
 */
export function linkReferences(refs: readonly Reference[], customer: CustomerRecords): LinkedReference[] {
  const orders = new Map<string, string[]>();
  const put = (map: Map<string, string[]>, id: string): void => {
    const key = coreId(id);
    map.set(key, [...(map.get(key) ?? []), id]);
  };
  for (const id of customer.orders) put(orders, id);
  const shipments = new Map<string, string[]>();
  for (const id of customer.shipments) put(shipments, id);
  return refs.map((ref) => {
    const matches: LinkedReference['matches'] = [];
    if (ref.kind === 'order' || ref.kind === 'shipment') {
      const key = coreId(ref.id);
      if (ref.kind === 'order') for (const id of orders.get(key) ?? []) matches.push({ kind: 'order', id });
      for (const id of shipments.get(key) ?? []) matches.push({ kind: 'shipment', id });
    } else if (ref.kind === 'amount') {
      for (const c of customer.charges) if (Math.round(c.amount * 100) === ref.minor) matches.push({ kind: 'charge', id: c.id });
    }
    return { ...ref, linked: matches.length > 0, matches };
  });
}
