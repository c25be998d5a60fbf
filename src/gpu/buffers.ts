import type { GpuContext } from './context';
import { checkTensorSize } from './limits';
import { BufferUsage, MapMode } from './flags';

/** A byte range of a buffer, bindable as a storage binding (offset a multiple of 256). */
export interface BufferRange {
  buffer: GPUBuffer;
  offset: number;
  size: number;
}

export type Binding = GPUBuffer | BufferRange;

export const STORAGE_USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

/** Creates a storage buffer after checking it against the adapter's limits (the error names the tensor). */
export function createStorageBuffer(ctx: GpuContext, label: string, bytes: number): GPUBuffer {
  const size = Math.max(16, Math.ceil(bytes / 16) * 16);
  checkTensorSize(ctx, label, size);
  return ctx.device.createBuffer({ label, size, usage: STORAGE_USAGE });
}

export function uploadBuffer(ctx: GpuContext, label: string, data: Float32Array | Int32Array | Uint32Array): GPUBuffer {
  const buffer = createStorageBuffer(ctx, label, data.byteLength);
  ctx.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

export function writeBuffer(ctx: GpuContext, target: Binding, data: Float32Array | Int32Array | Uint32Array, elementOffset = 0): void {
  const { buffer, offset } = asRange(target);
  ctx.device.queue.writeBuffer(buffer, offset + elementOffset * 4, data.buffer, data.byteOffset, data.byteLength);
}

export function asRange(binding: Binding): BufferRange {
  return 'buffer' in binding ? binding : { buffer: binding, offset: 0, size: binding.size };
}

/** Copies `byteLength` bytes back to the CPU. The only way data leaves the GPU: callers ask for exactly what they need. */
export async function readBytes(ctx: GpuContext, source: Binding, byteOffset = 0, byteLength?: number): Promise<ArrayBuffer> {
  const range = asRange(source);
  const length = byteLength ?? range.size - byteOffset;
  const staging = ctx.device.createBuffer({ size: Math.ceil(length / 4) * 4, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  const encoder = ctx.device.createCommandEncoder();
  encoder.copyBufferToBuffer(range.buffer, range.offset + byteOffset, staging, 0, staging.size);
  ctx.device.queue.submit([encoder.finish()]);
  await staging.mapAsync(MapMode.READ);
  const copy = staging.getMappedRange().slice(0, length);
  staging.unmap();
  staging.destroy();
  return copy;
}

export async function readFloats(ctx: GpuContext, source: Binding, elementOffset = 0, count?: number): Promise<Float32Array> {
  const bytes = await readBytes(ctx, source, elementOffset * 4, count === undefined ? undefined : count * 4);
  return new Float32Array(bytes);
}

export async function readInts(ctx: GpuContext, source: Binding, elementOffset = 0, count?: number): Promise<Int32Array> {
  const bytes = await readBytes(ctx, source, elementOffset * 4, count === undefined ? undefined : count * 4);
  return new Int32Array(bytes);
}
