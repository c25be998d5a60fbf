/**
 * The training loop of `npm run warmstart`: runWarmStart with, between steps (its awaited gate), resume
 * checkpoints, quick evaluations and stops. Nothing here runs while a training step is in flight, so the
 * evaluations (which use the model's forward and decode buffers) leave training exactly as it was.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAMILY_IDS, type ExperimentConfig } from '../src/config';
import { evaluate, summarize, type Evaluation, type EvaluationHost, type ProblemEvaluation } from '../src/em/evaluate';
import type { RolloutOptions } from '../src/em/rollout';
import { runWarmStart } from '../src/em/warmstart';
import { evaluationRecord, type WarmStartMetadata } from '../src/em/warmstart-artifact';
import type { GptModel } from '../src/nn/model';
import type { Problem } from '../src/world/families';
import type { WarmStartSampler } from '../src/world/warm-start';
import type { ProgressPrinter } from './progress';
import { evaluationLines } from './warmstart-report';
import { saveResume } from './warmstart-resume';

/** Thrown from the gate to stop between steps, once the checkpoint is written. */
export class WarmStartStopped extends Error {
  override name = 'WarmStartStopped';
  constructor(readonly step: number) {
    super(`stopped after step ${step}`);
  }
}

/** Wraps a sampler to count the trained target tokens (positive weight) of every batch it hands out. */
export function countingSampler(inner: WarmStartSampler): WarmStartSampler & { supervised(): number } {
  let supervised = 0;
  return {
    next: () => inner.next(),
    nextBatch(batchSize, sequenceLength) {
      const batch = inner.nextBatch(batchSize, sequenceLength);
      for (const w of batch.weights) if (w > 0) supervised++;
      return batch;
    },
    supervised: () => supervised,
  };
}

/** Evaluation settings of src/em/experiment.ts: greedy, the config's sandbox limits, seeded by config.seed. */
export function evaluationOptions(config: ExperimentConfig): RolloutOptions {
  const { timeoutMs, maxOutputBytes, recursionLimit, outputChars } = config.sandbox;
  return { sandboxLimits: { timeoutMs, maxOutputBytes, recursionLimit }, outputChars, topK: 0, seed: config.seed };
}

/** The first `perFamily` test problems of each family. */
export function quickEvaluationSet(test: readonly Problem[], perFamily: number): Problem[] {
  return FAMILY_IDS.flatMap((family) => test.filter((p) => p.family === family).slice(0, perFamily));
}

/** Problems per evaluate call, as in the experiment (three rollouts each). */
const EVALUATION_CHUNK = Math.floor(256 / 3);

/** Evaluates in chunks (a progress line per chunk), then summarises the whole set. */
export async function evaluateInChunks(host: EvaluationHost, problems: readonly Problem[], options: RolloutOptions, onChunk?: (done: number) => void): Promise<Evaluation> {
  const all: ProblemEvaluation[] = [];
  for (let start = 0; start < problems.length; start += EVALUATION_CHUNK) {
    all.push(...(await evaluate(host, problems.slice(start, start + EVALUATION_CHUNK), options)).problems);
    onChunk?.(all.length);
  }
  const byFamily: Evaluation['byFamily'] = {};
  for (const family of FAMILY_IDS) {
    const scoped = all.filter((e) => e.problem.family === family);
    if (scoped.length > 0) byFamily[family] = summarize(scoped);
  }
  return { overall: summarize(all), byFamily, problems: all };
}

export interface TrainingRun {
  config: ExperimentConfig;
  preset: string;
  out: string;
  model: GptModel;
  sampler: WarmStartSampler;
  host: EvaluationHost;
  testProblems: readonly Problem[];
  checkpointEvery: number;
  evalEvery: number;
  evalPerFamily: number;
  stopAfter: number | null;
  matmulVariant: string;
  adapter: string;
  worldFingerprint: string;
  printer: ProgressPrinter;
  /** Last step completed before this process (0 for a fresh run). */
  doneBefore: number;
  /** Wall seconds of the warm start so far, earlier processes included. */
  elapsedSeconds: () => number;
  smoothedLoss: number | null;
  /** Set to stop at the next gate (SIGINT). */
  stopSignal: { requested: boolean };
}

/** Loss shown and logged: an exponential average over about 20 steps (each batch is noisy). */
const LOSS_SMOOTHING = 0.95;

/** Runs the steps left; resolves once the last is checkpointed, or rejects with WarmStartStopped. */
export async function train(run: TrainingRun): Promise<void> {
  const { config, model, printer } = run;
  const { steps, batchSize } = config.warmStart;
  const T = config.model.contextLength;
  const { elapsedSeconds } = run;
  const progressLog = join(run.out, 'progress.jsonl');
  const log = (record: Record<string, unknown>) => appendFileSync(progressLog, `${JSON.stringify(record)}\n`);

  let completed = run.doneBefore;
  let checkpointed = run.doneBefore;
  let evaluated = run.doneBefore;
  let smoothed = run.smoothedLoss;
  // Tokens/s over training time only: checkpoints and evaluations run in the gate, outside it.
  let trainSeconds = 0;
  let stepStarted = performance.now();

  const checkpoint = async () => {
    const [params, optimizer] = await Promise.all([model.saveCheckpoint({ step: String(completed) }), model.exportOptimizerState()]);
    saveResume(join(run.out, 'resume'), { step: completed, elapsedSeconds: elapsedSeconds(), config, preset: run.preset, matmulVariant: run.matmulVariant, adapter: run.adapter, smoothedLoss: smoothed, worldFingerprint: run.worldFingerprint }, params, optimizer);
    checkpointed = completed;
    log({ type: 'checkpoint', step: completed, loss: smoothed, elapsedSeconds: round(elapsedSeconds()), tokensPerSecond: Math.round(tokensPerSecond()) });
  };

  const quickEvaluation = async () => {
    const problems = quickEvaluationSet(run.testProblems, run.evalPerFamily);
    const before = performance.now();
    const record: WarmStartMetadata['evaluation'] = evaluationRecord(await evaluateInChunks(run.host, problems, evaluationOptions(config)));
    const seconds = (performance.now() - before) / 1000;
    evaluated = completed;
    printer.message(`step ${completed}: quick evaluation on ${problems.length} test problems (${seconds.toFixed(1)} s), loss ${smoothed?.toFixed(3) ?? '?'}`);
    for (const line of evaluationLines(record)) printer.message(line);
    log({ type: 'evaluation', step: completed, loss: smoothed, elapsedSeconds: round(elapsedSeconds()), seconds: round(seconds), overall: record.overall, byFamily: record.byFamily });
  };

  const stepsThisRun = () => completed - run.doneBefore;
  const tokensPerSecond = () => (stepsThisRun() * batchSize * T) / Math.max(trainSeconds, 1e-9);

  const gate = async () => {
    const stopping = run.stopSignal.requested || (run.stopAfter !== null && completed >= run.stopAfter);
    if (completed > checkpointed && (completed % run.checkpointEvery === 0 || stopping)) await checkpoint();
    if (run.evalEvery > 0 && completed > evaluated && completed % run.evalEvery === 0) await quickEvaluation();
    if (stopping) throw new WarmStartStopped(completed);
    stepStarted = performance.now();
  };

  await runWarmStart(model, run.sampler, config.warmStart, {
    sequenceLength: T,
    fromStep: run.doneBefore + 1,
    gate,
    onProgress: (p) => {
      trainSeconds += (performance.now() - stepStarted) / 1000;
      completed = p.step;
      smoothed = smoothed === null ? p.loss : LOSS_SMOOTHING * smoothed + (1 - LOSS_SMOOTHING) * p.loss;
      const eta = (trainSeconds / stepsThisRun()) * (steps - p.step);
      printer.update({ label: 'warm start', done: p.step, total: steps, etaSeconds: eta, detail: `loss ${smoothed.toFixed(3)}  ${Math.round(tokensPerSecond())} tok/s` });
    },
  });
  // The gate runs before steps only: the last step's checkpoint is written here.
  if (completed > checkpointed) await checkpoint();
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
