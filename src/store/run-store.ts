/**
 * The run a person is watching: fed by the runner's events (live) or by a stored run (reopened). Commands go
 * to one ExperimentClient (one worker for the page's lifetime); every snapshot and status is kept in IndexedDB.
 */
import { create } from 'zustand';
import type { ExperimentConfig, PresetName } from '../config';
import type { ExperimentSnapshot } from '../em/experiment';
import type { ArmName, IterationMetrics, Phase, ProblemTrace, RolloutRecord } from '../em/types';
import type { MatmulVariant } from '../nn/ops/matmul';
import { ExperimentClient } from '../runner/client';
import type { DeviceReport, RunnerEvent } from '../runner/protocol';
import { saveRun, type StoredRun, type StoredStatus } from './run-db';
import { refreshRunList } from './runs-list-store';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'finished' | 'failed' | 'interrupted';

export interface ArmView {
  iterations: IterationMetrics[];
  traces: ProblemTrace[];
  rollouts: RolloutRecord[];
}

export interface PhaseProgress {
  done: number;
  total: number;
  etaSeconds: number;
  loss?: number;
}

export interface CurrentPhase {
  arm: ArmName | null;
  iteration: number;
  phase: Phase;
}

export interface RunState {
  runId: string | null;
  name: string;
  preset: PresetName;
  createdAt: number;
  config: ExperimentConfig | null;
  status: RunStatus;
  message: string | null;
  current: CurrentPhase | null;
  progress: Partial<Record<Phase, PhaseProgress>>;
  device: DeviceReport | null;
  /** The variant this run's first start used (kept when a stored run is reopened): a resume pins it. */
  matmulVariant: MatmulVariant | null;
  tokensPerSecond: number | null;
  arms: Partial<Record<ArmName, ArmView>>;
  snapshot: ExperimentSnapshot | null;
  start(config: ExperimentConfig, preset: PresetName): void;
  pause(): void;
  resume(): void;
  stop(): void;
  open(run: StoredRun): void;
}

let client: ExperimentClient | null = null;
/** A Stop pressed before the worker's experiment exists (kernel tune, Python start-up): sent once it runs. */
let stopPending = false;

function runner(): ExperimentClient {
  if (!client) {
    client = new ExperimentClient();
    client.on((event) => handleEvent(event));
  }
  return client;
}

const ACTIVE: readonly RunStatus[] = ['starting', 'running', 'paused', 'stopping'];
export const isActive = (status: RunStatus): boolean => ACTIVE.includes(status);

export function armsOf(snapshot: ExperimentSnapshot): Partial<Record<ArmName, ArmView>> {
  const arms: Partial<Record<ArmName, ArmView>> = {};
  for (const [arm, state] of Object.entries(snapshot.arms)) {
    if (state) arms[arm as ArmName] = { iterations: state.iterations, traces: state.traces, rollouts: state.rollouts };
  }
  return arms;
}

function emptySnapshot(config: ExperimentConfig): ExperimentSnapshot {
  return { config, warmStartParams: null, warmStartOrigin: null, arms: {}, seconds: 0 };
}

function runName(preset: PresetName, createdAt: number): string {
  return `${preset} · ${new Date(createdAt).toLocaleString()}`;
}

function storedStatus(status: RunStatus): StoredStatus {
  if (status === 'idle' || status === 'starting' || status === 'stopping') return 'running';
  return status;
}

/** Writes the watched run to IndexedDB (a failure to persist is reported, never fatal). */
function persist(): void {
  const state = useRunStore.getState();
  if (!state.runId || !state.config) return;
  const run: StoredRun = {
    id: state.runId,
    name: state.name,
    preset: state.preset,
    createdAt: state.createdAt,
    updatedAt: Date.now(),
    status: storedStatus(state.status),
    message: state.message ?? undefined,
    matmulVariant: state.matmulVariant ?? undefined,
    snapshot: state.snapshot ?? emptySnapshot(state.config),
  };
  saveRun(run).then(refreshRunList, (error: unknown) => {
    useRunStore.setState({ message: `This run could not be saved in the browser: ${error instanceof Error ? error.message : String(error)}` });
  });
}

function updateArm(arm: ArmName, change: (view: ArmView) => ArmView): void {
  const arms = useRunStore.getState().arms;
  const view = arms[arm] ?? { iterations: [], traces: [], rollouts: [] };
  useRunStore.setState({ arms: { ...arms, [arm]: change(view) } });
}

export function handleEvent(event: RunnerEvent): void {
  const set = useRunStore.setState;
  switch (event.type) {
    case 'device':
      set({ device: event.device, matmulVariant: useRunStore.getState().matmulVariant ?? event.device.matmulVariant });
      break;
    case 'phase':
      set({ current: { arm: event.arm, iteration: event.iteration, phase: event.phase }, progress: { ...useRunStore.getState().progress, [event.phase]: { done: 0, total: 0, etaSeconds: NaN } } });
      break;
    case 'progress':
      set({
        progress: { ...useRunStore.getState().progress, [event.phase]: { done: event.done, total: event.total, etaSeconds: event.etaSeconds, loss: event.loss } },
        ...(event.tokensPerSecond !== undefined ? { tokensPerSecond: event.tokensPerSecond } : {}),
      });
      break;
    case 'metrics':
      updateArm(event.arm, (view) => ({ ...view, iterations: [...view.iterations.filter((m) => m.iteration !== event.metrics.iteration), event.metrics] }));
      break;
    case 'beliefs':
      updateArm(event.arm, (view) => ({ ...view, traces: event.problems }));
      break;
    case 'rollouts':
      updateArm(event.arm, (view) => ({ ...view, rollouts: event.rollouts }));
      break;
    case 'checkpoint':
      break;
    case 'status': {
      if (event.status === 'running' && stopPending) {
        stopPending = false;
        runner().stop();
        break;
      }
      const status: RunStatus = event.status;
      set({ status, message: event.message ?? (status === 'failed' ? 'The run failed.' : null), current: status === 'finished' ? null : useRunStore.getState().current });
      persist();
      break;
    }
    case 'snapshot':
      set({ snapshot: event.snapshot, arms: armsOf(event.snapshot) });
      persist();
      break;
    case 'fatal':
      stopPending = false;
      set({ status: 'failed', message: event.message });
      persist();
      break;
  }
}

export const useRunStore = create<RunState>((set, get) => ({
  runId: null,
  name: '',
  preset: 'tiny',
  createdAt: 0,
  config: null,
  status: 'idle',
  message: null,
  current: null,
  progress: {},
  device: null,
  matmulVariant: null,
  tokensPerSecond: null,
  arms: {},
  snapshot: null,
  start(config, preset) {
    if (isActive(get().status)) return;
    const createdAt = Date.now();
    set({
      runId: `run-${createdAt}-${Math.random().toString(36).slice(2, 8)}`,
      name: runName(preset, createdAt),
      preset,
      createdAt,
      config,
      status: 'starting',
      message: null,
      current: null,
      progress: {},
      arms: {},
      matmulVariant: null,
      snapshot: emptySnapshot(config),
    });
    persist();
    runner().start(config);
  },
  pause() {
    if (get().status !== 'running') return;
    runner().pause();
  },
  resume() {
    const { status, snapshot, config, matmulVariant } = get();
    if (status === 'paused') {
      runner().resume();
      return;
    }
    if (!config || !snapshot || !['stopped', 'interrupted', 'failed'].includes(status)) return;
    set({ status: 'starting', message: null, progress: {} });
    runner().start(config, snapshot, matmulVariant ?? undefined);
  },
  stop() {
    const status = get().status;
    if (status === 'starting') {
      stopPending = true;
      set({ status: 'stopping' });
    } else if (status === 'paused' || status === 'running') {
      set({ status: 'stopping' });
      runner().stop();
    }
  },
  open(run) {
    if (isActive(get().status)) return;
    set({
      runId: run.id,
      name: run.name,
      preset: run.preset,
      createdAt: run.createdAt,
      config: run.snapshot.config,
      status: run.status,
      message: run.message ?? null,
      current: null,
      progress: {},
      arms: armsOf(run.snapshot),
      matmulVariant: run.matmulVariant ?? null,
      snapshot: run.snapshot,
    });
  },
}));

/** Whether the watched run can continue: paused now, or stopped / cut off with a checkpoint. */
export function canResume(state: Pick<RunState, 'status' | 'snapshot' | 'config'>): boolean {
  if (state.status === 'paused') return true;
  return ['stopped', 'interrupted', 'failed'].includes(state.status) && state.snapshot !== null && state.config !== null && !isFinishedSnapshot(state.snapshot);
}

function isFinishedSnapshot(snapshot: ExperimentSnapshot): boolean {
  const arms = Object.values(snapshot.arms);
  return arms.length > 0 && snapshot.warmStartParams !== null && (snapshot.arms.em?.iterations.length ?? 0) > snapshot.config.iterations;
}
