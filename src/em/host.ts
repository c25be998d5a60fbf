/** Builds what an experiment runs on from a kernel context and a sandbox, in any host (browser worker or Node). */
import type { ExperimentConfig } from '../config/schema';
import { KvCacheDecoder } from '../nn/decode-gpu';
import { GptModel } from '../nn/model';
import type { KernelContext } from '../nn/ops/kernel-context';
import type { Sandbox } from '../sandbox/types';
import { modelConfigFor } from '../world/model-config';
import type { ExperimentHost } from './experiment';
import { loadShippedWarmStart, type ReadShippedFile } from './shipped-warmstart';

/** Rows decoded together: enough to keep a GPU busy, few enough that a software adapter's steps stay short. */
export const DECODE_ROWS = 64;
/** Questions per belief forward pass. */
const BELIEF_BATCH = 64;

/** `readShippedFile`: how this host reads public/ files (the shipped warm start); absent, the host has none. */
export function createExperimentHost(kernels: KernelContext, config: ExperimentConfig, sandbox: Sandbox, readShippedFile?: ReadShippedFile): ExperimentHost & { model: GptModel } {
  const model = GptModel.create(kernels, modelConfigFor(config.model), {
    maxBatch: Math.max(config.warmStart.batchSize, config.mStep.batchSize, BELIEF_BATCH),
    decodeRows: DECODE_ROWS,
    seed: config.seed,
  });
  const shippedWarmStart = readShippedFile ? () => loadShippedWarmStart(readShippedFile) : undefined;
  return { model, decoder: new KvCacheDecoder(model), sandbox, shippedWarmStart };
}
