import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from './deadline-heap.js';

const ops = fc.array(fc.oneof(
  fc.record({ push: fc.integer({ min: -1000, max: 1000 }) }),
  fc.constant({ pop: true as const }),
  fc.record({ compactMod: fc.integer({ min: 2, max: 5 }) }),
), { maxLength: 300 });

describe('DeadlineHeap', () => {
  it('pops in key order and agrees with a sorted list under pushes, pops and compaction', () => {
    fc.assert(fc.property(ops, fc.integer({ min: 0, max: 40 }), (list, capacity) => {
      const heap = new DeadlineHeap(capacity);
      let model: Array<[number, number]> = [];
      let nextVal = 0;
      for (const op of list) {
        if ('push' in op) {
          heap.push(op.push, nextVal);
          model.push([op.push, nextVal++]);
        } else if ('pop' in op) {
          const key = heap.peekKey();
          const val = heap.pop();
          model.sort((a, b) => a[0] - b[0]);
          if (model.length === 0) {
            expect([key, val]).toEqual([Number.POSITIVE_INFINITY, -1]);
          } else {
            expect(key).toBe(model[0]?.[0]);
            // equal keys may come out in any order: remove the one popped
            const i = model.findIndex(([k, v]) => k === key && v === val);
            expect(i).toBeGreaterThanOrEqual(0);
            model.splice(i, 1);
          }
        } else {
          heap.compact((_k, v) => v % op.compactMod !== 0);
          model = model.filter(([, v]) => v % op.compactMod !== 0);
        }
        expect(heap.size).toBe(model.length);
      }
      const keys: number[] = [];
      while (heap.size > 0) {
        keys.push(heap.peekKey());
        heap.pop();
      }
      expect(keys).toEqual(model.map(([k]) => k).sort((a, b) => a - b));
    }));
  });

  it('rebuilds from pairs', () => {
    const heap = new DeadlineHeap(2);
    heap.rebuild([5, 1, 4, 2, 3], [50, 10, 40, 20, 30], 5);
    const out: number[] = [];
    while (heap.size > 0) out.push(heap.pop());
    expect(out).toEqual([10, 20, 30, 40, 50]);
  });
});
