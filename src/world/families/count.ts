import { rational } from '../rational';
import type { Rng } from '../rng';
import { checkLevel, type Family, type Problem } from './types';

/** Per level: the range of the bound n and of the divisor k. */
const SHAPES: Record<number, { bound: [number, number]; divisor: [number, number] }> = {
  1: { bound: [10, 99], divisor: [2, 9] },
  2: { bound: [100, 999], divisor: [2, 9] },
  3: { bound: [1000, 9999], divisor: [11, 19] },
};

export function writeCountProblem(divisor: number, bound: number, level: number): Problem {
  if (bound < divisor) throw new RangeError(`count: bound ${bound} below divisor ${divisor}`);
  // CoT: the count is n // k, by long division: one "cur/k=q r rest" step per digit once cur reaches k.
  const digits = String(bound);
  let prefixEnd = 1;
  while (Number(digits.slice(0, prefixEnd)) < divisor) prefixEnd++;
  let current = Number(digits.slice(0, prefixEnd));
  const steps: string[] = [];
  let quotient = '';
  for (let next = prefixEnd; ; next++) {
    const digit = Math.floor(current / divisor);
    const rest = current - digit * divisor;
    steps.push(`${current}/${divisor}=${digit}r${rest}`);
    quotient += String(digit);
    if (next >= digits.length) break;
    current = rest * 10 + Number(digits[next]);
  }
  return {
    family: 'count',
    level,
    question: `multiples of ${divisor} up to ${bound}?`,
    gold: rational(Math.floor(bound / divisor)),
    cot: { reasoning: steps.join(';'), answer: quotient },
    code: { program: `print(${bound}//${divisor})` },
  };
}

export const countFamily: Family = {
  id: 'count',
  description: 'How many multiples of k up to n (n up to 4 digits): CoT is a long division; code is one line.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('count', level);
    const shape = SHAPES[level];
    return writeCountProblem(rng.int(...shape.divisor), rng.int(...shape.bound), level);
  },
};
