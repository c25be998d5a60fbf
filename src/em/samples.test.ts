import { describe, expect, it } from 'vitest';
import { createRng } from '../world/rng';
import type { MethodSample, PolicySample, SolutionSample } from './mstep';
import { mStepBatches } from './samples';

const method = (query: number, token: number): MethodSample => ({ kind: 'method', question: [20 + query, 31], methodToken: token, target: 0.5 });
const solution = (id: number): SolutionSample => ({ kind: 'solution', tokens: [20, id, 7], trained: [false, true, true], behaviourLogprobs: [0, -1, -1], advantage: 1 });

describe('M-step batches', () => {
  const methods = [method(0, 1), method(0, 2), method(1, 1), method(1, 2), method(2, 1), method(2, 2)];
  const solutions = Array.from({ length: 11 }, (_, i) => solution(40 + i));

  it('gives every step all the method rows and each solution row once per epoch', () => {
    const batches = mStepBatches([...solutions.slice(0, 5), ...methods, ...solutions.slice(5)], 4, createRng(3, 'epoch'));
    expect(batches).toHaveLength(3); // ceil(11 / 4)
    for (const batch of batches) expect(batch.filter((s) => s.kind === 'method')).toEqual(methods);
    const used = batches.flatMap((batch) => batch.filter((s): s is SolutionSample => s.kind === 'solution'));
    expect(used.map((s) => s.tokens[1]).sort()).toEqual(solutions.map((s) => s.tokens[1]).sort());
    expect(batches.map((batch) => batch.length - methods.length)).toEqual([4, 4, 3]);
  });

  it('still takes one step when every rollout had the same reward (method rows alone), and none when empty', () => {
    expect(mStepBatches(methods, 4, createRng(3, 'epoch'))).toEqual([methods]);
    expect(mStepBatches([] as PolicySample[], 4, createRng(3, 'epoch'))).toEqual([]);
  });
});
