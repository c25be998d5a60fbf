/** The sandbox in the browser: Pyodide in module Web Workers, loaded from our own origin. */
import type { RunRequest, WorkerMessage } from './protocol';
import type { SandboxOptions, SandboxPool } from './types';
import { defaultWorkerCount } from './defaults';
import { WorkerPool, type SpawnWorker } from './pool';
import { dropSnapshot, readSnapshot, writeSnapshot } from './snapshot-cache.browser';

const spawnBrowserWorker: SpawnWorker = (init) => {
  const worker = new Worker(new URL('./worker.browser.ts', import.meta.url), { type: 'module', name: 'python-sandbox' });
  // Runs and outcomes travel on a private channel: code that escapes into the worker's JavaScript
  // finds `postMessage` gone and cannot forge an outcome on the worker's own channel.
  const channel = new MessageChannel();
  worker.postMessage({ ...init, port: channel.port2 }, [channel.port2]);
  let exited = false;
  return {
    send: (request: RunRequest) => channel.port1.postMessage(request),
    onMessage: (handler) => { channel.port1.onmessage = (event: MessageEvent<WorkerMessage>) => handler(event.data); },
    onExit: (handler) => {
      const lost = (reason: string): void => { if (!exited) { exited = true; handler(reason); } };
      worker.onerror = (event) => { event.preventDefault(); lost(event.message || 'uncaught error in the worker'); };
      worker.onmessageerror = () => lost('a message from the worker could not be read');
    },
    terminate: () => {
      exited = true;
      channel.port1.close();
      worker.terminate();
    },
  };
};

/** True where the interrupt buffer can be shared with workers (cross-origin isolated pages). */
export function canInterrupt(): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
}

export function createBrowserSandbox(options: SandboxOptions = {}): SandboxPool {
  return new WorkerPool({
    spawn: spawnBrowserWorker,
    snapshot: readSnapshot(),
    onSnapshot: writeSnapshot,
    onSnapshotRejected: dropSnapshot,
    workers: options.workers ?? defaultWorkerCount(navigator.hardwareConcurrency || 2),
    interruptible: canInterrupt() && options.useInterruptBuffer !== false,
    ...(options.defaultLimits ? { defaultLimits: options.defaultLimits } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
    ...(options.spareWorkers !== undefined ? { spareWorkers: options.spareWorkers } : {}),
  });
}
