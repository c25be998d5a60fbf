import * as twin from '../../reference/ops';
import { matmulBackward, matmulForward, resolveMatmulVariant } from '../../ops/matmul';
import { F32_UNIT_ROUNDOFF, absolute, randomFloats, seededRandom, toF64 } from '../data';
import { withBuffers, worstElementCheck, type KernelCase } from '../harness';

// One row; odd sizes; past one 64-wide tile in every dimension.
const SHAPES = [
  { N: 1, C: 37, OC: 19 },
  { N: 33, C: 20, OC: 37 },
  { N: 70, C: 67, OC: 65 },
];

/**
 * Each output is a K-term sum of products plus a bias or a prior value: f32 recursive summation errs by at
 * most about (K + 2) * 2^-24 * (sum of |terms|) (Higham's gamma bound, one rounding per step and one for the
 * final add), whatever the order. The twin run on magnitudes gives each element's sum of |terms|.
 */
const bounds = (magnitudes: Float64Array, K: number) => magnitudes.map((m) => (K + 2) * F32_UNIT_ROUNDOFF * m);

function matmulCase({ N, C, OC }: { N: number; C: number; OC: number }): KernelCase {
  return {
    op: 'matmul',
    shape: `N=${N} C=${C} OC=${OC}`,
    run: (k) =>
      withBuffers(k, async (gpu) => {
        // The variant this context really uses (the tuned or default one); its name goes into the report.
        const variant = resolveMatmulVariant(k);
        const random = seededRandom(1600 + N * C + OC);
        const inp = randomFloats(random, N * C);
        const weight = randomFloats(random, OC * C);
        const bias = randomFloats(random, OC);
        const dout = randomFloats(random, N * OC);
        const dinpStart = randomFloats(random, N * C);
        const dweightStart = randomFloats(random, OC * C);
        const dbiasStart = randomFloats(random, OC);

        const out = new Float64Array(N * OC);
        const outMagnitude = new Float64Array(N * OC);
        twin.matmulForward(out, toF64(inp), toF64(weight), toF64(bias), N, C, OC);
        twin.matmulForward(outMagnitude, absolute(inp), absolute(weight), absolute(bias), N, C, OC);
        const dinp = toF64(dinpStart);
        const dweight = toF64(dweightStart);
        const dbias = toF64(dbiasStart);
        twin.matmulBackward(dinp, dweight, dbias, toF64(dout), toF64(inp), toF64(weight), N, C, OC);
        const dinpMagnitude = absolute(dinpStart);
        const dweightMagnitude = absolute(dweightStart);
        const dbiasMagnitude = absolute(dbiasStart);
        twin.matmulBackward(dinpMagnitude, dweightMagnitude, dbiasMagnitude, absolute(dout), absolute(inp), absolute(weight), N, C, OC);

        const buffers = {
          out: gpu.upload('out', new Float32Array(N * OC).fill(1e6)),
          inp: gpu.upload('inp', inp),
          weight: gpu.upload('weight', weight),
          bias: gpu.upload('bias', bias),
          dout: gpu.upload('dout', dout),
          dinp: gpu.upload('dinp', dinpStart),
          dweight: gpu.upload('dweight', dweightStart),
          dbias: gpu.upload('dbias', dbiasStart),
        };
        gpu.run((rec) => {
          matmulForward(k, rec, buffers.out, buffers.inp, buffers.weight, buffers.bias, N, C, OC);
          matmulBackward(k, rec, buffers.dinp, buffers.dweight, buffers.dbias, buffers.dout, buffers.inp, buffers.weight, N, C, OC);
        });
        return [
          worstElementCheck(`out (${variant})`, await gpu.readFloats(buffers.out, N * OC), out, bounds(outMagnitude, C)),
          worstElementCheck(`dinp (${variant})`, await gpu.readFloats(buffers.dinp, N * C), dinp, bounds(dinpMagnitude, OC)),
          worstElementCheck(`dweight (${variant})`, await gpu.readFloats(buffers.dweight, OC * C), dweight, bounds(dweightMagnitude, N)),
          worstElementCheck(`dbias (${variant})`, await gpu.readFloats(buffers.dbias, OC), dbias, bounds(dbiasMagnitude, N)),
        ];
      }),
  };
}

/** The matmul engineer's tests (src/nn/ops/matmul.test.ts) cover every variant; the self-check covers the one in use. */
export const matmulCases: KernelCase[] = SHAPES.map(matmulCase);
