import type { ModelConfig } from '../nn/config';

/** The model the benchmark trains and generates with: the 'small' preset's shape over the world's 40 tokens. */
export const BENCH_MODEL: ModelConfig = { vocabSize: 40, contextLength: 96, layers: 2, heads: 4, width: 64 };

/** Sequences per training step; rows per matmul = batch * contextLength = 6144. */
export const BENCH_BATCH = 64;
