/** The shape of the GPT: pre-LayerNorm decoder, learned positions, output layer tied to the token embedding. */
export interface ModelConfig {
  vocabSize: number;
  /** Longest sequence (prompt + response) the model sees; sizes the position table and the KV cache. */
  contextLength: number;
  layers: number;
  heads: number;
  /** Channels C; must be divisible by `heads`. */
  width: number;
}

export function validateModelConfig(config: ModelConfig): void {
  for (const [key, value] of Object.entries(config)) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`model.${key} must be a positive integer, got ${value}`);
  }
  if (config.width % config.heads !== 0) throw new RangeError(`model.width (${config.width}) must be divisible by model.heads (${config.heads})`);
}
