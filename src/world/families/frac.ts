import { gcd, rational } from '../rational';
import type { Rng } from '../rng';
import { checkLevel, type Family, type Problem } from './types';

export function writeFracProblem(
  leftNumerator: number,
  leftDenominator: number,
  rightNumerator: number,
  rightDenominator: number,
  level: number,
): Problem {
  // CoT: bring both to the common denominator (a multiple found by counting up), add numerators, reduce.
  let common = Math.max(leftDenominator, rightDenominator);
  while (common % leftDenominator !== 0 || common % rightDenominator !== 0) common += Math.max(leftDenominator, rightDenominator);
  const steps: string[] = [];
  const scaled = [
    [leftNumerator, leftDenominator],
    [rightNumerator, rightDenominator],
  ].map(([numerator, denominator]) => {
    const scaledNumerator = numerator * (common / denominator);
    if (denominator !== common) steps.push(`${numerator}/${denominator}=${scaledNumerator}/${common}`);
    return scaledNumerator;
  });
  const sum = scaled[0] + scaled[1];
  steps.push(`${scaled[0]}+${scaled[1]}=${sum}`);
  const divisor = gcd(sum, common);
  const answer = common / divisor === 1 ? String(sum / divisor) : `${sum / divisor}/${common / divisor}`;
  if (divisor > 1) steps.push(`${sum}/${common}=${answer}`);
  return {
    family: 'frac',
    level,
    question: `${leftNumerator}/${leftDenominator}+${rightNumerator}/${rightDenominator}`,
    gold: rational(leftNumerator * rightDenominator + rightNumerator * leftDenominator, leftDenominator * rightDenominator),
    cot: { reasoning: steps.join(';'), answer },
    code: {
      program: `from fractions import Fraction as F\nprint(F(${leftNumerator},${leftDenominator})+F(${rightNumerator},${rightDenominator}))`,
    },
  };
}

/** A proper fraction n/d with 1 <= n < d. */
function properNumerator(rng: Rng, denominator: number): number {
  // Numerators prime to the denominator, so that every question shows reduced fractions.
  let numerator: number;
  do numerator = rng.int(1, denominator - 1);
  while (gcd(numerator, denominator) !== 1);
  return numerator;
}

export const fracFamily: Family = {
  id: 'frac',
  description: 'Sum of two proper fractions (same, multiple or unrelated denominators), reduced: CoT is short at first; code needs an import.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('frac', level);
    let leftDenominator: number;
    let rightDenominator: number;
    if (level === 1) {
      leftDenominator = rightDenominator = rng.int(2, 12);
    } else if (level === 2) {
      // One denominator a multiple of the other, in either order ("1/3+5/9", "5/9+1/3").
      const small = rng.int(2, 6);
      const large = small * rng.int(2, 3);
      [leftDenominator, rightDenominator] = rng.chance(0.5) ? [small, large] : [large, small];
    } else {
      do {
        leftDenominator = rng.int(2, 9);
        rightDenominator = rng.int(2, 9);
      } while (leftDenominator % rightDenominator === 0 || rightDenominator % leftDenominator === 0);
    }
    const leftNumerator = properNumerator(rng, leftDenominator);
    const rightNumerator = properNumerator(rng, rightDenominator);
    return writeFracProblem(leftNumerator, leftDenominator, rightNumerator, rightDenominator, level);
  },
};
