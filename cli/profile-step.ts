/**
 * Profiles one training step of the GPT on this machine's WebGPU adapter (SwiftShader in Node):
 *   1. per-dispatch GPU time: the forward and backward passes are recorded into a capturing recorder, then
 *      every captured dispatch is replayed on its own with timestamp queries (median of --reps), summed per
 *      kernel entry point;
 *   2. whole-step wall time of GptModel.trainStep (median of --steps after one warm-up) and tokens/s.
 *
 *   3. --ab DIR: new kernels against older shader files in DIR, alternately; --matmul: matmul GFLOP/s.
 *
 *   npx tsx --import ./cli/node/register.mjs cli/profile-step.ts [--preset small|tiny] [--reps 3] [--steps 3] [--no-ops]
 *     [--ab DIR | --matmul]
 */
import type { Binding } from '../src/gpu/buffers';
import type { GpuContext } from '../src/gpu/context';
import { createNodeGpuContext } from '../src/gpu/node';
import type { Params } from '../src/gpu/params';
import { CommandRecorder } from '../src/gpu/recorder';
import { timeGpuWork } from '../src/gpu/timing';
import type { ModelConfig } from '../src/nn/config';
import { DEFAULT_ADAMW, GptModel } from '../src/nn/model';
import { createKernelContext } from '../src/nn/ops/kernel-context';
import { range, PAD_ALIGN } from '../src/nn/model-buffers';
import { adamwUpdate } from '../src/nn/ops/adamw';
import { foldedGrid } from '../src/nn/ops/dispatch';
import { crossentropyForward } from '../src/nn/ops/crossentropy';
import { gradGlobalNorm } from '../src/nn/ops/gradnorm';
import { recordBackward, recordLogits } from '../src/nn/passes';
import { SeededRng } from '../src/nn/rng';

interface Shape {
  config: ModelConfig;
  B: number;
  T: number;
}

const SHAPES: Record<string, Shape> = {
  tiny: { config: { vocabSize: 104, contextLength: 96, layers: 1, heads: 2, width: 32 }, B: 16, T: 96 },
  small: { config: { vocabSize: 104, contextLength: 96, layers: 2, heads: 4, width: 64 }, B: 32, T: 96 },
};

interface Captured {
  pipeline: GPUComputePipeline;
  bindings: readonly Binding[];
  workgroups: readonly number[];
  params: Params;
  phase: string;
}

/** Keeps the dispatches instead of encoding them (clears and copies are dropped: timing does not need them). */
class CapturingRecorder extends CommandRecorder {
  readonly captured: Captured[] = [];
  phase = '';
  override dispatch(pipeline: GPUComputePipeline, bindings: readonly Binding[], workgroups: readonly number[], params: Params = []): void {
    this.captured.push({ pipeline, bindings, workgroups, params, phase: this.phase });
  }
  override clear(): void {}
  override copy(): void {}
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function randomBatch(seed: number, N: number, V: number) {
  const rng = new SeededRng(seed);
  return {
    tokens: Int32Array.from({ length: N }, () => rng.nextUint32() % V),
    targets: Int32Array.from({ length: N }, () => rng.nextUint32() % V),
  };
}

async function profileOps(ctx: GpuContext, model: GptModel, shape: Shape, reps: number): Promise<void> {
  const { B, T } = shape;
  const rec = new CapturingRecorder(ctx, 'capture');
  rec.phase = 'fwd';
  recordLogits(model.kernels, rec, model.layout, model.buffers, B, T);
  // The same dispatches as GptModel.trainStep: loss, backward, gradient norm and AdamW.
  const N = B * T;
  const V = shape.config.vocabSize;
  const train = model.buffers.train;
  crossentropyForward(model.kernels, rec, range(train.lossOut, N), range(train.lossOut, N, PAD_ALIGN(N)), range(train.logits, N * V), range(train.targets, N), range(train.weights, N), N, V);
  rec.phase = 'bwd';
  recordBackward(model.kernels, rec, model.layout, model.buffers, B, T, train.weights);
  rec.phase = 'upd';
  const P = model.layout.totalFloats;
  const b = model.buffers;
  gradGlobalNorm(model.kernels, rec, b.gradNorm, range(b.grads, P), P);
  adamwUpdate(model.kernels, rec, range(b.params, P), range(b.grads, P), range(b.adamM, P), range(b.adamV, P), P, model.layout.decayEnd, DEFAULT_ADAMW, 2, b.gradNorm, 1);
  const times = rec.captured.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    for (const [i, d] of rec.captured.entries()) {
      const timing = await timeGpuWork(ctx, (timed) => timed.dispatch(d.pipeline, d.bindings, d.workgroups, d.params));
      times[i].push(timing.ms);
    }
  }
  const perKernel = new Map<string, { ms: number; count: number }>();
  let total = 0;
  for (const [i, d] of rec.captured.entries()) {
    const key = `${d.phase} ${d.pipeline.label}`;
    const ms = median(times[i]);
    total += ms;
    const entry = perKernel.get(key) ?? { ms: 0, count: 0 };
    entry.ms += ms;
    entry.count++;
    perKernel.set(key, entry);
  }
  console.log(`| kernel (phase entry point) | dispatches | ms (sum of medians) | share |`);
  console.log(`|---|---|---|---|`);
  for (const [key, { ms, count }] of [...perKernel.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`| ${key} | ${count} | ${ms.toFixed(1)} | ${((100 * ms) / total).toFixed(1)}% |`);
  }
  console.log(`| total (${rec.captured.length} dispatches) | | ${total.toFixed(1)} | |`);
}

/**
 * --ab DIR: for each captured dispatch that has an older counterpart in DIR/<shader>.wgsl (the same bindings),
 * times new and old alternately, `reps` times each, and prints per-kernel medians side by side.
 */
async function abCompare(ctx: GpuContext, model: GptModel, shape: Shape, reps: number, dir: string): Promise<void> {
  const { readFileSync, existsSync } = await import('node:fs');
  const { B, T } = shape;
  const rec = new CapturingRecorder(ctx, 'capture');
  rec.phase = 'fwd';
  recordLogits(model.kernels, rec, model.layout, model.buffers, B, T);
  rec.phase = 'bwd';
  recordBackward(model.kernels, rec, model.layout, model.buffers, B, T, model.buffers.train.weights);
  const device = ctx.device;
  const oldPipelines = new Map<string, GPUComputePipeline>();
  const oldPipeline = (shader: string, entry: string) => {
    const key = `${shader}.${entry}`;
    let pipeline = oldPipelines.get(key);
    if (!pipeline) {
      const module = device.createShaderModule({ code: readFileSync(`${dir}/${shader}.wgsl`, 'utf8') });
      pipeline = device.createComputePipeline({ label: `old ${key}`, layout: 'auto', compute: { module, entryPoint: entry } });
      oldPipelines.set(key, pipeline);
    }
    return pipeline;
  };
  const maxPerDim = ctx.limits.maxComputeWorkgroupsPerDimension;
  // The old dispatch for a new one, where only the entry point (and for per-element kernels the count) changed.
  const counterpart = (d: Captured): Captured | null => {
    const [shader, entry] = (d.pipeline.label ?? '').split('.');
    if (!existsSync(`${dir}/${shader}.wgsl`)) return null;
    const same = (oldEntry: string) => ({ ...d, pipeline: oldPipeline(shader, oldEntry) });
    const elements = (oldEntry: string) => {
      const N = (d.params[0] as number) * 4;
      return { ...d, pipeline: oldPipeline(shader, oldEntry), params: [N], workgroups: foldedGrid(N, maxPerDim) };
    };
    switch (entry) {
      case 'attention_product_vec4_blocks': {
        // An older whole-block kernel (full rectangle of blocks, early exit above the diagonal), else the bounds-checked one.
        if (!readFileSync(`${dir}/${shader}.wgsl`, 'utf8').includes('fn attention_product_vec4_blocks')) return same('attention_product_vec4');
        const [M, , , , batches, blocksN] = d.params as number[];
        return { ...same(entry), workgroups: foldedGrid(batches * (M / 4) * blocksN, maxPerDim) };
      }
      case 'attention_softmax4': return same('attention_softmax');
      case 'attention_softmax_backward4': return same('attention_softmax_backward');
      case 'encoder_backward': {
        // Older shaders may take fewer table rows per workgroup: dispatch one workgroup per row, which any of them covers.
        const [, , V, P] = d.params as number[];
        return { ...same('encoder_backward'), workgroups: foldedGrid(V + P, maxPerDim, 1) };
      }
      case 'layernorm_forward4': return same('layernorm_forward');
      case 'layernorm_backward_input4': return same('layernorm_backward_input');
      case 'layernorm_backward_params4': return { ...same('layernorm_backward_params'), workgroups: [(d.workgroups[0] ?? 1) * 4] };
      case 'gelu_forward4': return elements('gelu_forward');
      case 'gelu_backward4': return elements('gelu_backward');
      case 'residual_forward4': return elements('residual_forward');
      default: return null;
    }
  };
  const rows = new Map<string, { fresh: number[]; old: number[] }>();
  const pairs = rec.captured.flatMap((d) => {
    const old = counterpart(d);
    return old ? [{ d, old, key: `${d.phase} ${d.pipeline.label}` }] : [];
  });
  const time = async (d: Captured) => (await timeGpuWork(ctx, (timed) => timed.dispatch(d.pipeline, d.bindings, d.workgroups, d.params))).ms;
  for (let r = 0; r < reps; r++) {
    const sums = new Map<string, { fresh: number; old: number }>();
    for (const { d, old, key } of pairs) {
      const entry = sums.get(key) ?? { fresh: 0, old: 0 };
      entry.old += await time(old);
      entry.fresh += await time(d);
      sums.set(key, entry);
    }
    for (const [key, { fresh, old }] of sums) {
      const row = rows.get(key) ?? { fresh: [], old: [] };
      row.fresh.push(fresh);
      row.old.push(old);
      rows.set(key, row);
    }
  }
  console.log(`| kernel (phase, all dispatches of a step) | old ms | new ms | speed-up |`);
  console.log(`|---|---|---|---|`);
  for (const [key, { fresh, old }] of rows) {
    console.log(`| ${key} | ${median(old).toFixed(1)} | ${median(fresh).toFixed(1)} | ${(median(old) / median(fresh)).toFixed(2)}x |`);
  }
}

/** --matmul: GFLOP/s of the linear-layer matmuls at this model's shapes against a 512^3 product (the design's yardstick). */
async function matmulFigures(ctx: GpuContext, shape: Shape, reps: number): Promise<void> {
  const { matmulBackward, matmulForward } = await import('../src/nn/ops/matmul');
  const { createStorageBuffer } = await import('../src/gpu/buffers');
  const kernels = createKernelContext(ctx);
  const N = shape.B * shape.T;
  const C = shape.config.width;
  const cases: [string, number, number, number][] = [
    ['512x512x512', 512, 512, 512],
    [`qkv ${N}x${C}->${3 * C}`, N, C, 3 * C],
    [`fc ${N}x${C}->${4 * C}`, N, C, 4 * C],
    [`fcproj ${N}x${4 * C}->${C}`, N, 4 * C, C],
  ];
  console.log(`| matmul | forward ms | GFLOP/s | backward ms (dinp + dweight) | GFLOP/s |`);
  console.log(`|---|---|---|---|---|`);
  for (const [name, rows, inC, outC] of cases) {
    const buffer = (floats: number) => createStorageBuffer(ctx, name, floats * 4);
    const [inp, weight, out, dinp, dweight] = [buffer(rows * inC), buffer(outC * inC), buffer(rows * outC), buffer(rows * inC), buffer(outC * inC)];
    const forward: number[] = [];
    const backward: number[] = [];
    for (let r = 0; r < reps; r++) {
      forward.push((await timeGpuWork(ctx, (rec) => matmulForward(kernels, rec, out, inp, weight, null, rows, inC, outC))).ms);
      backward.push((await timeGpuWork(ctx, (rec) => matmulBackward(kernels, rec, dinp, dweight, null, out, inp, weight, rows, inC, outC))).ms);
    }
    const flops = 2 * rows * inC * outC;
    const [f, b] = [median(forward), median(backward)];
    console.log(`| ${name} | ${f.toFixed(1)} | ${(flops / f / 1e6).toFixed(2)} | ${b.toFixed(1)} | ${((2 * flops) / b / 1e6).toFixed(2)} |`);
    for (const each of [inp, weight, out, dinp, dweight]) each.destroy();
  }
}

async function main(): Promise<void> {
  const presetName = argument('preset', 'small');
  const shape = SHAPES[presetName];
  if (!shape) throw new Error(`unknown preset ${presetName}; expected ${Object.keys(SHAPES).join(', ')}`);
  const reps = Number(argument('reps', '3'));
  const steps = Number(argument('steps', '3'));
  const ctx = await createNodeGpuContext();
  const kernels = createKernelContext(ctx);
  const { B, T, config } = shape;
  const model = GptModel.create(kernels, config, { maxBatch: B, seed: 1 });
  const batch = randomBatch(2, B * T, config.vocabSize);
  // Warm-up step: compiles every pipeline.
  await model.trainStep(batch, B, T, DEFAULT_ADAMW, 1);
  if (process.argv.includes('--matmul')) {
    await matmulFigures(ctx, shape, reps);
    model.destroy();
    return;
  }
  const abDir = argument('ab', '');
  if (abDir) {
    await abCompare(ctx, model, shape, reps, abDir);
    model.destroy();
    return;
  }
  if (!process.argv.includes('--no-ops')) {
    console.log(`# ${presetName}: B=${B} T=${T} ${JSON.stringify(config)}, adapter fallback=${ctx.adapter.isFallback}`);
    await profileOps(ctx, model, shape, reps);
  }
  const stepMs: number[] = [];
  for (let s = 0; s < steps; s++) {
    const start = performance.now();
    await model.trainStep(batch, B, T, DEFAULT_ADAMW, s + 2);
    stepMs.push(performance.now() - start);
  }
  const ms = median(stepMs);
  console.log(`${presetName} trainStep: median ${ms.toFixed(0)} ms of [${stepMs.map((v) => v.toFixed(0)).join(', ')}], ${((B * T * 1000) / ms).toFixed(0)} tokens/s`);
  model.destroy();
}

await main();
