import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../gpu/node';
import type { GpuContext } from '../gpu/context';
import { initParameters } from './init';
import { GptModel, type AdamWSettings } from './model';
import { createKernelContext, type KernelContext } from './ops/kernel-context';
import { MATMUL_VARIANTS } from './ops/matmul';
import { referenceBackward, referenceForward } from './reference/model';
import { adamwUpdate, clipScale, gradGlobalNorm } from './reference/ops';
import { SeededRng } from './rng';
import { randomParameters } from './test-support/random-parameters';

// Odd everywhere: vocabulary 11, head size 3, T < context; nothing lines up with a tile or a workgroup.
const TINY = { vocabSize: 11, contextLength: 9, layers: 2, heads: 2, width: 6 };
const B = 2;
const T = 7;
/** Moderate scale, so that every path carries signal. */
const PARAMETER_STD = 0.3;

let ctx: GpuContext;
let kernels: KernelContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
  kernels = createKernelContext(ctx);
});

function randomBatch(rng: SeededRng, N: number, V: number) {
  const tokens = Int32Array.from({ length: N }, () => rng.nextUint32() % V);
  const targets = Int32Array.from({ length: N }, () => rng.nextUint32() % V);
  targets[2] = -1;
  const weights = Float32Array.from({ length: N }, () => 0.25 + rng.nextFloat());
  return { tokens, targets, weights };
}

describe('GptModel against the float64 twin', () => {
  // Both matmul variants: SwiftShader picks register-blocked, real GPUs workgroup-tiled.
  // One sequence per row, and rows that pack several (sequences of 3 + 4 and 1 + 2 + 4 tokens).
  const PACKED_POSITIONS = Int32Array.from([0, 1, 2, 0, 1, 2, 3, 0, 0, 1, 0, 1, 2, 3]);
  const cases = MATMUL_VARIANTS.flatMap((variant) => [[variant, 'one per row'], [variant, 'packed']] as const);
  it.each(cases)('forward loss and log-probs, and backward gradients, match the twin (matmul %s, %s)', async (variant, packing) => {
    const model = GptModel.create(createKernelContext(ctx, variant), TINY, { maxBatch: 3, seed: 1 });
    try {
      const params = Float32Array.from(randomParameters(model.layout, 2, PARAMETER_STD));
      model.importParameters(params);
      const batch = { ...randomBatch(new SeededRng(3), B * T, TINY.vocabSize), positions: packing === 'packed' ? PACKED_POSITIONS : undefined };
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

describe('GptModel training', () => {
  it('applies clipped AdamW to every parameter in one step, as the twin does (decay on matrices only)', async () => {
    const model = GptModel.create(kernels, TINY, { maxBatch: 2, seed: 4 });
    try {
      const batch = randomBatch(new SeededRng(5), B * T, TINY.vocabSize);
      const adamw: AdamWSettings = { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.5, gradClip: 0.5 };
      const P = model.layout.totalFloats;
      const params = Float64Array.from(await model.exportParameters());
      const m = new Float64Array(P);
      const v = new Float64Array(P);
      // Two steps, so that the moments and the bias corrections of step 2 are exercised.
      for (const step of [1, 2]) {
        const result = await model.trainStep(batch, B, T, adamw, step);
        const grads = Float64Array.from(await model.exportGradients());
        const norm = gradGlobalNorm(grads, P);
        // The norm sums ~1000 squares in f32: relative error ~1e-6; 1e-4 relative is ample yet catches any
        // missing tensor (each holds far more than 1e-4 of the squared norm).
        expect(Math.abs(result.gradNorm - norm)).toBeLessThan(1e-4 * norm);
        expect(norm).toBeGreaterThan(adamw.gradClip); // clipping is active
        adamwUpdate(params, grads, m, v, P, model.layout.decayEnd, adamw, step, clipScale(norm, adamw.gradClip));
      }
      const updated = await model.exportParameters();
      // Each update moves a parameter by at most ~lr * (1 + decay); f32 rounding of m / sqrt(v) and of the
      // parameter itself is ~1e-6 of that: 1e-6 absolute (1e-4 of lr) bounds the difference.
      for (let i = 0; i < P; i++) expect(Math.abs(updated[i] - params[i]), `element ${i}`).toBeLessThan(1e-6);
    } finally {
      model.destroy();
    }
  });

  it('learns a small fixed dataset down to near its entropy, then generates it', async () => {
    // Four sequences over a vocabulary of 16. Pairs share their first token and differ in the second, after
    // which each sequence is fixed: predicting token 1 has entropy ln 2, every later target entropy 0.
    // With weights 1/(B*T) the loss is the mean over 4 x 8 targets, whose floor is ln(2) / 8 = 0.087, while
    // an untrained model sits near ln(16) = 2.77. Bound after 80 steps: within 0.05 of the floor (0.137,
    // a twentieth of ln V), reachable only by memorising every continuation; never below the floor
    // (minus f32 noise). On SwiftShader it reaches 0.092 by step 80 and 0.0875 by step 150.
    const config = { vocabSize: 16, contextLength: 8, layers: 2, heads: 2, width: 16 };
    const Bd = 4;
    const Td = 8;
    const rng = new SeededRng(9);
    const sequences: number[][] = [];
    for (let pair = 0; pair < 2; pair++) {
      const first = 2 * pair;
      for (let member = 0; member < 2; member++) {
        sequences.push([first, 8 + 2 * pair + member, ...Array.from({ length: Td - 1 }, () => rng.nextUint32() % 16)]);
      }
    }
    const tokens = Int32Array.from(sequences.flatMap((s) => s.slice(0, Td)));
    const targets = Int32Array.from(sequences.flatMap((s) => s.slice(1, Td + 1)));
    const weights = new Float32Array(Bd * Td).fill(1 / (Bd * Td));
    const floor = Math.log(2) / Td;
    const model = GptModel.create(kernels, config, { maxBatch: Bd, seed: 10 });
    try {
      const adamw: AdamWSettings = { lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };
      const first = await model.forward({ tokens, targets, weights }, Bd, Td);
      expect(first.loss).toBeGreaterThan(0.9 * Math.log(16));
      let loss = first.loss;
      for (let step = 1; step <= 80; step++) loss = (await model.trainStep({ tokens, targets, weights }, Bd, Td, adamw, step)).loss;
      const final = await model.forward({ tokens, targets, weights }, Bd, Td, { logprobs: true });
      expect(final.loss).toBeLessThan(floor + 0.05);
      expect(final.loss).toBeGreaterThan(floor - 1e-4);
      expect(loss).toBeGreaterThan(0);
      // The split at token 1 stays uncertain: each member of a pair keeps about half the probability
      // (0.3..0.7: a model that had collapsed onto one member would give it > 0.9).
      for (let b = 0; b < Bd; b++) {
        expect(Math.exp(final.logprobs![b * Td])).toBeGreaterThan(0.3);
        expect(Math.exp(final.logprobs![b * Td])).toBeLessThan(0.7);
      }
      // What it learnt, it generates: from each sequence's first two tokens, greedy decoding with the KV
      // cache reproduces the memorised continuation up to the context length.
      const generated = await model.generate(sequences.map((s) => ({ prompt: s.slice(0, 2), maxNewTokens: Td, temperature: 0 })));
      generated.forEach((result, b) => {
        expect(result.tokens).toEqual(sequences[b].slice(0, Td));
        expect(result.finishReason).toBe('context');
      });
    } finally {
      model.destroy();
    }
  });
});

describe('GptModel checkpoints', () => {
  it('saves and loads every parameter bit for bit, and refuses another model\'s checkpoint', async () => {
    const model = GptModel.create(kernels, TINY, { maxBatch: 1, seed: 21 });
    const other = GptModel.create(kernels, { ...TINY, heads: 3 }, { maxBatch: 1, seed: 22 });
    let restored: GptModel | null = null;
    try {
      const bytes = await model.saveCheckpoint({ iteration: '3' });
      restored = GptModel.fromCheckpoint(kernels, bytes, { maxBatch: 2 });
      expect(restored.config).toEqual(TINY);
      const [a, b] = await Promise.all([model.exportParameters(), restored.exportParameters()]);
      expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
      const before = await other.exportParameters();
      expect(() => other.loadCheckpoint(bytes)).toThrow(/another model: heads 2 \(model has 3\)/);
      const after = await other.exportParameters();
      expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
      expect(restored.loadCheckpoint(bytes)).toEqual({ format: 'pt', iteration: '3' });
    } finally {
      model.destroy();
      other.destroy();
      restored?.destroy();
    }
  });
});

describe('GptModel arguments', () => {
  it('starts from the seeded GPT-2 initialisation and refuses malformed batches before any dispatch', async () => {
    const model = GptModel.create(kernels, TINY, { maxBatch: 2, maxSequence: 5, seed: 8 });
    try {
      const exported = await model.exportParameters();
      expect(Buffer.from(exported.buffer).equals(Buffer.from(initParameters(model.layout, 8).buffer))).toBe(true);
      expect(model.parameterCount).toBe(model.layout.parameterCount);
      const ok = { tokens: new Int32Array(10), targets: new Int32Array(10) };
      await expect(model.forward(ok, 3, 5)).rejects.toThrow(/batch 3 outside 1\.\.2/);
      await expect(model.forward(ok, 1, 10)).rejects.toThrow(/sequence length 10 outside 1\.\.5/);
      await expect(model.forward({ ...ok, tokens: Int32Array.of(0, 1, 11, 0, 0, 0, 0, 0, 0, 0) }, 2, 5)).rejects.toThrow(/token 11 at 2 is outside the vocabulary of 11/);
      await expect(model.forward({ ...ok, targets: new Int32Array(9) }, 2, 5)).rejects.toThrow(/targets hold 9 values, expected B\*T = 10/);
      expect(() => model.backward()).toThrow(/backward needs a forward first/);
      expect(() => GptModel.create(kernels, TINY, { maxBatch: 1, maxSequence: 10 })).toThrow(/maxSequence 10 exceeds the context length 9/);
    } finally {
      model.destroy();
    }
  });
});
