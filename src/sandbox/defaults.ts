import type { RunLimits } from './types';

export const DEFAULT_LIMITS: Required<RunLimits> = {
  timeoutMs: 2000,
  maxOutputBytes: 8192,
  recursionLimit: 200,
};

/** Past the deadline, time an interrupted program gets to unwind before its worker is terminated. */
export const DEFAULT_KILL_GRACE_MS = 400;

/** Enough for any sane math program; far below what would strain the page (wasm32 allows 4 GiB). */
export const DEFAULT_MAX_MEMORY_BYTES = 512 * 1024 * 1024;

/** A worker whose heap grew past this after a run is replaced, since WebAssembly memory never shrinks. */
export const RECYCLE_HEAP_BYTES = 256 * 1024 * 1024;

export function defaultWorkerCount(cores: number): number {
  return Math.max(1, Math.floor(cores) - 1);
}

/** Fills in defaults and clamps nonsense (negative, NaN) to something that still terminates. */
export function resolveLimits(limits: RunLimits | undefined, base: Required<RunLimits> = DEFAULT_LIMITS): Required<RunLimits> {
  const pick = (value: number | undefined, fallback: number, min: number): number =>
    value === undefined || !Number.isFinite(value) ? fallback : Math.max(min, Math.floor(value));
  return {
    timeoutMs: pick(limits?.timeoutMs, base.timeoutMs, 1),
    maxOutputBytes: pick(limits?.maxOutputBytes, base.maxOutputBytes, 0),
    recursionLimit: pick(limits?.recursionLimit, base.recursionLimit, 10),
  };
}

/** Modules a snapshot carries already imported (the runner imports the same, so it finds them done). */
export const SNAPSHOT_IMPORTS = 'import bisect, cmath, collections, datetime, decimal, fractions, functools, heapq, itertools, json, '
  + 'math, numbers, operator, random, re, shutil, statistics, string, textwrap, time, traceback, typing';
