/** Deterministic test data and error measures shared by the unit tests and the in-browser self-check. */

/** Unit roundoff of f32 (half an ulp of 1): the size of one correctly rounded f32 operation's relative error. */
export const F32_UNIT_ROUNDOFF = 2 ** -24;

/** mulberry32: a tiny seeded generator, so every run (Node or browser) sees the same test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform floats in [-scale, scale), already rounded to f32 so that GPU and twin see the same inputs. */
export function randomFloats(random: () => number, count: number, scale = 1): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = (random() * 2 - 1) * scale;
  return values;
}

/** Uniform integers in [low, high). */
export function randomInts(random: () => number, count: number, low: number, high: number): Int32Array {
  const values = new Int32Array(count);
  for (let i = 0; i < count; i++) values[i] = low + Math.floor(random() * (high - low));
  return values;
}

export function toF64(values: Float32Array): Float64Array {
  return Float64Array.from(values);
}

/** Largest |a - b| over the first `count` elements; any NaN or infinity counts as an infinite error. */
export function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>, count = expected.length): number {
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    if (!Number.isFinite(difference)) return Infinity;
    worst = Math.max(worst, difference);
  }
  return worst;
}

/** |x| of every element, in float64: fed to a linear twin it yields each output's sum of |terms|. */
export function absolute(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values, Math.abs);
}

export function maxAbs(values: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) worst = Math.max(worst, Math.abs(values[i]));
  return worst;
}

/**
 * Bound for an f32 sum of `length` terms whose magnitudes add up to at most `absSum` (a dot product, a row
 * reduction). Each addition rounds by at most F32_UNIT_ROUNDOFF * absSum; the worst case grows like length,
 * rounding errors of mixed sign grow like sqrt(length). We allow 16 * sqrt(length) of them: generous for the
 * random walk, yet far below what a wrong index or a missing term (an error of one whole term) would give.
 */
export function sumTolerance(length: number, absSum: number): number {
  return 16 * F32_UNIT_ROUNDOFF * Math.sqrt(Math.max(1, length)) * absSum;
}

/** Bound on the absolute error of WGSL's exp(x) for x <= 0 spanning `range`: the spec allows 3 + 2|x| ULP. */
export function expRelativeError(range: number): number {
  return (3 + 2 * range) * 2 * F32_UNIT_ROUNDOFF;
}

/**
 * WGSL leaves tanh's accuracy to the platform (it inherits sinh/cosh's). We allow 2^-18 absolute, about 32 ulps
 * of 1: generous for any real implementation, yet a wrong formula or a NaN shows up orders of magnitude larger.
 */
export const TANH_ABSOLUTE_ERROR = 2 ** -18;
