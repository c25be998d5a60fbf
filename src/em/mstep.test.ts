import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../gpu/node';
import { buildLayout } from '../nn/layout';
import { GptModel } from '../nn/model';
import { createKernelContext, type KernelContext } from '../nn/ops/kernel-context';
import { referenceForward, widenParameters } from '../nn/reference/model';
import { VOCAB_SIZE } from '../world/tokenizer';
import { mStepBatch, packMStepBatch, solutionTerm, type MStepWeights, type PolicySample } from './mstep';

const CONFIG = { vocabSize: VOCAB_SIZE, contextLength: 16, layers: 1, heads: 2, width: 8 };
const WEIGHTS: MStepWeights = { method: 0.7, solution: 1.3, clipEpsilon: 0.2 };

let kernels: KernelContext;
beforeAll(async () => {
  kernels = createKernelContext(await createNodeGpuContext());
});

/** M-step samples around the model's own log-probs: ratios inside the clip range and on both sides of it. */
function samples(currentLogprob: (row: number, i: number) => number): PolicySample[] {
  const solutionTokens = [
    [20, 31, 2, 44, 55, 23, 7],
    [21, 1, 60, 61, 6, 30, 7],
  ];
  // Offsets of the behaviour log-prob from the current one: ratio = exp(-offset). Kept at least 0.05 away from
  // the clip boundaries (ratio 0.8 and 1.2) so the loss is smooth where finite differences probe it.
  const offsets = [0.05, -0.5, 0.6, -0.1, 0.0, 0.35, -0.05];
  const advantages = [0.9, -1.1];
  return [
    { kind: 'method', question: [20, 31, 22], methodToken: 2, target: 0.7 },
    { kind: 'method', question: [20, 31, 22], methodToken: 1, target: 0.3 },
    ...solutionTokens.map((tokens, s): PolicySample => ({
      kind: 'solution',
      tokens,
      trained: tokens.map((_, i) => i >= 2 && i !== 4),
      behaviourLogprobs: tokens.map((_, i) => currentLogprob(2 + s, i) + offsets[i]),
      advantage: advantages[s],
    })),
    { kind: 'method', question: [21, 1, 60, 33], methodToken: 2, target: 0.2 },
    { kind: 'method', question: [21, 1, 60, 33], methodToken: 1, target: 0.8 },
  ];
}

describe('M-step gradient', () => {
  it('matches central finite differences of L = w_m L_method + w_s L_solution on the float64 twin', async () => {
    const layout = buildLayout(CONFIG);
    const model = GptModel.create(kernels, CONFIG, { maxBatch: 4, seed: 11 });
    const params = widenParameters(await model.exportParameters());

    // The behaviour log-probs are set relative to the model's current log-probs, read from the twin.
    const probe = packMStepBatch(samples(() => 0), WEIGHTS);
    const current = referenceForward(params, layout, { tokens: probe.tokens, targets: probe.targets }, probe.B, probe.T).logprobs;
    const batch = samples((row, i) => current[row * probe.T + i - 1]);
    const packed = packMStepBatch(batch, WEIGHTS);

    const lossAt = (theta: Float64Array): number => {
      const forward = referenceForward(theta, layout, { tokens: packed.tokens, targets: packed.targets, weights: Float64Array.from(packed.methodWeights) }, packed.B, packed.T);
      return forward.loss + solutionTerm(packed, batch, forward.logprobs, WEIGHTS).loss;
    };

    // The GPU gradient of one M-step batch (the update is skipped so the gradients stay readable). Forward passes
    // of two rows: the method rows and the solution rows each come in chunks, their gradients accumulated, and
    // each chunk must be normalised by the whole batch's queries and trained tokens.
    await mStepBatch({ maxBatch: 2, forward: (b, B, T, o) => model.forward(b, B, T, o), backward: (w, o) => model.backward(w, o), update: () => undefined }, batch, WEIGHTS, { lr: 0, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 0 }, 1);
    const gpuGrads = await model.exportGradients();

    // Coordinates across every kind of tensor: embeddings of used tokens, attention, MLP, LayerNorms.
    const probes: number[] = [];
    for (const entry of layout.tensors) {
      const stride = Math.max(1, Math.floor(entry.size / 3));
      for (let j = 0; j < entry.size; j += stride) probes.push(entry.offset + j);
    }
    probes.push(layout.tensors[0].offset + 2 * CONFIG.width + 3); // wte row of the <code> token
    const h = 1e-5;
    let maxGrad = 0;
    const pairs: Array<[number, number]> = [];
    for (const index of probes) {
      const plus = Float64Array.from(params);
      const minus = Float64Array.from(params);
      plus[index] += h;
      minus[index] -= h;
      const numeric = (lossAt(plus) - lossAt(minus)) / (2 * h);
      pairs.push([gpuGrads[index], numeric]);
      maxGrad = Math.max(maxGrad, Math.abs(numeric));
    }
    expect(maxGrad).toBeGreaterThan(1e-3); // the probes see real gradient, not only zeros
    // float64 central differences are exact to ~h^2 = 1e-10; the GPU computes in f32 through a few layers of
    // width 8, so its error is a few f32 ulps (~1e-7 relative) times the depth: 1e-4 of the largest gradient
    // leaves a wide margin over that, and is far below any sign or clipping error (which are O(gradient)).
    for (const [gpu, numeric] of pairs) expect(Math.abs(gpu - numeric)).toBeLessThan(1e-4 * maxGrad + 1e-7);
    model.destroy();
  });

  it('weights clipped tokens by zero and unclipped ones by A * ratio', () => {
    const packed = packMStepBatch(samples(() => -1), WEIGHTS);
    const logprobs = new Float32Array(packed.B * packed.T).fill(-1);
    const batch = samples(() => -1);
    const { gradWeights } = solutionTerm(packed, batch, logprobs, WEIGHTS);
    const n = packed.trainedTokens;
    // Row 2 (advantage 0.9), token 2 (position 1): offset 0.6, ratio exp(-0.6) = 0.55 < 0.8 with A > 0: the
    // unclipped branch is the smaller, so the weight is w_s * A * r / n.
    expect(gradWeights[2 * packed.T + 1]).toBeCloseTo((1.3 * 0.9 * Math.exp(-0.6)) / n, 6);
    // Row 3 (advantage -1.1), the same token: ratio 0.55 < 0.8 with A < 0: clipped, no gradient.
    expect(gradWeights[3 * packed.T + 1]).toBe(0);
    // Row 3, token 3 (position 2): offset -0.1, ratio 1.105 inside the range: w_s * A * r / n.
    expect(gradWeights[3 * packed.T + 2]).toBeCloseTo((1.3 * -1.1 * Math.exp(0.1)) / n, 6);
    // Method rows keep their cross-entropy weights: w_m * s(c|x) / queries, over both queries of the batch.
    expect(gradWeights[0 * packed.T + 2]).toBeCloseTo((0.7 * 0.7) / 2, 6);
    expect(gradWeights[5 * packed.T + 3]).toBeCloseTo((0.7 * 0.8) / 2, 6);
  });
});
