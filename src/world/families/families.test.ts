import { describe, expect, it } from 'vitest';
import { DIFFICULTY_LEVELS, FAMILY_IDS, WORLD_MAX_SEQUENCE_LENGTH } from '../../config/schema';
import { abilityExample, habitExample } from '../demonstrations';
import { formatRational, parseRational, rationalEquals } from '../rational';
import { createRng } from '../rng';
import { encodeText } from '../tokenizer';
import { writeAddProblem } from './add';
import { writeCountProblem } from './count';
import { writeDigsumProblem } from './digsum';
import { writeFracProblem } from './frac';
import { FAMILIES } from './index';
import { writeMulProblem } from './mul';
import { writePowmodProblem } from './powmod';
import { writeStoryProblem } from './story';

const LEVELS = Array.from({ length: DIFFICULTY_LEVELS }, (_, i) => i + 1);
const SEEDS_PER_LEVEL = 2000;

describe('problem families', () => {
  it('cover every family id of the config', () => {
    expect(Object.keys(FAMILIES).sort()).toEqual([...FAMILY_IDS].sort());
    for (const id of FAMILY_IDS) expect(FAMILIES[id].id).toBe(id);
  });

  it('are deterministic by seed and differ across seeds', () => {
    for (const id of FAMILY_IDS) {
      for (const level of LEVELS) {
        const draw = (seed: number) => {
          const rng = createRng(seed, 'test');
          return Array.from({ length: 20 }, () => FAMILIES[id].sample(rng, level));
        };
        expect(draw(5)).toEqual(draw(5));
        expect(draw(5).map((p) => p.question)).not.toEqual(draw(6).map((p) => p.question));
      }
    }
  });

  it('reject levels outside 1..DIFFICULTY_LEVELS', () => {
    for (const id of FAMILY_IDS) {
      expect(() => FAMILIES[id].sample(createRng(1), 0)).toThrow(RangeError);
      expect(() => FAMILIES[id].sample(createRng(1), DIFFICULTY_LEVELS + 1)).toThrow(RangeError);
    }
  });

  it(`arrive at the gold answer by CoT, over ${SEEDS_PER_LEVEL} draws per family and level`, () => {
    for (const id of FAMILY_IDS) {
      for (const level of LEVELS) {
        const rng = createRng(11, id, String(level));
        for (let i = 0; i < SEEDS_PER_LEVEL; i++) {
          const problem = FAMILIES[id].sample(rng, level);
          if (problem.family !== id || problem.level !== level) throw new Error(`${id}: mislabelled ${problem.family}/${problem.level}`);
          const answer = parseRational(problem.cot.answer);
          if (answer === null || !rationalEquals(answer, problem.gold) || problem.cot.answer !== formatRational(problem.gold)) {
            throw new Error(`${id} level ${level}: CoT answer ${problem.cot.answer} for "${problem.question}", gold ${formatRational(problem.gold)}`);
          }
        }
      }
    }
  });

  it(`fit ${WORLD_MAX_SEQUENCE_LENGTH} tokens with either method, in the vocabulary, at every level`, () => {
    const longest: Record<string, number> = {};
    for (const id of FAMILY_IDS) {
      for (const level of LEVELS) {
        const rng = createRng(12, id, String(level));
        for (let i = 0; i < SEEDS_PER_LEVEL; i++) {
          const problem = FAMILIES[id].sample(rng, level);
          for (const method of ['cot', 'code'] as const) {
            const length = abilityExample(problem, method).tokens.length; // throws beyond the maximum
            longest[`${id}/${method}`] = Math.max(longest[`${id}/${method}`] ?? 0, length);
          }
          if (habitExample(problem, 'code').tokens.length !== encodeText(problem.question).length + 1) throw new Error('habit length');
        }
      }
    }
    // The figures docs/world.md states; each family is within the budget, and the budget is used.
    for (const length of Object.values(longest)) expect(length).toBeLessThanOrEqual(WORLD_MAX_SEQUENCE_LENGTH);
    expect(Math.max(...Object.values(longest))).toBeGreaterThan(WORLD_MAX_SEQUENCE_LENGTH - 10);
  });

  it('write the longest cases of each family within the budget', () => {
    // Extremes chosen by hand: most digits, most carries, largest products and remainders.
    const extremes = [
      writeAddProblem(999, 999, 3),
      writeMulProblem(999, 9, 2),
      writeMulProblem(99, 99, 3),
      writeDigsumProblem(999999, 3),
      writeStoryProblem('Zoe', 29, [{ verb: 'finds', amount: 9 }, { verb: 'finds', amount: 9 }, { verb: 'finds', amount: 9 }], 3),
      writeCountProblem(19, 9999, 3),
      writeFracProblem(8, 9, 7, 8, 3),
      writeFracProblem(10, 11, 9, 11, 1),
      writeFracProblem(17, 18, 5, 6, 2),
    ];
    for (let modulus = 5; modulus <= 23; modulus++) {
      for (let base = 2; base < modulus; base++) extremes.push(writePowmodProblem(base, 6, modulus, 3));
    }
    for (const problem of extremes) {
      for (const method of ['cot', 'code'] as const) {
        expect(abilityExample(problem, method).tokens.length).toBeLessThanOrEqual(WORLD_MAX_SEQUENCE_LENGTH);
      }
      expect(problem.cot.answer).toBe(formatRational(problem.gold));
    }
  });

  it('write scratchpads of single facts', () => {
    expect(writeAddProblem(47, 38, 2).cot).toEqual({ reasoning: '7+8=15;4+3+1=8', answer: '85' });
    expect(writeMulProblem(347, 8, 2).cot).toEqual({ reasoning: '7*8=56;4*8+5=37;3*8+3=27', answer: '2776' });
    expect(writeMulProblem(47, 68, 3).cot.reasoning).toBe('7*8=56;4*8+5=37;376;7*6=42;4*6+4=28;282;6+0=6;7+2=9;3+8=11;0+2+1=3');
    expect(writeDigsumProblem(48213, 3).cot).toEqual({ reasoning: '4+8=12;12+2=14;14+1=15;15+3=18', answer: '18' });
    expect(writePowmodProblem(3, 4, 11, 2).cot).toEqual({ reasoning: '3*3=9;9*3=27%11=5;5*3=15%11=4', answer: '4' });
    expect(writeCountProblem(7, 500, 2).cot).toEqual({ reasoning: '50/7=7r1;10/7=1r3', answer: '71' });
    expect(writeFracProblem(1, 6, 3, 4, 3).cot).toEqual({ reasoning: '1/6=2/12;3/4=9/12;2+9=11', answer: '11/12' });
    expect(writeFracProblem(2, 9, 4, 9, 1).cot).toEqual({ reasoning: '2+4=6;6/9=2/3', answer: '2/3' });
    const story = writeStoryProblem('Ann', 7, [{ verb: 'gives', amount: 3 }, { verb: 'gets', amount: 5 }], 2);
    expect(story.question).toBe('Ann has 7, gives 3, gets 5. Now?');
    expect(story.cot).toEqual({ reasoning: '7-3=4;4+5=9', answer: '9' });
    expect(story.code.program).toBe('n=7;n-=3;n+=5;print(n)');
  });

  it('keep word problems non-negative with single-digit steps, and fractions in lowest terms', () => {
    for (const level of LEVELS) {
      const rng = createRng(13, String(level));
      for (let i = 0; i < SEEDS_PER_LEVEL; i++) {
        const story = FAMILIES.story.sample(rng, level);
        if (story.gold.numerator < 0) throw new Error(`negative story: ${story.question}`);
        // Each CoT step is one fact of digsum's size: a count and a single-digit amount.
        for (const step of story.cot.reasoning.split(';')) {
          if (!/^\d{1,2}[+-]\d=\d{1,2}$/.test(step)) throw new Error(`story step is not one small fact: ${step} in ${story.question}`);
        }
        const question = FAMILIES.frac.sample(rng, level).question;
        for (const [numerator, denominator] of question.split('+').map((part) => part.split('/').map(Number))) {
          const reduced = parseRational(`${numerator}/${denominator}`);
          if (reduced === null || reduced.numerator !== numerator || numerator >= denominator) throw new Error(`not proper and reduced: ${question}`);
        }
      }
    }
  });
});
