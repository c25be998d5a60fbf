import { describe, expect, it } from 'vitest';
import { foldedGrid } from './dispatch';

describe('foldedGrid', () => {
  it('keeps small counts in one dimension, rounding up to whole workgroups', () => {
    expect(foldedGrid(1, 65535)).toEqual([1, 1]);
    expect(foldedGrid(65, 65535)).toEqual([2, 1]);
    expect(foldedGrid(65535 * 64, 65535)).toEqual([65535, 1]);
  });

  it('folds counts past the per-dimension limit into a 2-D grid that covers every invocation', () => {
    for (const [invocations, limit, size] of [
      [65535 * 64 + 1, 65535, 64],
      [3000, 7, 64],
      [8, 3, 1],
    ]) {
      const [x, y] = foldedGrid(invocations, limit, size);
      expect(x).toBeLessThanOrEqual(limit);
      expect(y).toBeLessThanOrEqual(limit);
      expect(x * y * size).toBeGreaterThanOrEqual(invocations);
      // No whole row of workgroups is wasted.
      expect(x * (y - 1) * size).toBeLessThan(invocations);
    }
  });

  it('refuses counts that no 2-D grid within the limit can cover', () => {
    expect(() => foldedGrid(7 * 7 * 64 + 1, 7)).toThrow(RangeError);
  });
});
