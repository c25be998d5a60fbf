import { useConfigStore } from '../../store/config-store';
import { canResume, isActive, useRunStore } from '../../store/run-store';

const STATUS_TEXT: Record<string, string> = {
  idle: 'No run yet',
  starting: 'Starting (tuning kernels, loading Python)…',
  running: 'Running',
  paused: 'Paused',
  stopping: 'Stopping at the next safe point…',
  stopped: 'Stopped (Resume continues from the last checkpoint)',
  finished: 'Finished',
  failed: 'Failed',
  interrupted: 'Interrupted (the page was closed during the run); Resume continues it',
};

/** Start, Pause, Resume, Stop, and the run's status in words. */
export function RunControls() {
  const config = useConfigStore((s) => s.config);
  const preset = useConfigStore((s) => s.preset);
  const run = useRunStore();
  const active = isActive(run.status);
  return (
    <section aria-label="Run controls" className="run-controls">
      <div className="buttons">
        <button type="button" className="primary" disabled={!config || active} onClick={() => config && run.start(config, preset)} title={config ? 'Start a new run with this config' : 'Fix the marked values first'}>
          Start
        </button>
        <button type="button" disabled={run.status !== 'running'} onClick={run.pause}>
          Pause
        </button>
        <button type="button" disabled={!canResume(run)} onClick={run.resume}>
          Resume
        </button>
        <button type="button" disabled={!['running', 'paused', 'starting'].includes(run.status)} onClick={run.stop}>
          Stop
        </button>
      </div>
      <p className="run-status" data-testid="run-status" data-status={run.status} role="status">
        {run.runId ? <span className="run-name">{run.name}: </span> : null}
        {STATUS_TEXT[run.status]}
        {!config && !active && <span className="field-error"> — the config has invalid values: fix them to start</span>}
      </p>
      {run.message && (
        <p role="alert" className="run-message">
          {run.message}
        </p>
      )}
    </section>
  );
}
