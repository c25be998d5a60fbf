/** How long each timed measurement should last: long enough to swamp the sync, short enough for a full run. */
export interface BenchBudget {
  /** Target milliseconds of work per measurement. */
  targetMs: number;
  maxRepetitions: number;
}

export const FULL_BUDGET: BenchBudget = { targetMs: 1500, maxRepetitions: 50 };
export const QUICK_BUDGET: BenchBudget = { targetMs: 300, maxRepetitions: 10 };

/** Repetitions so that reps * singleMs is about the target (at least one). */
export function repetitionsFor(singleMs: number, budget: BenchBudget): number {
  return Math.max(1, Math.min(budget.maxRepetitions, Math.round(budget.targetMs / Math.max(singleMs, 1e-3))));
}
