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
  /** Each token's position in its own example, for rows that pack several (packRows); absent: one per row. */
  positions?: Int32Array;
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

/** Examples looked ahead for one that fits a row's remaining space: fills rows to ~95% instead of ~80%. */
export const PACKING_LOOKAHEAD = 8;

/**
 * Rows that pack several examples back to back, each at positions 0, 1, ... of its own (the model's attention
 * keeps them apart, so each is trained exactly as if alone in a row). Examples come from `draw`; each row takes,
 * while any fits, the oldest of up to PACKING_LOOKAHEAD waiting examples that fits its remaining space.
 * `waiting` holds the examples drawn but not placed: pass the same array to the next call (a stream's state).
 * Padding ends a row: token <pad>, target -1, weight 0, positions continuing the last example's.
 */
export function packRows(draw: () => TrainingExample, waiting: TrainingExample[], batchSize: number, sequenceLength: number): Batch {
  const N = batchSize * sequenceLength;
  const tokens = new Int32Array(N).fill(TOKEN.pad);
  const targets = new Int32Array(N).fill(IGNORE_TARGET);
  const weights = new Float32Array(N);
  const positions = new Int32Array(N);
  for (let row = 0; row < batchSize; row++) {
    const offset = row * sequenceLength;
    let used = 0;
    for (;;) {
      while (waiting.length < PACKING_LOOKAHEAD) waiting.push(draw());
      const index = waiting.findIndex((example) => example.tokens.length - 1 <= sequenceLength - used);
      if (index < 0) break;
      const [example] = waiting.splice(index, 1);
      const length = example.tokens.length - 1;
      for (let t = 0; t < length; t++) {
        tokens[offset + used + t] = example.tokens[t];
        targets[offset + used + t] = example.tokens[t + 1];
        weights[offset + used + t] = example.weights[t + 1];
        positions[offset + used + t] = t;
      }
      used += length;
    }
    if (used === 0) {
      const longest = Math.max(...waiting.map((example) => example.tokens.length));
      throw new RangeError(`example of ${longest} tokens does not fit a sequence of ${sequenceLength}`);
    }
    for (let t = used; t < sequenceLength; t++) positions[offset + t] = positions[offset + t - 1] + 1;
  }
  return { batchSize, sequenceLength, tokens, targets, weights, positions };
}
