import { isActive, useRunStore } from '../../store/run-store';
import type { MatmulVariant } from '../../nn/ops/matmul';
import type { DeviceReport } from '../../runner/protocol';
import { SelfCheckReport } from './SelfCheckReport';
import { useSelfCheck } from './use-self-check';

/** Adapter, software fallback or not, the kernel variants the run chose, live tokens/s, and the kernel self-check. */
export function DevicePanel({ autoSelfCheck }: { autoSelfCheck: boolean }) {
  const { adapter, selfCheck, start } = useSelfCheck(autoSelfCheck);
  const device = useRunStore((s) => s.device);
  const runVariant = useRunStore((s) => s.matmulVariant);
  const tokensPerSecond = useRunStore((s) => s.tokensPerSecond);
  const runActive = useRunStore((s) => isActive(s.status));
  const shown = device?.adapter ?? (adapter.kind === 'ready' ? adapter.adapter : null);
  return (
    <details className="device-panel" open>
      <summary>Device</summary>
      <section aria-label="Device">
        {adapter.kind === 'pending' && !shown && <p>Looking for a WebGPU adapter…</p>}
        {adapter.kind === 'failed' && !shown && <p role="alert">{adapter.message}</p>}
        {shown && (
          <dl className="device-facts">
            <dt>Adapter</dt>
            <dd data-testid="adapter">
              {[shown.vendor, shown.architecture, shown.description].filter(Boolean).join(' ') || 'unnamed adapter'}
            </dd>
            <dt>Software fallback</dt>
            <dd data-testid="fallback">{shown.isFallback ? 'yes (SwiftShader-like: slow, CPU kernels)' : 'no (hardware GPU)'}</dd>
            <dt>Matmul kernel</dt>
            <dd data-testid="matmul-variant">{matmulVariantText(device, runVariant)}</dd>
            <dt>Tokens/s</dt>
            <dd data-testid="tokens-per-second">{tokensPerSecond !== null ? Math.round(tokensPerSecond).toLocaleString() : '–'}</dd>
          </dl>
        )}
        {selfCheck.kind === 'idle' ? (
          <button type="button" onClick={start}>
            Run kernel self-check
          </button>
        ) : (
          <SelfCheckReport state={selfCheck} waiting={runActive} />
        )}
      </section>
    </details>
  );
}

/** The running run's variant and how it was chosen; else a reopened run's, which its resume keeps. */
function matmulVariantText(device: DeviceReport | null, runVariant: MatmulVariant | null): string {
  if (device) return `${device.matmulVariant} (${device.tune})`;
  if (runVariant) return `${runVariant} (this run's: a resume keeps it)`;
  return 'chosen when a run starts';
}
