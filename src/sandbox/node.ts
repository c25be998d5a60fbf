/** The sandbox in Node: Pyodide in worker_threads (unit tests, fast experiments, any Node host). */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { RunRequest, WorkerMessage } from './protocol';
import type { SandboxOptions, SandboxPool } from './types';
import { SNAPSHOT_IMPORTS, defaultWorkerCount } from './defaults';
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

/**
 * Pyodide's memory snapshot, cached on disk between processes (node_modules/.cache, like other tools):
 * a worker starts from it in about a second instead of several. Keyed by Pyodide's version and what the
 * snapshot imports; an unusable file is deleted and the pool starts from scratch.
 */
function snapshotCache(): { path: string; read(): Uint8Array | undefined; write(data: Uint8Array): void; drop(): void } {
  const require = createRequire(import.meta.url);
  const version = (JSON.parse(readFileSync(require.resolve('pyodide/package.json'), 'utf8')) as { version: string }).version;
  const key = createHash('sha256').update(`${version}\n${SNAPSHOT_IMPORTS}`).digest('hex').slice(0, 16);
  const path = resolve(dirname(require.resolve('pyodide/package.json')), '..', '.cache', 'autocode-sandbox', `pyodide-${version}-${key}.snapshot`);
  return {
    path,
    read: () => (existsSync(path) ? new Uint8Array(readFileSync(path)) : undefined),
    write: (data) => {
      try {
        mkdirSync(dirname(path), { recursive: true });
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, data);
        renameSync(partial, path); // atomic: a concurrent reader sees the old file or the whole new one
      } catch {
        // a cache that cannot be written only costs time
      }
    },
    drop: () => rmSync(path, { force: true }),
  };
}

export function createNodeSandbox(options: SandboxOptions = {}): SandboxPool {
  const cache = snapshotCache();
  const snapshot = cache.read();
  return new WorkerPool({
    spawn: spawnNodeWorker,
    ...(snapshot ? { snapshot } : {}),
    onSnapshot: (data) => cache.write(data),
    onSnapshotRejected: () => cache.drop(),
    workers: options.workers ?? defaultWorkerCount(availableParallelism()),
    interruptible: options.useInterruptBuffer ?? true, // worker_threads always have SharedArrayBuffer
    ...(options.defaultLimits ? { defaultLimits: options.defaultLimits } : {}),
    ...(options.killGraceMs !== undefined ? { killGraceMs: options.killGraceMs } : {}),
    ...(options.maxMemoryBytes !== undefined ? { maxMemoryBytes: options.maxMemoryBytes } : {}),
    ...(options.spareWorkers !== undefined ? { spareWorkers: options.spareWorkers } : {}),
  });
}
