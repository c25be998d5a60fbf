import type { GpuContext } from './context';
import { BufferUsage, MapMode } from './flags';
import { CommandRecorder } from './recorder';

/**
 * Times GPU work. With the 'timestamp-query' feature the GPU stamps the start and end of the recorder's
 * first compute pass (so the recorded work should be dispatches only: a copy or clear ends that pass);
 * otherwise the wall clock runs from submit until queue.onSubmittedWorkDone(), which also counts
 * submission and the host's wake-up latency. Every result says which method produced it.
 */
export type TimingMethod = 'timestamp-query' | 'wall-clock';

export interface GpuTiming {
  ms: number;
  method: TimingMethod;
}

export interface TimingOptions {
  /** 'auto' (default) uses timestamps where the device has them. */
  method?: 'auto' | TimingMethod;
  label?: string;
}

export function timingMethod(ctx: GpuContext, requested: TimingOptions['method'] = 'auto'): TimingMethod {
  if (requested === 'timestamp-query' && !ctx.hasTimestampQuery) {
    throw new Error('timestamp-query timing requested, but this device lacks the timestamp-query feature');
  }
  if (requested === 'auto') return ctx.hasTimestampQuery ? 'timestamp-query' : 'wall-clock';
  return requested;
}

/** Records with `record`, submits, waits for the GPU and returns how long the work took. */
export async function timeGpuWork(ctx: GpuContext, record: (rec: CommandRecorder) => void, options: TimingOptions = {}): Promise<GpuTiming> {
  const method = timingMethod(ctx, options.method);
  const label = options.label ?? 'timed';
  if (method === 'wall-clock') {
    const rec = new CommandRecorder(ctx, label);
    record(rec);
    const start = performance.now();
    rec.submit();
    await ctx.device.queue.onSubmittedWorkDone();
    return { ms: performance.now() - start, method };
  }
  return timeWithTimestamps(ctx, record, label);
}

async function timeWithTimestamps(ctx: GpuContext, record: (rec: CommandRecorder) => void, label: string): Promise<GpuTiming> {
  const device = ctx.device;
  const querySet = device.createQuerySet({ label: `${label}-timestamps`, type: 'timestamp', count: 2 });
  const resolved = device.createBuffer({ label: `${label}-resolved`, size: 16, usage: BufferUsage.QUERY_RESOLVE | BufferUsage.COPY_SRC });
  const readable = device.createBuffer({ label: `${label}-readable`, size: 16, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
  try {
    const rec = new CommandRecorder(ctx, label, { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 });
    record(rec);
    if (rec.dispatchCount === 0) {
      rec.submit();
      return { ms: 0, method: 'timestamp-query' };
    }
    const encoder = rec.rawEncoder();
    encoder.resolveQuerySet(querySet, 0, 2, resolved, 0);
    encoder.copyBufferToBuffer(resolved, 0, readable, 0, 16);
    rec.submit();
    await readable.mapAsync(MapMode.READ);
    const [begin, end] = new BigUint64Array(readable.getMappedRange().slice(0));
    readable.unmap();
    // Timestamps are nanoseconds; a reset counter could make end < begin, which we report as 0.
    const ns = end > begin ? Number(end - begin) : 0;
    return { ms: ns / 1e6, method: 'timestamp-query' };
  } finally {
    querySet.destroy();
    resolved.destroy();
    readable.destroy();
  }
}
