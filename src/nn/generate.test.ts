import { describe, expect, it } from 'vitest';
import { generate, type DecodeBackend, type DecodeStepInput, type GenerationRequest } from './generate';
import { buildLayout } from './layout';
import { referenceGenerate } from './reference/model';
import { ReferenceDecodeBackend } from './reference/decode';
import { randomParameters } from './test-support/random-parameters';

const CONFIG = { vocabSize: 11, contextLength: 16, layers: 2, heads: 2, width: 6 };
const layout = buildLayout(CONFIG);
/** Weight scale at which an untrained model's greedy outputs still vary with the prompt. */
const PARAMETER_STD = 0.5;

/** Records the positions of every step, then lets the real backend do the work. */
class StepLog implements DecodeBackend {
  readonly steps: number[][] = [];
  constructor(private readonly inner: DecodeBackend) {}
  get maxRows() {
    return this.inner.maxRows;
  }
  get contextLength() {
    return this.inner.contextLength;
  }
  get vocabSize() {
    return this.inner.vocabSize;
  }
  step(input: DecodeStepInput, rows: number) {
    this.steps.push(Array.from(input.positions.subarray(0, rows)));
    return this.inner.step(input, rows);
  }
}

const params = randomParameters(layout, 11, PARAMETER_STD);
const prompts = [[1, 2], [3], [4, 5, 6], [7, 8], [9, 10, 0, 1]];

describe('generate (scheduler, over the float64 twin)', () => {
  it('greedy batched generation equals one-at-a-time generation, with rows refilled as sequences end', async () => {
    const requests: GenerationRequest[] = prompts.map((prompt, i) => ({ prompt, maxNewTokens: 3 + i, temperature: 0 }));
    // Three rows for five requests: two sequences must take over a finished row (position restarts at 0).
    const results = await generate(new ReferenceDecodeBackend(params, layout, 3), requests);
    results.forEach((result, i) => {
      const alone = referenceGenerate(params, layout, prompts[i], { maxNewTokens: 3 + i });
      expect(result.tokens).toEqual([...prompts[i], ...alone]);
      expect(result.sampled).toEqual([...prompts[i].map(() => false), ...alone.map(() => true)]);
      expect(result.finishReason).toBe('length');
      expect(result.promptLength).toBe(prompts[i].length);
    });
  });

  it('reports stop, length and context, and never errs on overflow', async () => {
    const free = await generate(new ReferenceDecodeBackend(params, layout, 1), [{ prompt: [1, 2], maxNewTokens: 50, temperature: 0 }]);
    expect(free[0].finishReason).toBe('context');
    expect(free[0].tokens.length).toBe(CONFIG.contextLength);
    const stopAt = free[0].tokens[4];
    const [stopped, tooLong, none] = await generate(new ReferenceDecodeBackend(params, layout, 3), [
      { prompt: [1, 2], maxNewTokens: 50, temperature: 0, stopTokens: [stopAt] },
      { prompt: new Array(CONFIG.contextLength + 3).fill(1), maxNewTokens: 5 },
      { prompt: [1], maxNewTokens: 0 },
    ]);
    expect(stopped.finishReason).toBe('stop');
    expect(stopped.tokens).toEqual(free[0].tokens.slice(0, free[0].tokens.indexOf(stopAt, 2) + 1));
    expect(tooLong.finishReason).toBe('context');
    expect(tooLong.sampled.some((s) => s)).toBe(false);
    expect(none.finishReason).toBe('length');
  });

  it('holds a paused sequence while the others go on and finish, then feeds the appended tokens as context', async () => {
    const plain = await generate(new ReferenceDecodeBackend(params, layout, 3), prompts.slice(0, 3).map((prompt) => ({ prompt, maxNewTokens: 8, temperature: 0 })));
    const pauseToken = plain[0].tokens[plain[0].promptLength]; // sequence 0's first sampled token
    const toolOutput = [6, 6, 7];
    const pausedAt: Array<{ index: number; tokens: readonly number[] }> = [];
    const backend = new StepLog(new ReferenceDecodeBackend(params, layout, 3));
    const results = await generate(
      backend,
      prompts.slice(0, 3).map((prompt) => ({ prompt, maxNewTokens: 8, temperature: 0 })),
      {
        pauseToken,
        onPause: (index, tokens) => {
          pausedAt.push({ index, tokens });
          // Others resume at once (a microtask). Sequence 0 waits for a macrotask, which CPU steps never
          // yield to: its "sandbox" runs while the other rows decode to their end.
          if (index !== 0) return Promise.resolve([]);
          return new Promise((resolve) => setTimeout(() => resolve(toolOutput), 5));
        },
      },
    );
    const first = results[0];
    const pauseIndex = first.promptLength;
    expect(pausedAt.find((p) => p.index === 0)).toEqual({ index: 0, tokens: [...prompts[0], pauseToken] });
    expect(first.pauses).toBeGreaterThanOrEqual(1);
    expect(first.tokens.slice(pauseIndex, pauseIndex + 4)).toEqual([pauseToken, ...toolOutput]);
    expect(first.sampled.slice(pauseIndex, pauseIndex + 4)).toEqual([true, false, false, false]);
    // The continuation is what the model says after the tool output: compare with a fresh forced-prefix run.
    const continued = referenceGenerate(params, layout, first.tokens.slice(0, pauseIndex + 4), { maxNewTokens: 1 });
    expect(first.tokens[pauseIndex + 4]).toBe(continued[0]);
    // Every sampled pause token (but a final one) paused the sequence: this untrained model repeats it.
    const sampledPauses = first.tokens.filter((t, i) => first.sampled[i] && t === pauseToken).length;
    expect(first.pauses).toBe(first.tokens[first.tokens.length - 1] === pauseToken && first.sampled[first.tokens.length - 1] ? sampledPauses - 1 : sampledPauses);

    // Row 0 was idle (-1) in some steps while another row was active, and came back only after the
    // other rows had finished (every step after its return has only row 0 active).
    const idleWhileOthersRun = backend.steps.findIndex((p) => p[0] < 0 && p.some((x) => x >= 0));
    expect(idleWhileOthersRun).toBeGreaterThan(0);
    const resumedAt = backend.steps.findIndex((p, i) => i > idleWhileOthersRun && p[0] >= 0);
    expect(resumedAt).toBeGreaterThan(idleWhileOthersRun);
    for (const p of backend.steps.slice(resumedAt)) expect(p.slice(1).every((x) => x < 0)).toBe(true);
    expect(results[1].finishReason).not.toBe('context');
  });

  it('ends with context when appended tokens fill the context, and passes a handler failure on', async () => {
    const plain = await generate(new ReferenceDecodeBackend(params, layout, 1), [{ prompt: [1, 2], maxNewTokens: 4, temperature: 0 }]);
    const pauseToken = plain[0].tokens[2];
    const request = { prompt: [1, 2], maxNewTokens: 4, temperature: 0 };
    const [overflow] = await generate(new ReferenceDecodeBackend(params, layout, 1), [request], {
      pauseToken,
      onPause: async () => new Array(100).fill(3),
    });
    expect(overflow.finishReason).toBe('context');
    expect(overflow.tokens.length).toBe(CONFIG.contextLength);
    await expect(
      generate(new ReferenceDecodeBackend(params, layout, 1), [request], { pauseToken, onPause: async () => Promise.reject(new Error('sandbox died')) }),
    ).rejects.toThrow('sandbox died');
    await expect(generate(new ReferenceDecodeBackend(params, layout, 1), [request], { pauseToken, onPause: async () => [99] })).rejects.toThrow(
      /token 99, outside the vocabulary of 11/,
    );
  });

  it('samples reproducibly per seed, and records the behaviour log-probs', async () => {
    const requests = prompts.map((prompt) => ({ prompt, maxNewTokens: 6, temperature: 1 }));
    const a = await generate(new ReferenceDecodeBackend(params, layout, 5), requests, { seed: 1 });
    const b = await generate(new ReferenceDecodeBackend(params, layout, 5), requests, { seed: 1 });
    const c = await generate(new ReferenceDecodeBackend(params, layout, 5), requests, { seed: 2 });
    expect(a.map((r) => r.tokens)).toEqual(b.map((r) => r.tokens));
    expect(a.map((r) => r.tokens)).not.toEqual(c.map((r) => r.tokens));
    for (const result of a) {
      result.logprobs.forEach((logprob, i) => {
        if (result.sampled[i]) expect(logprob).toBeLessThan(0);
        else expect(logprob).toBe(0);
      });
    }
  });
});
