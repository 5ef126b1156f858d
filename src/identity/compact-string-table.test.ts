import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactStringTable, MAX_TABLE_STRING } from './compact-string-table.js';

describe('CompactStringTable', () => {
  it('interns (tag, string) pairs into dense indexes', () => {
    const t = new CompactStringTable();
    expect(t.add(0, 'ann@example.com')).toBe(0);
    expect(t.add(1, 'ann@example.com')).toBe(1); // another tag is another key
    expect(t.add(0, 'ann@example.com')).toBe(0);
    expect(t.find(0, 'ann@example.com')).toBe(0);
    expect(t.find(2, 'ann@example.com')).toBe(-1);
    expect(t.find(0, 'ann@example.co')).toBe(-1);
    expect(t.size).toBe(2);
    expect(t.value(1)).toBe('ann@example.com');
    expect(t.tagOf(1)).toBe(1);
  });

  it('keeps a payload beside each entry', () => {
    const t = new CompactStringTable();
    const e = t.add(3, 'u-17', 42);
    expect(t.payload(e)).toBe(42);
    t.setPayload(e, -1);
    expect(t.payload(e)).toBe(-1);
  });

  it('stores characters above 0xFF and the empty string', () => {
    const t = new CompactStringTable();
    const words = ['zoë', 'Ωmega', '日本語', '😀 emoji', '', 'ÿ'];
    const idx = words.map((w) => t.add(0, w));
    words.forEach((w, i) => {
      expect(t.value(idx[i]!)).toBe(w);
      expect(t.find(0, w)).toBe(idx[i]);
    });
  });

  it('refuses strings it cannot store', () => {
    expect(() => new CompactStringTable().add(0, 'x'.repeat(MAX_TABLE_STRING + 1))).toThrow(RangeError);
  });

  it('behaves like a Map through growth and reservation', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.string({ maxLength: 12, unit: 'binary' })), { maxLength: 300 }), fc.boolean(), (pairs, reserve) => {
        const t = new CompactStringTable();
        if (reserve) t.reserve(50, 100);
        const m = new Map<string, number>();
        for (const [tag, s] of pairs) {
          const key = `${tag}|${s}`;
          const e = t.add(tag, s);
          if (!m.has(key)) m.set(key, e);
          expect(e).toBe(m.get(key));
        }
        expect(t.size).toBe(m.size);
        for (const [tag, s] of pairs) {
          const e = t.find(tag, s);
          expect(t.value(e)).toBe(s);
          expect(t.tagOf(e)).toBe(tag);
        }
      }),
    );
  });

  it('holds many entries', () => {
    const t = new CompactStringTable();
    for (let i = 0; i < 50_000; i++) t.add(i % 3, `person.${i}@example.com`, i);
    for (let i = 0; i < 50_000; i += 997) expect(t.payload(t.find(i % 3, `person.${i}@example.com`))).toBe(i);
    expect(t.find(1, 'person.0@example.com')).toBe(-1);
  });
});
