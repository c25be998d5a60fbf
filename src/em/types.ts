/** What an experiment reports: per arm and iteration metrics, per problem traces, and the events that carry them. */
import type { ExperimentConfig, FamilyId } from '../config/schema';
import type { RunOutcome } from '../sandbox/types';
import type { ScoreReason } from '../world/response';
import type { Method } from './method';
import type { WarmStartOrigin } from './shipped-warmstart';

export const ARM_NAMES = ['em', 'standard-rl', 'sft', 'forced-cot', 'forced-code'] as const;
export type ArmName = (typeof ARM_NAMES)[number];
/** Arms that train after the warm start; the others evaluate the warm-start model as it is. */
export const TRAINED_ARMS: readonly ArmName[] = ['em', 'standard-rl'];

export function armEnabled(config: ExperimentConfig, arm: ArmName): boolean {
  const key = { em: 'em', 'standard-rl': 'standardRl', sft: 'sft', 'forced-cot': 'forcedCot', 'forced-code': 'forcedCode' } as const;
  return config.arms[key[arm]];
}

export interface ArmMetrics {
  accuracy: number;
  codeRate: number;
  strictAlign: number;
  allowCode: number;
  misAlign: number;
  meanBelief: number;
  /**
   * The arm's model told which method to use (greedy, test split): the skills its M-steps keep or wear down.
   * null in run files saved before these were recorded.
   */
  forcedCot: number | null;
  forcedCode: number | null;
  count: number;
}

export interface IterationMetrics extends ArmMetrics {
  iteration: number;
  byFamily: Partial<Record<FamilyId, ArmMetrics>>;
}

export type SplitOfProblem = 'query' | 'test';

/** One problem's trace over iterations (index = iteration); null where it was not explored that iteration. */
export interface ProblemTrace {
  id: string;
  family: FamilyId;
  split: SplitOfProblem;
  question: string;
  belief: Array<number | null>;
  qCot: Array<number | null>;
  qCode: Array<number | null>;
  sCode: Array<number | null>;
}

/** A sampled response, as the rollout inspector shows it. */
export interface RolloutRecord {
  problemId: string;
  method: Method | null;
  forced: boolean;
  text: string;
  verdict: ScoreReason;
  correct: boolean;
  answer: string | null;
  sandbox: Pick<RunOutcome, 'status' | 'stdout' | 'stderr' | 'error'> | null;
}

export type Phase = 'warm-start' | 'evaluate' | 'explore' | 'm-step';

export type ExperimentEvent =
  | { type: 'phase'; arm: ArmName | null; iteration: number; phase: Phase }
  | { type: 'progress'; phase: Phase; done: number; total: number; etaSeconds: number; tokensPerSecond?: number; loss?: number }
  | { type: 'metrics'; arm: ArmName; metrics: IterationMetrics }
  | { type: 'beliefs'; arm: ArmName; iteration: number; problems: ProblemTrace[] }
  | { type: 'rollouts'; arm: ArmName; iteration: number; rollouts: RolloutRecord[] }
  | { type: 'checkpoint'; arm: ArmName | null; iteration: number }
  /** Where the warm start came from: trained in this run, or the shipped checkpoint (named by its hash). */
  | { type: 'warm-start'; origin: WarmStartOrigin }
  | { type: 'status'; status: 'running' | 'paused' | 'stopped' | 'finished' | 'failed'; message?: string };
