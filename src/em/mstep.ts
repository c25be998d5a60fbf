/**
 * The M-step's data and loss (shared/PAPER.md): L = w_m L_method + w_s L_solution.
 *  - method rows: the question alone, target the method token, cross-entropy toward s(c|x) (two rows per
 *    informative query, weights s(code|x) and s(cot|x), averaged over the batch's queries);
 *  - solution rows: a rollout, trained on the tokens the model sampled (never the forced method token or the
 *    sandbox's output) with the clipped off-policy surrogate against the behaviour log-probs, averaged over the
 *    batch's trained tokens.
 * One optimiser step per batch: forward (log-probs) -> per-token weights -> backward -> AdamW.
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
  trainedTokens: number;
}

export function packMStepBatch(samples: readonly PolicySample[], weights: Pick<MStepWeights, 'method'>): PackedMStepBatch {
  const B = samples.length;
  const T = Math.max(1, ...samples.map(sampleLength));
  const tokens = new Int32Array(B * T).fill(TOKEN.pad);
  const targets = new Int32Array(B * T).fill(IGNORE_TARGET);
  const methodWeights = new Float32Array(B * T);
  const queries = samples.filter((s) => s.kind === 'method').length / 2;
  const trainedTokens = samples.reduce((n, s) => n + (s.kind === 'solution' ? s.trained.filter(Boolean).length : 0), 0);
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

/** One optimiser step on a batch of samples; every sample must fit the model's sequence length. */
export async function mStepBatch(model: MStepModel, samples: readonly PolicySample[], weights: MStepWeights, adamw: AdamWSettings, step: number): Promise<MStepBatchResult> {
  const packed = packMStepBatch(samples, weights);
  const { loss: methodLoss, logprobs } = await model.forward(
    { tokens: packed.tokens, targets: packed.targets, weights: packed.methodWeights },
    packed.B,
    packed.T,
    { logprobs: true },
  );
  if (!logprobs) throw new Error('forward returned no log-probs');
  const solution = solutionTerm(packed, samples, logprobs, weights);
  model.backward(solution.gradWeights);
  model.update(adamw, step);
  return {
    methodLoss,
    solutionLoss: solution.loss,
    clippedShare: packed.trainedTokens === 0 ? 0 : solution.clipped / packed.trainedTokens,
    trainedTokens: packed.trainedTokens,
  };
}
