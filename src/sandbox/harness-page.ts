/**
 * The sandbox harness page (sandbox.html): one browser pool, exposed to Playwright (the CLI, the e2e
 * tests and the bench) as `window.sandboxHarness`. An app entry point, not part of the core.
 */
import { createBrowserSandbox } from './browser';
import type { Program, RunLimits, RunOutcome, SandboxInfo, SandboxOptions } from './types';

export interface SandboxHarness {
  /** Starts (or restarts) the pool with these options and waits for its workers. */
  start(options?: SandboxOptions): Promise<SandboxInfo>;
  run(code: string, limits?: RunLimits): Promise<RunOutcome>;
  runMany(programs: readonly (Program & { id?: string })[]): Promise<RunOutcome[]>;
  info(): SandboxInfo;
  crossOriginIsolated: boolean;
}

declare global {
  interface Window {
    sandboxHarness: SandboxHarness;
  }
}

let pool = createBrowserSandbox();
const status = document.getElementById('status');

window.sandboxHarness = {
  async start(options) {
    await pool.close();
    pool = createBrowserSandbox(options);
    await pool.ready();
    return pool.info();
  },
  run: (code, limits) => pool.run(code, limits),
  runMany: (programs) => pool.runMany(programs),
  info: () => pool.info(),
  crossOriginIsolated: self.crossOriginIsolated,
};

void pool.ready().then(() => {
  if (!status) return;
  const info = pool.info();
  status.textContent = `ready: ${info.workers} worker(s), ${info.interruptible ? 'interrupt buffer' : 'termination only'}`;
  status.dataset.state = 'ready';
});
