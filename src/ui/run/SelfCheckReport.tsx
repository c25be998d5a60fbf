import type { SelfCheckResult } from '../../nn/selfcheck';
import { selfCheckPassed } from '../../nn/selfcheck';

export type SelfCheckState = { kind: 'idle' } | { kind: 'running'; results: SelfCheckResult[] } | { kind: 'done'; results: SelfCheckResult[] } | { kind: 'failed'; message: string };

const formatNumber = (value: number) => (Number.isFinite(value) ? value.toExponential(2) : String(value));

/** Every kernel against its float64 twin: the status line (e2e reads it) and the table. */
export function SelfCheckReport({ state, waiting }: { state: Exclude<SelfCheckState, { kind: 'idle' }>; waiting: boolean }) {
  if (state.kind === 'failed') {
    return (
      <p data-testid="selfcheck-status" role="alert">
        Self-check failed: {state.message}
      </p>
    );
  }
  const { results } = state;
  const failures = results.filter((result) => !result.passed).length;
  const status =
    state.kind === 'running'
      ? `Self-check running… (${results.length} checks so far${waiting ? '; waiting while the run uses the device' : ''})`
      : selfCheckPassed(results)
        ? `Self-check passed (${results.length} checks)`
        : `Self-check failed (${failures} of ${results.length} checks)`;
  return (
    <div className="selfcheck">
      <p data-testid="selfcheck-status" data-state={state.kind}>
        {status}
      </p>
      <details>
        <summary>Kernel table</summary>
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
      </details>
    </div>
  );
}
