import type { GpuContext } from './context';

/** Refusal to allocate a tensor that the adapter cannot bind; the message names the tensor and the limit. */
export class TensorTooLargeError extends Error {
  override name = 'TensorTooLargeError';
  constructor(
    readonly tensor: string,
    readonly bytes: number,
    readonly limitName: string,
    readonly limitBytes: number,
  ) {
    super(
      `Tensor "${tensor}" needs ${formatBytes(bytes)}, more than this adapter's ${limitName} of ${formatBytes(limitBytes)}. ` +
        'Choose a smaller model (width, layers, vocabulary), batch or context length.',
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Checks every named size against the binding and buffer limits before anything is allocated. */
export function checkTensorSizes(limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>, tensors: Record<string, number>): void {
  for (const [tensor, bytes] of Object.entries(tensors)) {
    if (bytes > limits.maxStorageBufferBindingSize) {
      throw new TensorTooLargeError(tensor, bytes, 'maxStorageBufferBindingSize', limits.maxStorageBufferBindingSize);
    }
    if (bytes > limits.maxBufferSize) throw new TensorTooLargeError(tensor, bytes, 'maxBufferSize', limits.maxBufferSize);
  }
}

export function checkTensorSize(ctx: GpuContext, tensor: string, bytes: number): void {
  checkTensorSizes(ctx.limits, { [tensor]: bytes });
}
