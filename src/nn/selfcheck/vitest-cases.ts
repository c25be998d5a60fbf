import { expect, it } from 'vitest';
import { createNodeGpuContext } from '../../gpu/node';
import { createKernelContext, type KernelContext } from '../ops/kernel-context';
import type { KernelCase } from './harness';

/** Unit-test glue (Node only): the same cases the browser self-check runs, one vitest test per case. */
export function setupKernelContext(beforeAll: (hook: () => Promise<void>) => void): () => KernelContext {
  let k: KernelContext | undefined;
  // Dawn's adapter must be requested in a hook, not inside a test body (shared/DESIGN.md).
  beforeAll(async () => {
    k = createKernelContext(await createNodeGpuContext());
  });
  return () => {
    if (!k) throw new Error('kernel context not created: call setupKernelContext at the top of the test file');
    return k;
  };
}

export function describeCases(cases: readonly KernelCase[], kernelContext: () => KernelContext): void {
  for (const kernelCase of cases) {
    it(`${kernelCase.op} ${kernelCase.shape}`, async () => {
      const checks = await kernelCase.run(kernelContext());
      expect(checks.length).toBeGreaterThan(0);
      for (const check of checks) {
        expect(check.maxAbsError, `${kernelCase.op} ${check.tensor} (tolerance ${check.tolerance})`).toBeLessThanOrEqual(check.tolerance);
      }
    });
  }
}
