/**
 * Identifiers Tutti never links on. Hard-coded placeholders (`null`, `anonymous`, `0`,
 * `test@test.com`) are the classic cause of one "customer" swallowing thousands of
 * strangers: every system that sends the placeholder links to the same profile. Matching is
 * case-insensitive and ignores surrounding blanks.
 *
 * The list, in full:
 * - any value, any type: empty; `null`, `undefined`, `nil`, `none`, `nan`, `true`, `false`,
 *   `anonymous`, `unknown`, `guest`, `test`, `0`, `-1`, `-`, `n/a`, `na`, `(null)`, `<null>`,
 *   `(not set)`, `not set`, `[object object]`; a value whose letters and digits are all
 *   zeros (`000000`, the nil UUID `00000000-0000-0000-0000-000000000000`).
 * - any value holding an `@` (emails, and user ids that are emails): `test@test.com`,
 *   `test@example.com`, `a@a.com`, `foo@bar.com`, `email@email.com`, `user@example.com`,
 *   `admin@admin.com`, `example@example.com`; local part `noreply`, `no-reply`, `no_reply`,
 *   `donotreply`, `do-not-reply`; domain `test.com`, `example.invalid` or any `.invalid`.
 * - phones (type `phone`): all one digit repeated (`+1 111 111 1111`) or a run of
 *   consecutive digits up or down (`1234567890`, `+0123456789`, `987654`).
 *
 * Deliberately not junk: other `@example.com` addresses (the demo data and docs use them)
 * and short numeric user ids such as `123456` (real systems hand those out).
 */

/** Placeholder values that never identify anyone, whatever the identifier type (lower case). */
export const JUNK_VALUES: ReadonlySet<string> = new Set([
  '',
  'null',
  'undefined',
  'nil',
  'none',
  'nan',
  'true',
  'false',
  'anonymous',
  'unknown',
  'guest',
  'test',
  '0',
  '-1',
  '-',
  'n/a',
  'na',
  '(null)',
  '<null>',
  '(not set)',
  'not set',
  '[object object]',
]);

/** Whole email addresses that are placeholders (lower case). */
export const JUNK_EMAILS: ReadonlySet<string> = new Set([
  'test@test.com',
  'test@example.com',
  'a@a.com',
  'foo@bar.com',
  'email@email.com',
  'user@example.com',
  'admin@admin.com',
  'example@example.com',
]);

/** Local parts that mean "nobody reads this" (lower case). */
export const JUNK_EMAIL_LOCALS: ReadonlySet<string> = new Set(['noreply', 'no-reply', 'no_reply', 'donotreply', 'do-not-reply']);

/** Domains whose every address is a placeholder (lower case). `.invalid` is reserved by RFC 2606. */
export const JUNK_EMAIL_DOMAINS: ReadonlySet<string> = new Set(['test.com', 'example.invalid']);

const ALL_ZEROS = /^[^a-z0-9]*(?:0[^a-z0-9]*)+$/;

function isJunkEmail(v: string): boolean {
  if (JUNK_EMAILS.has(v)) return true;
  const at = v.lastIndexOf('@');
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  return JUNK_EMAIL_LOCALS.has(local) || JUNK_EMAIL_DOMAINS.has(domain) || domain.endsWith('.invalid');
}

function isJunkPhone(v: string): boolean {
  const digits = v.replace(/\D/g, '');
  if (digits.length === 0) return true;
  let same = true;
  let up = true;
  let down = true;
  for (let i = 1; i < digits.length; i++) {
    const prev = digits.charCodeAt(i - 1) - 48;
    const d = digits.charCodeAt(i) - 48;
    if (d !== prev) same = false;
    if (d !== (prev + 1) % 10) up = false;
    if (d !== (prev + 9) % 10) down = false;
  }
  return same || up || down;
}

/** True when `value` must never link two events: a placeholder, a test address or a dummy phone. See the module comment for the list. */
export function isJunkIdentifier(type: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (JUNK_VALUES.has(v) || ALL_ZEROS.test(v)) return true;
  if (v.includes('@') && isJunkEmail(v)) return true;
  return type === 'phone' && isJunkPhone(v);
}
