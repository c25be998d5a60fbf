import * as tf from '@tensorflow/tfjs-core';
import { createStorageBuffer, readFloats, writeBuffer } from '../gpu/buffers';
import { CommandRecorder } from '../gpu/recorder';
import type { KernelContext } from '../nn/ops/kernel-context';
import { matmulForward, resolveMatmulVariant } from '../nn/ops/matmul';
import type { MatmulRow } from './report';
import { repetitionsFor, type BenchBudget } from './budget';

/** One forward product shape: out[N, OC] = inp[N, C] @ weight[OC, C]^T (no bias, as tf.matMul). */
export interface ProductShape {
  n: number | null;
  N: number;
  C: number;
  OC: number;
}

export function squareShapes(sizes: readonly number[]): ProductShape[] {
  return sizes.map((n) => ({ n, N: n, C: n, OC: n }));
}

const flopsOf = (s: ProductShape) => 2 * s.N * s.C * s.OC;

/** GFLOP/s of `run(reps)` (milliseconds for `reps` products): one warm-up run, then as many as the budget allows. */
async function gflopsOf(shape: ProductShape, budget: BenchBudget, run: (reps: number) => Promise<number>): Promise<number> {
  // The warm-up (compilation included) overestimates one run: at worst we time fewer repetitions.
  const reps = repetitionsFor(await run(1), budget);
  const ms = await run(reps);
  return (flopsOf(shape) * reps) / ms / 1e6;
}

function filler(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => (((i + seed) * 2654435761) % 1000) / 1000 - 0.5);
}

/**
 * Times `reps` products in one submission, then reads the whole output back: the same sync that tfjs's side
 * pays with `await result.data()`. The first call compiles the pipeline and is not counted.
 */
export async function oursGflops(k: KernelContext, shape: ProductShape, budget: BenchBudget): Promise<number> {
  const { N, C, OC } = shape;
  const inp = createStorageBuffer(k.ctx, 'bench-inp', N * C * 4);
  const weight = createStorageBuffer(k.ctx, 'bench-weight', OC * C * 4);
  const out = createStorageBuffer(k.ctx, 'bench-out', N * OC * 4);
  writeBuffer(k.ctx, inp, filler(N * C, 1));
  writeBuffer(k.ctx, weight, filler(OC * C, 2));
  const run = async (reps: number) => {
    const start = performance.now();
    const rec = new CommandRecorder(k.ctx, 'bench-matmul');
    for (let r = 0; r < reps; r++) matmulForward(k, rec, out, inp, weight, null, N, C, OC);
    rec.submit();
    await readFloats(k.ctx, out, 0, N * OC);
    return performance.now() - start;
  };
  try {
    return await gflopsOf(shape, budget, run);
  } finally {
    inp.destroy();
    weight.destroy();
    out.destroy();
  }
}

/** tf.matMul(inp, weight, false, true) on tfjs's current backend, warmed up, synced by reading the result. */
export async function tfjsGflops(shape: ProductShape, budget: BenchBudget): Promise<number> {
  const { N, C, OC } = shape;
  const inp = tf.tensor2d(filler(N * C, 1), [N, C]);
  const weight = tf.tensor2d(filler(OC * C, 2), [OC, C]);
  const run = async (reps: number) => {
    const start = performance.now();
    let result: tf.Tensor | null = null;
    for (let r = 0; r < reps; r++) {
      result?.dispose();
      result = tf.matMul(inp, weight, false, true);
    }
    await result?.data();
    result?.dispose();
    return performance.now() - start;
  };
  try {
    return await gflopsOf(shape, budget, run);
  } finally {
    inp.dispose();
    weight.dispose();
  }
}

export async function benchMatmul(k: KernelContext, shapes: readonly ProductShape[], budget: BenchBudget, log: (line: string) => void): Promise<MatmulRow[]> {
  const rows: MatmulRow[] = [];
  const variant = resolveMatmulVariant(k);
  for (const shape of shapes) {
    const ours = await oursGflops(k, shape, budget);
    const theirs = await tfjsGflops(shape, budget);
    const row: MatmulRow = { n: shape.n, N: shape.N, C: shape.C, OC: shape.OC, ours_gflops: round(ours), tfjs_gflops: round(theirs), variant };
    log(`matmul ${shape.N}x${shape.C}x${shape.OC}: ours ${row.ours_gflops} GFLOP/s (${variant}), tfjs ${row.tfjs_gflops} GFLOP/s`);
    rows.push(row);
  }
  return rows;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
