import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config';
import { Experiment } from '../src/em/experiment';
import { createExperimentHost } from '../src/em/host';
import { parseWarmStartMetadata, verifyWarmStart, type WarmStartMetadata } from '../src/em/warmstart-artifact';
import { createNodeGpuContext } from '../src/gpu/node';
import { parametersFromSafetensors } from '../src/nn/checkpoint';
import { createKernelContext } from '../src/nn/ops/kernel-context';
import type { Sandbox } from '../src/sandbox/types';

const ROOT = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'warmstart-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as `npm run warmstart` runs it, in its own process (Dawn, Pyodide workers and all). */
function warmstart(...argv: string[]): Promise<Exit> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', './cli/node/register.mjs', 'cli/warmstart.ts', ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

// Six steps of the tiny model, two test problems per family: the point is the plumbing, not learning.
const CONFIG = ['--preset', 'tiny', '--seed', '3', '--steps', '6', '--set', 'world.testPerFamily=2', '--checkpoint-every', '3', '--eval-per-family', '1'];

async function artifact(dir: string): Promise<{ bytes: Uint8Array; metadata: WarmStartMetadata }> {
  const bytes = new Uint8Array(readFileSync(join(dir, 'warmstart.safetensors')));
  const metadata = parseWarmStartMetadata(JSON.parse(readFileSync(join(dir, 'warmstart.json'), 'utf8')));
  await verifyWarmStart(bytes, metadata);
  return { bytes, metadata };
}

const progressLog = (dir: string) =>
  readFileSync(join(dir, 'progress.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; step: number });

describe('npm run warmstart', () => {
  it('writes a verified checkpoint; a stopped and resumed run (evaluating between steps) ends bitwise as an uninterrupted one, and as the in-app warm start', async () => {
    const whole = join(work, 'whole');
    const split = join(work, 'split');

    const uninterrupted = await warmstart(...CONFIG, '--eval-every', '0', '--out', whole);
    expect(uninterrupted.stderr).not.toMatch(/warmstart: /);
    expect(uninterrupted.code).toBe(0);
    expect(uninterrupted.stdout).toMatch(/family\s+count\s+forced CoT/);
    const a = await artifact(whole);
    expect(a.metadata).toMatchObject({
      preset: 'tiny', seed: 3, steps: 6, tokensTrained: 6 * 16 * 96,
      command: `npm run warmstart -- --preset tiny --seed 3 --set world.testPerFamily=2 --steps 6 --out ${whole}`,
      evaluation: { split: 'test', overall: { count: 8 } },
    });
    expect(Object.keys(a.metadata.evaluation.byFamily)).toEqual(['add', 'mul', 'digsum', 'powmod']);
    expect(a.metadata.tokensSupervised).toBeGreaterThan(6 * 16 * 5);
    expect(a.metadata.tokensSupervised).toBeLessThan(a.metadata.tokensTrained);
    expect(existsSync(join(whole, 'resume'))).toBe(false);
    expect(progressLog(whole).map((r) => `${r.type}@${r.step}`)).toEqual(['checkpoint@3', 'checkpoint@6']);

    // Stop after step 3 (checkpointed, then a quick evaluation at 3).
    const first = await warmstart(...CONFIG, '--eval-every', '3', '--stop-after', '3', '--out', split);
    expect(first.code).toBe(3);
    expect(first.stderr).toContain('stopped after step 3 of 6');
    expect(first.stderr).toMatch(/step 3: quick evaluation on 4 test problems/);
    expect(JSON.parse(readFileSync(join(split, 'resume', 'state.json'), 'utf8'))).toMatchObject({ step: 3 });

    // Another config must not continue that checkpoint.
    const other = await warmstart(...CONFIG, '--set', 'warmStart.lr=0.002', '--out', split);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('holds a checkpoint (step 3) of another config: warmStart.lr 0.002 (checkpoint 0.003)');

    // Nor a checkpoint of another world: the config is the same, the generator changed (simulated here).
    const statePath = join(split, 'resume', 'state.json');
    const state = readFileSync(statePath, 'utf8');
    const recorded = (JSON.parse(state) as { worldFingerprint: string }).worldFingerprint;
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    writeFileSync(statePath, state.replace(recorded, 'f'.repeat(64)));
    const otherWorld = await warmstart(...CONFIG, '--out', split);
    expect(otherWorld.code).toBe(2);
    expect(otherWorld.stderr).toContain(`holds a checkpoint (step 3) of another world (fingerprint ffffffffffff, now ${recorded.slice(0, 12)})`);
    writeFileSync(statePath, state);

    // Resume; a quick evaluation after step 4 sits between two training steps of this process. An EM setting
    // differs from the checkpoint's: it does not touch the warm start, so it neither blocks nor changes it.
    const resumed = await warmstart(...CONFIG, '--eval-every', '2', '--set', 'mStep.lr=0.5', '--out', split);
    expect(resumed.stderr).not.toMatch(/warmstart: /);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resuming at step 4 of 6');
    expect(resumed.stderr).toMatch(/step 4: quick evaluation/);
    expect(progressLog(split).map((r) => `${r.type}@${r.step}`)).toEqual(['checkpoint@3', 'evaluation@3', 'evaluation@4', 'checkpoint@6']);
    const b = await artifact(split);
    expect(b.metadata.sha256).toBe(a.metadata.sha256); // same parameters, bit for bit
    expect(b.metadata.tokensSupervised).toBe(a.metadata.tokensSupervised);
    expect(b.metadata.evaluation).toEqual(a.metadata.evaluation);

    // The experiment's own warm start (same config, seed and matmul variant) gives the same parameters.
    const config = parseConfig({ ...a.metadata.config, arms: { em: false, standardRl: false, sft: false, forcedCot: false, forcedCode: false } });
    if (!config.ok) throw new Error('config');
    const kernels = createKernelContext(await createNodeGpuContext(), a.metadata.matmulVariant);
    const noSandbox: Sandbox = {
      run: () => Promise.reject(new Error('no sandbox in this test')),
      runMany: () => Promise.reject(new Error('no sandbox in this test')),
      close: () => Promise.resolve(),
    };
    const host = createExperimentHost(kernels, config.config, noSandbox);
    try {
      const snapshot = await new Experiment(host, config.config).run();
      expect(snapshot.warmStartParams).toEqual(parametersFromSafetensors(host.model.layout, a.bytes).params);
    } finally {
      host.model.destroy();
    }
  }, 240_000);
});
