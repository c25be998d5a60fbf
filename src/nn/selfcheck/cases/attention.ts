import * as twin from '../../reference/ops';
import { attentionBackward, attentionForward } from '../../ops/attention';
import { F32_UNIT_ROUNDOFF, expRelativeError, maxAbs, maxAbsDifference, randomFloats, seededRandom, sumTolerance, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';

interface AttentionShape {
  B: number;
  T: number;
  C: number;
  NH: number;
  /** Several sequences per row (positions restart at random points), as the warm start's packed batches. */
  packed?: boolean;
}

// One token; odd head sizes (5, 5); one head of 12; the longest sequence (33). Head sizes that are multiples
// of 4 (4, 12, 8) take the vec4 path of the score products, the others the scalar one.
const SHAPES: AttentionShape[] = [
  { B: 1, T: 1, C: 12, NH: 3 },
  { B: 2, T: 33, C: 20, NH: 4 },
  { B: 3, T: 7, C: 15, NH: 3 },
  { B: 1, T: 9, C: 12, NH: 1 },
  { B: 2, T: 21, C: 16, NH: 2 },
  // T and head size multiples of 4: the whole-block kernels (kvec4, mvec4) for att v and the backward products.
  { B: 2, T: 20, C: 24, NH: 2 },
  { B: 1, T: 8, C: 16, NH: 1 },
  // Packed rows, on the scalar softmax (T odd) and the vec4 one (T a multiple of 4).
  { B: 2, T: 33, C: 20, NH: 4, packed: true },
  { B: 3, T: 20, C: 24, NH: 2, packed: true },
];

/** Each token's position in its own sequence: n % T, or, packed, sequences of 1..T/2 tokens back to back. */
export function rowPositions(shape: AttentionShape, random: () => number): Int32Array {
  const { B, T } = shape;
  const positions = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    let position = 0;
    let length = 1 + Math.floor(random() * Math.max(1, T / 2));
    for (let t = 0; t < T; t++) {
      if (shape.packed && position === length) {
        position = 0;
        length = 1 + Math.floor(random() * Math.max(1, T / 2));
      }
      positions[b * T + t] = shape.packed ? position : t;
      position++;
    }
  }
  return positions;
}
const QKV_SCALE = 1.5;

const label = ({ B, T, C, NH, packed }: AttentionShape) => `B=${B} T=${T} C=${C} NH=${NH}${packed ? ' packed' : ''}`;

/** Error budgets of attention's outputs for T keys of head size hs (also used by the decode case). */
export function attentionTolerances(T: number, hs: number, maxQkv: number, maxPreatt: number) {
  const scale = 1 / Math.sqrt(hs);
  // preatt: an hs-term dot product of |q k| <= maxQkv^2, scaled, plus the scaling's rounding.
  const preatt = sumTolerance(hs, hs * maxQkv * maxQkv) * scale + 2 * F32_UNIT_ROUNDOFF * maxPreatt;
  // att (relative): exp of arguments down to -2 maxPreatt, errors of both scores in a difference, the T-term sum
  // and the division.
  const attRelative = expRelativeError(2 * maxPreatt) + 2 * preatt + sumTolerance(T, 1) + 4 * F32_UNIT_ROUNDOFF;
  // out: att-weighted sums of v; the weights add up to 1.
  const out = attRelative * maxQkv + sumTolerance(T, maxQkv);
  return { preatt, att: attRelative, out };
}

function forwardCase(shape: AttentionShape): KernelCase {
  return {
    op: 'attentionForward',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { B, T, C, NH } = shape;
        const random = seededRandom(900 + B * T * C + NH);
        const qkv = randomFloats(random, B * T * 3 * C, QKV_SCALE);
        const positions = rowPositions(shape, random);
        const scores = B * NH * T * T;
        const out = new Float64Array(B * T * C);
        const preatt = new Float64Array(scores);
        const att = new Float64Array(scores);
        twin.attentionForward(out, preatt, att, toF64(qkv), B, T, C, NH, positions);
        const outGpu = gpu.zeros('out', B * T * C);
        const preattGpu = gpu.zeros('preatt', scores);
        const attGpu = gpu.zeros('att', scores);
        gpu.run((rec) => attentionForward(k, rec, outGpu, preattGpu, attGpu, gpu.upload('qkv', qkv), gpu.upload('positions', positions), B, T, C, NH));
        const tolerance = attentionTolerances(T, C / NH, maxAbs(qkv), maxAbs(preatt));
        return [
          { tensor: 'preatt', maxAbsError: maxAbsDifference(await gpu.readFloats(preattGpu, scores), preatt), tolerance: tolerance.preatt },
          { tensor: 'att', maxAbsError: maxAbsDifference(await gpu.readFloats(attGpu, scores), att), tolerance: tolerance.att },
          { tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(outGpu, B * T * C), out), tolerance: tolerance.out },
        ];
      }),
  };
}

function backwardCase(shape: AttentionShape): KernelCase {
  return {
    op: 'attentionBackward',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { B, T, C, NH } = shape;
        const random = seededRandom(1000 + B * T * C + NH);
        const qkv = randomFloats(random, B * T * 3 * C, QKV_SCALE);
        const dout = randomFloats(random, B * T * C);
        const scores = B * NH * T * T;
        const att64 = new Float64Array(scores);
        twin.attentionForward(new Float64Array(B * T * C), new Float64Array(scores), att64, toF64(qkv), B, T, C, NH, rowPositions(shape, random));
        const att = Float32Array.from(att64);
        // Non-zero starting gradients: every output accumulates.
        const dqkvStart = randomFloats(random, B * T * 3 * C, 0.5);
        const dpreattStart = randomFloats(random, scores, 0.5);
        const dattStart = randomFloats(random, scores, 0.5);
        const dqkv = toF64(dqkvStart);
        const dpreatt = toF64(dpreattStart);
        const datt = toF64(dattStart);
        twin.attentionBackward(dqkv, dpreatt, datt, toF64(dout), toF64(qkv), toF64(att), B, T, C, NH);

        const dqkvGpu = gpu.upload('dqkv', dqkvStart);
        const dpreattGpu = gpu.upload('dpreatt', dpreattStart);
        const dattGpu = gpu.upload('datt', dattStart);
        gpu.run((rec) => attentionBackward(k, rec, dqkvGpu, dpreattGpu, dattGpu, gpu.upload('dout', dout), gpu.upload('qkv', qkv), gpu.upload('att', att), B, T, C, NH));

        const hs = C / NH;
        const scale = 1 / Math.sqrt(hs);
        const maxQkv = maxAbs(qkv);
        const maxDout = maxAbs(dout);
        // datt: start + an hs-term dot product of v and dout.
        const dattTolerance = sumTolerance(hs + 1, hs * maxQkv * maxDout + maxAbs(dattStart));
        // dpreatt: att (<= 1) times (datt - sum_t2 att datt); that sum has weights adding up to 1.
        const dpreattTolerance = 2 * dattTolerance + sumTolerance(T, maxAbs(datt)) + 4 * F32_UNIT_ROUNDOFF * maxAbs(dpreatt);
        // dq, dk: scaled T-term sums of |qkv| * dpreatt (each dpreatt off by its tolerance); dv: T-term sums of att * dout.
        const dqkvTolerance =
          scale * T * maxQkv * (dpreattTolerance + sumTolerance(T, maxAbs(dpreatt))) + sumTolerance(T + 1, T * maxDout + maxAbs(dqkvStart)) + 2 * F32_UNIT_ROUNDOFF * maxAbs(dqkv);
        return [
          { tensor: 'datt', maxAbsError: maxAbsDifference(await gpu.readFloats(dattGpu, scores), datt), tolerance: dattTolerance },
          { tensor: 'dpreatt', maxAbsError: maxAbsDifference(await gpu.readFloats(dpreattGpu, scores), dpreatt), tolerance: dpreattTolerance },
          { tensor: 'dqkv', maxAbsError: maxAbsDifference(await gpu.readFloats(dqkvGpu, B * T * 3 * C), dqkv), tolerance: dqkvTolerance },
        ];
      }),
  };
}

export const attentionCases: KernelCase[] = SHAPES.flatMap((shape) => [forwardCase(shape), backwardCase(shape)]);
