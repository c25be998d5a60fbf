/** The runs kept in this browser, newest first, as the run list shows and compares them. */
import { create } from 'zustand';
import type { ArmName, IterationMetrics } from '../em/types';
import { deleteRun, listRuns, saveRun, type StoredRun, type StoredStatus } from './run-db';

export interface RunSummary {
  id: string;
  name: string;
  status: StoredStatus;
  createdAt: number;
  /** Accuracy per iteration of the em arm (or the first arm with iterations). */
  arm: ArmName | null;
  curve: IterationMetrics[];
}

interface RunsListState {
  runs: RunSummary[];
  /** Run ids ticked for comparison. */
  compared: string[];
  error: string | null;
  toggleCompared(id: string): void;
}

export const useRunsListStore = create<RunsListState>((set, get) => ({
  runs: [],
  compared: [],
  error: null,
  toggleCompared(id) {
    const compared = get().compared;
    set({ compared: compared.includes(id) ? compared.filter((c) => c !== id) : [...compared, id] });
  },
}));

function summarize(run: StoredRun): RunSummary {
  const arms = run.snapshot.arms;
  const arm = (['em', 'standard-rl', 'sft', 'forced-cot', 'forced-code'] as const).find((name) => (arms[name]?.iterations.length ?? 0) > 0) ?? null;
  return { id: run.id, name: run.name, status: run.status, createdAt: run.createdAt, arm, curve: arm ? (arms[arm]?.iterations ?? []) : [] };
}

export async function refreshRunList(): Promise<StoredRun[]> {
  try {
    const runs = await listRuns();
    useRunsListStore.setState({ runs: runs.map(summarize), error: null });
    return runs;
  } catch (error) {
    useRunsListStore.setState({ error: `Saved runs are unavailable: ${error instanceof Error ? error.message : String(error)}` });
    return [];
  }
}

/** At page load: a run that was running or paused when the page went away is marked interrupted (resumable). */
export async function restoreRuns(): Promise<StoredRun | undefined> {
  const runs = await refreshRunList();
  for (const run of runs) {
    if (run.status === 'running' || run.status === 'paused') {
      run.status = 'interrupted';
      await saveRun(run);
    }
  }
  await refreshRunList();
  return runs[0];
}

export async function removeRun(id: string): Promise<void> {
  await deleteRun(id);
  useRunsListStore.setState({ compared: useRunsListStore.getState().compared.filter((c) => c !== id) });
  await refreshRunList();
}
