import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../gpu/node';
import type { GpuContext } from '../gpu/context';
import { buildLayout, type ParameterLayout } from './layout';
import { GptModel } from './model';
import { createKernelContext, type KernelContext } from './ops/kernel-context';
import { referenceBackward, referenceForward } from './reference/model';
import { SeededRng } from './rng';

// Odd everywhere: vocabulary 11, head size 3, T < context; nothing lines up with a tile or a workgroup.
const TINY = { vocabSize: 11, contextLength: 9, layers: 2, heads: 2, width: 6 };
const B = 2;
const T = 7;

let ctx: GpuContext;
let kernels: KernelContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
  kernels = createKernelContext(ctx);
});

/** Float32 parameters of moderate scale (std 0.3, gains around 1) so that every path carries signal. */
function randomParameters(layout: ParameterLayout, seed: number): Float32Array {
  const rng = new SeededRng(seed);
  const params = new Float32Array(layout.totalFloats);
  for (const entry of layout.tensors) {
    const isGain = /ln_\w+\.weight$/.test(entry.name);
    for (let i = 0; i < entry.size; i++) params[entry.offset + i] = (isGain ? 1 : 0) + 0.3 * rng.nextNormal();
  }
  return params;
}

function randomBatch(rng: SeededRng, N: number, V: number) {
  const tokens = Int32Array.from({ length: N }, () => rng.nextUint32() % V);
  const targets = Int32Array.from({ length: N }, () => rng.nextUint32() % V);
  targets[2] = -1;
  const weights = Float32Array.from({ length: N }, () => 0.25 + rng.nextFloat());
  return { tokens, targets, weights };
}

describe('GptModel against the float64 twin', () => {
  it('forward loss and log-probs, and backward gradients, match the twin', async () => {
    const model = GptModel.create(kernels, TINY, { maxBatch: 3, seed: 1 });
    try {
      const params = randomParameters(model.layout, 2);
      model.importParameters(params);
      const batch = randomBatch(new SeededRng(3), B * T, TINY.vocabSize);
      const dlossWeights = batch.weights.map((w, n) => (n % 4 === 0 ? -0.5 * w : 1.5 * w));

      const gpu = await model.forward(batch, B, T, { logprobs: true });
      const twin = referenceForward(Float64Array.from(params), model.layout, { ...batch, weights: Float64Array.from(batch.weights) }, B, T);
      // float32 kernels vs float64: each value passes ~10 dependent ops (two blocks of LayerNorm, matmul
      // with K <= 24, softmax), each adding a few f32 roundings (2^-24 = 6e-8) relative to O(1) magnitudes,
      // amplified at most ~10x by LayerNorm's 1/std: ~1e-6. 1e-5 absolute per log-prob sits above that
      // estimate (measured on SwiftShader: 4e-7) and far below the effect of any indexing error (O(0.1)).
      for (let n = 0; n < B * T; n++) expect(Math.abs(gpu.logprobs![n] - twin.logprobs[n]), `logprob ${n}`).toBeLessThan(1e-5);
      expect(Math.abs(gpu.loss - twin.loss)).toBeLessThan(1e-5 * B * T);

      model.backward(dlossWeights);
      const grads = await model.exportGradients();
      const twinGrads = referenceBackward(Float64Array.from(params), model.layout, twin, Float64Array.from(dlossWeights));
      for (const entry of model.layout.tensors) {
        let scale = 0;
        let worst = 0;
        for (let i = entry.offset; i < entry.offset + entry.size; i++) {
          scale = Math.max(scale, Math.abs(twinGrads[i]));
          worst = Math.max(worst, Math.abs(grads[i] - twinGrads[i]));
        }
        // Gradients add the backward's own roundings (sums over B*T = 14 rows) to the forward's, the same
        // ~1e-6 relative estimate: 1e-5 of the tensor's largest gradient (measured: below 4e-7).
        expect(worst, entry.name).toBeLessThan(1e-5 * scale + 1e-7);
        expect(scale, entry.name).toBeGreaterThan(0);
      }
      // Gradients start from zero on each backward unless accumulating.
      model.backward(dlossWeights);
      const again = await model.exportGradients();
      expect(again[0]).toBeCloseTo(grads[0], 6);
      model.backward(dlossWeights, { accumulate: true });
      const twice = await model.exportGradients();
      expect(twice[0]).toBeCloseTo(2 * grads[0], 5);
    } finally {
      model.destroy();
    }
  });
});
