/**
 * Readers for answers whose exact shape the dashboard cannot know in advance (the scorecard,
 * wall map, queues and promise APIs are being built alongside it): each accepts the plausible
 * shapes and returns one the pages draw.
 */
import { isRecord } from './format';

/** The list inside an answer: the array itself, or its first array-valued field. */
export function listIn(data: unknown, ...keys: string[]): Record<string, unknown>[] {
  if (Array.isArray(data)) return data.filter(isRecord);
  if (!isRecord(data)) return [];
  for (const k of keys) if (Array.isArray(data[k])) return (data[k] as unknown[]).filter(isRecord);
  const first = Object.values(data).find(Array.isArray);
  return (first ?? []).filter(isRecord);
}

export interface WallCell {
  actor: string;
  holder: string;
  value: number;
}

/** Accepts {departments, matrix: number[][]}, {cells: [...]}, {matrix: {actor: {holder: n}}} or a bare cell array. */
export function wallCells(data: unknown): WallCell[] {
  const valueOf = (c: Record<string, unknown>): number => {
    for (const k of ['count', 'value', 'actions', 'events', 'customers', 'total', 'n']) if (typeof c[k] === 'number') return c[k];
    return 0;
  };
  const fromList = (list: unknown[]): WallCell[] =>
    list.filter(isRecord).map((c) => ({ actor: String(c.actor ?? c.from ?? c.acting ?? ''), holder: String(c.holder ?? c.to ?? c.open ?? c.holding ?? ''), value: valueOf(c) }));
  if (Array.isArray(data)) return fromList(data);
  if (!isRecord(data)) return [];
  if (Array.isArray(data.cells)) return fromList(data.cells);
  const m = data.matrix;
  if (Array.isArray(m) && Array.isArray(data.departments)) {
    const names = data.departments.map(String);
    return m.flatMap((row, i) => (Array.isArray(row) ? row.map((v, j) => ({ actor: names[i] ?? '', holder: names[j] ?? '', value: typeof v === 'number' ? v : isRecord(v) ? valueOf(v) : 0 })) : []));
  }
  if (isRecord(m)) {
    return Object.entries(m).flatMap(([actor, row]) => (isRecord(row) ? Object.entries(row).map(([holder, v]) => ({ actor, holder, value: typeof v === 'number' ? v : isRecord(v) ? valueOf(v) : 0 })) : []));
  }
  return [];
}

/** The last `count` calendar months (UTC), oldest first, as metrics windows: the current month ends now. */
export function monthWindows(now: number, count: number): { label: string; from: string; to: string }[] {
  const d = new Date(now);
  const out: { label: string; from: string; to: string }[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - k, 1);
    const end = Math.min(now, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - k + 1, 1));
    out.push({ label: new Date(start).toISOString().slice(0, 7), from: new Date(start).toISOString(), to: new Date(end).toISOString() });
  }
  return out;
}
