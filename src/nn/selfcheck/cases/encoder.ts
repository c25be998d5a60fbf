import * as twin from '../../reference/ops';
import { encoderBackward, encoderForward } from '../../ops/encoder';
import { F32_UNIT_ROUNDOFF, absolute, maxAbs, maxAbsDifference, randomFloats, randomInts, seededRandom, sumTolerance, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

interface EncoderShape {
  N: number;
  C: number;
  V: number;
  P: number;
}

// One row; odd sizes; more rows than the backward's 1024-row chunk and more channels than its 64 invocations.
const SHAPES: EncoderShape[] = [
  { N: 1, C: 12, V: 37, P: 5 },
  { N: 66, C: 20, V: 37, P: 33 },
  { N: 2085, C: 70, V: 37, P: 33 },
];

const label = ({ N, C, V, P }: EncoderShape) => `N=${N} C=${C} V=${V} P=${P}`;

function encoderForwardCase(shape: EncoderShape): KernelCase {
  return {
    op: 'encoderForward',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { N, C, V, P } = shape;
        const random = seededRandom(11 + N);
        const tokens = randomInts(random, N, 0, V);
        const positions = randomInts(random, N, 0, P);
        const wte = randomFloats(random, V * C);
        const wpe = randomFloats(random, P * C);
        const expected = new Float64Array(N * C);
        twin.encoderForward(expected, tokens, positions, toF64(wte), toF64(wpe), N, C);
        const out = gpu.zeros('out', N * C);
        gpu.run((rec) => encoderForward(k, rec, out, gpu.upload('tokens', tokens), gpu.upload('positions', positions), gpu.upload('wte', wte), gpu.upload('wpe', wpe), N, C));
        // One correctly rounded f32 addition per element.
        return [{ tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(out, N * C), expected), tolerance: 2 * F32_UNIT_ROUNDOFF * maxAbs(expected) }];
      }),
  };
}

function encoderBackwardCase(shape: EncoderShape): KernelCase {
  return {
    op: 'encoderBackward',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { N, C, V, P } = shape;
        const random = seededRandom(23 + N);
        // Few distinct tokens so that rows repeat and gradients really accumulate.
        const tokens = randomInts(random, N, 0, Math.min(V, 5));
        const positions = randomInts(random, N, 0, P);
        const dout = randomFloats(random, N * C);
        const dwteStart = randomFloats(random, V * C);
        const dwpeStart = randomFloats(random, P * C);
        const dwte = toF64(dwteStart);
        const dwpe = toF64(dwpeStart);
        twin.encoderBackward(dwte, dwpe, toF64(dout), tokens, positions, N, C);
        const dwteGpu = gpu.upload('dwte', dwteStart);
        const dwpeGpu = gpu.upload('dwpe', dwpeStart);
        gpu.run((rec) => encoderBackward(k, rec, dwteGpu, dwpeGpu, gpu.upload('dout', dout), gpu.upload('tokens', tokens), gpu.upload('positions', positions), N, C));
        // Each element is a sum of at most N + 1 terms; the twin run on magnitudes gives each sum's sum of |terms|.
        const absWte = absolute(dwteStart);
        const absWpe = absolute(dwpeStart);
        twin.encoderBackward(absWte, absWpe, absolute(dout), tokens, positions, N, C);
        return [
          { tensor: 'dwte', maxAbsError: maxAbsDifference(await gpu.readFloats(dwteGpu, V * C), dwte), tolerance: sumTolerance(N + 1, maxAbs(absWte)) },
          { tensor: 'dwpe', maxAbsError: maxAbsDifference(await gpu.readFloats(dwpeGpu, P * C), dwpe), tolerance: sumTolerance(N + 1, maxAbs(absWpe)) },
        ];
      }),
  };
}

export const encoderCases: KernelCase[] = SHAPES.flatMap((shape) => [encoderForwardCase(shape), encoderBackwardCase(shape)]);
