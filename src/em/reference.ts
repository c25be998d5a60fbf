/**
 * The E-step's reference strategy s(c|x) (shared/PAPER.md): from the model's prior b(x) = pi(code|x) and the
 * explored success rates Q^(x, cot), Q^(x, code), in three modes. Ties go to CoT, the cheaper method.
 */
export type ReferenceMode = 'posterior' | 'softmax' | 'hardmax';

export interface ReferenceInput {
  /** b(x) = pi(code | x), the model's belief at the decision token. */
  beliefCode: number;
  qCot: number;
  qCode: number;
}

export interface ReferenceOptions {
  mode: ReferenceMode;
  /** Sharpness of the softmax mode. */
  alpha: number;
  /** Price of a tool call, subtracted from Q^(x, code) before the reference is formed. */
  codeCost: number;
}

export interface Reference {
  /** s(code | x); s(cot | x) = 1 - sCode. */
  sCode: number;
  /** False when every explored rollout of both methods failed: no signal about the method, no method loss. */
  informative: boolean;
}

export function referenceStrategy({ beliefCode, qCot, qCode }: ReferenceInput, { mode, alpha, codeCost }: ReferenceOptions): Reference {
  const informative = qCot > 0 || qCode > 0;
  const priorCode = clamp01(beliefCode);
  const priorCot = 1 - priorCode;
  const pricedCode = qCode - codeCost;
  if (mode === 'softmax') {
    // exp(alpha * pi * Q) normalised over the two methods, computed stably as a logistic of the difference.
    const diff = alpha * (priorCode * pricedCode - priorCot * qCot);
    return { sCode: 1 / (1 + Math.exp(-diff)), informative };
  }
  // Probabilities cannot be negative: a cost larger than the success rate leaves code no weight.
  const weightCode = priorCode * Math.max(0, pricedCode);
  const weightCot = priorCot * qCot;
  if (mode === 'hardmax' || weightCode + weightCot === 0) {
    return { sCode: weightCode > weightCot ? 1 : 0, informative };
  }
  return { sCode: weightCode / (weightCode + weightCot), informative };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
