import { useMemo } from 'react';
import type { RolloutRecord } from '../../em/types';
import { useRunStore } from '../../store/run-store';
import { useViewStore } from '../../store/view-store';

const hasSandboxError = (records: readonly RolloutRecord[]) => records.some((r) => r.sandbox !== null && r.sandbox.status !== 'ok');

/** Sampled responses of both methods for one problem: the text, the program's sandbox outcome, the answer and the verdict. */
export function RolloutInspector() {
  const arm = useViewStore((s) => s.beliefArm);
  const rollouts = useRunStore((s) => s.arms[arm]?.rollouts);
  const traces = useRunStore((s) => s.arms[arm]?.traces);
  const inspected = useViewStore((s) => s.inspectedProblem);
  const inspect = useViewStore((s) => s.inspect);
  const byProblem = useMemo(() => {
    const groups = new Map<string, RolloutRecord[]>();
    for (const record of rollouts ?? []) groups.set(record.problemId, [...(groups.get(record.problemId) ?? []), record]);
    return groups;
  }, [rollouts]);
  const questions = useMemo(() => new Map((traces ?? []).map((t) => [t.id, `${t.family}: ${t.question}`])), [traces]);
  const ids = [...byProblem.keys()];
  const current = inspected !== null && byProblem.has(inspected) ? inspected : (ids[0] ?? null);
  const records = current ? (byProblem.get(current) ?? []) : [];
  return (
    <section className="chart-card wide inspector" role="region" aria-label="Rollouts">
      <header>
        <h3>Rollouts</h3>
      </header>
      <p className="chart-explanation">
        Sample responses of the latest evaluation: the model's own choice, then CoT forced and code forced. A program runs in the Python sandbox; its output goes back to the model between &lt;out&gt; tags.
      </p>
      {ids.length === 0 ? (
        <p className="chart-empty">Rollouts appear after the first evaluation.</p>
      ) : (
        <>
          <label className="inline-picker">
            Problem{' '}
            <select aria-label="Inspected problem" value={current ?? ''} onChange={(e) => inspect(e.target.value)}>
              {ids.map((id) => (
                <option key={id} value={id}>
                  {id} {questions.get(id) ?? ''}
                  {hasSandboxError(byProblem.get(id) ?? []) ? ' — sandbox error' : ''}
                </option>
              ))}
            </select>
          </label>
          <div className="rollouts">
            {records.map((record, index) => (
              <RolloutCard key={index} record={record} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}

function RolloutCard({ record }: { record: RolloutRecord }) {
  const how = record.forced ? `${record.method ?? '?'} (forced)` : `${record.method ?? 'no method'} (model's choice)`;
  return (
    <article className={`rollout ${record.correct ? 'correct' : 'wrong'}`} data-testid="rollout" aria-label={`Rollout: ${how}`}>
      <header>
        <strong>{how}</strong> · verdict <span data-testid="verdict">{record.verdict}</span> · {record.correct ? '✔ correct' : '✘ wrong'} · answer <code>{record.answer ?? '—'}</code>
      </header>
      <pre className="rollout-text">{record.text}</pre>
      {record.sandbox && (
        <div className={`sandbox sandbox-${record.sandbox.status}`} data-testid="sandbox-outcome" data-status={record.sandbox.status}>
          <div>
            Sandbox: <strong>{record.sandbox.status}</strong>
          </div>
          {record.sandbox.stdout && <pre>output: {record.sandbox.stdout}</pre>}
          {record.sandbox.stderr && <pre>stderr: {record.sandbox.stderr}</pre>}
          {record.sandbox.error && <pre data-testid="sandbox-error">
              error: {record.sandbox.error.type}: {record.sandbox.error.message}
              {record.sandbox.error.line !== undefined ? ` (line ${record.sandbox.error.line})` : ''}
            </pre>}
        </div>
      )}
    </article>
  );
}
