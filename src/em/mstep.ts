/**
 * The M-step's data and loss (shared/PAPER.md): L = w_m L_method + w_s L_solution.
 *  - method rows: the question alone, target the method token, cross-entropy toward s(c|x) (two rows per
 *    informative query, weights s(code|x) and s(cot|x), averaged over the queries);
 *  - solution rows: a rollout, trained on the tokens the model sampled (never the forced method token or the
 *    sandbox's output) with the clipped off-policy surrogate against the behaviour log-probs, averaged over the
 *    batch's trained tokens.
 * One optimiser step: the method term over every method row given (in chunks of the model's batch, gradients
 * accumulated) plus the solution term of the batch's solution rows -> AdamW. The experiment gives every step
 * all of the iteration's method rows: split across minibatches, a query's two rows land in different Adam
 * steps and the steps' method mix is a few queries' noise, which Adam's per-parameter normalisation turns into
 * a drift of every belief toward the majority's method (measured: docs/NOTES.md).
 */
import type { AdamWSettings, BackwardOptions, ForwardOptions, ForwardResult, TokenBatch } from '../nn/model';
import { IGNORE_TARGET } from '../world/batch';
import { TOKEN } from '../world/tokenizer';
import { clippedSurrogate } from './objective';

export interface MethodSample {
  kind: 'method';
  question: readonly number[];
  methodToken: number;
  /** s(c|x) for this method. */
  target: number;
}

export interface SolutionSample {
  kind: 'solution';
  tokens: readonly number[];
  /** Per token index i >= 1: trained on predicting tokens[i] from tokens[0..i-1]. */
  trained: readonly boolean[];
  /** Per token: the behaviour log-prob of tokens[i] (where trained). */
  behaviourLogprobs: readonly number[];
  advantage: number;
}

export type PolicySample = MethodSample | SolutionSample;

export interface MStepWeights {
  method: number;
  solution: number;
  clipEpsilon: number;
}

export interface MStepModel {
  /** Rows one forward pass takes. */
  readonly maxBatch: number;
  forward(batch: TokenBatch, B: number, T: number, options?: ForwardOptions): Promise<ForwardResult>;
  backward(dlossWeights?: Float32Array, options?: BackwardOptions): void;
  update(adamw: AdamWSettings, step: number): void;
}

export interface MStepBatchResult {
  methodLoss: number;
  solutionLoss: number;
  clippedShare: number;
  trainedTokens: number;
}

function normalisersOf(samples: readonly PolicySample[]): MStepNormalisers {
  return {
    queries: samples.filter((s) => s.kind === 'method').length / 2,
    trainedTokens: samples.reduce((n, s) => n + (s.kind === 'solution' ? s.trained.filter(Boolean).length : 0), 0),
  };
}

function sampleLength(sample: PolicySample): number {
  return sample.kind === 'method' ? sample.question.length : sample.tokens.length - 1;
}

/** A batch of samples as the GPT's arrays; method rows carry their cross-entropy weights already. */
export interface PackedMStepBatch {
  B: number;
  T: number;
  tokens: Int32Array;
  targets: Int32Array;
  /** Cross-entropy weights of the method rows (0 elsewhere): the forward loss is w_m * L_method. */
  methodWeights: Float32Array;
  /** The solution term's token count (its mean's divisor): MStepNormalisers.trainedTokens. */
  trainedTokens: number;
}

/** What the two terms average over when a batch is packed in chunks; by default, the packed samples' own. */
export interface MStepNormalisers {
  /** Queries the method term averages over. */
  queries: number;
  /** Trained tokens the solution term averages over. */
  trainedTokens: number;
}

export function packMStepBatch(samples: readonly PolicySample[], weights: Pick<MStepWeights, 'method'>, normalisers: MStepNormalisers = normalisersOf(samples)): PackedMStepBatch {
  const { queries, trainedTokens } = normalisers;
  const B = samples.length;
  const T = Math.max(1, ...samples.map(sampleLength));
  const tokens = new Int32Array(B * T).fill(TOKEN.pad);
  const targets = new Int32Array(B * T).fill(IGNORE_TARGET);
  const methodWeights = new Float32Array(B * T);
  samples.forEach((sample, row) => {
    const base = row * T;
    if (sample.kind === 'method') {
      tokens.set(sample.question, base);
      const at = base + sample.question.length - 1;
      targets[at] = sample.methodToken;
      methodWeights[at] = (weights.method * sample.target) / Math.max(queries, 1);
      return;
    }
    tokens.set(sample.tokens.slice(0, -1), base);
    for (let i = 1; i < sample.tokens.length; i++) if (sample.trained[i]) targets[base + i - 1] = sample.tokens[i];
  });
  return { B, T, tokens, targets, methodWeights, trainedTokens };
}

/**
 * The solution term given the current log-probs of the packed batch: its loss (w_s * L_solution) and the
 * per-position backward weights of the whole loss (method weights, plus w_s * -dL_solution/dlogp).
 */
export function solutionTerm(
  packed: PackedMStepBatch,
  samples: readonly PolicySample[],
  logprobs: ArrayLike<number>,
  weights: MStepWeights,
): { loss: number; gradWeights: Float32Array; clipped: number } {
  const gradWeights = Float32Array.from(packed.methodWeights);
  let loss = 0;
  let clipped = 0;
  samples.forEach((sample, row) => {
    if (sample.kind !== 'solution') return;
    for (let i = 1; i < sample.tokens.length; i++) {
      if (!sample.trained[i]) continue;
      const at = row * packed.T + i - 1;
      const term = clippedSurrogate(logprobs[at], sample.behaviourLogprobs[i], sample.advantage, weights.clipEpsilon, packed.trainedTokens);
      loss += weights.solution * term.loss;
      gradWeights[at] = weights.solution * term.gradWeight;
      if (term.clipped) clipped++;
    }
  });
  return { loss, gradWeights, clipped };
}

/**
 * One optimiser step: the method term of every method row in `samples` (averaged over all their queries,
 * forwarded in chunks of model.maxBatch rows) plus the solution term of its solution rows, gradients
 * accumulated, then AdamW. Every sample must fit the model's sequence length.
 */
export async function mStepBatch(model: MStepModel, samples: readonly PolicySample[], weights: MStepWeights, adamw: AdamWSettings, step: number): Promise<MStepBatchResult> {
  const normalisers = normalisersOf(samples);
  const methodRows = samples.filter((s) => s.kind === 'method');
  const solutionRows = samples.filter((s) => s.kind === 'solution');
  let methodLoss = 0;
  let solutionLoss = 0;
  let clipped = 0;
  let accumulate = false;
  for (let start = 0; start < methodRows.length; start += model.maxBatch) {
    const packed = packMStepBatch(methodRows.slice(start, start + model.maxBatch), weights, normalisers);
    methodLoss += (await model.forward({ tokens: packed.tokens, targets: packed.targets, weights: packed.methodWeights }, packed.B, packed.T)).loss;
    model.backward(packed.methodWeights, { accumulate });
    accumulate = true;
  }
  for (let start = 0; start < solutionRows.length; start += model.maxBatch) {
    const chunk = solutionRows.slice(start, start + model.maxBatch);
    const packed = packMStepBatch(chunk, weights, normalisers);
    const { logprobs } = await model.forward({ tokens: packed.tokens, targets: packed.targets }, packed.B, packed.T, { logprobs: true });
    if (!logprobs) throw new Error('forward returned no log-probs');
    const solution = solutionTerm(packed, chunk, logprobs, weights);
    model.backward(solution.gradWeights, { accumulate });
    accumulate = true;
    solutionLoss += solution.loss;
    clipped += solution.clipped;
  }
  if (accumulate) model.update(adamw, step);
  const { trainedTokens } = normalisers;
  return { methodLoss, solutionLoss, clippedShare: trainedTokens === 0 ? 0 : clipped / trainedTokens, trainedTokens };
}
