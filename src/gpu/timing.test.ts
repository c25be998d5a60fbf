import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from './node';
import { PipelineCache, createStorageBuffer, type GpuContext } from './index';
import { timeGpuWork, timingMethod } from './timing';

// Enough work to take measurable time on SwiftShader: each invocation spins over `rounds` multiply-adds.
const BUSY = /* wgsl */ `
struct Params { rounds: u32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  var x = f32(id.x);
  for (var i = 0u; i < params.rounds; i++) { x = fma(x, 0.999, 1.0); }
  out[id.x] = x;
}`;

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
});

describe('timeGpuWork', () => {
  it('uses timestamps exactly when the device has them, and says so', () => {
    expect(timingMethod(ctx)).toBe(ctx.hasTimestampQuery ? 'timestamp-query' : 'wall-clock');
    expect(timingMethod(ctx, 'wall-clock')).toBe('wall-clock');
    if (!ctx.hasTimestampQuery) expect(() => timingMethod(ctx, 'timestamp-query')).toThrow(/timestamp-query/);
  });

  it('measures a positive, finite duration that grows with the work, by each available method', async () => {
    const pipeline = new PipelineCache(ctx.device).get('busy', BUSY, 'main');
    const out = createStorageBuffer(ctx, 'out', 64 * 256 * 4);
    const methods = ctx.hasTimestampQuery ? (['timestamp-query', 'wall-clock'] as const) : (['wall-clock'] as const);
    for (const method of methods) {
      const time = (rounds: number) => timeGpuWork(ctx, (rec) => rec.dispatch(pipeline, [out], [256], [rounds]), { method });
      await time(1); // compile outside the measurement
      const small = await time(1);
      const large = await time(20_000);
      expect(small.method).toBe(method);
      expect(large.ms).toBeGreaterThan(0);
      expect(Number.isFinite(large.ms)).toBe(true);
      // 20000x the arithmetic; a 2x margin leaves room for fixed submission costs and a noisy shared CPU.
      expect(large.ms).toBeGreaterThan(small.ms * 2);
    }
    out.destroy();
  });

  it('reports zero with timestamps for a recorder with no dispatches (no pass was stamped)', async () => {
    if (!ctx.hasTimestampQuery) return; // only timestamps can tell that nothing ran (Dawn's SwiftShader has them)
    expect(await timeGpuWork(ctx, () => {}, { method: 'timestamp-query' })).toEqual({ ms: 0, method: 'timestamp-query' });
  });
});
