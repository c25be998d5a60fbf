/**
 * Evaluation of a model on a problem set, code run for real: greedy forced-CoT, forced-code and autonomous
 * responses for every problem, the belief b(x), the oracle alignment, in total and per family.
 */
import type { FamilyId } from '../config/schema';
import type { DecodeBackend } from '../nn/generate';
import type { Sandbox } from '../sandbox/types';
import type { Problem } from '../world/families';
import type { Method } from '../world/tokenizer';
import { alignmentRates, judgeSelection, oracleMethod, type AlignmentVerdict } from './alignment';
import { methodBeliefs } from './beliefs';
import type { PolicyForward } from './policy';
import { runRollouts, type Rollout, type RolloutOptions } from './rollout';

export interface ProblemEvaluation {
  problem: Problem;
  belief: number;
  forcedCot: Rollout;
  forcedCode: Rollout;
  autonomous: Rollout;
  /** The method the model chose on its own (null: its first token was neither). */
  chosen: Method | null;
  verdict: AlignmentVerdict;
}

export interface EvaluationMetrics {
  count: number;
  /** Autonomous accuracy. */
  accuracy: number;
  /** Share of autonomous responses that chose code. */
  codeRate: number;
  forcedCotAccuracy: number;
  forcedCodeAccuracy: number;
  strictAlign: number;
  allowCode: number;
  misAlign: number;
  meanBelief: number;
}

export interface Evaluation {
  overall: EvaluationMetrics;
  byFamily: Partial<Record<FamilyId, EvaluationMetrics>>;
  problems: ProblemEvaluation[];
}

export interface EvaluationHost {
  model: PolicyForward;
  decoder: DecodeBackend;
  sandbox: Sandbox;
}

export async function evaluate(host: EvaluationHost, problems: readonly Problem[], options: RolloutOptions): Promise<Evaluation> {
  const beliefs = await methodBeliefs(host.model, problems);
  const forcedMethods: Array<Method | null> = ['cot', 'code', null];
  const requests = forcedMethods.flatMap((forcedMethod) => problems.map((problem) => ({ problem, forcedMethod, temperature: 0 })));
  const rollouts = await runRollouts(host.decoder, host.sandbox, requests, options);
  const n = problems.length;
  const evaluations = problems.map((problem, i): ProblemEvaluation => {
    const forcedCot = rollouts[i];
    const forcedCode = rollouts[n + i];
    const autonomous = rollouts[2 * n + i];
    const chosen = autonomous.score.method;
    const oracle = { cotCorrect: forcedCot.score.correct, codeCorrect: forcedCode.score.correct };
    const verdict: AlignmentVerdict =
      chosen === null
        ? { judged: oracleMethod(oracle) !== null, strictAlign: false, allowCode: false, misAlign: oracleMethod(oracle) !== null }
        : judgeSelection(chosen, oracle);
    return { problem, belief: beliefs[i], forcedCot, forcedCode, autonomous, chosen, verdict };
  });
  const byFamily: Partial<Record<FamilyId, EvaluationMetrics>> = {};
  for (const family of new Set(problems.map((p) => p.family))) {
    byFamily[family] = summarize(evaluations.filter((e) => e.problem.family === family));
  }
  return { overall: summarize(evaluations), byFamily, problems: evaluations };
}

export function summarize(evaluations: readonly ProblemEvaluation[]): EvaluationMetrics {
  const count = evaluations.length;
  const share = (pick: (e: ProblemEvaluation) => boolean) => (count === 0 ? 0 : evaluations.filter(pick).length / count);
  const rates = alignmentRates(evaluations.map((e) => e.verdict));
  return {
    count,
    accuracy: share((e) => e.autonomous.score.correct),
    codeRate: share((e) => e.chosen === 'code'),
    forcedCotAccuracy: share((e) => e.forcedCot.score.correct),
    forcedCodeAccuracy: share((e) => e.forcedCode.score.correct),
    strictAlign: rates.strictAlign,
    allowCode: rates.allowCode,
    misAlign: rates.misAlign,
    meanBelief: count === 0 ? 0 : evaluations.reduce((sum, e) => sum + e.belief, 0) / count,
  };
}
