import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpuContext } from '../gpu/node';
import type { GpuContext } from '../gpu/context';
import { TensorTooLargeError } from '../gpu/limits';
import { KvCacheDecoder, UncachedDecoder } from './decode-gpu';
import type { DecodeBackend, DecodeStepInput, GenerationRequest, GenerationResult } from './generate';
import { generate } from './generate';
import { buildLayout } from './layout';
import { GptModel } from './model';
import { checkModelFits } from './model-buffers';
import { createKernelContext, type KernelContext } from './ops/kernel-context';
import { ReferenceDecodeBackend } from './reference/decode';
import { randomParameters } from './test-support/random-parameters';

/** Records each step's positions and passes the step on to the real backend. */
class StepLog implements DecodeBackend {
  readonly steps: number[][] = [];
  readonly maxRows: number;
  readonly contextLength: number;
  readonly vocabSize: number;
  constructor(private readonly inner: DecodeBackend) {
    ({ maxRows: this.maxRows, contextLength: this.contextLength, vocabSize: this.vocabSize } = inner);
  }
  step(input: DecodeStepInput, rows: number) {
    this.steps.push(Array.from(input.positions.subarray(0, rows)));
    return this.inner.step(input, rows);
  }
}

const CONFIG = { vocabSize: 11, contextLength: 14, layers: 2, heads: 2, width: 6 };
/** Weight scale at which an untrained model's greedy outputs still depend on the context. */
const PARAMETER_STD = 0.5;

let ctx: GpuContext;
let kernels: KernelContext;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
  kernels = createKernelContext(ctx);
});

const prompts = [[1, 2], [3], [4, 5, 6], [7, 8], [9, 10, 0, 1, 2]];
const greedy = (maxNewTokens: number): GenerationRequest[] => prompts.map((prompt) => ({ prompt, maxNewTokens, temperature: 0 }));
const tokensOf = (results: GenerationResult[]) => results.map((r) => r.tokens);

describe('generation on the GPU', () => {
  it('greedy with the KV cache equals greedy without it and the float64 twin, token for token (rows refilled)', async () => {
    // Three rows for five requests: two sequences reuse a row whose cache holds an earlier sequence.
    const model = GptModel.create(kernels, CONFIG, { maxBatch: 3, seed: 1 });
    try {
      const params = Float32Array.from(randomParameters(model.layout, 2, PARAMETER_STD));
      model.importParameters(params);
      const cached = await model.generate(greedy(20));
      const uncached = await model.generate(greedy(20), { cache: false });
      // The uncached decoder reused the training activations: a backward now would differentiate them.
      expect(() => model.backward()).toThrow(/backward needs a forward first/);
      const twin = await generate(new ReferenceDecodeBackend(Float64Array.from(params), model.layout, 3), greedy(20));
      // Greedy picks the argmax; f32 and f64 logits differ by ~1e-6, far below the gaps between this
      // random model's logits, so every path must agree exactly.
      expect(tokensOf(cached)).toEqual(tokensOf(uncached));
      expect(tokensOf(cached)).toEqual(tokensOf(twin));
      expect(cached.every((r) => r.finishReason === 'context')).toBe(true);
      // Behaviour log-probs: f32 against f64, the ~1e-6 forward error with a 10x margin.
      cached.forEach((r, i) => r.logprobs.forEach((lp, t) => expect(Math.abs(lp - twin[i].logprobs[t])).toBeLessThan(1e-5)));
    } finally {
      model.destroy();
    }
  });

  it('sampling with the cache equals sampling without it and the twin for the same seed', async () => {
    const model = GptModel.create(kernels, CONFIG, { maxBatch: 5, seed: 3 });
    try {
      const params = Float32Array.from(randomParameters(model.layout, 4, PARAMETER_STD));
      model.importParameters(params);
      const requests = prompts.map((prompt, i) => ({ prompt, maxNewTokens: 8, temperature: 0.5 + 0.25 * i }));
      const cached = await model.generate(requests, { seed: 7, topK: 4 });
      const uncached = await model.generate(requests, { seed: 7, topK: 4, cache: false });
      const twin = await generate(new ReferenceDecodeBackend(Float64Array.from(params), model.layout, 5), requests, { seed: 7, topK: 4 });
      // Same logits up to ~1e-6 and the same counter-based draws: a different token would need a draw
      // within ~1e-6 of a cumulative-probability boundary (chance ~1e-6 per token).
      expect(tokensOf(cached)).toEqual(tokensOf(uncached));
      expect(tokensOf(cached)).toEqual(tokensOf(twin));
      const reseeded = await model.generate(requests, { seed: 8, topK: 4 });
      expect(tokensOf(reseeded)).not.toEqual(tokensOf(cached));
    } finally {
      model.destroy();
    }
  });

  it('holds a paused sequence (idle row, cache untouched) while the others go on, then resumes after the appended tokens', async () => {
    const model = GptModel.create(kernels, CONFIG, { maxBatch: 3, seed: 5 });
    try {
      const params = Float32Array.from(randomParameters(model.layout, 6, PARAMETER_STD));
      model.importParameters(params);
      const requests = greedy(6).slice(0, 3);
      const plain = await model.generate(requests);
      const pauseToken = plain[0].tokens[plain[0].promptLength];
      const toolOutput = [5, 5, 4];
      const options = {
        pauseToken,
        onPause: (index: number): Promise<readonly number[]> => {
          if (index !== 0) return Promise.resolve([]);
          // Sequence 0's tool output arrives after 40 ms; the other rows keep decoding meanwhile.
          return new Promise((resolve) => setTimeout(() => resolve(toolOutput), 40));
        },
      };
      const cachedLog = new StepLog(new KvCacheDecoder(model));
      const withCache = await generate(cachedLog, requests, options);
      const withoutCache = await generate(new UncachedDecoder(model), requests, options);
      const twin = await generate(new ReferenceDecodeBackend(Float64Array.from(params), model.layout, 3), requests, options);
      // The KV cache of a held row must survive the other rows' steps: any damage changes its continuation.
      expect(tokensOf(withCache)).toEqual(tokensOf(withoutCache));
      expect(tokensOf(withCache)).toEqual(tokensOf(twin));
      const first = withCache[0];
      const at = first.promptLength;
      expect(first.tokens.slice(at, at + 4)).toEqual([pauseToken, ...toolOutput]);
      expect(first.sampled.slice(at, at + 4)).toEqual([true, false, false, false]);
      expect(first.pauses).toBeGreaterThan(0);
      // Row 0 sat idle (-1) in steps where other rows were active, and was active again afterwards.
      const held = cachedLog.steps.findIndex((positions) => positions[0] < 0 && positions.some((p) => p >= 0));
      expect(held).toBeGreaterThan(0);
      expect(cachedLog.steps.slice(held).some((positions) => positions[0] >= 0)).toBe(true);
    } finally {
      model.destroy();
    }
  });
});

describe('model size against adapter limits', () => {
  it('refuses an oversized model before allocating, naming the tensor and the limit', () => {
    const huge = { vocabSize: 2_000_000, contextLength: 64, layers: 1, heads: 1, width: 256 };
    // 2M x 256 floats of wte alone: 2 GiB, beyond this adapter's binding limit.
    expect(() => GptModel.create(kernels, huge, { maxBatch: 1 })).toThrow(TensorTooLargeError);
    expect(() => GptModel.create(kernels, huge, { maxBatch: 1 })).toThrow(/"parameters \(flat\)" needs .* maxStorageBufferBindingSize/);
  });

  it('names the activation that does not fit under given limits', () => {
    const layout = buildLayout({ vocabSize: 1000, contextLength: 64, layers: 1, heads: 2, width: 32 });
    const limits = { maxStorageBufferBindingSize: 4 * 1024 * 1024, maxBufferSize: 8 * 1024 * 1024 };
    // Parameters are ~0.2 MiB; logits for 32 x 64 rows of 1000 are 7.8 MiB: over the 4 MiB binding limit.
    expect(() => checkModelFits(limits, layout, { maxBatch: 32, maxSequence: 64, decodeRows: 4 })).toThrow(
      /Tensor "logits \[B\*T = 2048, V = 1000\]" needs 7\.8 MiB, more than this adapter's maxStorageBufferBindingSize of 4\.0 MiB/,
    );
    expect(() => checkModelFits(limits, layout, { maxBatch: 4, maxSequence: 64, decodeRows: 4 })).not.toThrow();
  });
});
