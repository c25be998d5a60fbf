/** Learning rate: linear warm-up to `peak`, then cosine decay to a tenth of it at the last step. */
export function learningRate(step: number, steps: number, peak: number, warmupSteps: number): number {
  if (warmupSteps > 0 && step <= warmupSteps) return (peak * step) / warmupSteps;
  const decaySteps = Math.max(1, steps - warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - warmupSteps) / decaySteps));
  const floor = peak * 0.1;
  return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
}
