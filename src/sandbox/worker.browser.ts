/// <reference lib="webworker" />
/** Sandbox worker entry for the browser (a module Web Worker started by src/sandbox/browser.ts). */
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import runnerSource from './runner.py?raw';
import type { InitMessage, RunRequest, WorkerMessage } from './protocol';
import { startSandboxWorker } from './worker-core';
import { NETWORK_GLOBALS, shadowGlobals } from './scrub';

/** Pyodide is served by our own origin (cli/vite-pyodide-assets.ts), never from a CDN. */
const indexURL = new URL(`${import.meta.env.BASE_URL}pyodide/`, self.location.origin).href;

async function loadPyodideFromOrigin(config: PyodideConfig): Promise<PyodideAPI> {
  const module = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as { loadPyodide(config: PyodideConfig): Promise<PyodideAPI> };
  return module.loadPyodide(config);
}

self.addEventListener('message', (event: MessageEvent<InitMessage & { port: MessagePort }>) => {
  const init = event.data;
  const port = init.port;
  const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  startSandboxWorker(init, {
    loadPyodide: loadPyodideFromOrigin,
    indexURL,
    runnerSource,
    post,
    scrubGlobals: () => shadowGlobals(NETWORK_GLOBALS),
  }).then(
    (serve) => { port.onmessage = (message: MessageEvent<RunRequest>) => serve(message.data); },
    (error: unknown) => post({ type: 'fatal', message: `Pyodide failed to load: ${String(error)}` }),
  );
}, { once: true });
