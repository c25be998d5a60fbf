/**
 * How long training the warm start from scratch would take on this page's adapter: a few optimiser steps of
 * the config's model and batch shape, timed after one untimed step (pipeline compilation). Speed depends on
 * the shapes only, so random tokens stand in for the data.
 */
import type { ExperimentConfig } from '../../config/schema';
import { createBrowserGpuContext } from '../../gpu/browser';
import { DEFAULT_ADAMW, GptModel } from '../../nn/model';
import { createKernelContext } from '../../nn/ops/kernel-context';
import { modelConfigFor } from '../../world/model-config';

const TIMED_STEPS = 2;

export interface StepEstimate {
  secondsPerStep: number;
  totalSeconds: number;
}

export async function measureWarmStartSteps(config: ExperimentConfig): Promise<StepEstimate> {
  const ctx = await createBrowserGpuContext();
  const model = GptModel.create(createKernelContext(ctx), modelConfigFor(config.model), { maxBatch: config.warmStart.batchSize, seed: 0 });
  try {
    const B = config.warmStart.batchSize;
    const T = config.model.contextLength;
    const V = model.config.vocabSize;
    let state = 12345;
    const next = () => (state = (state * 1103515245 + 12345) >>> 0) % V;
    const batch = { tokens: Int32Array.from({ length: B * T }, next), targets: Int32Array.from({ length: B * T }, next), weights: new Float32Array(B * T).fill(1 / (B * T)) };
    await model.trainStep(batch, B, T, DEFAULT_ADAMW, 1);
    const started = performance.now();
    for (let step = 2; step < 2 + TIMED_STEPS; step++) await model.trainStep(batch, B, T, DEFAULT_ADAMW, step);
    const secondsPerStep = (performance.now() - started) / 1000 / TIMED_STEPS;
    return { secondsPerStep, totalSeconds: secondsPerStep * config.warmStart.steps };
  } finally {
    model.destroy();
    ctx.device.destroy();
  }
}
