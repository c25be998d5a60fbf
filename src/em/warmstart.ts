/**
 * The warm start (shared/PAPER.md): supervised training on demonstrations given with the method token, plus
 * habit examples that set the prior, from the world's warm-start sampler. Each batch's loss is the mean over
 * its trained tokens (weights normalised per batch).
 */
import type { WarmStartConfig } from '../config/schema';
import type { AdamWSettings, TrainStepResult, TokenBatch } from '../nn/model';
import type { Batch } from '../world/batch';
import type { WarmStartSampler } from '../world/warm-start';
import { learningRate } from './schedule';

export interface TrainableModel {
  trainStep(batch: TokenBatch, B: number, T: number, adamw: AdamWSettings, step: number): Promise<TrainStepResult>;
}

export interface TrainingProgress {
  step: number;
  steps: number;
  loss: number;
  tokensPerSecond: number;
  etaSeconds: number;
}

export interface WarmStartOptions {
  sequenceLength: number;
  /** First step to run (1-based): a resumed warm start continues its schedule where it stopped. */
  fromStep?: number;
  onProgress?: (progress: TrainingProgress) => void;
  /** Awaited before every step: the experiment pauses here, and stops by throwing. */
  gate?: () => Promise<void>;
  now?: () => number;
}

/** Rescales a batch's weights so its loss is the mean over trained tokens. */
export function normalizeWeights(batch: Batch): TokenBatch {
  const total = batch.weights.reduce((sum, w) => sum + w, 0);
  const weights = total > 0 ? batch.weights.map((w) => w / total) : batch.weights;
  return { tokens: batch.tokens, targets: batch.targets, weights, positions: batch.positions };
}

/** Runs steps fromStep..config.steps; returns the last step completed. */
export async function runWarmStart(model: TrainableModel, sampler: WarmStartSampler, config: WarmStartConfig, options: WarmStartOptions): Promise<number> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const first = options.fromStep ?? 1;
  let done = first - 1;
  for (let step = first; step <= config.steps; step++) {
    await options.gate?.();
    const batch = sampler.nextBatch(config.batchSize, options.sequenceLength);
    const adamw: AdamWSettings = {
      lr: learningRate(step, config.steps, config.lr, config.warmupSteps),
      beta1: 0.9,
      beta2: 0.95,
      eps: 1e-8,
      weightDecay: config.weightDecay,
      gradClip: 1,
    };
    const { loss } = await model.trainStep(normalizeWeights(batch), config.batchSize, options.sequenceLength, adamw, step);
    done = step;
    const seconds = (now() - started) / 1000;
    const stepsDone = step - first + 1;
    options.onProgress?.({
      step,
      steps: config.steps,
      loss,
      tokensPerSecond: (stepsDone * config.batchSize * options.sequenceLength) / Math.max(seconds, 1e-9),
      etaSeconds: (seconds / stepsDone) * (config.steps - step),
    });
  }
  return done;
}
