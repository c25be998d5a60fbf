import { describe, expect, it } from 'vitest';
import { createRng, hashSeed } from './rng';

describe('seeded rng', () => {
  it('repeats a stream for the same seed and labels, and separates different ones', () => {
    const draw = (seed: number, ...labels: string[]) => {
      const rng = createRng(seed, ...labels);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(hashSeed(1, 'ab', 'c')).not.toBe(hashSeed(1, 'a', 'bc'));
  });

  it('draws integers uniformly within inclusive bounds', () => {
    const rng = createRng(3);
    const counts = new Map<number, number>();
    for (let i = 0; i < 60_000; i++) {
      const value = rng.int(-2, 3);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    for (const count of counts.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(rng.int(7, 7)).toBe(7);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('keeps floats in [0, 1) and chances near their probability', () => {
    const rng = createRng(4);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) {
      const value = rng.next();
      if (value < 0 || value >= 1) throw new Error(`out of range: ${value}`);
      if (rng.chance(0.3)) hits++;
    }
    expect(hits / 20_000).toBeCloseTo(0.3, 1);
  });
});
