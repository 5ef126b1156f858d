/** The dashboard's pure parts: the policy line diff, search refs, answer readers and the stock projection. */
import { describe, expect, it } from 'vitest';
import { codeLabel } from './format';
import { hunks, lineDiff } from './line-diff';
import { candidateRefs } from './refs';
import { listIn, monthWindows, wallCells } from './shapes';
import { stockSeries } from './stock';

describe('lineDiff', () => {
  it('marks changed lines, removed before added, with line numbers', () => {
    const d = lineDiff('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(d.map((x) => `${x.kind[0]}${x.text}`)).toEqual(['sa', 'rb', 'aB', 'sc', 'sd', 'ae']);
    expect(d[1]).toMatchObject({ oldLine: 2, newLine: null });
    expect(d[2]).toMatchObject({ oldLine: null, newLine: 2 });
  });

  it('keeps only changes and their context, with gaps between', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 17', 'line seventeen');
    const h = hunks(lineDiff(before, after), 1);
    expect(h.filter((x) => x === null)).toHaveLength(1);
    expect(h.filter((x) => x !== null && x.kind !== 'same').map((x) => x?.text)).toEqual(['line 2', 'line two', 'line 17', 'line seventeen']);
    expect(hunks(lineDiff(before, before))).toEqual([]);
  });
});

describe('candidateRefs', () => {
  it('guesses the identifier type from what was typed', () => {
    expect(candidateRefs(' Ann@Example.com ', 'auto')).toEqual(['email:ann@example.com', 'email:Ann@Example.com']);
    expect(candidateRefs('+33 6 12 34 56 78', 'auto')).toEqual(['phone:+33612345678']);
    expect(candidateRefs('cus_123', 'auto')).toEqual(['cus_123']);
    expect(candidateRefs('order:O-1', 'auto')).toEqual(['order:O-1']);
    expect(candidateRefs('u-17', 'auto')[0]).toBe('userId:u-17');
    expect(candidateRefs('T-9', 'ticket')).toEqual(['ticket:T-9']);
    expect(candidateRefs('  ', 'auto')).toEqual([]);
  });
});

describe('codeLabel', () => {
  it('reads reason codes as words', () => {
    expect(codeLabel('suppression.open_complaint')).toBe('open complaint');
    expect(codeLabel('consent.withdrawn')).toBe('consent withdrawn');
    expect(codeLabel('suppression.pending_refund+suppression.detractor')).toBe('pending refund + detractor');
  });
});

describe('answer readers', () => {
  it('reads the wall map from a matrix, a nested record or a cell list', () => {
    const expected = [
      { actor: 'marketing', holder: 'service', value: 3 },
      { actor: 'marketing', holder: 'logistics', value: 1 },
    ];
    expect(wallCells({ departments: ['marketing', 'service', 'logistics'], matrix: [[0, 3, 1]] }).filter((c) => c.value > 0)).toEqual(expected);
    expect(wallCells({ matrix: { marketing: { service: 3, logistics: { count: 1 } } } })).toEqual(expected);
    expect(wallCells({ cells: [{ actor: 'marketing', holder: 'service', count: 3 }, { actor: 'marketing', holder: 'logistics', actions: 1 }] })).toEqual(expected);
    expect(wallCells(null)).toEqual([]);
  });

  it('cuts the last months into metrics windows, the current one ending now', () => {
    const now = Date.parse('2026-03-15T10:00:00Z');
    expect(monthWindows(now, 3)).toEqual([
      { label: '2026-01', from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
      { label: '2026-02', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
      { label: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-03-15T10:00:00.000Z' },
    ]);
    expect(monthWindows(Date.parse('2026-01-10T00:00:00Z'), 2)[0]?.label).toBe('2025-12');
  });

  it('finds the list in an answer', () => {
    expect(listIn({ queues: [{ queue: 'a' }] }, 'queues')).toEqual([{ queue: 'a' }]);
    expect(listIn([{ id: 1 }, 2])).toEqual([{ id: 1 }]);
    expect(listIn({ total: 2, items: [{ id: 1 }] })).toEqual([{ id: 1 }]);
  });
});

describe('stockSeries', () => {
  it('projects cumulative supply against demand whose totals are the report’s', () => {
    const s = stockSeries({
      horizonFrom: '2026-12-02',
      daily: [{ p50: 0, p90: 0 }, { p50: 10, p90: 12 }, { p50: 10, p90: 12 }],
      sku: { sku: 'K', node: 'n', onHand: 5, demandP50: 3 + 20, demandP90: 3 + 30 },
      receipts: [{ sku: 'K', node: 'n', date: '2026-12-03', quantity: 7 }, { sku: 'K', node: 'other', date: '2026-12-03', quantity: 99 }],
      baselineDemand: [{ sku: 'K', node: 'n', unitsPerDay: 1 }],
    });
    expect(s.supply).toEqual([5, 12, 12]);
    expect(s.demand50).toEqual([1, 12, 23]);
    expect(s.demand90).toEqual([1, 17, 33]);
  });
});
