/** The sandbox in Node: Pyodide in worker_threads (unit tests, fast experiments, any Node host). */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { RunRequest, WorkerMessage } from './protocol';
import type { SandboxOptions, SandboxPool } from './types';
import { defaultWorkerCount } from './defaults';
import { WorkerPool, type SpawnWorker } from './pool';

const workerUrl = new URL('./worker.node.ts', import.meta.url);

/** The worker is TypeScript: a two-line bootstrap registers tsx's loader inside the thread, then imports it. */
function bootstrapSource(): string {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl.href)}); });`;
}

const spawnNodeWorker: SpawnWorker = (init) => {
  const worker = new Worker(bootstrapSource(), { eval: true });
  const channel = new MessageChannel();
  worker.postMessage({ ...init, port: channel.port2 }, [channel.port2]);
  // The pool decides when a worker lives; an idle one must not keep Node's event loop alive.
  worker.unref();
  channel.port1.unref();
  let exited = false;
  return {
    send: (request: RunRequest) => channel.port1.postMessage(request),
    onMessage: (handler) => channel.port1.on('message', (message: WorkerMessage) => handler(message)),
    onExit: (handler) => {
      worker.on('error', (error) => { if (!exited) { exited = true; handler(error.message); } });
      worker.on('exit', (code) => { if (!exited) { exited = true; handler(`exit code ${code}`); } });
    },
    terminate: () => {
      exited = true;
      channel.port1.close();
      void worker.terminate();
    },
  };
};

export function createNodeSandbox(options: SandboxOptions = {}): SandboxPool {
  return new WorkerPool({
    spawn: spawnNodeWorker,
    workers: options.workers ?? defaultWorkerCount(availableParallelism()),
    interruptible: true, // worker_threads always have SharedArrayBuffer
    ...(options.defaultLimits ? { defaultLimits: options.defaultLimits } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
  });
}
