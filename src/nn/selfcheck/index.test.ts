import { beforeAll, describe, expect, it } from 'vitest';
import { matmulCases } from './cases/matmul';
import { runSelfCheck, selfCheckPassed } from './index';
import { describeCases, setupKernelContext } from './vitest-cases';
import type { KernelCase } from './harness';

const kernelContext = setupKernelContext(beforeAll);

describe('matmul in the self-check', () => describeCases(matmulCases, kernelContext));

describe('runSelfCheck', () => {
  it('reports a failing kernel and a throwing case as failed results instead of throwing', async () => {
    const wrong: KernelCase = { op: 'wrong', shape: 'x', run: async () => [{ tensor: 'out', maxAbsError: 1, tolerance: 0.5 }] };
    const broken: KernelCase = {
      op: 'broken',
      shape: 'y',
      run: async () => {
        throw new Error('shader did not compile');
      },
    };
    const seen: string[] = [];
    const results = await runSelfCheck(kernelContext(), (result) => seen.push(result.op), [matmulCases[0], wrong, broken]);
    expect(seen).toEqual(results.map((result) => result.op));
    expect(results.filter((result) => result.op === 'matmul').every((result) => result.passed)).toBe(true);
    expect(results.find((result) => result.op === 'wrong')?.passed).toBe(false);
    expect(results.find((result) => result.op === 'broken')?.error).toBe('shader did not compile');
    expect(selfCheckPassed(results)).toBe(false);
    expect(selfCheckPassed([])).toBe(false);
  });
});
