/** Shared helpers for benchmarks: percentiles, formatting, the compiled CLI. */
import { join } from 'node:path';

export const TUTTI_BIN = join(import.meta.dirname, '..', '..', 'bin', 'tutti.js');

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: Array<[string, string, string?]>): void {
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [label, value, note] of rows) console.log(`  ${label.padEnd(w)}  ${value}${note ? `   ${note}` : ''}`);
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

export const has = (flag: string): boolean => process.argv.includes(`--${flag}`);
