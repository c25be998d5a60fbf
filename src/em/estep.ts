/**
 * The E-step (shared/PAPER.md): self-exploration with each method forced in turn, K rollouts each, code run in
 * the sandbox; Q^(x, c) as the share of correct rollouts; the reference strategy s(c|x) from the belief and Q^.
 */
import type { EStepConfig } from '../config/schema';
import type { DecodeBackend } from '../nn/generate';
import type { Sandbox } from '../sandbox/types';
import type { Problem } from '../world/families';
import { methodBeliefs } from './beliefs';
import type { Method } from './method';
import type { PolicyForward } from './policy';
import { referenceStrategy, type Reference } from './reference';
import { runRollouts, type Rollout, type RolloutOptions } from './rollout';

export interface ExploredProblem {
  problem: Problem;
  belief: number;
  qCot: number;
  qCode: number;
  reference: Reference;
  rollouts: Record<Method, Rollout[]>;
}

export interface ExplorationHost {
  model: PolicyForward;
  decoder: DecodeBackend;
  sandbox: Sandbox;
}

export type RolloutSettings = Omit<RolloutOptions, 'topK' | 'seed'>;

export async function explore(host: ExplorationHost, queries: readonly Problem[], eStep: EStepConfig, rolloutSettings: RolloutSettings, seed: number): Promise<ExploredProblem[]> {
  const beliefs = await methodBeliefs(host.model, queries);
  const methods: Method[] = ['cot', 'code'];
  const requests = methods.flatMap((forcedMethod) =>
    queries.flatMap((problem) => Array.from({ length: eStep.rollouts }, () => ({ problem, forcedMethod, temperature: eStep.temperature }))),
  );
  const rollouts = await runRollouts(host.decoder, host.sandbox, requests, { ...rolloutSettings, topK: eStep.topK, seed });
  const K = eStep.rollouts;
  return queries.map((problem, i) => {
    const cot = rollouts.slice(i * K, (i + 1) * K);
    const codeStart = queries.length * K + i * K;
    const code = rollouts.slice(codeStart, codeStart + K);
    const qCot = successRate(cot);
    const qCode = successRate(code);
    const reference = referenceStrategy({ beliefCode: beliefs[i], qCot, qCode }, { mode: eStep.reference, alpha: eStep.alpha, codeCost: eStep.codeCost });
    return { problem, belief: beliefs[i], qCot, qCode, reference, rollouts: { cot, code } };
  });
}

export function successRate(rollouts: readonly Rollout[]): number {
  return rollouts.length === 0 ? 0 : rollouts.filter((r) => r.score.correct).length / rollouts.length;
}
