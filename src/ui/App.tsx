import { useEffect, useState } from 'react';
import { createBrowserGpuContext } from '../gpu/browser';
import type { AdapterDescription } from '../gpu/context';

type DeviceState = { kind: 'pending' } | { kind: 'ready'; adapter: AdapterDescription } | { kind: 'failed'; message: string };

export function App() {
  const [device, setDevice] = useState<DeviceState>({ kind: 'pending' });
  useEffect(() => {
    createBrowserGpuContext().then(
      (ctx) => setDevice({ kind: 'ready', adapter: ctx.adapter }),
      (error: unknown) => setDevice({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);
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
    </main>
  );
}
