/**
 * The sandbox's bench section (runs in a browser page): throughput on tiny programs, cold start, and how
 * long after a deadline the outcome arrives, for interruptible code and for code that must be killed.
 */
import { createBrowserSandbox } from '../sandbox/browser';
import { SWALLOWS_INTERRUPTS } from '../sandbox/corpus';
import type { SandboxOptions, SandboxPool } from '../sandbox/types';

export interface SandboxBench {
  runs_per_s: number;
  cold_start_ms: number;
  timeout_latency_ms: number;
  kill_latency_ms: number;
}

export interface SandboxBenchOptions extends SandboxOptions {
  /** Tiny programs in the throughput batch (default 1000). */
  runs?: number;
  /** Deadline used for the latency probes (default 300 ms). */
  deadlineMs?: number;
  /** Repetitions of each latency probe; the median is reported (default 3). */
  repeats?: number;
}

const LOOP = 'while True:\n    pass';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Time from the deadline to the outcome, on an idle pool, expecting `status`. */
async function deadlineLatency(pool: SandboxPool, code: string, deadlineMs: number, status: string): Promise<number> {
  await pool.ready();
  const submitted = performance.now();
  const outcome = await pool.run(code, { timeoutMs: deadlineMs });
  const latency = performance.now() - submitted - deadlineMs;
  if (outcome.status !== status) throw new Error(`bench probe expected ${status}, got ${outcome.status}: ${JSON.stringify(outcome.error)}`);
  return latency;
}

export async function benchSandbox(options: SandboxBenchOptions = {}): Promise<SandboxBench> {
  const { runs = 1000, deadlineMs = 300, repeats = 3, ...poolOptions } = options;
  const created = performance.now();
  const pool = createBrowserSandbox(poolOptions);
  try {
    const first = await pool.run('print(1)');
    const cold_start_ms = performance.now() - created;
    if (first.status !== 'ok') throw new Error(`first run failed: ${JSON.stringify(first)}`);
    await pool.ready();
    await pool.runMany(Array.from({ length: 50 }, (_, i) => ({ code: `print(${i} * ${i + 1})` }))); // warm-up

    const programs = Array.from({ length: runs }, (_, i) => ({ code: `a = ${12345 + i}\nb = ${678 + i}\nprint(a * b)` }));
    const start = performance.now();
    const outcomes = await pool.runMany(programs);
    const runs_per_s = runs / ((performance.now() - start) / 1000);
    outcomes.forEach((outcome, i) => {
      if (outcome.stdout !== `${(12345 + i) * (678 + i)}\n`) throw new Error(`bench run ${i} gave ${JSON.stringify(outcome)}`);
    });

    const timeouts: number[] = [];
    const kills: number[] = [];
    for (let i = 0; i < repeats; i++) {
      timeouts.push(await deadlineLatency(pool, LOOP, deadlineMs, 'timeout'));
      kills.push(await deadlineLatency(pool, SWALLOWS_INTERRUPTS, deadlineMs, 'killed'));
    }
    return { runs_per_s, cold_start_ms, timeout_latency_ms: median(timeouts), kill_latency_ms: median(kills) };
  } finally {
    await pool.close();
  }
}
