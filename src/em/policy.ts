/** What em/ needs of the model: the GPT's batched forward with per-token log-probs, and its batch limits. */
import type { ForwardOptions, ForwardResult, TokenBatch } from '../nn/model';

export interface PolicyForward {
  readonly maxBatch: number;
  readonly maxSequence: number;
  forward(batch: TokenBatch, B: number, T: number, options?: ForwardOptions): Promise<ForwardResult>;
}
