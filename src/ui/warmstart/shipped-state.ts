/**
 * The shipped warm start as the page sees it: read and verified once per page (hash, model, world version),
 * shared by every component that shows it. The worker verifies again when a run starts from it.
 */
import { useEffect, useState } from 'react';
import { loadShippedWarmStart } from '../../em/shipped-warmstart';
import type { WarmStartMetadata } from '../../em/warmstart-artifact';
import { fetchShippedFile } from '../../runner/shipped-files-browser';

export type ShippedState = { kind: 'loading' } | { kind: 'ready'; metadata: WarmStartMetadata } | { kind: 'failed'; message: string };

let loading: Promise<ShippedState> | null = null;

function loadOnce(): Promise<ShippedState> {
  loading ??= loadShippedWarmStart(fetchShippedFile).then(
    ({ metadata }): ShippedState => ({ kind: 'ready', metadata }),
    (error: unknown): ShippedState => ({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
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
