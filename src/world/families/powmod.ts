import { rational } from '../rational';
import type { Rng } from '../rng';
import { checkLevel, type Family, type Problem } from './types';

/** Per level: the exponent's range and the largest modulus. */
const SHAPES: Record<number, { exponent: [number, number]; maxModulus: number }> = {
  1: { exponent: [2, 3], maxModulus: 11 },
  2: { exponent: [4, 5], maxModulus: 23 },
  3: { exponent: [6, 6], maxModulus: 23 },
};

/** Gold by square-and-multiply, a different route from the CoT's repeated multiplication. */
function modularPower(base: number, exponent: number, modulus: number): number {
  let result = 1 % modulus;
  let square = base % modulus;
  for (let rest = exponent; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) result = (result * square) % modulus;
    square = (square * square) % modulus;
  }
  return result;
}

export function writePowmodProblem(base: number, exponent: number, modulus: number, level: number): Problem {
  // CoT: multiply by the base e-1 times, reducing whenever the product reaches the modulus ("9*3=27%11=5").
  const steps: string[] = [];
  let running = base % modulus;
  for (let i = 1; i < exponent; i++) {
    const product = running * base;
    const reduced = product % modulus;
    steps.push(product >= modulus ? `${running}*${base}=${product}%${modulus}=${reduced}` : `${running}*${base}=${product}`);
    running = reduced;
  }
  return {
    family: 'powmod',
    level,
    question: `${base}^${exponent} mod ${modulus}`,
    gold: rational(modularPower(base, exponent, modulus)),
    cot: { reasoning: steps.join(';'), answer: String(running) },
    code: { program: `print(pow(${base},${exponent},${modulus}))` },
  };
}

export const powmodFamily: Family = {
  id: 'powmod',
  description: 'a^e mod m (e up to 6, m up to 23): CoT chains e-1 products and reductions; code is one call to pow.',
  sample(rng: Rng, level: number): Problem {
    checkLevel('powmod', level);
    const shape = SHAPES[level];
    const modulus = rng.int(5, shape.maxModulus);
    const base = rng.int(2, modulus - 1);
    return writePowmodProblem(base, rng.int(...shape.exponent), modulus, level);
  },
};
