import { useEffect, useState } from 'react';
import { createBrowserGpuContext } from '../gpu/browser';
import type { AdapterDescription, GpuContext } from '../gpu/context';
import { createKernelContext } from '../nn/ops/kernel-context';
import { runSelfCheck, selfCheckPassed, type SelfCheckResult } from '../nn/selfcheck';

type DeviceState = { kind: 'pending' } | { kind: 'ready'; adapter: AdapterDescription; ctx: GpuContext } | { kind: 'failed'; message: string };
type SelfCheckState = { kind: 'idle' } | { kind: 'running'; results: SelfCheckResult[] } | { kind: 'done'; results: SelfCheckResult[] } | { kind: 'failed'; message: string };

const formatNumber = (value: number) => (Number.isFinite(value) ? value.toExponential(2) : String(value));

export function App() {
  const [device, setDevice] = useState<DeviceState>({ kind: 'pending' });
  const [selfCheck, setSelfCheck] = useState<SelfCheckState>({ kind: 'idle' });

  useEffect(() => {
    createBrowserGpuContext().then(
      (ctx) => setDevice({ kind: 'ready', adapter: ctx.adapter, ctx }),
      (error: unknown) => setDevice({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  // Runs every kernel against its float64 twin once the device is ready.
  useEffect(() => {
    if (device.kind !== 'ready') return;
    let cancelled = false;
    const results: SelfCheckResult[] = [];
    setSelfCheck({ kind: 'running', results: [] });
    runSelfCheck(createKernelContext(device.ctx), (result) => {
      results.push(result);
      if (!cancelled) setSelfCheck({ kind: 'running', results: [...results] });
    }).then(
      (all) => !cancelled && setSelfCheck({ kind: 'done', results: all }),
      (error: unknown) => !cancelled && setSelfCheck({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [device]);

  return (
    <main>
      <h1>AutoCode Playground</h1>
      <section aria-label="Device">
        {device.kind === 'pending' && <p>Looking for a WebGPU adapter…</p>}
        {device.kind === 'failed' && <p role="alert">{device.message}</p>}
        {device.kind === 'ready' && (
          <p data-testid="adapter">
            {device.adapter.vendor} {device.adapter.architecture} {device.adapter.description}
            {device.adapter.isFallback ? ' (software fallback)' : ''}
          </p>
        )}
      </section>
      {selfCheck.kind !== 'idle' && <SelfCheckReport state={selfCheck} />}
    </main>
  );
}

function SelfCheckReport({ state }: { state: Exclude<SelfCheckState, { kind: 'idle' }> }) {
  if (state.kind === 'failed') {
    return (
      <section aria-label="Kernel self-check">
        <p data-testid="selfcheck-status" role="alert">Self-check failed: {state.message}</p>
      </section>
    );
  }
  const { results } = state;
  const failures = results.filter((result) => !result.passed).length;
  const status =
    state.kind === 'running'
      ? `Self-check running… (${results.length} checks so far)`
      : selfCheckPassed(results)
        ? `Self-check passed (${results.length} checks)`
        : `Self-check failed (${failures} of ${results.length} checks)`;
  return (
    <section aria-label="Kernel self-check">
      <h2>Kernel self-check</h2>
      <p data-testid="selfcheck-status" data-state={state.kind}>
        {status}
      </p>
      <table>
        <thead>
          <tr>
            <th>op</th>
            <th>shape</th>
            <th>tensor</th>
            <th>max |error|</th>
            <th>tolerance</th>
            <th>result</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result, index) => (
            <tr key={index} data-testid="selfcheck-row" data-op={result.op} data-passed={String(result.passed)}>
              <td>{result.op}</td>
              <td>{result.shape}</td>
              <td>{result.tensor}</td>
              <td>{formatNumber(result.maxAbsError)}</td>
              <td>{formatNumber(result.tolerance)}</td>
              <td>{result.passed ? 'passed' : `FAILED${result.error ? `: ${result.error}` : ''}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
