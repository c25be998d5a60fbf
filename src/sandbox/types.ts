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
