/**
 * Turns explored rollouts into M-step samples: em's reference-drawn data (method rows toward s plus drawn
 * solutions) and standard RL's on-policy data (its own rollouts, decision token included, no reference).
 */
import type { Rng } from '../world/rng';
import { methodToken, promptTokens } from '../world/grammar';
import { whitenRewards } from './advantage';
import type { ExploredProblem } from './estep';
import type { MethodSample, PolicySample, SolutionSample } from './mstep';
import type { Rollout } from './rollout';
import { drawTrainingRollouts } from './synthesis';

function solutionSample(rollout: Rollout, advantage: number): SolutionSample {
  return { kind: 'solution', tokens: rollout.tokens, trained: rollout.sampled, behaviourLogprobs: rollout.logprobs, advantage };
}

/** em: for every informative query, the method rows toward s and `draws` solutions drawn from s. */
export function emSamples(explored: readonly ExploredProblem[], draws: number, rng: Rng): PolicySample[] {
  const samples: PolicySample[] = [];
  for (const query of explored) {
    if (!query.reference.informative) continue;
    const question = promptTokens(query.problem.question);
    const methodRows: MethodSample[] = [
      { kind: 'method', question, methodToken: methodToken('code'), target: query.reference.sCode },
      { kind: 'method', question, methodToken: methodToken('cot'), target: 1 - query.reference.sCode },
    ];
    samples.push(...methodRows);
    const all = [...query.rollouts.cot, ...query.rollouts.code];
    const whitened = whitenRewards(all.map((r) => (r.score.correct ? 1 : 0)));
    const advantages = new Map(all.map((rollout, i) => [rollout, whitened[i]]));
    for (const { rollout } of drawTrainingRollouts({ sCode: query.reference.sCode, rollouts: query.rollouts }, draws, () => rng.next())) {
      const advantage = advantages.get(rollout) ?? 0;
      // A rollout whose reward equals its query's mean carries no policy gradient: skip its forward and backward.
      if (advantage !== 0) samples.push(solutionSample(rollout, advantage));
    }
  }
  return samples;
}

/** standard RL: each query's free rollouts with advantages whitened over that query's rollouts. */
export function standardRlSamples(rolloutsByQuery: readonly (readonly Rollout[])[]): PolicySample[] {
  return rolloutsByQuery.flatMap((rollouts) => {
    const advantages = whitenRewards(rollouts.map((r) => (r.score.correct ? 1 : 0)));
    return rollouts.map((rollout, i) => solutionSample(rollout, advantages[i])).filter((s) => s.advantage !== 0);
  });
}

/**
 * The M-step's optimiser steps for one epoch: every step carries all the method rows (the method term is
 * full-batch, mstep.ts says why) and the next `batchSize` of the shuffled solution rows; at least one step, so
 * a set of method rows alone still trains.
 */
export function mStepBatches(samples: readonly PolicySample[], batchSize: number, rng: Rng): PolicySample[][] {
  const methodRows = samples.filter((sample) => sample.kind === 'method');
  const solutionRows = shuffled(
    samples.filter((sample) => sample.kind === 'solution'),
    rng,
  );
  if (methodRows.length + solutionRows.length === 0) return [];
  const steps = Math.max(1, Math.ceil(solutionRows.length / batchSize));
  return Array.from({ length: steps }, (_, step) => [...methodRows, ...solutionRows.slice(step * batchSize, (step + 1) * batchSize)]);
}

/** Fisher-Yates with the experiment's seeded stream. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
