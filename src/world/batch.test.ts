import { describe, expect, it } from 'vitest';
import { getPreset } from '../config/presets';
import { IGNORE_TARGET, packRows, PACKING_LOOKAHEAD } from './batch';
import type { TrainingExample } from './demonstrations';
import { buildSplits } from './splits';
import { TOKEN } from './tokenizer';
import { createWarmStartSampler } from './warm-start';

describe('packRows', () => {
  const config = getPreset('small');
  const splits = buildSplits({ ...config.world, warmStartPerFamily: 100, queryPerFamily: 4, testPerFamily: 4 });
  const sampler = createWarmStartSampler(splits.warmStart, config.warmStart, 3);

  it('places every drawn example once, whole, at positions 0.. of its own, with its targets and weights', () => {
    const drawn: TrainingExample[] = [];
    const draw = () => {
      const example = sampler.next();
      drawn.push(example);
      return example;
    };
    const waiting: TrainingExample[] = [];
    const T = 96;
    const placed: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const { tokens, targets, weights, positions } = packRows(draw, waiting, 7, T);
      for (let row = 0; row < 7; row++) {
        let current: { tokens: number[]; weights: number[] } | null = null;
        for (let t = 0; t < T; t++) {
          const n = row * T + t;
          if (positions![n] === 0) {
            if (current) placed.push(JSON.stringify(current));
            current = { tokens: [tokens[n]], weights: [0] };
          } else {
            expect(positions![n]).toBe(positions![n - 1] + 1);
          }
          if (targets[n] === IGNORE_TARGET) {
            // Padding runs to the end of the row.
            expect(tokens[n]).toBe(TOKEN.pad);
            expect(weights[n]).toBe(0);
            continue;
          }
          current!.tokens.push(targets[n]);
          current!.weights.push(weights[n]);
          // The next token of an example is the target of the one before it.
          if (t + 1 < T && positions![n + 1] !== 0 && targets[n + 1] !== IGNORE_TARGET) expect(tokens[n + 1]).toBe(targets[n]);
        }
        if (current) placed.push(JSON.stringify(current));
      }
    }
    expect(waiting.length).toBe(PACKING_LOOKAHEAD);
    const expected = drawn.filter((example) => !waiting.includes(example)).map((e) => JSON.stringify({ tokens: e.tokens, weights: e.weights }));
    expect(placed.sort()).toEqual(expected.sort());
  });

  it('fills the rows of the warm-start stream: at least 90% of positions are real tokens', () => {
    const waiting: TrainingExample[] = [];
    let real = 0;
    for (let batch = 0; batch < 10; batch++) real += packRows(() => sampler.next(), waiting, 32, 96).targets.filter((t) => t !== IGNORE_TARGET).length;
    // One example per row fills ~36% of a 96-token row (examples average ~35 tokens); packing leaves only
    // what no waiting example fits at a row's end.
    expect(real / (10 * 32 * 96)).toBeGreaterThan(0.9);
  });

  it('refuses an example longer than a row', () => {
    const long: TrainingExample = { tokens: Array.from({ length: 12 }, () => TOKEN.eos), weights: Array(12).fill(1), family: 'add', method: 'cot', kind: 'ability' };
    expect(() => packRows(() => long, [], 2, 10)).toThrow(/does not fit a sequence of 10/);
  });
});
