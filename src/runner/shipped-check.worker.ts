/// <reference lib="webworker" />
/**
 * Verifies the shipped warm start off the page's thread: the world fingerprint regenerates the world's problems
 * and hashes them (about a second on a slow machine), which would freeze the page while it loads.
 */
import { loadShippedWarmStart } from '../em/shipped-warmstart';
import type { WarmStartMetadata } from '../em/warmstart-artifact';
import { fetchShippedFile } from './shipped-files-browser';

export type ShippedCheckResult = { ok: true; metadata: WarmStartMetadata } | { ok: false; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (result: ShippedCheckResult) => scope.postMessage(result);

loadShippedWarmStart(fetchShippedFile).then(
  ({ metadata }) => post({ ok: true, metadata }),
  (error: unknown) => post({ ok: false, message: error instanceof Error ? error.message : String(error) }),
);
