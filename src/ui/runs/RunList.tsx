import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useConfigStore } from '../../store/config-store';
import { loadRun } from '../../store/run-db';
import { isActive, useRunStore } from '../../store/run-store';
import { removeRun, useRunsListStore, type RunSummary } from '../../store/runs-list-store';
import { ChartCard } from '../charts/ChartCard';

const COLOURS = ['#16a34a', '#2563eb', '#ea580c', '#9333ea', '#dc2626', '#0891b2'];

/** The runs kept in this browser: open one, delete one, tick some to compare their accuracy. */
export function RunList() {
  const runs = useRunsListStore((s) => s.runs);
  const compared = useRunsListStore((s) => s.compared);
  const toggle = useRunsListStore((s) => s.toggleCompared);
  const error = useRunsListStore((s) => s.error);
  const watched = useRunStore((s) => s.runId);
  const busy = useRunStore((s) => isActive(s.status));
  const open = async (id: string) => {
    const run = await loadRun(id);
    if (!run) return;
    useRunStore.getState().open(run);
    useConfigStore.getState().loadConfig(run.snapshot.config, run.preset);
  };
  return (
    <section aria-label="Saved runs" className="run-list">
      <h2>Saved runs</h2>
      {error && <p role="alert">{error}</p>}
      {runs.length === 0 ? (
        <p className="muted">Runs are kept in this browser after every iteration; none yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Compare</th>
              <th>Run</th>
              <th>Status</th>
              <th>Iterations</th>
              <th>Accuracy</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="saved-run" className={run.id === watched ? 'watched' : undefined}>
                <td>
                  <input type="checkbox" aria-label={`Compare ${run.name}`} checked={compared.includes(run.id)} onChange={() => toggle(run.id)} />
                </td>
                <td>{run.name}</td>
                <td data-testid="saved-run-status">{run.status}</td>
                <td>{Math.max(0, run.curve.length - 1)}</td>
                <td>{run.curve.at(-1)?.accuracy.toFixed(2) ?? '–'}</td>
                <td className="row-buttons">
                  <button type="button" disabled={busy || run.id === watched} onClick={() => void open(run.id)} aria-label={`Open ${run.name}`}>
                    Open
                  </button>
                  <button type="button" disabled={busy && run.id === watched} onClick={() => void removeRun(run.id)} aria-label={`Delete ${run.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <RunComparison runs={runs.filter((run) => compared.includes(run.id))} />
    </section>
  );
}

function RunComparison({ runs }: { runs: RunSummary[] }) {
  if (runs.length === 0) return null;
  const length = Math.max(...runs.map((run) => run.curve.length));
  const rows = Array.from({ length }, (_, iteration) => {
    const row: Record<string, number> = { iteration };
    runs.forEach((run, i) => {
      const point = run.curve.find((m) => m.iteration === iteration);
      if (point) row[`r${i}`] = point.accuracy;
    });
    return row;
  });
  return (
    <ChartCard title="Run comparison" fileName="run-comparison" explanation="Accuracy of each ticked run's EM arm (or its first arm) over iterations.">
      <ResponsiveContainer width="100%" height={220} initialDimension={{ width: 360, height: 220 }}>
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 4, left: -12 }}>
          <CartesianGrid strokeOpacity={0.25} />
          <XAxis dataKey="iteration" allowDecimals={false} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <YAxis domain={[0, 1]} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" />
          <Tooltip contentStyle={{ background: 'var(--panel)', color: 'var(--fg)' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {runs.map((run, i) => (
            <Line key={run.id} dataKey={`r${i}`} name={`${run.name} (${run.arm ?? '-'})`} stroke={COLOURS[i % COLOURS.length]} isAnimationActive={false} strokeWidth={2} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
