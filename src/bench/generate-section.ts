import type { ModelConfig } from '../nn/config';
import { GptModel } from '../nn/model';
import type { KernelContext } from '../nn/ops/kernel-context';
import type { GenerateReport } from './report';

export interface GenerateBudget {
  sequences: number;
  promptLength: number;
  newTokens: number;
}

/**
 * Batched sampling with our model (src/nn/model.ts), with the KV cache and without it (every step re-runs
 * the whole prefix): sampled tokens per second, after an untimed warm-up that compiles the pipelines.
 */
export async function benchGenerate(k: KernelContext, config: ModelConfig, budget: GenerateBudget, log: (line: string) => void): Promise<GenerateReport> {
  const model = GptModel.create(k, config, { maxBatch: budget.sequences, decodeRows: budget.sequences, seed: 1 });
  const requests = Array.from({ length: budget.sequences }, (_, i) => ({
    prompt: Array.from({ length: budget.promptLength }, (_, j) => (i * 7 + j * 3) % config.vocabSize),
    maxNewTokens: budget.newTokens,
    temperature: 1,
  }));
  const tokensPerSecond = async (cache: boolean) => {
    await model.generate(requests.map((r) => ({ ...r, maxNewTokens: 2 })), { cache, seed: 1 });
    const start = performance.now();
    const results = await model.generate(requests, { cache, seed: 2 });
    const seconds = (performance.now() - start) / 1000;
    const sampled = results.reduce((sum, r) => sum + r.sampled.filter(Boolean).length, 0);
    log(`generate (${cache ? 'KV cache' : 'no cache'}): ${sampled} tokens in ${seconds.toFixed(1)} s`);
    return sampled / seconds;
  };
  try {
    const cached = await tokensPerSecond(true);
    const uncached = await tokensPerSecond(false);
    return { cached_tokens_per_s: Math.round(cached), uncached_tokens_per_s: Math.round(uncached) };
  } finally {
    model.destroy();
  }
}
