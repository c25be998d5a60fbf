import { rational } from '../rational';
import type { Rng } from '../rng';
import { columnAddition } from './columns';
import { checkLevel, intWithDigits, type Family, type Problem } from './types';

/** Digits of the two operands per level: 2+1, 2+2, 3+3. */
const OPERAND_DIGITS: Record<number, [number, number]> = { 1: [2, 1], 2: [2, 2], 3: [3, 3] };

export function writeAddProblem(left: number, right: number, level: number): Problem {
  const { steps, sum } = columnAddition(left, right);
  return {
    family: 'add',
    level,
    question: `${left}+${right}`,
    gold: rational(left + right),
    cot: { reasoning: steps.join(';'), answer: sum },
    code: { program: `print(${left}+${right})` },
  };
}

export const addFamily: Family = {
  id: 'add',
  description: 'Sum of two small numbers (2+1, 2+2, 3+3 digits): both methods work; the oracle prefers the cheaper CoT.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('add', level);
    const [leftDigits, rightDigits] = OPERAND_DIGITS[level];
    const left = intWithDigits(rng, leftDigits);
    const right = rightDigits === 1 ? rng.int(2, 9) : intWithDigits(rng, rightDigits);
    return writeAddProblem(left, right, level);
  },
};
