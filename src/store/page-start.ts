/**
 * What happens once when the page opens: the URL follows the config from now on, kept runs are listed (a run
 * cut off by a reload becomes "interrupted"), and either the autorun link starts its run or the latest run is shown.
 */
import { useConfigStore } from './config-store';
import { useRunStore } from './run-store';
import { restoreRuns } from './runs-list-store';
import { autorunRequested, startUrlSync } from './url-sync';

let started = false;

export async function startPage(): Promise<void> {
  if (started) return;
  started = true;
  startUrlSync();
  const latest = await restoreRuns().catch(() => undefined);
  const { config, preset } = useConfigStore.getState();
  if (autorunRequested() && config) {
    useRunStore.getState().start(config, preset);
    return;
  }
  if (latest) useRunStore.getState().open(latest.status === 'running' || latest.status === 'paused' ? { ...latest, status: 'interrupted' } : latest);
}
