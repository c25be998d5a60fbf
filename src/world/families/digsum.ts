import { rational } from '../rational';
import type { Rng } from '../rng';
import { checkLevel, digitsLowFirst, intWithDigits, type Family, type Problem } from './types';

/** Digits of the number per level. */
const DIGITS: Record<number, number> = { 1: 3, 2: 4, 3: 6 };

export function writeDigsumProblem(value: number, level: number): Problem {
  const digits = digitsLowFirst(value).reverse();
  let gold = 0;
  for (const digit of digitsLowFirst(value)) gold += digit;
  // Running sums, left to right: "4+8=12;12+2=14".
  const steps: string[] = [];
  let running = digits[0];
  for (const digit of digits.slice(1)) {
    steps.push(`${running}+${digit}=${running + digit}`);
    running += digit;
  }
  return {
    family: 'digsum',
    level,
    question: `digit sum of ${value}`,
    gold: rational(gold),
    cot: { reasoning: steps.join(';'), answer: String(running) },
    code: { program: `print(sum(map(int,str(${value}))))` },
  };
}

export const digsumFamily: Family = {
  id: 'digsum',
  description: 'Digit sum of a 3, 4 or 6 digit number: CoT is a short running sum; code is a long, fragile template.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('digsum', level);
    return writeDigsumProblem(intWithDigits(rng, DIGITS[level]), level);
  },
};
