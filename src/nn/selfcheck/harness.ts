import { createStorageBuffer, readFloats, readInts, uploadBuffer } from '../../gpu/buffers';
import { CommandRecorder } from '../../gpu/recorder';
import type { KernelContext } from '../ops/kernel-context';

/** One compared tensor of one case: passed when maxAbsError <= tolerance (a NaN makes the error infinite). */
export interface TensorCheck {
  tensor: string;
  maxAbsError: number;
  tolerance: number;
}

/** One op on one shape, run on the GPU and by its float64 twin. */
export interface KernelCase {
  op: string;
  shape: string;
  run(k: KernelContext): Promise<TensorCheck[]>;
}

/** The GPU buffers of one case; `dispose` frees them all. */
export class CaseBuffers {
  private readonly buffers: GPUBuffer[] = [];
  constructor(private readonly k: KernelContext) {}

  upload(label: string, data: Float32Array | Int32Array): GPUBuffer {
    return this.keep(uploadBuffer(this.k.ctx, label, data));
  }

  zeros(label: string, floats: number): GPUBuffer {
    // New WebGPU buffers are zero-initialised.
    return this.keep(createStorageBuffer(this.k.ctx, label, floats * 4));
  }

  /** Records what `record` dispatches into one recorder and submits it. */
  run(record: (rec: CommandRecorder) => void): void {
    const rec = new CommandRecorder(this.k.ctx, 'selfcheck');
    record(rec);
    rec.submit();
  }

  readFloats(buffer: GPUBuffer, count: number): Promise<Float32Array> {
    return readFloats(this.k.ctx, buffer, 0, count);
  }

  readInts(buffer: GPUBuffer, count: number): Promise<Int32Array> {
    return readInts(this.k.ctx, buffer, 0, count);
  }

  dispose(): void {
    for (const buffer of this.buffers) buffer.destroy();
    this.buffers.length = 0;
  }

  private keep(buffer: GPUBuffer): GPUBuffer {
    this.buffers.push(buffer);
    return buffer;
  }
}

/** Runs `body` with fresh buffers that are freed afterwards, even when it throws. */
export async function withBuffers<T>(k: KernelContext, body: (buffers: CaseBuffers) => Promise<T>): Promise<T> {
  const buffers = new CaseBuffers(k);
  const device = k.ctx.device;
  // A kernel that fails validation (bindings, limits) must fail its case, not vanish into the console.
  device.pushErrorScope('validation');
  try {
    return await body(buffers);
  } finally {
    const error = await device.popErrorScope();
    buffers.dispose();
    if (error) throw new Error(`WebGPU validation error: ${error.message}`);
  }
}

/**
 * For element-wise error bounds: reports the element whose error is largest relative to its own bound, as
 * (its error, its bound), so that "maxAbsError <= tolerance" holds exactly when every element is within bound.
 */
export function worstElementCheck(tensor: string, actual: ArrayLike<number>, expected: ArrayLike<number>, bounds: ArrayLike<number>): TensorCheck {
  let worst: TensorCheck = { tensor, maxAbsError: 0, tolerance: 0 };
  let worstRatio = -1;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!Number.isFinite(error)) return { tensor, maxAbsError: Infinity, tolerance: bounds[i] };
    const ratio = bounds[i] > 0 ? error / bounds[i] : error > 0 ? Infinity : 0;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worst = { tensor, maxAbsError: error, tolerance: bounds[i] };
    }
  }
  return worst;
}
