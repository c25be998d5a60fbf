import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from './node';
import { CommandRecorder, PipelineCache, f32, readFloats, uploadBuffer, createStorageBuffer, type GpuContext } from './index';

// A scaled add written for this test: out[i] = a[i] * scale + b[i].
const AXPY = /* wgsl */ `
struct Params { n: u32, scale: f32 }
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < params.n) { out[id.x] = a[id.x] * params.scale + b[id.x]; }
}`;

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
});

describe('CommandRecorder', () => {
  it('runs many dispatches with distinct params in one submission, in order', async () => {
    const n = 1000; // not a multiple of the workgroup size
    const a = new Float32Array(n).map((_, i) => i);
    const b = new Float32Array(n).fill(1);
    const bufA = uploadBuffer(ctx, 'a', a);
    const bufB = uploadBuffer(ctx, 'b', b);
    const out = createStorageBuffer(ctx, 'out', n * 4);
    const out2 = createStorageBuffer(ctx, 'out2', n * 4);
    const pipeline = new PipelineCache(ctx.device).get('axpy', AXPY, 'main');
    const recorder = new CommandRecorder(ctx);
    recorder.dispatch(pipeline, [bufA, bufB, out], [Math.ceil(n / 64)], [n, f32(2)]);
    // The second dispatch reads the first one's output: a dependency inside one pass.
    recorder.dispatch(pipeline, [out, bufB, out2], [Math.ceil(n / 64)], [n, f32(-0.5)]);
    recorder.submit();
    const result = await readFloats(ctx, out2);
    for (let i = 0; i < n; i++) expect(result[i]).toBe((i * 2 + 1) * -0.5 + 1);
  });

  it('reports the adapter', () => {
    expect(ctx.adapter.isFallback).toBe(true);
    expect(`${ctx.adapter.vendor}${ctx.adapter.description}${ctx.adapter.architecture}`.length).toBeGreaterThan(0);
  });
});
