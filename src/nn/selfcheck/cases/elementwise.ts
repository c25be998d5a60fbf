import * as twin from '../../reference/ops';
import { geluBackward, geluForward } from '../../ops/gelu';
import { residualBackward, residualForward } from '../../ops/residual';
import { F32_UNIT_ROUNDOFF, TANH_ABSOLUTE_ERROR, maxAbs, maxAbsDifference, randomFloats, seededRandom, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

const GELU_SCALE = Math.sqrt(2 / Math.PI);
// 1 element, an odd count, and more than 65535 workgroups of 64 (the folded 2-D grid).
// 1024: whole vec4s, the four-per-invocation kernels.
const GELU_SIZES = [1, 1001, 1024];
const RESIDUAL_SIZES = [1, 1001, 4096, 65535 * 64 + 77];

function geluForwardCase(N: number): KernelCase {
  return {
    op: 'geluForward',
    shape: `N=${N}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        // [-6, 6] covers both tails, where tanh saturates.
        const inp = randomFloats(seededRandom(300 + N), N, 6);
        const out = new Float64Array(N);
        twin.geluForward(out, toF64(inp), N);
        const outGpu = gpu.zeros('out', N);
        gpu.run((rec) => geluForward(k, rec, outGpu, gpu.upload('inp', inp), N));
        // out = 0.5 x (1 + tanh u): tanh's absolute error times 0.5|x|, plus a few roundings of |out|.
        const tolerance = 0.5 * maxAbs(inp) * TANH_ABSOLUTE_ERROR + 8 * F32_UNIT_ROUNDOFF * maxAbs(out);
        return [{ tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(outGpu, N), out), tolerance }];
      }),
  };
}

function geluBackwardCase(N: number): KernelCase {
  return {
    op: 'geluBackward',
    shape: `N=${N}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(400 + N);
        const inp = randomFloats(random, N, 6);
        const dout = randomFloats(random, N);
        const dinpStart = randomFloats(random, N);
        const dinp = toF64(dinpStart);
        twin.geluBackward(dinp, toF64(inp), toF64(dout), N);
        const dinpGpu = gpu.upload('dinp', dinpStart);
        gpu.run((rec) => geluBackward(k, rec, dinpGpu, gpu.upload('inp', inp), gpu.upload('dout', dout), N));
        // The local gradient depends on tanh through 0.5 th and through sech^2 = 1 - th^2 (weight |x| * ...);
        // their sensitivity to th times tanh's error, times |dout|, plus roundings of the products and the sum.
        const x = maxAbs(inp);
        const sensitivity = 0.5 + x * GELU_SCALE * (1 + 3 * 0.044715 * x * x);
        const tolerance = sensitivity * TANH_ABSOLUTE_ERROR * maxAbs(dout) + 16 * F32_UNIT_ROUNDOFF * (sensitivity * maxAbs(dout) + maxAbs(dinp));
        return [{ tensor: 'dinp', maxAbsError: maxAbsDifference(await gpu.readFloats(dinpGpu, N), dinp), tolerance }];
      }),
  };
}

function residualForwardCase(N: number): KernelCase {
  return {
    op: 'residualForward',
    shape: `N=${N}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(500 + N);
        const inp1 = randomFloats(random, N);
        const inp2 = randomFloats(random, N);
        const out = new Float64Array(N);
        twin.residualForward(out, toF64(inp1), toF64(inp2), N);
        const outGpu = gpu.zeros('out', N);
        gpu.run((rec) => residualForward(k, rec, outGpu, gpu.upload('inp1', inp1), gpu.upload('inp2', inp2), N));
        // One correctly rounded addition.
        return [{ tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(outGpu, N), out), tolerance: F32_UNIT_ROUNDOFF * maxAbs(out) }];
      }),
  };
}

function residualBackwardCase(N: number): KernelCase {
  return {
    op: 'residualBackward',
    shape: `N=${N}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const random = seededRandom(600 + N);
        const dout = randomFloats(random, N);
        const start1 = randomFloats(random, N);
        const start2 = randomFloats(random, N);
        const dinp1 = toF64(start1);
        const dinp2 = toF64(start2);
        twin.residualBackward(dinp1, dinp2, toF64(dout), N);
        const dinp1Gpu = gpu.upload('dinp1', start1);
        const dinp2Gpu = gpu.upload('dinp2', start2);
        gpu.run((rec) => residualBackward(k, rec, dinp1Gpu, dinp2Gpu, gpu.upload('dout', dout), N));
        return [
          { tensor: 'dinp1', maxAbsError: maxAbsDifference(await gpu.readFloats(dinp1Gpu, N), dinp1), tolerance: F32_UNIT_ROUNDOFF * maxAbs(dinp1) },
          { tensor: 'dinp2', maxAbsError: maxAbsDifference(await gpu.readFloats(dinp2Gpu, N), dinp2), tolerance: F32_UNIT_ROUNDOFF * maxAbs(dinp2) },
        ];
      }),
  };
}

export const geluCases: KernelCase[] = GELU_SIZES.flatMap((N) => [geluForwardCase(N), geluBackwardCase(N)]);
export const residualCases: KernelCase[] = RESIDUAL_SIZES.flatMap((N) => [residualForwardCase(N), residualBackwardCase(N)]);
