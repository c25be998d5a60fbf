/**
 * The float64 twin as a decode backend: each step runs the full forward of every active row over its
 * history and samples with the sampling twin, so the scheduler in ../generate.ts can be checked on the CPU
 * and the GPU backends can be compared with it.
 */
import { feedHistory, type DecodeBackend, type DecodeStepInput, type DecodeStepOutput } from '../generate';
import type { ParameterLayout } from '../layout';
import { referenceForward } from './model';
import { sampleTokens } from './ops';

export class ReferenceDecodeBackend implements DecodeBackend {
  readonly contextLength: number;
  readonly vocabSize: number;
  private readonly histories: number[][];

  constructor(
    private readonly params: Float64Array,
    private readonly layout: ParameterLayout,
    readonly maxRows: number,
  ) {
    this.contextLength = layout.config.contextLength;
    this.vocabSize = layout.config.vocabSize;
    this.histories = Array.from({ length: maxRows }, () => []);
  }

  async step(input: DecodeStepInput, rows: number): Promise<DecodeStepOutput> {
    const V = this.vocabSize;
    const logits = new Float64Array(rows * V);
    for (let b = 0; b < rows; b++) {
      const history = feedHistory(this.histories[b], input, b);
      if (history === null) continue;
      const position = history.length - 1;
      const forward = referenceForward(this.params, this.layout, { tokens: Int32Array.from(history) }, 1, history.length);
      logits.set(forward.logits.subarray(position * V, (position + 1) * V), b * V);
    }
    const tokens = new Int32Array(rows);
    const logprobs = new Float64Array(rows);
    sampleTokens(tokens, logprobs, logits, Float64Array.from(input.temperatures), input.topK, input.seed, input.step, rows, V);
    return { tokens, logprobs: Float32Array.from(logprobs) };
  }
}
