/**
 * The shipped warm start as the page sees it: read and verified once per page (hash, model, world version),
 * in a worker of its own, shared by every component that shows it. The experiment worker verifies again when a
 * run starts from it.
 */
import { useEffect, useState } from 'react';
import type { WarmStartMetadata } from '../../em/warmstart-artifact';
import type { ShippedCheckResult } from '../../runner/shipped-check.worker';

export type ShippedState = { kind: 'loading' } | { kind: 'ready'; metadata: WarmStartMetadata } | { kind: 'failed'; message: string };

let loading: Promise<ShippedState> | null = null;

/** One check per page, in a worker (the world fingerprint is a second of work the page should not wait on). */
function loadOnce(): Promise<ShippedState> {
  loading ??= new Promise<ShippedState>((resolve) => {
    const worker = new Worker(new URL('../../runner/shipped-check.worker.ts', import.meta.url), { type: 'module', name: 'shipped-check' });
    const finish = (state: ShippedState) => {
      worker.terminate();
      resolve(state);
    };
    worker.onmessage = (message: MessageEvent<ShippedCheckResult>) => {
      const result = message.data;
      finish(result.ok ? { kind: 'ready', metadata: result.metadata } : { kind: 'failed', message: result.message });
    };
    worker.onerror = (error) => {
      error.preventDefault();
      finish({ kind: 'failed', message: `the shipped warm start could not be checked: ${error.message}` });
    };
  });
  return loading;
}

export function useShippedWarmStart(): ShippedState {
  const [state, setState] = useState<ShippedState>({ kind: 'loading' });
  useEffect(() => {
    let live = true;
    void loadOnce().then((loaded) => live && setState(loaded));
    return () => {
      live = false;
    };
  }, []);
  return state;
}
