/** The contract between the sandbox and everything that runs model-written Python through it. */
export type RunStatus = 'ok' | 'error' | 'timeout' | 'killed' | 'output-limit';

export interface RunLimits {
  /** Wall time in ms (default 2000). */
  timeoutMs?: number;
  /** Cap on each of stdout and stderr, in bytes (default 8192). */
  maxOutputBytes?: number;
  /** Python recursion limit (default 200). */
  recursionLimit?: number;
}

export interface RunError {
  type: string;
  message: string;
  /** 1-based line in the submitted program, where Python names one. */
  line?: number;
}

export interface RunOutcome {
  id: string;
  status: RunStatus;
  stdout: string;
  stderr: string;
  truncated: boolean;
  error?: RunError;
  durationMs: number;
}

export interface Program {
  code: string;
  limits?: RunLimits;
}

export interface Sandbox {
  run(code: string, limits?: RunLimits): Promise<RunOutcome>;
  /** Outcomes in the order of `programs`, whatever the order of completion. */
  runMany(programs: readonly Program[]): Promise<RunOutcome[]>;
  close(): Promise<void>;
}

/** How a pool is built; every field has a default (src/sandbox/defaults.ts). */
export interface SandboxOptions {
  /** Number of workers (default: one less than the cores, at least one). */
  workers?: number;
  /** Limits for runs that give none of their own. */
  defaultLimits?: RunLimits;
  /** After the deadline, how long an interrupted program may take to stop before its worker is terminated (ms). */
  killGraceMs?: number;
  /** Cap on a worker's WebAssembly memory in bytes; an allocation past it raises MemoryError. */
  maxMemoryBytes?: number;
  /** Workers kept booted on standby so that a killed or crashed worker is replaced at once (default 1). */
  spareWorkers?: number;
  /**
   * false: never use the shared interrupt buffer, so time limits hold by termination alone (what a page
   * that is not cross-origin isolated gets). Default: use it wherever SharedArrayBuffer can be shared.
   */
  useInterruptBuffer?: boolean;
}

/** What a pool reports about itself (the CLI and the bench print it). */
export interface SandboxInfo {
  workers: number;
  /** True where Pyodide's interrupt buffer works (SharedArrayBuffer); otherwise time limits hold by termination only. */
  interruptible: boolean;
  /** Workers started so far, respawns included. */
  spawned: number;
  /** Of those, the ones that started from a Pyodide memory snapshot (the fast way). */
  startedFromSnapshot: number;
}

/** A Sandbox that can also say when its workers are up and what it is. */
export interface SandboxPool extends Sandbox {
  /** Resolves once every worker, spares included, has loaded Pyodide (runs may be submitted before; they queue). */
  ready(): Promise<void>;
  info(): SandboxInfo;
}
