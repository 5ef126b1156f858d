import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractReferences, linkReferences, parseAmount, type Reference } from './extract-references.js';

const brief = (refs: Reference[]): string[] => refs.map((r) => `${r.kind}:${r.text}@${r.start}`);

describe('extractReferences', () => {
  it('finds order numbers with their spans', () => {
    const text = 'I was charged twice for order #565150, see also order number 781583 and ord-12-3.';
    const refs = extractReferences(text);
    expect(brief(refs)).toEqual(['order:#565150@30', 'order:781583@61', 'order:ord-12-3@72']);
    expect(refs.map((r) => (r.kind === 'order' ? r.id : ''))).toEqual(['565150', '781583', 'ord-12-3']);
    for (const r of refs) expect(text.slice(r.start, r.end)).toBe(r.text);
  });

  it('finds shipments', () => {
    expect(brief(extractReferences('shp-4-1 and tracking 1Z999AA10123456784'))).toEqual(['shipment:shp-4-1@0', 'shipment:1Z999AA10123456784@21']);
  });

  it.each([
    ['€12.50', 12.5, 'EUR'],
    ['12,50 EUR', 12.5, 'EUR'],
    ['$30', 30, 'USD'],
    ['£5.99', 5.99, 'GBP'],
    ['EUR 1.234,56', 1234.56, 'EUR'],
    ['1,234.56 dollars', 1234.56, 'USD'],
    ['40 euros', 40, 'EUR'],
    ['12.50 €', 12.5, 'EUR'],
  ])('reads the amount %s', (text, amount, currency) => {
    const refs = extractReferences(`you took ${text} twice`);
    expect(refs).toHaveLength(1);
    expect(refs[0]).toMatchObject({ kind: 'amount', amount, currency, minor: Math.round(amount * 100), text, start: 9 });
  });

  it('does not read a bare number as an amount or an order', () => {
    expect(extractReferences('deliver to my neighbour at number 10, I have called 3 times')).toEqual([]);
  });

  it('finds dates and durations', () => {
    const text = 'It was due Monday, 3 days ago; yesterday I called. 2026-03-05, 12/03/2026, 3 March, March 3rd, 2026. It has been 8 days, a couple of weeks, the weekend, last week.';
    const refs = extractReferences(text);
    expect(refs.map((r) => (r.kind === 'date' ? [r.text, r.date] : null))).toEqual([
      ['Monday', { type: 'weekday', weekday: 'monday' }],
      ['3 days ago', { type: 'relative', days: -3 }],
      ['yesterday', { type: 'relative', days: -1 }],
      ['2026-03-05', { type: 'calendar', year: 2026, month: 3, day: 5 }],
      ['12/03/2026', { type: 'calendar', year: 2026, month: 3, day: 12 }],
      ['3 March', { type: 'calendar', year: null, month: 3, day: 3 }],
      ['March 3rd, 2026', { type: 'calendar', year: 2026, month: 3, day: 3 }],
      ['8 days', { type: 'duration', days: 8 }],
      ['a couple of weeks', { type: 'duration', days: 14 }],
      ['the weekend', { type: 'weekend' }],
      ['last week', { type: 'relative', days: -7 }],
    ]);
    expect(extractReferences('on 31/02/2026 or 2026-13-01')).toEqual([]);
    expect(extractReferences('on 03/25/2026')[0]).toMatchObject({ date: { type: 'calendar', year: 2026, month: 3, day: 25 } });
  });

  it('parses amounts with either decimal separator', () => {
    expect(parseAmount('12,50')).toBe(12.5);
    expect(parseAmount('1.234')).toBe(1234);
    expect(parseAmount('1.234,5')).toBe(1234.5);
    expect(parseAmount('1 234')).toBe(1234);
  });

  it('gives exact, ordered, non-overlapping spans on any text', () => {
    const piece = fc.constantFrom('€12.50', ' order #123456 ', ' Monday ', ' 3 days ago ', '2026-01-02', ' and ', '1,', ' ', 'x');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6, unit: 'binary' })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        let last = 0;
        for (const r of extractReferences(text)) {
          expect(text.slice(r.start, r.end)).toBe(r.text);
          expect(r.start).toBeGreaterThanOrEqual(last);
          last = r.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('linkReferences', () => {
  it("marks the references that match the customer's records", () => {
    const refs = extractReferences('order #781583 and shp-4-1: two charges of €12.50, on Monday, and #999999');
    const linked = linkReferences(refs, {
      orders: ['ORD-781583', 'ord-4-2'],
      shipments: ['shp-4-1'],
      charges: [{ id: 'pay-1', amount: 12.5 }, { id: 'pay-1-dup', amount: 12.5 }, { id: 'pay-2', amount: 3 }],
    });
    expect(linked.map((r) => [r.text, r.linked, r.matches.map((m) => `${m.kind}:${m.id}`)])).toEqual([
      ['#781583', true, ['order:ORD-781583']],
      ['shp-4-1', true, ['shipment:shp-4-1']],
      ['€12.50', true, ['charge:pay-1', 'charge:pay-1-dup']],
      ['Monday', false, []],
      ['#999999', false, []],
    ]);
  });
});
