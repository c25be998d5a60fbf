/**
 * Seeded pseudo-random numbers for the world: every problem, split and batch is a pure function of a seed.
 * mulberry32 for the stream, seeded through an FNV-1a hash of (seed, labels), so that independent streams
 * (one per family, one per split, one per sampler) never share a sequence.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [low, high], both inclusive. */
  int(low: number, high: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** 32-bit FNV-1a over the seed and the labels: derives a stream's starting state. */
export function hashSeed(seed: number, ...labels: readonly string[]): number {
  let hash = 0x811c9dc5;
  const mix = (code: number): void => {
    hash ^= code & 0xff;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  const seedText = String(Math.trunc(seed));
  for (const text of [seedText, ...labels]) {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      mix(code);
      mix(code >>> 8);
    }
    mix(0x1f); // separator, so ("ab","c") and ("a","bc") differ
  }
  return hash >>> 0;
}

export function createRng(seed: number, ...labels: readonly string[]): Rng {
  let state = hashSeed(seed, ...labels);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(low, high) {
      if (!Number.isInteger(low) || !Number.isInteger(high) || high < low) {
        throw new RangeError(`rng.int needs integers low <= high, got ${low}, ${high}`);
      }
      return low + Math.floor(next() * (high - low + 1));
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('rng.pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
  };
}
