import { rational } from '../rational';
import type { Rng } from '../rng';
import { columnAddition } from './columns';
import { checkLevel, digitsLowFirst, intWithDigits, type Family, type Problem } from './types';

/**
 * Multiplication by one digit as a scratchpad: one times-table fact per digit plus the carry
 * ("7*8=56;4*8+5=37" for 47*8); the product is read off the steps.
 */
function timesDigit(multiplicand: number, digit: number): { steps: string[]; product: string } {
  const steps: string[] = [];
  let carry = 0;
  let product = '';
  const digits = digitsLowFirst(multiplicand);
  digits.forEach((factor, index) => {
    const total = factor * digit + carry;
    steps.push(`${factor}*${digit}${carry > 0 ? `+${carry}` : ''}=${total}`);
    product = index === digits.length - 1 ? `${total}${product}` : `${total % 10}${product}`;
    carry = Math.floor(total / 10);
  });
  return { steps, product: String(Number(product)) };
}

export function writeMulProblem(left: number, right: number, level: number): Problem {
  const rightDigits = digitsLowFirst(right);
  let reasoning: string;
  let answer: string;
  if (rightDigits.length === 1) {
    const { steps, product } = timesDigit(left, right);
    reasoning = steps.join(';');
    answer = product;
  } else {
    // Two partial products, each written out after its steps, then their column sum (the tens one shifted).
    const [units, tens] = rightDigits;
    const low = timesDigit(left, units);
    const high = timesDigit(left, tens);
    const total = columnAddition(Number(low.product), Number(high.product) * 10);
    reasoning = [...low.steps, low.product, ...high.steps, high.product, ...total.steps].join(';');
    answer = total.sum;
  }
  return {
    family: 'mul',
    level,
    question: `${left}*${right}`,
    gold: rational(left * right),
    cot: { reasoning, answer },
    code: { program: `print(${left}*${right})` },
  };
}

export const mulFamily: Family = {
  id: 'mul',
  description: 'Products (2x1, 3x1, 2x2 digits): CoT chains many times-table facts; code is one line.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('mul', level);
    const left = intWithDigits(rng, level === 2 ? 3 : 2);
    const right = level === 3 ? intWithDigits(rng, 2) : rng.int(2, 9);
    return writeMulProblem(left, right, level);
  },
};
