import * as twin from '../../reference/ops';
import { adamwUpdate } from '../../ops/adamw';
import { gradGlobalNorm } from '../../ops/gradnorm';
import { F32_UNIT_ROUNDOFF, maxAbs, maxAbsDifference, randomFloats, seededRandom, sumTolerance, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

// One element; odd; more elements than the norm's 256 invocations squared.
const NORM_SIZES = [1, 1001, 70_001];

/** sqrt(S) of an f32 sum S of N squares: dS / (2 sqrt S) from the sum, plus sqrt's own rounding. */
function normTolerance(N: number, norm: number): number {
  return norm > 0 ? sumTolerance(N, norm * norm) / (2 * norm) + 2 * F32_UNIT_ROUNDOFF * norm : 0;
}

function gradNormCase(N: number): KernelCase {
  return {
    op: 'gradGlobalNorm',
    shape: `N=${N}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const grads = randomFloats(seededRandom(1400 + N), N, 0.1);
        const norm = twin.gradGlobalNorm(toF64(grads), N);
        const normGpu = gpu.zeros('norm', 1);
        gpu.run((rec) => gradGlobalNorm(k, rec, normGpu, gpu.upload('grads', grads), N));
        return [{ tensor: 'norm', maxAbsError: maxAbsDifference(await gpu.readFloats(normGpu, 1), [norm]), tolerance: normTolerance(N, norm) }];
      }),
  };
}

interface AdamWSetup {
  N: number;
  decayEnd: number;
  steps: number;
  /** Clip threshold as a multiple of the median gradient norm over the steps (0: no clipping). */
  clipAtMedian: number;
}

const ADAMW_SETUPS: AdamWSetup[] = [
  { N: 1, decayEnd: 1, steps: 3, clipAtMedian: 0 },
  { N: 1001, decayEnd: 640, steps: 5, clipAtMedian: 1 },
  { N: 70_001, decayEnd: 33_000, steps: 4, clipAtMedian: 0.5 },
];
const HYPER: twin.AdamWHyper = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };

function adamwCase(setup: AdamWSetup): KernelCase {
  const { N, decayEnd, steps } = setup;
  return {
    op: 'adamwUpdate',
    shape: `N=${N} decayEnd=${decayEnd} steps=${steps} clip=${setup.clipAtMedian ? `${setup.clipAtMedian}x median norm` : 'off'}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(1500 + N);
        const start = randomFloats(random, N);
        // Gradient scales change from step to step, so that clipping is active on some steps only.
        const gradsPerStep = Array.from({ length: steps }, (_, step) => randomFloats(random, N, 0.05 * (1 + step)));
        const norms = gradsPerStep.map((grads) => twin.gradGlobalNorm(toF64(grads), N));
        const median = [...norms].sort((a, b) => a - b)[Math.floor(steps / 2)];
        const maxNorm = setup.clipAtMedian * median;

        const params = toF64(start);
        const m = new Float64Array(N);
        const v = new Float64Array(N);
        const paramsGpu = gpu.upload('params', start);
        const mGpu = gpu.zeros('m', N);
        const vGpu = gpu.zeros('v', N);
        const normGpu = gpu.zeros('norm', 1);
        let maxRatio = 0;
        for (let step = 1; step <= steps; step++) {
          const grads = gradsPerStep[step - 1];
          twin.adamwUpdate(params, toF64(grads), m, v, N, decayEnd, HYPER, step, twin.clipScale(norms[step - 1], maxNorm));
          for (let i = 0; i < N; i++) {
            maxRatio = Math.max(maxRatio, Math.abs(m[i] / (1 - HYPER.beta1 ** step) / (Math.sqrt(v[i] / (1 - HYPER.beta2 ** step)) + HYPER.eps)));
          }
          const gradsGpu = gpu.upload('grads', grads);
          gpu.run((rec) => {
            gradGlobalNorm(k, rec, normGpu, gradsGpu, N);
            adamwUpdate(k, rec, paramsGpu, gradsGpu, mGpu, vGpu, N, decayEnd, HYPER, step, normGpu, maxNorm);
          });
        }
        // Per step: the clip scale carries the norm's relative error (twice for v, which squares it) and each
        // moment update rounds a few times. Adam's m / sqrt(v) cancels a common scale, but where m is small its
        // absolute error is bounded through |g| <= sqrt(v / (1 - beta2)), hence the 1 / sqrt(1 - beta2) term.
        const normRelative = Math.max(...norms.map((norm) => normTolerance(N, norm) / norm));
        const relative = steps * (2 * normRelative + 8 * F32_UNIT_ROUNDOFF);
        const ratioError = relative * (maxRatio + 1 / Math.sqrt(1 - HYPER.beta2));
        const paramsTolerance = steps * (HYPER.lr * ratioError + 4 * F32_UNIT_ROUNDOFF * maxAbs(params));
        return [
          { tensor: 'params', maxAbsError: maxAbsDifference(await gpu.readFloats(paramsGpu, N), params), tolerance: paramsTolerance },
          { tensor: 'm', maxAbsError: maxAbsDifference(await gpu.readFloats(mGpu, N), m), tolerance: relative * maxAbs(m) },
          { tensor: 'v', maxAbsError: maxAbsDifference(await gpu.readFloats(vGpu, N), v), tolerance: relative * maxAbs(v) },
        ];
      }),
  };
}

export const gradNormCases: KernelCase[] = NORM_SIZES.map(gradNormCase);
export const adamwCases: KernelCase[] = ADAMW_SETUPS.map(adamwCase);
