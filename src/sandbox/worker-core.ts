/**
 * The worker side of the sandbox, the same in a Web Worker and in a Node worker thread: loads Pyodide
 * once, then runs one program per request and answers every request with exactly one message.
 */
import type { PyodideAPI, PyodideConfig } from 'pyodide';
import type { PyDict, PyProxy } from 'pyodide/ffi';
import type { InitMessage, RunRequest, WorkerMessage, WorkerOutcome } from './protocol';
import type { RunError } from './types';
import { OutputSink } from './output-sink';
import { capWasmMemory, type MemoryWatch } from './memory-cap';
import { SNAPSHOT_IMPORTS } from './defaults';

/** How the host (browser or Node) lets the core talk and load Pyodide. */
export interface WorkerEnvironment {
  loadPyodide(config: PyodideConfig): Promise<PyodideAPI>;
  indexURL: string;
  runnerSource: string;
  /** Sends to the host on the private channel (moving `transfer` rather than copying it). */
  post(message: WorkerMessage, transfer?: ArrayBuffer[]): void;
  /** Removes network and messaging APIs from the worker's global scope once Pyodide is loaded. */
  scrubGlobals(): void;
}

const SIGINT = 2;

const WARM_UP_PROGRAMS = [
  'xs = [i * i for i in range(200)]\nprint(sum(xs), "warm")',
  'def f(n):\n    return 1 / n\ntry:\n    f(0)\nexcept ZeroDivisionError:\n    pass\nraise ValueError("warm")',
];


/**
 * Starts Pyodide from the host's snapshot when there is one; otherwise from scratch, making the snapshot
 * when asked. Snapshots are a Pyodide feature marked experimental: any failure falls back to a full start.
 */
async function bootPyodide(init: InitMessage, env: WorkerEnvironment, base: PyodideConfig): Promise<{ pyodide: PyodideAPI; fromSnapshot: boolean }> {
  if (init.snapshot) {
    try {
      return { pyodide: await env.loadPyodide({ ...base, _loadSnapshot: init.snapshot }), fromSnapshot: true };
    } catch {
      // fall through to a full start
    }
  }
  const pyodide = await env.loadPyodide({ ...base, ...(init.makeSnapshot ? { _makeSnapshot: true } : {}) });
  if (init.makeSnapshot) {
    try {
      pyodide.runPython(SNAPSHOT_IMPORTS);
      const data = pyodide.makeMemorySnapshot();
      env.post({ type: 'snapshot', data }, [data.buffer as ArrayBuffer]);
    } catch {
      // no snapshot: the host starts the other workers from scratch
    }
  }
  return { pyodide, fromSnapshot: false };
}

type RunnerResult = [errorType: string, message: string, line: number | null, tracebackText: string];

interface PyCallableFn {
  (...args: unknown[]): unknown;
}

function isRunnerResult(value: unknown): value is RunnerResult {
  return Array.isArray(value) && value.length === 4 && typeof value[0] === 'string';
}

/** Loads Pyodide and the runner; resolves with a function that serves one request. */
export async function startSandboxWorker(init: InitMessage, env: WorkerEnvironment): Promise<(request: RunRequest) => void> {
  const bootStart = performance.now();
  const memory: MemoryWatch = capWasmMemory(init.maxMemoryBytes);
  const { pyodide, fromSnapshot } = await bootPyodide(init, env, {
    indexURL: env.indexURL,
    // The `js` module sees an empty object, not the worker's global scope.
    jsglobals: {},
    env: { HOME: '/home/pyodide', TMPDIR: '/tmp' },
    stdout: () => undefined,
    stderr: () => undefined,
  });
  // The interrupt byte: shared with the host where SharedArrayBuffer exists; local otherwise, still
  // enough for the worker to stop an output flood on its own.
  const interrupt = new Uint8Array(init.interruptBuffer ?? new ArrayBuffer(1));
  pyodide.setInterruptBuffer(interrupt);
  const stdout = new OutputSink(() => { interrupt[0] = SIGINT; });
  const stderr = new OutputSink(() => { interrupt[0] = SIGINT; });
  pyodide.setStdout({ write: (bytes: Uint8Array) => stdout.write(bytes) });
  pyodide.setStderr({ write: (bytes: Uint8Array) => stderr.write(bytes) });
  pyodide.setStdin({ error: true });

  // The runner lives in its own namespace, not in __main__ and not in sys.modules.
  const namespace = pyodide.toPy({}) as PyDict;
  pyodide.runPython(env.runnerSource, { globals: namespace, filename: '<sandbox-runner>' });
  const sandboxRun = namespace.get('sandbox_run') as PyCallableFn;
  const sandboxCleanup = namespace.get('sandbox_cleanup') as PyCallableFn;
  const PythonError = pyodide.ffi.PythonError;
  // WebAssembly functions compile lazily on first call: pay for the common paths (print, an error and
  // its traceback) now, so that a fresh worker's first program does not run slowly against its deadline.
  stdout.reset(0);
  stderr.reset(0);
  for (const warmUp of WARM_UP_PROGRAMS) {
    const returned = sandboxRun(warmUp, 100) as PyProxy | undefined;
    returned?.destroy();
    sandboxCleanup();
  }
  interrupt[0] = 0;
  env.scrubGlobals();
  env.post({ type: 'ready', bootMs: performance.now() - bootStart, fromSnapshot });

  let dead = false;
  return (request: RunRequest): void => {
    if (dead) {
      env.post({ type: 'fatal', id: request.id, message: 'the interpreter died in an earlier run' });
      return;
    }
    const { id, code, limits } = request;
    interrupt[0] = 0;
    stdout.reset(limits.maxOutputBytes);
    stderr.reset(limits.maxOutputBytes);
    const start = performance.now();
    let result: RunnerResult | undefined;
    let interrupted = false;
    try {
      const returned = sandboxRun(code, limits.recursionLimit) as PyProxy | undefined;
      if (returned !== undefined && returned !== null) {
        const converted = returned.toJs();
        returned.destroy();
        if (isRunnerResult(converted)) result = converted;
      }
    } catch (error) {
      if (!(error instanceof PythonError)) {
        dead = true;
        env.post({ type: 'fatal', id, message: describeFatal(error) });
        return;
      }
      // An interrupt that landed in the runner's own code, after the program.
      interrupted = error.type === 'KeyboardInterrupt';
      if (!interrupted) result = [error.type, error.message, null, ''];
    }
    const durationMs = performance.now() - start;
    interrupt[0] = 0;
    try {
      sandboxCleanup();
    } catch (error) {
      dead = true;
      env.post({ type: 'fatal', id, message: `cleanup failed: ${describeFatal(error)}` });
      return;
    }
    const outputExceeded = stdout.overflowed || stderr.overflowed;
    if (result !== undefined && result[3] !== '') stderr.append(result[3]);
    const outcome: WorkerOutcome = {
      id,
      status: 'ok',
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.overflowed || stderr.overflowed,
      durationMs,
    };
    const error: RunError | undefined = result === undefined ? undefined
      : { type: result[0], message: result[1], ...(result[2] === null ? {} : { line: result[2] }) };
    const timedOut = durationMs > limits.timeoutMs || interrupted || (error?.type === 'KeyboardInterrupt' && !outputExceeded);
    if (outputExceeded) {
      outcome.status = 'output-limit';
      outcome.error = { type: 'OutputLimit', message: `output passed the cap of ${limits.maxOutputBytes} bytes`, ...lineOf(error) };
    } else if (timedOut) {
      outcome.status = 'timeout';
      outcome.error = { type: 'Timeout', message: `ran past the time limit of ${limits.timeoutMs} ms`, ...lineOf(error) };
    } else if (error !== undefined) {
      outcome.status = 'error';
      outcome.error = error;
    }
    env.post({ type: 'done', outcome, recycle: memory.heapBytes() > init.recycleHeapBytes });
  };
}

function lineOf(error: RunError | undefined): { line?: number } {
  return error?.line === undefined ? {} : { line: error.line };
}

function describeFatal(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}
