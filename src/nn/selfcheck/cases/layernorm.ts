import * as twin from '../../reference/ops';
import { layernormBackward, layernormForward } from '../../ops/layernorm';
import { maxAbs, maxAbsDifference, randomFloats, seededRandom, sumTolerance, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

const SHAPES = [
  { N: 1, C: 12 },
  { N: 70, C: 20 },
  { N: 33, C: 15 },
  // C and every tensor whole vec4s: the *4 kernels.
  { N: 67, C: 24 },
];

/**
 * Relative error budget of every LayerNorm output: the row mean, the variance and the dnorm means are
 * C-term f32 sums (sumTolerance(C, 1) each, relative), inverseSqrt is within 2 ULP, and a handful of
 * rounded products follow; four sums' worth covers them all.
 */
const relativeBudget = (C: number) => 4 * sumTolerance(C, 1);

/** Rows with an offset (so the mean matters) plus spread in [-1, 1]. */
function rows(random: () => number, N: number, C: number): Float32Array {
  const inp = randomFloats(random, N * C);
  for (let n = 0; n < N; n++) {
    const offset = (random() * 2 - 1) * 0.5;
    for (let c = 0; c < C; c++) inp[n * C + c] += offset;
  }
  return inp;
}

function forwardCase({ N, C }: { N: number; C: number }): KernelCase {
  return {
    op: 'layernormForward',
    shape: `N=${N} C=${C}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(100 + N * C);
        const inp = rows(random, N, C);
        const weight = randomFloats(random, C, 1.5);
        const bias = randomFloats(random, C);
        const out = new Float64Array(N * C);
        const mean = new Float64Array(N);
        const rstd = new Float64Array(N);
        twin.layernormForward(out, mean, rstd, toF64(inp), toF64(weight), toF64(bias), N, C);
        const outGpu = gpu.zeros('out', N * C);
        const meanGpu = gpu.zeros('mean', N);
        const rstdGpu = gpu.zeros('rstd', N);
        gpu.run((rec) => layernormForward(k, rec, outGpu, meanGpu, rstdGpu, gpu.upload('inp', inp), gpu.upload('weight', weight), gpu.upload('bias', bias), N, C));
        const norm = Float64Array.from(inp, (x, i) => (x - mean[Math.floor(i / C)]) * rstd[Math.floor(i / C)]);
        const budget = relativeBudget(C);
        return [
          { tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(outGpu, N * C), out), tolerance: budget * (maxAbs(norm) * maxAbs(weight) + maxAbs(bias)) },
          { tensor: 'mean', maxAbsError: maxAbsDifference(await gpu.readFloats(meanGpu, N), mean), tolerance: budget * maxAbs(inp) },
          { tensor: 'rstd', maxAbsError: maxAbsDifference(await gpu.readFloats(rstdGpu, N), rstd), tolerance: budget * maxAbs(rstd) },
        ];
      }),
  };
}

function backwardCase({ N, C }: { N: number; C: number }): KernelCase {
  return {
    op: 'layernormBackward',
    shape: `N=${N} C=${C}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(200 + N * C);
        const inp = rows(random, N, C);
        const weight = randomFloats(random, C, 1.5);
        const dout = randomFloats(random, N * C);
        const dinpStart = randomFloats(random, N * C);
        const dweightStart = randomFloats(random, C);
        const dbiasStart = randomFloats(random, C);
        // mean and rstd come from the forward pass; both sides get the same f32 values.
        const mean64 = new Float64Array(N);
        const rstd64 = new Float64Array(N);
        twin.layernormForward(new Float64Array(N * C), mean64, rstd64, toF64(inp), toF64(weight), new Float64Array(C), N, C);
        const mean = Float32Array.from(mean64);
        const rstd = Float32Array.from(rstd64);
        const dinp = toF64(dinpStart);
        const dweight = toF64(dweightStart);
        const dbias = toF64(dbiasStart);
        twin.layernormBackward(dinp, dweight, dbias, toF64(dout), toF64(inp), toF64(weight), toF64(mean), toF64(rstd), N, C);

        const dinpGpu = gpu.upload('dinp', dinpStart);
        const dweightGpu = gpu.upload('dweight', dweightStart);
        const dbiasGpu = gpu.upload('dbias', dbiasStart);
        gpu.run((rec) =>
          layernormBackward(k, rec, dinpGpu, dweightGpu, dbiasGpu, gpu.upload('dout', dout), gpu.upload('inp', inp), gpu.upload('weight', weight), gpu.upload('mean', mean), gpu.upload('rstd', rstd), N, C),
        );
        const maxNorm = maxAbs(Float64Array.from(inp, (x, i) => (x - mean[Math.floor(i / C)]) * rstd[Math.floor(i / C)]));
        const maxDnorm = maxAbs(weight) * maxAbs(dout);
        // dinp: dnorm, its row mean and norm * mean(dnorm * norm), each within the relative budget, times rstd.
        const dinpScale = (2 * maxDnorm + maxNorm * maxNorm * maxDnorm) * maxAbs(rstd) + maxAbs(dinpStart);
        // dweight, dbias: N-term sums over rows (plus the start value) of |norm * dout| and |dout|; dweight twice
        // the bound because each term's norm is itself a few roundings off.
        const dweightAbsSum = N * maxNorm * maxAbs(dout) + maxAbs(dweightStart);
        const dbiasAbsSum = N * maxAbs(dout) + maxAbs(dbiasStart);
        return [
          { tensor: 'dinp', maxAbsError: maxAbsDifference(await gpu.readFloats(dinpGpu, N * C), dinp), tolerance: relativeBudget(C) * dinpScale },
          { tensor: 'dweight', maxAbsError: maxAbsDifference(await gpu.readFloats(dweightGpu, C), dweight), tolerance: sumTolerance(N + 1, dweightAbsSum) * 2 },
          { tensor: 'dbias', maxAbsError: maxAbsDifference(await gpu.readFloats(dbiasGpu, C), dbias), tolerance: sumTolerance(N + 1, dbiasAbsSum) },
        ];
      }),
  };
}

export const layernormCases: KernelCase[] = SHAPES.flatMap((shape) => [forwardCase(shape), backwardCase(shape)]);
