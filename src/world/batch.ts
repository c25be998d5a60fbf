import { TOKEN } from './tokenizer';
import type { TrainingExample } from './demonstrations';

/** Target of a position that is not trained on at all (padding); the loss kernels skip it. */
export const IGNORE_TARGET = -1;

/** Row-major [batchSize, sequenceLength] arrays for the GPT's forward(tokens, targets, weights). */
export interface Batch {
  batchSize: number;
  sequenceLength: number;
  tokens: Int32Array;
  /** tokens shifted left by one within each example; IGNORE_TARGET past its end. */
  targets: Int32Array;
  /** Loss weight of each target; 0 on padding, the question, given method tokens and sandbox output. */
  weights: Float32Array;
}

/**
 * One example per row, left-aligned, padded with <pad> (target -1, weight 0). An example of n tokens fills
 * n-1 positions, so it needs n-1 <= sequenceLength.
 */
export function packBatch(examples: readonly TrainingExample[], sequenceLength: number): Batch {
  const batchSize = examples.length;
  const tokens = new Int32Array(batchSize * sequenceLength).fill(TOKEN.pad);
  const targets = new Int32Array(batchSize * sequenceLength).fill(IGNORE_TARGET);
  const weights = new Float32Array(batchSize * sequenceLength);
  examples.forEach((example, row) => {
    const positions = example.tokens.length - 1;
    if (positions > sequenceLength) {
      throw new RangeError(`example of ${example.tokens.length} tokens does not fit a sequence of ${sequenceLength}`);
    }
    const offset = row * sequenceLength;
    for (let t = 0; t < positions; t++) {
      tokens[offset + t] = example.tokens[t];
      targets[offset + t] = example.tokens[t + 1];
      weights[offset + t] = example.weights[t + 1];
    }
  });
  return { batchSize, sequenceLength, tokens, targets, weights };
}
