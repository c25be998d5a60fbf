import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../nn/config';
import { DEFAULT_ADAMW, GptModel } from '../nn/model';
import type { KernelContext } from '../nn/ops/kernel-context';
import { createTfjsGpt, tfjsTrainStep } from './tfjs-gpt';

/** How many steps to time after one untimed warm-up step (compilation), and when to stop early. */
export interface StepBudget {
  steps: number;
  /** Stop after this many milliseconds of timed steps, even if fewer than `steps` ran (at least one runs). */
  maxMs: number;
}

/** B sequences of T tokens from a fixed pseudo-random stream; targets are the next tokens. */
export function benchBatch(config: ModelConfig, B: number, T: number, seed: number): { tokens: Int32Array; targets: Int32Array } {
  const stream = Int32Array.from({ length: B * (T + 1) }, (_, i) => Math.floor(Math.abs(Math.sin((i + 1) * 12.9898 + seed) * 43758.5453) % config.vocabSize));
  const tokens = new Int32Array(B * T);
  const targets = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    tokens.set(stream.subarray(b * (T + 1), b * (T + 1) + T), b * T);
    targets.set(stream.subarray(b * (T + 1) + 1, b * (T + 1) + T + 1), b * T);
  }
  return { tokens, targets };
}

/** Times `step` (which must finish its GPU work before resolving) and returns tokens per second. */
async function timeSteps(step: (index: number) => Promise<number>, tokensPerStep: number, budget: StepBudget, log: (line: string) => void, label: string): Promise<number> {
  const warmupLoss = await step(0);
  log(`${label}: warm-up step done (loss ${warmupLoss.toFixed(3)})`);
  const start = performance.now();
  let steps = 0;
  while (steps < budget.steps && (steps === 0 || performance.now() - start < budget.maxMs)) {
    await step(steps + 1);
    steps++;
  }
  const ms = performance.now() - start;
  log(`${label}: ${steps} steps in ${(ms / 1000).toFixed(1)} s`);
  return (tokensPerStep * steps) / (ms / 1000);
}

/** tfjs on its webgpu backend: the same GPT, tf.variableGrads and Adam, the loss read back every step. */
export async function tfjsTrainTokensPerSecond(config: ModelConfig, B: number, budget: StepBudget, log: (line: string) => void): Promise<number> {
  const T = config.contextLength;
  const batch = benchBatch(config, B, T, 1);
  const tokens = tf.tensor2d(batch.tokens, [B, T], 'int32');
  const targets = tf.tensor2d(batch.targets, [B, T], 'int32');
  const model = createTfjsGpt(config, 1);
  const optimizer = tf.train.adam(DEFAULT_ADAMW.lr, DEFAULT_ADAMW.beta1, DEFAULT_ADAMW.beta2, DEFAULT_ADAMW.eps);
  try {
    return await timeSteps(() => tfjsTrainStep(model, optimizer, tokens, targets), B * T, budget, log, 'tfjs train step');
  } finally {
    optimizer.dispose();
    model.dispose();
    tf.dispose([tokens, targets]);
  }
}

/** Ours (src/nn/model.ts): forward, backward, clip and AdamW in one submission; loss and norm read back. */
export async function oursTrainTokensPerSecond(k: KernelContext, config: ModelConfig, B: number, budget: StepBudget, log: (line: string) => void): Promise<number> {
  const T = config.contextLength;
  const batch = benchBatch(config, B, T, 1);
  // Per-token weights 1 / (B * T): the mean loss, as tfjs's side computes.
  const weights = new Float32Array(B * T).fill(1 / (B * T));
  const model = GptModel.create(k, config, { maxBatch: B, seed: 1 });
  try {
    return await timeSteps(
      async (index) => (await model.trainStep({ ...batch, weights }, B, T, DEFAULT_ADAMW, index + 1)).loss,
      B * T,
      budget,
      log,
      'our train step',
    );
  } finally {
    model.destroy();
  }
}
