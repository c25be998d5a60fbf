import { useEffect, useState } from 'react';
import { createBrowserGpuContext } from '../../gpu/browser';
import type { AdapterDescription } from '../../gpu/context';
import { createKernelContext } from '../../nn/ops/kernel-context';
import { ALL_KERNEL_CASES, runSelfCheck, type SelfCheckResult } from '../../nn/selfcheck';
import { isActive, useRunStore } from '../../store/run-store';
import type { SelfCheckState } from './SelfCheckReport';

export type PageAdapter = { kind: 'pending' } | { kind: 'ready'; adapter: AdapterDescription } | { kind: 'failed'; message: string };

/**
 * The page's own WebGPU adapter and the kernel self-check, run case by case on load. A run has priority on a
 * shared (software) device: the check waits while a run is active and goes on when it is not.
 */
export function useSelfCheck(autoStart: boolean): { adapter: PageAdapter; selfCheck: SelfCheckState; start(): void } {
  const [adapter, setAdapter] = useState<PageAdapter>({ kind: 'pending' });
  const [selfCheck, setSelfCheck] = useState<SelfCheckState>({ kind: 'idle' });
  const [requested, setRequested] = useState(autoStart);

  useEffect(() => {
    if (!requested) return;
    let cancelled = false;
    const results: SelfCheckResult[] = [];
    setSelfCheck({ kind: 'running', results: [] });
    (async () => {
      const ctx = await createBrowserGpuContext();
      if (cancelled) return;
      setAdapter({ kind: 'ready', adapter: ctx.adapter });
      const kernels = createKernelContext(ctx);
      for (const kernelCase of ALL_KERNEL_CASES) {
        while (isActive(useRunStore.getState().status) && !cancelled) await new Promise((wake) => setTimeout(wake, 1000));
        if (cancelled) return;
        results.push(...(await runSelfCheck(kernels, undefined, [kernelCase])));
        if (!cancelled) setSelfCheck({ kind: 'running', results: [...results] });
      }
      if (!cancelled) setSelfCheck({ kind: 'done', results });
    })().catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (cancelled) return;
      setAdapter((current) => (current.kind === 'ready' ? current : { kind: 'failed', message }));
      setSelfCheck({ kind: 'failed', message });
    });
    return () => {
      cancelled = true;
    };
  }, [requested]);

  return { adapter, selfCheck, start: () => setRequested(true) };
}
