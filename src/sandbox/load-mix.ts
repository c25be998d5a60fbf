/**
 * A mixed batch for the load test: good, broken, slow and hostile programs. Every good program prints a
 * value that depends on its index, so an outcome delivered to the wrong request shows.
 */
import type { RunLimits, RunOutcome, RunStatus } from './types';
import { SWALLOWS_INTERRUPTS } from './corpus';

export interface LoadProgram {
  id: string;
  code: string;
  limits?: RunLimits;
  expectStatus: RunStatus;
  expectStdout?: string;
}

/** Indices that get a program which must be killed (each costs a worker restart, so only a few). */
const KILLED_AT = new Set([99, 249, 449]);

function programFor(i: number): Omit<LoadProgram, 'id'> {
  if (KILLED_AT.has(i)) {
    return { code: SWALLOWS_INTERRUPTS, limits: { timeoutMs: 200 }, expectStatus: 'killed' };
  }
  switch (i % 20) {
    case 12:
    case 13: {
      const n = i % 50;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += j * i;
      return { code: `s = 0\nfor j in range(${n}):\n    s += j * ${i}\nprint(s)`, expectStatus: 'ok', expectStdout: `${sum}\n` };
    }
    case 14: return { code: `print(${i}`, expectStatus: 'error' };
    case 15: return { code: `print(${i})\nx = [][${i}]`, expectStatus: 'error', expectStdout: `${i}\n` };
    case 16: return { code: `import time\ntime.sleep(0.02)\nprint(${i})`, expectStatus: 'ok', expectStdout: `${i}\n` };
    case 17: return { code: 'while True:\n    pass', limits: { timeoutMs: 200 }, expectStatus: 'timeout' };
    case 18: return { code: `while True:\n    print(${i})`, limits: { maxOutputBytes: 256 }, expectStatus: 'output-limit' };
    case 19: {
      const hostile = [
        { code: 'import js\njs.fetch("http://example.com")', expectStatus: 'error' as const },
        { code: `print(${i})\nimport sys\nsys.exit(0)`, expectStatus: 'ok' as const, expectStdout: `${i}\n` },
        { code: `open("f.txt", "w").write("${i}")\nprint(open("f.txt").read())`, expectStatus: 'ok' as const, expectStdout: `${i}\n` },
        { code: 'print(leftover)', expectStatus: 'error' as const },
      ];
      return hostile[Math.floor(i / 20) % hostile.length];
    }
    default:
      return { code: `leftover = ${i}\nprint(${i} * 7919 + 13)`, expectStatus: 'ok', expectStdout: `${i * 7919 + 13}\n` };
  }
}

export function loadMix(count = 500): LoadProgram[] {
  return Array.from({ length: count }, (_, i) => ({ id: `load-${i}`, ...programFor(i) }));
}

/** Problems with a batch's outcomes: lost, duplicated, swapped or wrong. Empty when all is well. */
export function checkLoad(programs: readonly LoadProgram[], outcomes: readonly RunOutcome[]): string[] {
  const problems: string[] = [];
  if (outcomes.length !== programs.length) problems.push(`${programs.length} programs, ${outcomes.length} outcomes`);
  const seen = new Set<string>();
  for (const outcome of outcomes) {
    if (seen.has(outcome.id)) problems.push(`two outcomes for ${outcome.id}`);
    seen.add(outcome.id);
  }
  programs.forEach((program, i) => {
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.id !== program.id) problems.push(`position ${i}: outcome of ${outcome.id} instead of ${program.id}`);
    if (outcome.status !== program.expectStatus) problems.push(`${program.id}: status ${outcome.status}, expected ${program.expectStatus} (${outcome.error?.type}: ${outcome.error?.message})`);
    if (program.expectStdout !== undefined && outcome.stdout !== program.expectStdout) {
      problems.push(`${program.id}: stdout ${JSON.stringify(outcome.stdout)}, expected ${JSON.stringify(program.expectStdout)}`);
    }
  });
  return problems;
}
