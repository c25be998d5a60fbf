/**
 * Data synthesis (shared/PAPER.md): per query, draw methods from the reference s(.|x) and take explored
 * rollouts of the drawn method, so the training set's method mix follows s rather than the behaviour policy.
 * Rollouts of a method are taken without replacement, cycling when a method is drawn more often than it has
 * rollouts. Generic over the rollout type: em/ keeps the rollouts' tokens and behaviour log-probs.
 */
import type { Method } from './method';

export interface ExploredQuery<R> {
  sCode: number;
  rollouts: Record<Method, readonly R[]>;
}

export function drawTrainingRollouts<R>(query: ExploredQuery<R>, draws: number, random: () => number): Array<{ method: Method; rollout: R }> {
  const next: Record<Method, number> = { cot: 0, code: 0 };
  const picked: Array<{ method: Method; rollout: R }> = [];
  for (let i = 0; i < draws; i++) {
    let method: Method = random() < query.sCode ? 'code' : 'cot';
    if (query.rollouts[method].length === 0) method = method === 'code' ? 'cot' : 'code';
    const pool = query.rollouts[method];
    if (pool.length === 0) break;
    picked.push({ method, rollout: pool[next[method] % pool.length] });
    next[method]++;
  }
  return picked;
}
