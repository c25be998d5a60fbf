import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../../gpu/node';
import { CommandRecorder, readFloats, uploadBuffer, type GpuContext } from '../../gpu/index';
import { cachedChoice, forgetChoice } from '../../gpu/tune';
import * as ref from '../reference/ops';
import { createKernelContext, type KernelContext } from './kernel-context';
import { MATMUL_TUNE_KEY, MATMUL_VARIANTS, matmulBackward, matmulForward, resolveMatmulVariant } from './matmul';
import { tuneMatmul } from './matmul-tune';

let ctx: GpuContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
});

/** Deterministic values in [-1, 1), exactly representable in f32 so GPU and twin see the same inputs. */
function randomF32(length: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

const f64 = (v: Float32Array) => Float64Array.from(v);
const abs64 = (v: Float32Array) => Float64Array.from(v, Math.abs);

/**
 * Each output is a sum of K products (plus a bias or a prior value). Recursive f32 summation with fma has
 * error at most about (K + 2) * 2^-24 * (sum of |terms|) (Higham's gamma_K bound with one rounding per
 * step, plus one for the final add); we compare each element against exactly that bound, computed by the
 * twin on absolute values. An indexing bug errs by O(|terms|), far above it; the bound is a worst case,
 * so correct kernels never exceed it whatever the summation order.
 */
function expectWithinBound(label: string, actual: Float32Array, expected: Float64Array, magnitude: Float64Array, K: number): void {
  const unitRoundoff = 2 ** -24;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const bound = (K + 2) * unitRoundoff * magnitude[i] + 1e-30;
    const ratio = Math.abs(actual[i] - expected[i]) / bound;
    if (!(ratio <= 1)) throw new Error(`${label}[${i}]: got ${actual[i]}, want ${expected[i]} (bound ${bound})`);
    worst = Math.max(worst, ratio);
  }
  expect(worst).toBeLessThanOrEqual(1);
}

interface Shape {
  N: number;
  C: number;
  OC: number;
}

const SHAPES: Shape[] = [
  { N: 1, C: 1, OC: 1 },
  { N: 1, C: 37, OC: 19 }, // one row
  { N: 7, C: 13, OC: 5 },
  { N: 33, C: 20, OC: 37 },
  { N: 130, C: 67, OC: 75 }, // past one tile (32) in every dimension of all three products
  // Widths that are multiples of 4 take register-blocked's vec4 kernels; the others its strided fallback.
  { N: 1, C: 4, OC: 4 },
  { N: 5, C: 8, OC: 12 },
  { N: 130, C: 68, OC: 76 },
];

async function checkLayer(k: KernelContext, shape: Shape, withBias: boolean, seed: number): Promise<void> {
  const { N, C, OC } = shape;
  const inp = randomF32(N * C, seed);
  const weight = randomF32(OC * C, seed + 1);
  const bias = randomF32(OC, seed + 2);
  const dout = randomF32(N * OC, seed + 3);
  // Gradients start non-zero: the backward must add to them.
  const dinpPrior = randomF32(N * C, seed + 4);
  const dweightPrior = randomF32(OC * C, seed + 5);
  const dbiasPrior = randomF32(OC, seed + 6);
  // The output starts as garbage: the forward must overwrite it.
  const outPrior = new Float32Array(N * OC).fill(1e6);

  const gpu = {
    inp: uploadBuffer(ctx, 'inp', inp),
    weight: uploadBuffer(ctx, 'weight', weight),
    bias: uploadBuffer(ctx, 'bias', bias),
    out: uploadBuffer(ctx, 'out', outPrior),
    dout: uploadBuffer(ctx, 'dout', dout),
    dinp: uploadBuffer(ctx, 'dinp', dinpPrior),
    dweight: uploadBuffer(ctx, 'dweight', dweightPrior),
    dbias: uploadBuffer(ctx, 'dbias', dbiasPrior),
  };
  const rec = new CommandRecorder(ctx);
  matmulForward(k, rec, gpu.out, gpu.inp, gpu.weight, withBias ? gpu.bias : null, N, C, OC);
  matmulBackward(k, rec, gpu.dinp, gpu.dweight, withBias ? gpu.dbias : null, gpu.dout, gpu.inp, gpu.weight, N, C, OC);
  rec.submit();

  const out = new Float64Array(N * OC);
  const outMagnitude = new Float64Array(N * OC);
  ref.matmulForward(out, f64(inp), f64(weight), withBias ? f64(bias) : null, N, C, OC);
  ref.matmulForward(outMagnitude, abs64(inp), abs64(weight), withBias ? abs64(bias) : null, N, C, OC);
  expectWithinBound('out', await readFloats(ctx, gpu.out, 0, N * OC), out, outMagnitude, C);

  const dinp = f64(dinpPrior);
  const dweight = f64(dweightPrior);
  const dbias = f64(dbiasPrior);
  ref.matmulBackward(dinp, dweight, withBias ? dbias : null, f64(dout), f64(inp), f64(weight), N, C, OC);
  const dinpMagnitude = abs64(dinpPrior);
  const dweightMagnitude = abs64(dweightPrior);
  const dbiasMagnitude = abs64(dbiasPrior);
  ref.matmulBackward(dinpMagnitude, dweightMagnitude, withBias ? dbiasMagnitude : null, abs64(dout), abs64(inp), abs64(weight), N, C, OC);
  expectWithinBound('dinp', await readFloats(ctx, gpu.dinp, 0, N * C), dinp, dinpMagnitude, OC);
  expectWithinBound('dweight', await readFloats(ctx, gpu.dweight, 0, OC * C), dweight, dweightMagnitude, N);
  const dbiasGpu = await readFloats(ctx, gpu.dbias, 0, OC);
  if (withBias) expectWithinBound('dbias', dbiasGpu, dbias, dbiasMagnitude, N);
  else expect(Array.from(dbiasGpu)).toEqual(Array.from(dbiasPrior)); // untouched without a bias
  for (const buffer of Object.values(gpu)) buffer.destroy();
}

describe.each(MATMUL_VARIANTS)('matmul %s', (variant) => {
  // One context per variant: its pipeline cache compiles each entry point once for all shapes.
  let shared: KernelContext;
  beforeAll(() => {
    shared = createKernelContext(ctx, variant);
  });
  for (const shape of SHAPES) {
    for (const withBias of [true, false]) {
      it(`forward and backward match the twin at N=${shape.N} C=${shape.C} OC=${shape.OC} ${withBias ? 'with' : 'without'} bias`, async () => {
        await checkLayer(shared, shape, withBias, shape.N * 1000 + shape.C * 10 + shape.OC);
      });
    }
  }

  it('folds row tiles into z when they exceed the per-dimension dispatch limit', async () => {
    // A device that allows only 2 workgroups per dimension: 150 rows need 5 row tiles of 32 (3 folds of 2,
    // one surplus workgroup); widths stay within 2 tiles. Aligned and unaligned widths take different kernels.
    const limits = new Proxy(ctx.limits, {
      get: (target, property) => (property === 'maxComputeWorkgroupsPerDimension' ? 2 : Reflect.get(target, property)),
    });
    const k = createKernelContext({ ...ctx, limits }, variant);
    await checkLayer(k, { N: 150, C: 40, OC: 52 }, true, 42);
    await checkLayer(k, { N: 150, C: 41, OC: 50 }, true, 43);
  });
});

describe('matmul variant choice', () => {
  it('rejects unknown variants and resolves auto to a real one', () => {
    expect(() => resolveMatmulVariant(createKernelContext(ctx, 'naive'))).toThrow(/unknown matmul variant/);
    forgetChoice(ctx.adapter, MATMUL_TUNE_KEY);
    // SwiftShader without a tune: the register-blocked default for software adapters.
    expect(resolveMatmulVariant(createKernelContext(ctx, 'auto'))).toBe('register-blocked');
  });

  it('the tune measures every variant, picks the fastest, caches it per adapter, and auto follows it', async () => {
    forgetChoice(ctx.adapter, MATMUL_TUNE_KEY);
    const k = createKernelContext(ctx, 'auto');
    const shapes = [{ N: 96, C: 64, OC: 192, bias: true }];
    const first = await tuneMatmul(k, shapes, { trials: 1 });
    expect(first.cached).toBe(false);
    expect(Object.keys(first.msByVariant).sort()).toEqual([...MATMUL_VARIANTS].sort());
    const fastest = Math.min(...Object.values(first.msByVariant));
    expect(first.msByVariant[first.variant]).toBe(fastest);
    expect(cachedChoice(ctx.adapter, MATMUL_TUNE_KEY)).toBe(first.variant);
    expect(resolveMatmulVariant(k)).toBe(first.variant);
    const second = await tuneMatmul(k, shapes);
    expect(second).toMatchObject({ variant: first.variant, cached: true });
    // An explicit variant overrides the tune.
    const other = MATMUL_VARIANTS.find((v) => v !== first.variant) ?? first.variant;
    expect(resolveMatmulVariant(createKernelContext(ctx, other))).toBe(other);
    forgetChoice(ctx.adapter, MATMUL_TUNE_KEY);
  });
});
