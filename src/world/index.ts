/** The math world: problem families, tokenizer, response grammar, splits and warm-start demonstrations. */
export { FAMILIES, FAMILY_IDS, type Family, type Problem } from './families';
export * from './tokenizer';
export * from './grammar';
export * from './response';
export * from './rational';
export { createRng, hashSeed, type Rng } from './rng';
export { buildSplits, type SplitName, type WorldSplits } from './splits';
export { abilityExample, habitExample, type TrainingExample } from './demonstrations';
export { packBatch, IGNORE_TARGET, type Batch } from './batch';
export { createWarmStartSampler, type WarmStartSampler } from './warm-start';
export { modelConfigFor } from './model-config';
