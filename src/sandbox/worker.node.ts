/** Sandbox worker entry for Node's worker_threads (loaded through tsx by src/sandbox/node.ts). */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentPort, type MessagePort } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import type { InitMessage, RunRequest, WorkerMessage } from './protocol';
import { startSandboxWorker } from './worker-core';
import { shadowGlobals } from './scrub';

const runnerSource = readFileSync(new URL('./runner.py', import.meta.url), 'utf8');
const indexURL = `${dirname(fileURLToPath(import.meta.resolve('pyodide')))}/`;

parentPort?.once('message', (init: InitMessage & { port: MessagePort }) => {
  const port = init.port;
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  startSandboxWorker(init, {
    loadPyodide,
    indexURL,
    runnerSource,
    post,
    scrubGlobals: () => shadowGlobals(['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']),
  }).then(
    (serve) => port.on('message', (request: RunRequest) => serve(request)),
    (error: unknown) => post({ type: 'fatal', message: `Pyodide failed to load: ${String(error)}` }),
  );
});
