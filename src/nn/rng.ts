/**
 * A small seeded generator that gives the same stream on every host: only 32-bit integer arithmetic,
 * IEEE-exact + - * / and Math.sqrt (correctly rounded by the spec). Math.log, Math.cos and friends are
 * implementation-approximated in JavaScript, so the normal sampler below computes its own logarithm.
 */
export class SeededRng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** SplitMix32 (a 32-bit variant of Steele et al.'s SplitMix): one uint32 per call. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Standard normal by Marsaglia's polar method. */
  nextNormal(): number {
    for (;;) {
      const u = 2 * this.nextFloat() - 1;
      const v = 2 * this.nextFloat() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) return u * Math.sqrt((-2 * portableLog(s)) / s);
    }
  }
}

const LN2 = 0.6931471805599453;
const SQRT_HALF = 0.7071067811865476;

/**
 * Natural logarithm of x > 0 from arithmetic alone: x = m * 2^e with m in [sqrt(1/2), sqrt(2)), then
 * ln m = 2 atanh(z), z = (m - 1) / (m + 1), |z| <= 0.172; 14 terms of the odd series leave a truncation
 * below z^29 / 29 < 1e-23, far under double precision.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`portableLog needs a positive finite number, got ${x}`);
  let exponent = 0;
  let mantissa = x;
  while (mantissa >= 2 * SQRT_HALF) {
    mantissa /= 2;
    exponent++;
  }
  while (mantissa < SQRT_HALF) {
    mantissa *= 2;
    exponent--;
  }
  const z = (mantissa - 1) / (mantissa + 1);
  const z2 = z * z;
  let term = z;
  let sum = 0;
  for (let k = 0; k < 14; k++) {
    sum += term / (2 * k + 1);
    term *= z2;
  }
  return 2 * sum + exponent * LN2;
}
