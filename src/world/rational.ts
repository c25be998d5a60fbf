/** Exact answers: integers or reduced fractions with a positive denominator. */
export interface Rational {
  readonly numerator: number;
  readonly denominator: number;
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function lcm(a: number, b: number): number {
  return Math.abs(a * b) / gcd(a, b);
}

/** Reduces and puts the sign on the numerator; throws on a zero denominator or a non-integer part. */
export function rational(numerator: number, denominator = 1): Rational {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator === 0) {
    throw new RangeError(`not a fraction of safe integers: ${numerator}/${denominator}`);
  }
  const sign = denominator < 0 ? -1 : 1;
  const divisor = gcd(numerator, denominator) || 1;
  // `+ 0` turns -0 into 0, so that equal values format equally.
  return { numerator: (sign * numerator) / divisor + 0, denominator: Math.abs(denominator) / divisor };
}

export function rationalEquals(a: Rational, b: Rational): boolean {
  return a.numerator === b.numerator && a.denominator === b.denominator;
}

/** The canonical text: "85", "-3", "11/12" (what Python's print of an int or a Fraction writes). */
export function formatRational(value: Rational): string {
  return value.denominator === 1 ? String(value.numerator) : `${value.numerator}/${value.denominator}`;
}

const ANSWER_PATTERN = /^(-?\d{1,15})(?:\/(\d{1,15}))?$/;

/**
 * Normalises an answer's text: surrounding spaces dropped, leading zeros and unreduced fractions accepted
 * ("007" is 7, "6/9" is 2/3). Anything else (decimals, words, a zero denominator) is null.
 */
export function parseRational(text: string): Rational | null {
  const match = ANSWER_PATTERN.exec(text.trim());
  if (match === null) return null;
  const numerator = Number(match[1]);
  const denominator = match[2] === undefined ? 1 : Number(match[2]);
  if (denominator === 0) return null;
  return rational(numerator, denominator);
}
