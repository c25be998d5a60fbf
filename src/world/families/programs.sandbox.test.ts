import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFFICULTY_LEVELS, FAMILY_IDS } from '../../config/schema';
import { createNodeSandbox } from '../../sandbox/node';
import type { SandboxPool } from '../../sandbox/types';
import { abilityExample } from '../demonstrations';
import { codeResponseTokens, DEFAULT_OUTPUT_CHARS, renderSandboxOutput } from '../grammar';
import { encodeText } from '../tokenizer';
import { formatRational } from '../rational';
import { createRng } from '../rng';
import { FAMILIES, type Problem } from './index';

/** Draws per family and level whose programs run in Pyodide (the pure-TS tests cover 2000 per level). */
const DRAWS_PER_LEVEL = 120;

describe('code writers, run in the sandbox (Pyodide)', () => {
  let sandbox: SandboxPool;
  beforeAll(async () => {
    sandbox = createNodeSandbox({ workers: 1 });
    await sandbox.ready();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it(`print the gold answer for ${DRAWS_PER_LEVEL} draws per family and level, as the demonstrations say`, async () => {
    const problems: Problem[] = [];
    for (const id of FAMILY_IDS) {
      for (let level = 1; level <= DIFFICULTY_LEVELS; level++) {
        const rng = createRng(21, id, String(level));
        for (let i = 0; i < DRAWS_PER_LEVEL; i++) problems.push(FAMILIES[id].sample(rng, level));
      }
    }
    const outcomes = await sandbox.runMany(problems.map((problem) => ({ code: problem.code.program })));
    const failures: string[] = [];
    outcomes.forEach((outcome, index) => {
      const problem = problems[index];
      const gold = formatRational(problem.gold);
      const output = renderSandboxOutput(outcome, DEFAULT_OUTPUT_CHARS);
      if (outcome.status !== 'ok' || outcome.stdout !== `${gold}\n`) {
        failures.push(`${problem.family} "${problem.question}": ${outcome.status} ${JSON.stringify(outcome.stdout)} ${outcome.error?.message ?? ''}`);
        return;
      }
      // The demonstration's output span is exactly what the runner will insert for this outcome.
      const expected = codeResponseTokens(problem.code.program, output, gold);
      const demonstration = abilityExample(problem, 'code').tokens;
      if (demonstration.slice(demonstration.length - expected.length).join() !== expected.join()) {
        failures.push(`${problem.family} "${problem.question}": demonstration differs from the sandbox's output`);
      }
    });
    expect(failures).toEqual([]);
    expect(outcomes).toHaveLength(FAMILY_IDS.length * DIFFICULTY_LEVELS * DRAWS_PER_LEVEL);
  });

  it('turns real failures into short outputs within the vocabulary', async () => {
    const [nameError, zeroDivision, timeout, unicode, long] = await sandbox.runMany([
      { code: 'print(x)' },
      { code: 'print(1/0)' },
      { code: 'while True: pass', limits: { timeoutMs: 200 } },
      { code: "print('caf\u00e9\t1')" },
      { code: 'print(2**100)' },
    ]);
    expect(renderSandboxOutput(nameError)).toBe('!NameError');
    expect(renderSandboxOutput(zeroDivision)).toBe('!ZeroDivi...');
    expect(renderSandboxOutput(timeout)).toBe('!Timeout');
    expect(renderSandboxOutput(unicode)).toBe('caf??1');
    expect(renderSandboxOutput(long)).toBe('126765060...');
    for (const outcome of [nameError, zeroDivision, timeout, unicode, long]) expect(() => encodeText(renderSandboxOutput(outcome))).not.toThrow();
  });
});
