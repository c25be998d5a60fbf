/**
 * The sandbox harness page (sandbox.html): one browser pool, exposed to Playwright (the CLI, the e2e
 * tests and the bench) as `window.sandboxHarness`. An app entry point, not part of the core.
 */
import { createBrowserSandbox } from './browser';
import type { SandboxBench, SandboxBenchOptions } from '../bench/sandbox';
import type { Program, RunLimits, RunOutcome, SandboxInfo, SandboxOptions, SandboxPool } from './types';

export interface SandboxHarness {
  /** Starts (or restarts) the pool with these options and waits for its workers; otherwise the first run starts a default pool. */
  start(options?: SandboxOptions): Promise<SandboxInfo>;
  run(code: string, limits?: RunLimits): Promise<RunOutcome>;
  runMany(programs: readonly (Program & { id?: string })[]): Promise<RunOutcome[]>;
  info(): SandboxInfo;
  crossOriginIsolated: boolean;
  /** The bench section (src/bench/sandbox.ts), on its own pool. */
  bench(options?: SandboxBenchOptions): Promise<SandboxBench>;
}

declare global {
  interface Window {
    sandboxHarness: SandboxHarness;
  }
}

// The pool starts on the first call, so that a caller's options do not cost a second Pyodide boot.
let pool: SandboxPool | undefined;
const status = document.getElementById('status');

function showReady(info: SandboxInfo): void {
  if (!status) return;
  status.textContent = `ready: ${info.workers} worker(s), ${info.interruptible ? 'interrupt buffer' : 'termination only'}`;
  status.dataset.state = 'ready';
}

function current(): SandboxPool {
  if (!pool) {
    const started = createBrowserSandbox();
    pool = started;
    void started.ready().then(() => showReady(started.info()));
  }
  return pool;
}

window.sandboxHarness = {
  async start(options) {
    await pool?.close();
    const started = createBrowserSandbox(options);
    pool = started;
    await started.ready();
    showReady(started.info());
    return started.info();
  },
  run: (code, limits) => current().run(code, limits),
  runMany: (programs) => current().runMany(programs),
  info: () => current().info(),
  crossOriginIsolated: self.crossOriginIsolated,
  async bench(options) {
    // Loaded on demand: the harness page is an entry point, so it may reach up to the bench layer.
    const { benchSandbox } = await import('../bench/sandbox');
    await pool?.close();
    pool = undefined;
    return benchSandbox(options);
  },
};
if (status) status.textContent = 'idle: the pool starts on the first call';
