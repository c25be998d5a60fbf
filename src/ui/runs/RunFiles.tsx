import { useRef, useState } from 'react';
import { buildLayout } from '../../nn/layout';
import { parametersToSafetensors } from '../../nn/checkpoint';
import { modelConfigFor } from '../../world/model-config';
import { saveRun } from '../../store/run-db';
import { beliefsCsv, runFromJson, runToJson } from '../../store/run-file';
import { isActive, useRunStore } from '../../store/run-store';
import { refreshRunList } from '../../store/runs-list-store';
import { downloadBlob } from '../download';

const safeName = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'run';

/** Export the watched run (JSON, beliefs CSV, checkpoint) and import a run JSON. */
export function RunFiles() {
  const run = useRunStore();
  const input = useRef<HTMLInputElement>(null);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const snapshot = run.snapshot;
  const params = snapshot ? (snapshot.arms.em?.params ?? snapshot.arms['standard-rl']?.params ?? snapshot.warmStartParams) : null;
  const base = safeName(run.name);

  const exportJson = () => {
    if (!snapshot || !run.runId) return;
    const text = runToJson({ id: run.runId, name: run.name, preset: run.preset, createdAt: run.createdAt, updatedAt: Date.now(), status: run.status === 'finished' || run.status === 'failed' || run.status === 'stopped' || run.status === 'interrupted' || run.status === 'paused' ? run.status : 'running', snapshot });
    downloadBlob(new Blob([text], { type: 'application/json' }), `${base}.json`);
  };
  const exportCsv = () => snapshot && downloadBlob(new Blob([beliefsCsv(snapshot)], { type: 'text/csv' }), `${base}-beliefs.csv`);
  const exportCheckpoint = () => {
    if (!snapshot || !params) return;
    const layout = buildLayout(modelConfigFor(snapshot.config.model));
    const bytes = parametersToSafetensors(layout, params, { 'autocode.run': run.name });
    downloadBlob(new Blob([bytes.slice().buffer], { type: 'application/octet-stream' }), `${base}.safetensors`);
  };
  const importFile = async (file: File) => {
    const result = runFromJson(await file.text(), file.name);
    if (!result.ok) {
      setNotice({ kind: 'error', text: result.message });
      return;
    }
    await saveRun(result.run);
    await refreshRunList();
    useRunStore.getState().open(result.run);
    setNotice({ kind: 'ok', text: `Imported ${result.run.name}.` });
  };

  return (
    <section aria-label="Files" className="run-files">
      <h2>Export and import</h2>
      <div className="buttons">
        <button type="button" disabled={!snapshot || !run.runId} onClick={exportJson} title="Config, metrics, beliefs, sample rollouts and parameters">
          Run JSON
        </button>
        <button type="button" disabled={!snapshot || Object.keys(snapshot.arms).length === 0} onClick={exportCsv} title="b(x), Q^ and s per problem and iteration">
          Beliefs CSV
        </button>
        <button type="button" disabled={!params} onClick={exportCheckpoint} title="The model's parameters (EM arm, else the warm start) as safetensors">
          Checkpoint (safetensors)
        </button>
        <button type="button" disabled={isActive(run.status)} onClick={() => input.current?.click()}>
          Import run JSON…
        </button>
        <input
          ref={input}
          type="file"
          accept="application/json,.json"
          aria-label="Import run JSON"
          data-testid="import-input"
          hidden
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
      </div>
      {notice && (
        <p role={notice.kind === 'error' ? 'alert' : 'status'} className={notice.kind === 'error' ? 'field-error' : 'notice'} data-testid="import-notice">
          {notice.text}
        </p>
      )}
    </section>
  );
}
