import * as twin from '../../reference/ops';
import { attentionDecode, kvcacheWrite } from '../../ops/kvcache';
import { maxAbsDifference, randomFloats, seededRandom, toF64 } from '../data';
import { withBuffers, type KernelCase } from '../harness';
import { attentionTolerances } from './attention';

interface DecodeShape {
  C: number;
  NH: number;
  maxT: number;
  /** One entry per row; -1 is an idle row. */
  positions: number[];
}

// Odd head size 5 with first, last and idle positions; one head of 12 with a single row; a long cache (2100
// positions); a head of 70 channels, more than a workgroup's 64 invocations.
const SHAPES: DecodeShape[] = [
  { C: 20, NH: 4, maxT: 33, positions: [0, 32, -1, 17] },
  { C: 15, NH: 3, maxT: 9, positions: [4, -1, 8] },
  { C: 12, NH: 1, maxT: 5, positions: [3] },
  { C: 8, NH: 2, maxT: 2100, positions: [2099, 700] },
  { C: 70, NH: 1, maxT: 6, positions: [5, 2] },
];
const SCALE = 1.5;

const label = ({ C, NH, maxT, positions }: DecodeShape) => `B=${positions.length} C=${C} NH=${NH} maxT=${maxT}`;

function writeCase(shape: DecodeShape): KernelCase {
  return {
    op: 'kvcacheWrite',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { C, NH, maxT } = shape;
        const B = shape.positions.length;
        const positions = Int32Array.from(shape.positions);
        const random = seededRandom(1100 + C * maxT);
        const cacheSize = B * maxT * C;
        const kStart = randomFloats(random, cacheSize);
        const vStart = randomFloats(random, cacheSize);
        const qkv = randomFloats(random, B * 3 * C);
        const kcache = toF64(kStart);
        const vcache = toF64(vStart);
        twin.kvcacheWrite(kcache, vcache, toF64(qkv), positions, B, C, NH, maxT);
        const kGpu = gpu.upload('kcache', kStart);
        const vGpu = gpu.upload('vcache', vStart);
        gpu.run((rec) => kvcacheWrite(k, rec, kGpu, vGpu, gpu.upload('qkv', qkv), gpu.upload('positions', positions), B, C, NH, maxT));
        // A copy: exact, and every other entry (idle rows included) must keep its value.
        return [
          { tensor: 'kcache', maxAbsError: maxAbsDifference(await gpu.readFloats(kGpu, cacheSize), kcache), tolerance: 0 },
          { tensor: 'vcache', maxAbsError: maxAbsDifference(await gpu.readFloats(vGpu, cacheSize), vcache), tolerance: 0 },
        ];
      }),
  };
}

function decodeCase(shape: DecodeShape): KernelCase {
  return {
    op: 'attentionDecode',
    shape: label(shape),
    run: (k) =>
      withBuffers(k, async (gpu) => {
        const { C, NH, maxT } = shape;
        const B = shape.positions.length;
        const positions = Int32Array.from(shape.positions);
        const random = seededRandom(1200 + C * maxT);
        const cacheSize = B * maxT * C;
        const kcache = randomFloats(random, cacheSize, SCALE);
        const vcache = randomFloats(random, cacheSize, SCALE);
        const qkv = randomFloats(random, B * 3 * C, SCALE);
        const out = new Float64Array(B * C);
        twin.attentionDecode(out, toF64(qkv), toF64(kcache), toF64(vcache), positions, B, C, NH, maxT);
        // Start from garbage so that idle rows must really be zeroed.
        const outGpu = gpu.upload('out', randomFloats(random, B * C, 100));
        gpu.run((rec) => attentionDecode(k, rec, outGpu, gpu.upload('qkv', qkv), gpu.upload('kcache', kcache), gpu.upload('vcache', vcache), gpu.upload('positions', positions), B, C, NH, maxT));
        const hs = C / NH;
        // Scores are bounded by hs * SCALE^2 / sqrt(hs); the same budget as training attention over maxT keys.
        const maxScore = Math.sqrt(hs) * SCALE * SCALE;
        const tolerance = attentionTolerances(maxT, hs, SCALE, maxScore).out;
        return [{ tensor: 'out', maxAbsError: maxAbsDifference(await gpu.readFloats(outGpu, B * C), out), tolerance }];
      }),
  };
}

export const kvcacheCases: KernelCase[] = SHAPES.flatMap((shape) => [writeCase(shape), decodeCase(shape)]);
