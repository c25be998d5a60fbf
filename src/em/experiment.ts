/**
 * An experiment as a whole (shared/PAPER.md): warm start, then per arm N iterations, each checkpointed so a
 * stopped run continues where it stopped. Events carry phases, progress, metrics, beliefs and sample rollouts.
 * The same code runs in a browser worker and in Node: the host supplies the model, its decoder and the sandbox.
 *
 * Determinism: every random stream is seeded from (config.seed, arm, iteration, purpose), the kernels have no
 * atomics, and AdamW's moments restart at every M-step, so a checkpoint (parameters + metrics) is all a
 * resumed run needs to give the result of an uninterrupted one.
 */
import { FAMILY_IDS, type ExperimentConfig } from '../config/schema';
import type { AdamWSettings } from '../nn/model';
import type { DecodeBackend } from '../nn/generate';
import type { Sandbox } from '../sandbox/types';
import type { Problem } from '../world/families';
import { buildSplits } from '../world/splits';
import { createRng } from '../world/rng';
import { renderTokens } from '../world/tokenizer';
import { createWarmStartSampler } from '../world/warm-start';
import { methodBeliefs } from './beliefs';
import { explore, type ExploredProblem, type RolloutSettings } from './estep';
import { alignmentRates, judgeSelection } from './alignment';
import { evaluate, type ProblemEvaluation } from './evaluate';
import type { Method } from './method';
import { mStepBatch, type MStepModel, type PolicySample } from './mstep';
import type { PolicyForward } from './policy';
import { runRollouts, type Rollout } from './rollout';
import { emSamples, mStepBatches, shuffled, standardRlSamples } from './samples';
import { ARM_NAMES, TRAINED_ARMS, armEnabled, type ArmMetrics, type ArmName, type ExperimentEvent, type IterationMetrics, type Phase, type ProblemTrace, type RolloutRecord } from './types';
import { runWarmStart, type TrainableModel } from './warmstart';
import { originOf, type ShippedWarmStart, type WarmStartOrigin } from './shipped-warmstart';
import { compatibleWith } from './warmstart-artifact';
import { parametersFromSafetensors } from '../nn/checkpoint';
import { buildLayout } from '../nn/layout';
import { modelConfigFor } from '../world/model-config';

export interface ExperimentModel extends PolicyForward, MStepModel, TrainableModel {
  exportParameters(): Promise<Float32Array>;
  importParameters(params: Float32Array): void;
  resetOptimizer(): void;
}

export interface ExperimentHost {
  model: ExperimentModel;
  decoder: DecodeBackend;
  sandbox: Sandbox;
  /** Reads and verifies the shipped warm start (warmStart.source "shipped"); absent: this host has none. */
  shippedWarmStart?: () => Promise<ShippedWarmStart>;
}

export interface ArmState {
  iterations: IterationMetrics[];
  /** Parameters after the last completed iteration (trained arms). */
  params: Float32Array | null;
  traces: ProblemTrace[];
  rollouts: RolloutRecord[];
}

/** Everything a stopped run needs to continue, and everything a finished run reports. */
export interface ExperimentSnapshot {
  config: ExperimentConfig;
  warmStartParams: Float32Array | null;
  /** Where warmStartParams came from; null before the warm start (and in runs saved before it was recorded). */
  warmStartOrigin: WarmStartOrigin | null;
  arms: Partial<Record<ArmName, ArmState>>;
  /** Seconds of work so far, across resumptions. */
  seconds: number;
}

export class ExperimentStopped extends Error {
  override name = 'ExperimentStopped';
  constructor() {
    super('the experiment was stopped');
  }
}

/** How many sample rollouts per family the inspector keeps per arm and iteration. */
const RECORDS_PER_FAMILY = 3;
/** Generation requests per gate: the experiment can pause or stop between such chunks. */
const REQUESTS_PER_CHUNK = 256;

export class Experiment {
  private readonly listeners = new Set<(event: ExperimentEvent) => void>();
  private paused = false;
  private stopRequested = false;
  private resumeWaiters: Array<() => void> = [];
  private readonly state: ExperimentSnapshot;
  private readonly splits;
  private readonly now: () => number;
  /** Stable ids: split and index in it (the splits are a pure function of the world config). */
  private readonly problemIds = new Map<Problem, string>();

  constructor(
    private readonly host: ExperimentHost,
    readonly config: ExperimentConfig,
    snapshot?: ExperimentSnapshot,
    now: () => number = () => performance.now(),
  ) {
    this.state = snapshot ? cloneSnapshot(snapshot) : { config, warmStartParams: null, warmStartOrigin: null, arms: {}, seconds: 0 };
    this.splits = buildSplits(config.world);
    this.splits.query.forEach((problem, i) => this.problemIds.set(problem, `query-${i}`));
    this.splits.test.forEach((problem, i) => this.problemIds.set(problem, `test-${i}`));
    this.now = now;
  }

  on(listener: (event: ExperimentEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(): void {
    if (this.paused || this.stopRequested) return;
    this.paused = true;
    this.emit({ type: 'status', status: 'paused' });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.emit({ type: 'status', status: 'running' });
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  /** Stops at the next gate; the snapshot keeps the last checkpoint. */
  stop(): void {
    this.stopRequested = true;
    for (const wake of this.resumeWaiters.splice(0)) wake();
  }

  snapshot(): ExperimentSnapshot {
    return cloneSnapshot(this.state);
  }

  /** Runs what is left; resolves with the final snapshot, or rejects with ExperimentStopped. */
  async run(): Promise<ExperimentSnapshot> {
    const started = this.now();
    const secondsBefore = this.state.seconds;
    const tick = () => (this.state.seconds = secondsBefore + (this.now() - started) / 1000);
    this.emit({ type: 'status', status: 'running' });
    try {
      await this.warmStart();
      tick();
      await this.evaluateWarmStart();
      tick();
      for (const arm of TRAINED_ARMS) {
        if (!armEnabled(this.config, arm)) continue;
        const state = this.arm(arm);
        if (state.iterations.length === 0) throw new Error(`${arm} has no warm-start evaluation`);
        this.host.model.importParameters(state.params ?? this.requireWarmStart());
        for (let iteration = state.iterations.length; iteration <= this.config.iterations; iteration++) {
          await this.iterate(arm, iteration);
          tick();
          this.emit({ type: 'checkpoint', arm, iteration });
        }
      }
      tick();
      this.emit({ type: 'status', status: 'finished' });
      return this.snapshot();
    } catch (error) {
      tick();
      if (error instanceof ExperimentStopped) this.emit({ type: 'status', status: 'stopped' });
      else this.emit({ type: 'status', status: 'failed', message: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  private emit(event: ExperimentEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private async gate(): Promise<void> {
    while (this.paused && !this.stopRequested) await new Promise<void>((wake) => this.resumeWaiters.push(wake));
    if (this.stopRequested) throw new ExperimentStopped();
  }

  private arm(arm: ArmName): ArmState {
    let state = this.state.arms[arm];
    if (!state) {
      state = { iterations: [], params: null, traces: [], rollouts: [] };
      this.state.arms[arm] = state;
    }
    return state;
  }

  private requireWarmStart(): Float32Array {
    if (!this.state.warmStartParams) throw new Error('no warm-start parameters');
    return this.state.warmStartParams;
  }

  private async warmStart(): Promise<void> {
    if (this.state.warmStartParams) return;
    this.emit({ type: 'phase', arm: null, iteration: 0, phase: 'warm-start' });
    if (this.config.warmStart.source === 'shipped') return this.loadShippedWarmStart();
    const sampler = createWarmStartSampler(this.splits.warmStart, this.config.warmStart, this.config.seed, this.config.sandbox.outputChars);
    await runWarmStart(this.host.model, sampler, this.config.warmStart, {
      sequenceLength: this.config.model.contextLength,
      gate: () => this.gate(),
      onProgress: (p) => this.emit({ type: 'progress', phase: 'warm-start', done: p.step, total: p.steps, etaSeconds: p.etaSeconds, tokensPerSecond: p.tokensPerSecond, loss: p.loss }),
    });
    this.state.warmStartParams = await this.host.model.exportParameters();
    this.state.warmStartOrigin = { source: 'scratch' };
    this.emit({ type: 'warm-start', origin: this.state.warmStartOrigin });
    this.emit({ type: 'checkpoint', arm: null, iteration: 0 });
  }

  /** The shipped checkpoint instead of training: refused, with the reason, when it was made for another config. */
  private async loadShippedWarmStart(): Promise<void> {
    if (!this.host.shippedWarmStart) throw new Error('this host has no shipped warm start: set warmStart.source to "scratch"');
    const shipped = await this.host.shippedWarmStart();
    const mismatch = compatibleWith(shipped.metadata, this.config);
    if (mismatch) {
      throw new Error(`the shipped warm start was trained for another config (${mismatch}): restore the preset's values, or set warmStart.source to "scratch" to train one`);
    }
    const { params } = parametersFromSafetensors(buildLayout(modelConfigFor(this.config.model)), shipped.bytes);
    this.state.warmStartParams = params;
    this.state.warmStartOrigin = originOf(shipped.metadata);
    this.emit({ type: 'progress', phase: 'warm-start', done: 1, total: 1, etaSeconds: 0 });
    this.emit({ type: 'warm-start', origin: this.state.warmStartOrigin });
    this.emit({ type: 'checkpoint', arm: null, iteration: 0 });
  }

  /** Iteration 0 of every arm: the warm-start model, autonomous and with each method forced. */
  private async evaluateWarmStart(): Promise<void> {
    const arms = ARM_NAMES.filter((arm) => armEnabled(this.config, arm) && this.arm(arm).iterations.length === 0);
    if (arms.length === 0) return;
    this.host.model.importParameters(this.requireWarmStart());
    this.emit({ type: 'phase', arm: null, iteration: 0, phase: 'evaluate' });
    const evaluation = await this.evaluateTest();
    const beliefs = await this.queryBeliefs();
    for (const arm of arms) {
      const state = this.arm(arm);
      const metrics = armMetrics(arm, evaluation);
      state.iterations.push(metrics);
      state.traces = this.initialTraces(evaluation, beliefs);
      state.rollouts = rolloutRecords(evaluation, arm, this.problemIds);
      this.emit({ type: 'metrics', arm, metrics });
      this.emit({ type: 'beliefs', arm, iteration: 0, problems: state.traces });
      this.emit({ type: 'rollouts', arm, iteration: 0, rollouts: state.rollouts });
    }
    this.emit({ type: 'checkpoint', arm: null, iteration: 0 });
  }

  private async iterate(arm: ArmName, iteration: number): Promise<void> {
    const state = this.arm(arm);
    const queries = this.pickQueries(iteration);
    const rolloutSettings = this.rolloutSettings();
    const seed = createRng(this.config.seed, arm, String(iteration), 'sampling').int(0, 2 ** 31 - 1);
    this.emit({ type: 'phase', arm, iteration, phase: 'explore' });
    let samples: PolicySample[];
    let explored: ExploredProblem[] = [];
    if (arm === 'em') {
      explored = await this.inChunks(queries, Math.max(1, Math.floor(REQUESTS_PER_CHUNK / (2 * this.config.eStep.rollouts))), 'explore', (chunk, index) =>
        explore(this.host, chunk, this.config.eStep, rolloutSettings, seed + index),
      );
      samples = emSamples(explored, this.config.eStep.rollouts, createRng(this.config.seed, arm, String(iteration), 'synthesis'));
    } else {
      const perQuery = 2 * this.config.eStep.rollouts; // the same rollout budget as em's two forced methods
      const rollouts = await this.inChunks(queries, Math.max(1, Math.floor(REQUESTS_PER_CHUNK / perQuery)), 'explore', async (chunk, index) => {
        const requests = chunk.flatMap((problem) => Array.from({ length: perQuery }, () => ({ problem, forcedMethod: null, temperature: this.config.eStep.temperature })));
        const flat = await runRollouts(this.host.decoder, this.host.sandbox, requests, { ...rolloutSettings, topK: this.config.eStep.topK, seed: seed + index });
        return chunk.map((_, q) => flat.slice(q * perQuery, (q + 1) * perQuery));
      });
      samples = standardRlSamples(rollouts);
    }

    this.emit({ type: 'phase', arm, iteration, phase: 'm-step' });
    await this.mStep(arm, iteration, samples);

    this.emit({ type: 'phase', arm, iteration, phase: 'evaluate' });
    const evaluation = await this.evaluateTest();
    const beliefs = await this.queryBeliefs();
    const metrics = armMetrics(arm, evaluation, iteration);
    this.recordTraces(state, iteration, evaluation, beliefs, explored);
    state.iterations.push(metrics);
    state.rollouts = rolloutRecords(evaluation, arm, this.problemIds);
    state.params = await this.host.model.exportParameters();
    this.emit({ type: 'metrics', arm, metrics });
    this.emit({ type: 'beliefs', arm, iteration, problems: state.traces });
    this.emit({ type: 'rollouts', arm, iteration, rollouts: state.rollouts });
  }

  private async mStep(arm: ArmName, iteration: number, samples: readonly PolicySample[]): Promise<void> {
    const { epochs, batchSize, lr, clipEpsilon, methodLossWeight, solutionLossWeight } = this.config.mStep;
    const adamw: AdamWSettings = { lr, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0, gradClip: 1 };
    this.host.model.resetOptimizer();
    const epochBatches = Array.from({ length: epochs }, (_, epoch) => mStepBatches(samples, batchSize, createRng(this.config.seed, arm, String(iteration), 'epoch', String(epoch))));
    const total = epochBatches.reduce((n, batches) => n + batches.length, 0);
    const started = this.now();
    let step = 0;
    for (const batches of epochBatches) {
      for (const batch of batches) {
        await this.gate();
        step++;
        const result = await mStepBatch(this.host.model, batch, { method: methodLossWeight, solution: solutionLossWeight, clipEpsilon }, adamw, step);
        const elapsed = (this.now() - started) / 1000;
        this.emit({ type: 'progress', phase: 'm-step', done: step, total, etaSeconds: (elapsed / step) * (total - step), loss: result.methodLoss + result.solutionLoss });
      }
    }
  }

  private rolloutSettings(): RolloutSettings {
    const { timeoutMs, maxOutputBytes, recursionLimit, outputChars } = this.config.sandbox;
    return { sandboxLimits: { timeoutMs, maxOutputBytes, recursionLimit }, outputChars };
  }

  /** Per-problem evaluations of the test set; each arm summarises them its own way (metricsOf). */
  private async evaluateTest(): Promise<ProblemEvaluation[]> {
    const options = { ...this.rolloutSettings(), topK: 0, seed: this.config.seed };
    return this.inChunks(this.splits.test, Math.max(1, Math.floor(REQUESTS_PER_CHUNK / 3)), 'evaluate', async (chunk) => (await evaluate(this.host, chunk, options)).problems);
  }

  private queryBeliefs(): Promise<number[]> {
    return methodBeliefs(this.host.model, this.splits.query);
  }

  /** The same queries for every arm in an iteration, so arms see the same data. */
  private pickQueries(iteration: number): Problem[] {
    const pool = shuffled(this.splits.query, createRng(this.config.seed, 'queries', String(iteration)));
    return pool.slice(0, Math.min(pool.length, this.config.eStep.queriesPerIteration));
  }

  private async inChunks<T, R>(items: readonly T[], size: number, phase: Phase, work: (chunk: T[], index: number) => Promise<R[]>): Promise<R[]> {
    const results: R[] = [];
    const started = this.now();
    const chunks = Math.ceil(items.length / size);
    for (let index = 0; index < chunks; index++) {
      await this.gate();
      results.push(...(await work(items.slice(index * size, (index + 1) * size), index)));
      const elapsed = (this.now() - started) / 1000;
      const done = Math.min(items.length, (index + 1) * size);
      this.emit({ type: 'progress', phase, done, total: items.length, etaSeconds: (elapsed / done) * (items.length - done) });
    }
    return results;
  }

  private initialTraces(evaluation: readonly ProblemEvaluation[], queryBeliefs: readonly number[]): ProblemTrace[] {
    const trace = (problem: Problem, split: 'query' | 'test', belief: number): ProblemTrace => ({
      id: this.problemIds.get(problem) ?? problem.question,
      family: problem.family,
      split,
      question: problem.question,
      belief: [belief],
      qCot: [null],
      qCode: [null],
      sCode: [null],
    });
    return [
      ...this.splits.query.map((problem, i) => trace(problem, 'query', queryBeliefs[i])),
      ...evaluation.map((e) => trace(e.problem, 'test', e.belief)),
    ];
  }

  private recordTraces(state: ArmState, iteration: number, evaluation: readonly ProblemEvaluation[], queryBeliefs: readonly number[], explored: readonly ExploredProblem[]): void {
    const byId = new Map(state.traces.map((trace) => [trace.id, trace]));
    const set = (problem: Problem, belief: number, q?: ExploredProblem) => {
      const trace = byId.get(this.problemIds.get(problem) ?? '');
      if (!trace) return;
      trace.belief[iteration] = belief;
      trace.qCot[iteration] = q ? q.qCot : null;
      trace.qCode[iteration] = q ? q.qCode : null;
      trace.sCode[iteration] = q ? q.reference.sCode : null;
    };
    const exploredByProblem = new Map(explored.map((q) => [q.problem, q]));
    this.splits.query.forEach((problem, i) => set(problem, queryBeliefs[i], exploredByProblem.get(problem)));
    evaluation.forEach((e) => set(e.problem, e.belief));
  }
}

/**
 * An arm's metrics over some problems. Autonomous arms are judged on the model's own choice; forced arms
 * (the warm start told which method to use) on the forced method, against the same oracle.
 */
function metricsOf(arm: ArmName, evaluations: readonly ProblemEvaluation[]): ArmMetrics {
  const forced: Method | null = arm === 'forced-cot' ? 'cot' : arm === 'forced-code' ? 'code' : null;
  const count = evaluations.length;
  const share = (pick: (e: ProblemEvaluation) => boolean) => (count === 0 ? 0 : evaluations.filter(pick).length / count);
  const chosen = (e: ProblemEvaluation) => forced ?? e.chosen;
  const correct = (e: ProblemEvaluation) => (forced === 'cot' ? e.forcedCot : forced === 'code' ? e.forcedCode : e.autonomous).score.correct;
  const verdicts = evaluations.map((e) =>
    forced ? judgeSelection(forced, { cotCorrect: e.forcedCot.score.correct, codeCorrect: e.forcedCode.score.correct }) : e.verdict,
  );
  const rates = alignmentRates(verdicts);
  return {
    accuracy: share(correct),
    codeRate: share((e) => chosen(e) === 'code'),
    strictAlign: rates.strictAlign,
    allowCode: rates.allowCode,
    misAlign: rates.misAlign,
    meanBelief: count === 0 ? 0 : evaluations.reduce((sum, e) => sum + e.belief, 0) / count,
    forcedCot: share((e) => e.forcedCot.score.correct),
    forcedCode: share((e) => e.forcedCode.score.correct),
    count,
  };
}

function armMetrics(arm: ArmName, evaluations: readonly ProblemEvaluation[], iteration = 0): IterationMetrics {
  const byFamily: IterationMetrics['byFamily'] = {};
  for (const family of FAMILY_IDS) {
    const scoped = evaluations.filter((e) => e.problem.family === family);
    if (scoped.length > 0) byFamily[family] = metricsOf(arm, scoped);
  }
  return { iteration, ...metricsOf(arm, evaluations), byFamily };
}

function rolloutRecords(evaluations: readonly ProblemEvaluation[], arm: ArmName, ids: ReadonlyMap<Problem, string>): RolloutRecord[] {
  const perFamily = new Map<string, number>();
  const records: RolloutRecord[] = [];
  for (const e of evaluations) {
    const seen = perFamily.get(e.problem.family) ?? 0;
    if (seen >= RECORDS_PER_FAMILY) continue;
    perFamily.set(e.problem.family, seen + 1);
    const shown: Rollout[] = arm === 'forced-cot' ? [e.forcedCot] : arm === 'forced-code' ? [e.forcedCode] : [e.autonomous, e.forcedCot, e.forcedCode];
    for (const rollout of shown) records.push(rolloutRecord(rollout, ids.get(e.problem) ?? e.problem.question));
  }
  return records;
}

export function rolloutRecord(rollout: Rollout, problemId: string): RolloutRecord {
  return {
    problemId,
    method: rollout.score.method,
    forced: rollout.forcedMethod !== null,
    text: renderTokens(rollout.tokens.slice(rollout.questionLength)),
    verdict: rollout.score.reason,
    correct: rollout.score.correct,
    answer: rollout.score.answerText,
    sandbox: rollout.sandbox ? { status: rollout.sandbox.status, stdout: rollout.sandbox.stdout, stderr: rollout.sandbox.stderr, error: rollout.sandbox.error } : null,
  };
}

function cloneSnapshot(snapshot: ExperimentSnapshot): ExperimentSnapshot {
  return structuredClone(snapshot);
}
