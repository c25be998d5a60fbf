import { asRange, type Binding } from './buffers';
import type { GpuContext } from './context';
import { BufferUsage } from './flags';
import { packParams, type Params } from './params';

/** Uniform slots are 256 bytes apart: minUniformBufferOffsetAlignment is at most 256 everywhere. */
const SLOT_BYTES = 256;
const SLOTS_PER_CHUNK = 256;
const CHUNK_BYTES = SLOT_BYTES * SLOTS_PER_CHUNK;

interface UniformChunk {
  buffer: GPUBuffer;
  staging: ArrayBuffer;
  used: number;
}

/**
 * Chunks of uniform memory for kernel params. A chunk goes back to the pool as soon as its recorder has
 * submitted: `writeBuffer` and `submit` are ordered on the queue, so the next writer cannot overtake it.
 */
export class UniformPool {
  private readonly free: UniformChunk[] = [];
  constructor(private readonly device: GPUDevice) {}

  acquire(): UniformChunk {
    const chunk = this.free.pop();
    if (chunk) {
      chunk.used = 0;
      return chunk;
    }
    const buffer = this.device.createBuffer({ label: 'kernel-params', size: CHUNK_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    return { buffer, staging: new ArrayBuffer(CHUNK_BYTES), used: 0 };
  }

  release(chunk: UniformChunk): void {
    this.free.push(chunk);
  }
}

const pools = new WeakMap<GPUDevice, UniformPool>();
function uniformPool(device: GPUDevice): UniformPool {
  let pool = pools.get(device);
  if (!pool) {
    pool = new UniformPool(device);
    pools.set(device, pool);
  }
  return pool;
}

/**
 * Records many dispatches into one command encoder and one compute pass (each dispatch is its own
 * synchronisation scope in WebGPU, so later dispatches see earlier writes). Binding 0 of every kernel
 * is its params uniform; storage bindings follow from 1 in the order given.
 */
export class CommandRecorder {
  private readonly encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  private readonly chunks: UniformChunk[] = [];
  private submitted = false;
  dispatchCount = 0;

  constructor(
    private readonly ctx: GpuContext,
    label = 'recorder',
    private readonly timestampWrites?: GPUComputePassTimestampWrites,
  ) {
    this.encoder = ctx.device.createCommandEncoder({ label });
  }

  dispatch(pipeline: GPUComputePipeline, bindings: readonly Binding[], workgroups: readonly number[], params: Params = []): void {
    if (this.submitted) throw new Error('CommandRecorder already submitted');
    const [x, y = 1, z = 1] = workgroups;
    if (x === 0 || y === 0 || z === 0) return;
    const max = this.ctx.limits.maxComputeWorkgroupsPerDimension;
    if (x > max || y > max || z > max) throw new RangeError(`${pipeline.label}: dispatch ${x}x${y}x${z} exceeds ${max} workgroups per dimension`);
    const slot = this.uniformSlot(params);
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: slot.buffer, offset: slot.offset, size: SLOT_BYTES } }];
    bindings.forEach((binding, index) => {
      const range = asRange(binding);
      entries.push({ binding: index + 1, resource: { buffer: range.buffer, offset: range.offset, size: range.size } });
    });
    const bindGroup = this.ctx.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    this.dispatchCount++;
  }

  copy(source: Binding, target: Binding, bytes?: number): void {
    this.endPass();
    const from = asRange(source);
    const to = asRange(target);
    this.encoder.copyBufferToBuffer(from.buffer, from.offset, to.buffer, to.offset, bytes ?? Math.min(from.size, to.size));
  }

  clear(target: Binding): void {
    this.endPass();
    const range = asRange(target);
    this.encoder.clearBuffer(range.buffer, range.offset, range.size);
  }

  /** Gives access to the raw encoder (for query resolution); closes the open compute pass first. */
  rawEncoder(): GPUCommandEncoder {
    this.endPass();
    return this.encoder;
  }

  submit(): void {
    if (this.submitted) throw new Error('CommandRecorder already submitted');
    this.endPass();
    const queue = this.ctx.device.queue;
    for (const chunk of this.chunks) {
      if (chunk.used > 0) queue.writeBuffer(chunk.buffer, 0, chunk.staging, 0, chunk.used);
    }
    queue.submit([this.encoder.finish()]);
    const pool = uniformPool(this.ctx.device);
    for (const chunk of this.chunks) pool.release(chunk);
    this.chunks.length = 0;
    this.submitted = true;
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) {
      // Timestamps cover the first pass only; timed recorders should record dispatches alone.
      const timestampWrites = this.dispatchCount === 0 ? this.timestampWrites : undefined;
      this.pass = this.encoder.beginComputePass(timestampWrites ? { timestampWrites } : {});
    }
    return this.pass;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  private uniformSlot(params: Params): { buffer: GPUBuffer; offset: number } {
    if (params.length * 4 > SLOT_BYTES) throw new RangeError(`at most ${SLOT_BYTES / 4} kernel params`);
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.used + SLOT_BYTES > CHUNK_BYTES) {
      chunk = uniformPool(this.ctx.device).acquire();
      this.chunks.push(chunk);
    }
    const offset = chunk.used;
    packParams(params, new DataView(chunk.staging), offset);
    chunk.used += SLOT_BYTES;
    return { buffer: chunk.buffer, offset };
  }
}
