import { digitsLowFirst } from './types';

/**
 * Column addition as a scratchpad, the way the notes' model can learn it: one single-digit fact per column,
 * right to left, the carry written as "+1" ("7+8=15;4+3+1=8"). The shorter number is padded with zeros.
 * Returns the steps and the sum read off the steps (last digit of each column, then the final carry).
 */
export function columnAddition(left: number, right: number): { steps: string[]; sum: string } {
  const leftDigits = digitsLowFirst(left);
  const rightDigits = digitsLowFirst(right);
  const columns = Math.max(leftDigits.length, rightDigits.length);
  const steps: string[] = [];
  const sumDigits: string[] = [];
  let carry = 0;
  for (let column = 0; column < columns; column++) {
    const top = leftDigits[column] ?? 0;
    const bottom = rightDigits[column] ?? 0;
    const total = top + bottom + carry;
    steps.push(`${top}+${bottom}${carry > 0 ? `+${carry}` : ''}=${total}`);
    sumDigits.unshift(String(total % 10));
    carry = Math.floor(total / 10);
  }
  if (carry > 0) sumDigits.unshift(String(carry));
  return { steps, sum: sumDigits.join('') };
}
