import { useState } from 'react';
import { compatibleWith, type WarmStartMetadata } from '../../em/warmstart-artifact';
import { useConfigStore } from '../../store/config-store';
import { isActive, useRunStore } from '../../store/run-store';
import { useShippedWarmStart } from './shipped-state';
import { measureWarmStartSteps, type StepEstimate } from './step-estimate';

const percent = (share: number) => `${Math.round(100 * share)}%`;

function minutes(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

function ShippedFacts({ metadata }: { metadata: WarmStartMetadata }) {
  const { overall } = metadata.evaluation;
  return (
    <>
      <p>
        Starts from the checkpoint shipped with the app: {metadata.steps.toLocaleString()} steps ({(metadata.tokensSupervised / 1e6).toFixed(1)}M supervised tokens), trained by this app&apos;s WGSL kernels in {minutes(metadata.wallSeconds)} on {metadata.adapter}.
      </p>
      <p data-testid="shipped-accuracy">
        On the test split: forced CoT {percent(overall.forcedCot)}, forced code {percent(overall.forcedCode)}, autonomous {percent(overall.autonomous)}, code rate {percent(overall.codeRate)}.
      </p>
      <p className="field-hint-static">
        Remake it: <code>{metadata.command}</code> · sha256 <code title={metadata.sha256}>{metadata.sha256.slice(0, 12)}</code>
      </p>
    </>
  );
}

/** Where the run's warm start comes from: the shipped checkpoint (default) or training now, with how long that takes here. */
export function WarmStartPanel() {
  const shipped = useShippedWarmStart();
  const config = useConfigStore((s) => s.config);
  const source = useConfigStore((s) => s.drafts['warmStart.source']);
  const setField = useConfigStore((s) => s.setField);
  const locked = useRunStore((s) => isActive(s.status));
  const [estimate, setEstimate] = useState<{ kind: 'idle' } | { kind: 'measuring' } | { kind: 'done'; value: StepEstimate; steps: number } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const mismatch = shipped.kind === 'ready' && config ? compatibleWith(shipped.metadata, config) : null;

  const measure = () => {
    if (!config) return;
    setEstimate({ kind: 'measuring' });
    measureWarmStartSteps(config).then(
      (value) => setEstimate({ kind: 'done', value, steps: config.warmStart.steps }),
      (error: unknown) => setEstimate({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  const scratchButton = (
    <button type="button" disabled={locked} onClick={() => setField('warmStart.source', 'scratch')}>
      Train the warm start from scratch instead
    </button>
  );

  return (
    <section aria-label="Warm start source" className="warmstart-panel" data-source={source}>
      <h3>Warm start</h3>
      {source === 'shipped' ? (
        <>
          {shipped.kind === 'loading' && <p>Checking the shipped warm start…</p>}
          {shipped.kind === 'failed' && (
            <p role="alert" className="field-error">
              The shipped warm start cannot be used: {shipped.message}
            </p>
          )}
          {shipped.kind === 'ready' && mismatch && (
            <p role="alert" className="field-error">
              The shipped warm start was trained for other settings ({mismatch}). Restore the preset&apos;s values, or train one from scratch.
            </p>
          )}
          {shipped.kind === 'ready' && <ShippedFacts metadata={shipped.metadata} />}
          {scratchButton}
        </>
      ) : (
        <>
          <p>
            Trains the warm start in this run: {config ? `${config.warmStart.steps.toLocaleString()} steps of ${config.warmStart.batchSize} × ${config.model.contextLength} tokens` : 'see the Warm start knobs'}.
            {shipped.kind === 'ready' && ` The shipped one (${shipped.metadata.steps.toLocaleString()} steps) took ${minutes(shipped.metadata.wallSeconds)} on ${shipped.metadata.adapter}.`}
          </p>
          {estimate.kind === 'idle' && (
            <button type="button" disabled={!config || locked} onClick={measure}>
              Estimate the time on this adapter
            </button>
          )}
          {estimate.kind === 'measuring' && <p>Timing a few training steps on this adapter…</p>}
          {estimate.kind === 'done' && (
            <p data-testid="scratch-estimate">
              About {minutes(estimate.value.secondsPerStep * estimate.steps)} on this adapter ({estimate.value.secondsPerStep.toFixed(2)} s per step), plus the evaluations.
            </p>
          )}
          {estimate.kind === 'failed' && <p role="alert">Could not time the adapter: {estimate.message}</p>}
          <button type="button" disabled={locked || shipped.kind !== 'ready' || (config !== null && compatibleWith(shipped.metadata, { ...config, warmStart: { ...config.warmStart, source: 'shipped' } }) !== null)} onClick={() => setField('warmStart.source', 'shipped')}>
            Use the shipped warm start
          </button>
        </>
      )}
    </section>
  );
}
