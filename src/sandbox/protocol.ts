/** Messages between a pool (host) and one sandbox worker. */
import type { RunError, RunLimits, RunStatus } from './types';

/** Sent once on the worker's own channel; everything after goes through `port`, which only the host holds. */
export interface InitMessage {
  type: 'init';
  /** One byte shared with the host; the host writes 2 (SIGINT) there at the deadline. Absent where the page is not cross-origin isolated. */
  interruptBuffer?: SharedArrayBuffer;
  maxMemoryBytes: number;
  recycleHeapBytes: number;
  /** A Pyodide memory snapshot to start from (seconds faster than a full start). */
  snapshot?: Uint8Array;
  /** Asks this worker to make that snapshot and send it back. */
  makeSnapshot?: boolean;
}

export interface RunRequest {
  type: 'run';
  id: string;
  code: string;
  limits: Required<RunLimits>;
}

/** What a worker says about a finished run (the host adds the id's bookkeeping and nothing else). */
export interface WorkerOutcome {
  id: string;
  status: Exclude<RunStatus, 'killed'>;
  stdout: string;
  stderr: string;
  truncated: boolean;
  error?: RunError;
  durationMs: number;
}

export type WorkerMessage =
  | { type: 'ready'; bootMs: number; fromSnapshot: boolean }
  | { type: 'snapshot'; data: Uint8Array }
  | { type: 'done'; outcome: WorkerOutcome; recycle: boolean }
  /** The interpreter is unusable (Pyodide fatal error); the host must replace the worker. */
  | { type: 'fatal'; id?: string; message: string };
