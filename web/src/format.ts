/** Numbers, dates and codes as people read them. */
const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const moneyFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const num = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? '—' : numberFormat.format(n));
export const money = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : moneyFormat.format(n));
export const pct = (share: number | null | undefined, digits = 0): string =>
  share === null || share === undefined || !Number.isFinite(share) ? '—' : `${(share * 100).toFixed(digits)} %`;

/** "2026-03-04 10:22 UTC" — one unambiguous form everywhere. */
export function when(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const day = (iso: string): string => iso.slice(0, 10);

/** `suppression.open_complaint` → "open complaint"; `consent.withdrawn` → "consent withdrawn"; `a+b` → "a + b". */
export function codeLabel(code: string): string {
  return code
    .split('+')
    .map((part) => part.replace(/^suppression\./, '').replace(/[._]/g, ' '))
    .join(' + ');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A primitive as a table cell. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return num(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? when(value) : value;
  return JSON.stringify(value);
}
