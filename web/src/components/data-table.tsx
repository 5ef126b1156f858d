/** A plain accessible table for records whose shape the dashboard does not know in advance. */
import type { ReactNode } from 'react';
import { cell, isRecord } from '../format';

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ReactNode;
  numeric?: boolean;
}

export function DataTable<T>({ caption, rows, columns, testId }: { caption: string; rows: readonly T[]; columns: readonly Column<T>[]; testId?: string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.numeric ? 'num' : undefined}>
                  {c.render ? c.render(row) : cell(isRecord(row) ? row[c.key] : undefined)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Columns for every primitive field found in the first rows. */
export function inferColumns(rows: readonly unknown[]): Column<unknown>[] {
  const keys: string[] = [];
  for (const row of rows.slice(0, 20)) {
    if (!isRecord(row)) continue;
    for (const [k, v] of Object.entries(row)) if (!keys.includes(k) && (v === null || typeof v !== 'object')) keys.push(k);
  }
  return keys.map((k) => ({ key: k, label: k.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' '), numeric: rows.some((r) => isRecord(r) && typeof r[k] === 'number') }));
}
