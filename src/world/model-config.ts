import type { ModelKnobs } from '../config/schema';
import type { ModelConfig } from '../nn/config';
import { VOCAB_SIZE } from './tokenizer';

/** The GPT's shape for this world: the config's knobs plus the tokenizer's vocabulary size. */
export function modelConfigFor(model: ModelKnobs): ModelConfig {
  return { vocabSize: VOCAB_SIZE, contextLength: model.contextLength, layers: model.layers, heads: model.heads, width: model.width };
}
