import type { GpuContext } from '../../gpu/context';
import { PipelineCache } from '../../gpu/pipelines';

/**
 * What every GPU op needs besides its tensors: the device, the per-device pipeline cache, and the matmul
 * variant that the matmul tune chose for this adapter ('auto' until a tune has run).
 */
export interface KernelContext {
  ctx: GpuContext;
  pipelines: PipelineCache;
  matmulVariant: string;
}

export function createKernelContext(ctx: GpuContext, matmulVariant = 'auto'): KernelContext {
  return { ctx, pipelines: new PipelineCache(ctx.device), matmulVariant };
}
