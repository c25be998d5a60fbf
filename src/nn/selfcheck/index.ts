import type { KernelContext } from '../ops/kernel-context';
import { attentionCases } from './cases/attention';
import { crossentropyCases } from './cases/crossentropy';
import { geluCases, residualCases } from './cases/elementwise';
import { encoderCases } from './cases/encoder';
import { kvcacheCases } from './cases/kvcache';
import { layernormCases } from './cases/layernorm';
import { matmulCases } from './cases/matmul';
import { adamwCases, gradNormCases } from './cases/optimizer';
import { sampleCases } from './cases/sample';
import type { KernelCase } from './harness';

export type { KernelCase, TensorCheck } from './harness';

/** Every kernel case, in the order of a training step then decoding; the unit tests run the same cases. */
export const ALL_KERNEL_CASES: readonly KernelCase[] = [
  ...encoderCases,
  ...layernormCases,
  ...matmulCases,
  ...attentionCases,
  ...geluCases,
  ...residualCases,
  ...crossentropyCases,
  ...gradNormCases,
  ...adamwCases,
  ...kvcacheCases,
  ...sampleCases,
];

/** One compared tensor of one case. `error` is set when the case could not run (a shader or validation error). */
export interface SelfCheckResult {
  op: string;
  shape: string;
  tensor: string;
  maxAbsError: number;
  tolerance: number;
  passed: boolean;
  error?: string;
}

/**
 * Runs every GPU kernel against its float64 twin on small odd shapes, one case at a time, reporting each result
 * as it comes (for a page that shows progress). Never throws for a failing kernel: it becomes a failed result.
 */
export async function runSelfCheck(k: KernelContext, onResult?: (result: SelfCheckResult) => void, cases: readonly KernelCase[] = ALL_KERNEL_CASES): Promise<SelfCheckResult[]> {
  const results: SelfCheckResult[] = [];
  const report = (result: SelfCheckResult) => {
    results.push(result);
    onResult?.(result);
  };
  for (const kernelCase of cases) {
    try {
      const checks = await kernelCase.run(k);
      for (const check of checks) {
        report({ op: kernelCase.op, shape: kernelCase.shape, ...check, passed: check.maxAbsError <= check.tolerance });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report({ op: kernelCase.op, shape: kernelCase.shape, tensor: '-', maxAbsError: Infinity, tolerance: 0, passed: false, error: message });
    }
  }
  return results;
}

export function selfCheckPassed(results: readonly SelfCheckResult[]): boolean {
  return results.length > 0 && results.every((result) => result.passed);
}
