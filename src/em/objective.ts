/**
 * The M-step's clipped off-policy term (PPO's surrogate, shared/PAPER.md):
 *   L_solution = - mean_t min(r_t A, clip(r_t, 1 - eps, 1 + eps) A),  r_t = exp(logp_t - logpOld_t).
 * The GPT's cross-entropy backward takes per-token weights w_t with dL/dlogit = w_t (softmax - onehot), i.e.
 * dL/dlogp_t = -w_t. So the weight each trained token needs is w_t = -dL/dlogp_t.
 */
export interface ClippedTerm {
  /** This token's contribution to L_solution (already divided by the token count). */
  loss: number;
  /** w_t = -dL/dlogp_t: the cross-entropy backward weight for this token. */
  gradWeight: number;
  clipped: boolean;
}

export function clippedSurrogate(logp: number, logpOld: number, advantage: number, epsilon: number, tokenCount: number): ClippedTerm {
  const ratio = Math.exp(logp - logpOld);
  const clippedRatio = Math.min(1 + epsilon, Math.max(1 - epsilon, ratio));
  const unclippedObjective = ratio * advantage;
  const clippedObjective = clippedRatio * advantage;
  // min() picks the pessimistic branch; only the unclipped branch depends on logp (d ratio / d logp = ratio).
  const usesUnclipped = unclippedObjective <= clippedObjective;
  const objective = usesUnclipped ? unclippedObjective : clippedObjective;
  return {
    loss: -objective / tokenCount,
    gradWeight: usesUnclipped ? (advantage * ratio) / tokenCount : 0,
    clipped: !usesUnclipped,
  };
}
