import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeSandbox } from './node';
import { CORPUS, HEALTH_CHECK, checkOutcome } from './corpus';
import type { SandboxPool } from './types';

// One pool for the file: a Pyodide worker takes seconds to start.
const WORKERS = 2;
let pool: SandboxPool;

beforeAll(async () => {
  pool = createNodeSandbox({ workers: WORKERS });
  await pool.ready();
});

afterAll(async () => {
  await pool.close();
});

describe('the adversarial corpus, in Node worker threads', () => {
  it('has at least 30 programs, with unique names and earlier partners', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const names = CORPUS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of CORPUS) if (c.after) expect(names.indexOf(c.after)).toBeLessThan(names.indexOf(c.name));
  });

  // In order, one at a time: a case that probes leftovers runs right after the case that left them,
  // and sequential runs land on the same (first idle) worker.
  for (const testCase of CORPUS) {
    it(testCase.name, async () => {
      const outcome = await pool.run(testCase.code, testCase.limits);
      expect(checkOutcome(testCase, outcome), JSON.stringify(outcome).slice(0, 600)).toEqual([]);
    });
  }

  it('afterwards, every worker answers an ordinary program right (the pool healed)', async () => {
    await pool.ready();
    // As many sleeping programs as workers, submitted at once: each idle worker takes one.
    const outcomes = await pool.runMany(Array.from({ length: WORKERS }, () => ({ code: HEALTH_CHECK.code })));
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'ok', stdout: HEALTH_CHECK.stdout });
    const info = pool.info();
    expect(info.spawned).toBeGreaterThan(WORKERS); // kills and crashes above were replaced
    // Replacements start from the snapshot; only a pool's very first worker may have had to make it.
    expect(info.startedFromSnapshot).toBeGreaterThanOrEqual(info.spawned - 1);
  });
});

describe('the pool', () => {
  it('matches outcomes to requests whatever the order of completion', async () => {
    // Early programs are the slow ones, so later ones finish first.
    const programs = Array.from({ length: 24 }, (_, i) => ({
      id: `job-${i}`,
      code: i % 4 === 0 ? `import time\ntime.sleep(0.05)\nprint(${i})` : i % 4 === 1 ? `print(${i})\nraise ValueError(${i})` : `print(${i} * ${i})`,
    }));
    const outcomes = await pool.runMany(programs);
    outcomes.forEach((outcome, i) => {
      expect(outcome.id).toBe(`job-${i}`);
      expect(outcome.stdout).toBe(i % 4 === 0 || i % 4 === 1 ? `${i}\n` : `${i * i}\n`);
      expect(outcome.status).toBe(i % 4 === 1 ? 'error' : 'ok');
    });
  });

  it('applies per-run limits over the pool defaults', async () => {
    const outcome = await pool.run('print("a" * 100)', { maxOutputBytes: 10 });
    expect(outcome).toMatchObject({ status: 'output-limit', truncated: true, stdout: 'aaaaaaaaaa' });
  });

  it('settles queued runs when it is closed, and refuses new ones', async () => {
    const own = createNodeSandbox({ workers: 1 });
    const pending = own.runMany([{ code: 'print(1)' }, { code: 'print(2)' }]);
    await own.close();
    const outcomes = await pending;
    for (const outcome of outcomes) expect(outcome.error?.type).toBe('SandboxClosed');
    expect((await own.run('print(3)')).status).toBe('error');
  });
});

describe('a pool without the interrupt buffer (a page that is not cross-origin isolated)', () => {
  it('still holds time limits, by termination, and still caps output', async () => {
    const own = createNodeSandbox({ workers: 1, spareWorkers: 0, useInterruptBuffer: false });
    try {
      expect(own.info().interruptible).toBe(false);
      const loop = await own.run('while True:\n    pass', { timeoutMs: 300 });
      expect(loop).toMatchObject({ status: 'killed', error: { type: 'Timeout' } });
      // The worker's own interrupt byte still stops a flood without the host.
      const flood = await own.run('while True:\n    print("x")', { maxOutputBytes: 100 });
      expect(flood).toMatchObject({ status: 'output-limit', truncated: true });
      expect((await own.run('print(6 * 7)')).stdout).toBe('42\n');
    } finally {
      await own.close();
    }
  });
});
