import { describe, expect, it } from 'vitest';
import { getPreset } from '../config/presets';
import { FAMILY_IDS, WORLD_MAX_SEQUENCE_LENGTH } from '../config/schema';
import { IGNORE_TARGET, packBatch } from './batch';
import { abilityExample, habitExample } from './demonstrations';
import { writeAddProblem } from './families/add';
import { writeMulProblem } from './families/mul';
import { buildSplits } from './splits';
import { renderTokens, TOKEN } from './tokenizer';
import { createWarmStartSampler } from './warm-start';

describe('demonstrations', () => {
  const problem = writeAddProblem(47, 38, 2);

  it('ability: full solution, question and given method token masked, output span masked', () => {
    const cot = abilityExample(problem, 'cot');
    expect(renderTokens(cot.tokens)).toBe('47+38<cot>7+8=15;4+3+1=8<ans>85<eos>');
    expect(cot.weights).toEqual([0, 0, 0, 0, 0, 0, ...Array(cot.tokens.length - 6).fill(1)]);
    const code = abilityExample(writeMulProblem(47, 68, 3), 'code');
    expect(renderTokens(code.tokens)).toBe('47*68<code>print(47*68)<run><out>3196</out><ans>3196<eos>');
    const weighted = code.tokens.filter((_, i) => code.weights[i] === 1);
    expect(renderTokens(weighted)).toBe('print(47*68)<run><ans>3196<eos>');
    expect(code).toMatchObject({ family: 'mul', method: 'code', kind: 'ability' });
  });

  it('habit: question and method token, loss on that token only', () => {
    const habit = habitExample(problem, 'code');
    expect(renderTokens(habit.tokens)).toBe('47+38<code>');
    expect(habit.weights).toEqual([0, 0, 0, 0, 0, 1]);
    expect(habit.kind).toBe('habit');
  });
});

describe('batches', () => {
  it('shift targets by one, pad with target -1 and weight 0', () => {
    const examples = [abilityExample(writeAddProblem(47, 38, 2), 'cot'), habitExample(writeAddProblem(5, 3, 1), 'cot')];
    const batch = packBatch(examples, 40);
    expect(batch.tokens).toBeInstanceOf(Int32Array);
    expect(batch.weights).toBeInstanceOf(Float32Array);
    expect(batch.tokens).toHaveLength(80);
    const [first, second] = examples;
    for (let t = 0; t < first.tokens.length - 1; t++) {
      expect(batch.tokens[t]).toBe(first.tokens[t]);
      expect(batch.targets[t]).toBe(first.tokens[t + 1]);
      expect(batch.weights[t]).toBe(first.weights[t + 1]);
    }
    for (let t = first.tokens.length - 1; t < 40; t++) {
      expect([batch.tokens[t], batch.targets[t], batch.weights[t]]).toEqual([TOKEN.pad, IGNORE_TARGET, 0]);
    }
    // Row 2: "5+3" then <cot>: the one weighted target is <cot>, predicted at the last question position.
    expect(Array.from(batch.weights.slice(40, 44))).toEqual([0, 0, 1, 0]);
    expect(batch.targets[42]).toBe(TOKEN.cot);
    expect(batch.targets[43]).toBe(IGNORE_TARGET);
    expect(second.tokens).toHaveLength(4);
    expect(() => packBatch(examples, first.tokens.length - 2)).toThrow(RangeError);
    expect(() => packBatch(examples, first.tokens.length - 1)).not.toThrow();
  });
});

describe('warm-start sampler', () => {
  const config = getPreset('small');
  const splits = buildSplits({ ...config.world, warmStartPerFamily: 200, queryPerFamily: 10, testPerFamily: 10 });

  it('is deterministic by seed and fits the smallest context', () => {
    const a = createWarmStartSampler(splits.warmStart, config.warmStart, 9).nextBatch(64, WORLD_MAX_SEQUENCE_LENGTH);
    const b = createWarmStartSampler(splits.warmStart, config.warmStart, 9).nextBatch(64, WORLD_MAX_SEQUENCE_LENGTH);
    const c = createWarmStartSampler(splits.warmStart, config.warmStart, 10).nextBatch(64, WORLD_MAX_SEQUENCE_LENGTH);
    expect(a).toEqual(b);
    expect(a.tokens).not.toEqual(c.tokens);
  });

  it('follows the mixture: habit share, code habit and code coverage per family', () => {
    const sampler = createWarmStartSampler(splits.warmStart, config.warmStart, 4);
    const draws = Array.from({ length: 20_000 }, () => sampler.next());
    const questions = new Set(splits.warmStart.map((p) => p.question));
    type Draw = (typeof draws)[number];
    // A share of n Bernoulli(p) draws is within 4 standard errors of p but for a 6e-5 chance: the tolerance
    // follows from how many draws a family's habits or abilities actually got (a light family gets few).
    const expectShare = (filter: (e: Draw) => boolean, of: (e: Draw) => boolean, p: number) => {
      const pool = draws.filter(of);
      const observed = pool.filter(filter).length / pool.length;
      expect(Math.abs(observed - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / pool.length) + 1e-9);
    };
    expectShare((e) => e.kind === 'habit', () => true, config.warmStart.habitShare);
    const totalWeight = FAMILY_IDS.reduce((sum, f) => sum + config.warmStart.mixture[f].weight, 0);
    for (const family of FAMILY_IDS) {
      const { weight, codeHabit, codeCoverage } = config.warmStart.mixture[family];
      expectShare((e) => e.family === family, () => true, weight / totalWeight);
      expectShare((e) => e.method === 'code', (e) => e.family === family && e.kind === 'habit', codeHabit);
      expectShare((e) => e.method === 'code', (e) => e.family === family && e.kind === 'ability', codeCoverage);
    }
    // Every example's question comes from the warm-start split.
    for (const example of draws.slice(0, 500)) {
      const question = renderTokens(example.tokens).split(/<cot>|<code>/)[0];
      expect(questions.has(question)).toBe(true);
    }
  });

  it('leaves out families of weight zero', () => {
    const mixture = structuredClone(config.warmStart.mixture);
    for (const family of FAMILY_IDS) if (family !== 'story') mixture[family].weight = 0;
    const sampler = createWarmStartSampler(splits.warmStart, { habitShare: 0.5, mixture }, 1);
    expect(new Set(Array.from({ length: 300 }, () => sampler.next().family))).toEqual(new Set(['story']));
    for (const family of FAMILY_IDS) mixture[family].weight = 0;
    expect(() => createWarmStartSampler(splits.warmStart, { habitShare: 0.5, mixture }, 1)).toThrow(RangeError);
  });
});
