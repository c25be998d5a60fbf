import { describe, expect, it } from 'vitest';
import { formatRational, gcd, lcm, parseRational, rational, rationalEquals } from './rational';

describe('rational', () => {
  it('reduces and normalises the sign', () => {
    expect(rational(6, 9)).toEqual({ numerator: 2, denominator: 3 });
    expect(rational(3, -6)).toEqual({ numerator: -1, denominator: 2 });
    expect(rational(0, -5)).toEqual({ numerator: 0, denominator: 1 });
    expect(Object.is(rational(0, -5).numerator, 0)).toBe(true);
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => rational(1.5)).toThrow(RangeError);
  });

  it('formats like Python prints an int or a Fraction', () => {
    expect(formatRational(rational(85))).toBe('85');
    expect(formatRational(rational(11, 12))).toBe('11/12');
    expect(formatRational(rational(8, 8))).toBe('1');
    expect(formatRational(rational(-3))).toBe('-3');
  });

  it('parses answers after normalisation and rejects everything else', () => {
    expect(parseRational(' 007 ')).toEqual(rational(7));
    expect(parseRational('6/9')).toEqual(rational(2, 3));
    expect(parseRational('-4/2')).toEqual(rational(-2));
    expect(parseRational('-0')).toEqual(rational(0));
    for (const bad of ['', ' ', '3.5', '1/0', 'x', '1/2/3', '+3', '1 2', '12a', '/3']) expect(parseRational(bad)).toBeNull();
  });

  it('compares exactly', () => {
    expect(rationalEquals(rational(2, 4), rational(1, 2))).toBe(true);
    expect(rationalEquals(rational(1, 2), rational(1, 3))).toBe(false);
    expect(gcd(12, 18)).toBe(6);
    expect(lcm(4, 6)).toBe(12);
  });
});
