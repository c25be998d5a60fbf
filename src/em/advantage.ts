/**
 * Per-query whitened advantages A = (R - mean R) / (std R + 1e-6) over that query's rollouts (population std).
 * A query whose rollouts all earned the same reward gets zero advantages: nothing to prefer.
 */
export const ADVANTAGE_EPS = 1e-6;

export function whitenRewards(rewards: readonly number[]): number[] {
  if (rewards.length === 0) return [];
  const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
  const variance = rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / rewards.length;
  const std = Math.sqrt(variance);
  return rewards.map((r) => (r - mean) / (std + ADVANTAGE_EPS));
}
