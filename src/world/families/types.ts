import { DIFFICULTY_LEVELS, type FamilyId } from '../../config/schema';
import type { Rational } from '../rational';
import type { Rng } from '../rng';

/** One question of the world with its gold answer and both written solutions. */
export interface Problem {
  family: FamilyId;
  /** Difficulty level, 1 (easiest) .. DIFFICULTY_LEVELS. */
  level: number;
  question: string;
  /** Computed directly from the operands, independently of either solution writer. */
  gold: Rational;
  /** The scratchpad chain of thought, and the answer that chain arrives at. */
  cot: { reasoning: string; answer: string };
  /** A Python program whose printed output is the answer. */
  code: { program: string };
}

export interface Family {
  id: FamilyId;
  /** One line for the docs and the UI. */
  description: string;
  /** A problem at `level`, drawn from `rng` (deterministic given the rng's state). */
  sample(rng: Rng, level: number): Problem;
}

/** Digits of a non-negative integer, least significant first. */
export function digitsLowFirst(value: number): number[] {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`digits of a non-negative integer, got ${value}`);
  const digits: number[] = [];
  let rest = value;
  do {
    digits.push(rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  return digits;
}

/** A uniform integer with exactly `count` decimal digits. */
export function intWithDigits(rng: Rng, count: number): number {
  return rng.int(count === 1 ? 0 : 10 ** (count - 1), 10 ** count - 1);
}

export function checkLevel(family: FamilyId, level: number): void {
  if (!Number.isInteger(level) || level < 1 || level > DIFFICULTY_LEVELS) {
    throw new RangeError(`${family}: level must be an integer in 1..${DIFFICULTY_LEVELS}, got ${level}`);
  }
}
