/**
 * The warm start shipped in public/warmstart: its file matches its metadata (hash, model, world version), and an
 * experiment that starts from it finds, evaluating greedily on the test split, the accuracies the metadata
 * recorded when it was made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILY_IDS, getPreset, type ExperimentConfig } from '../config';
import { createNodeGpuContext } from '../gpu/node';
import { adapterLabel, type GpuContext } from '../gpu/context';
import { createKernelContext } from '../nn/ops/kernel-context';
import { isMatmulVariant } from '../nn/ops/matmul';
import { createNodeSandbox } from '../sandbox/node';
import type { SandboxPool } from '../sandbox/types';
import { Experiment } from './experiment';
import { createExperimentHost } from './host';
import { readShippedFileFromDisk } from './shipped-files-node';
import { loadShippedWarmStart, type ShippedWarmStart } from './shipped-warmstart';
import type { ExperimentEvent } from './types';

// 168 test problems x 3 greedy responses, code run in Pyodide: ~2 min on 2 idle cores (software adapter).
const EVALUATION_TIMEOUT_MS = 600_000;

let ctx: GpuContext;
let sandbox: SandboxPool;
let shipped: ShippedWarmStart;
beforeAll(async () => {
  ctx = await createNodeGpuContext();
  sandbox = createNodeSandbox();
  shipped = await loadShippedWarmStart(readShippedFileFromDisk());
});
afterAll(async () => {
  await sandbox.close();
});

/** The preset's config with only the warm-start evaluation to run: the three arms that do not train. */
function evaluationOnly(): ExperimentConfig {
  const config = getPreset('small');
  config.arms = { em: false, standardRl: false, sft: true, forcedCot: true, forcedCode: true };
  return config;
}

describe('the shipped warm start', () => {
  it('is the small and default presets\' warm start, and its file matches its metadata and this world', () => {
    // loadShippedWarmStart verified the hash, the model in the file and the world fingerprint; a changed
    // generator fails here, before any test below runs.
    expect(shipped.metadata.preset).toBe('small');
    expect(shipped.metadata.config.warmStart.source).toBe('shipped');
    for (const preset of ['small', 'default'] as const) {
      const config = getPreset(preset);
      expect(config.warmStart.source).toBe('shipped');
      expect(config.world).toEqual(shipped.metadata.config.world);
      expect(config.model).toEqual(shipped.metadata.config.model);
      expect(config.warmStart).toEqual(shipped.metadata.config.warmStart);
    }
  });

  it('starts an experiment, which evaluates it greedily on the test split to the accuracies in its metadata', async () => {
    const config = evaluationOnly();
    const variant = shipped.metadata.matmulVariant;
    if (!isMatmulVariant(variant)) throw new Error(`metadata names an unknown matmul variant ${variant}`);
    const kernels = { ...createKernelContext(ctx), matmulVariant: variant };
    const host = createExperimentHost(kernels, config, sandbox, readShippedFileFromDisk());
    const events: ExperimentEvent[] = [];
    const experiment = new Experiment(host, config);
    experiment.on((event) => events.push(event));
    try {
      const snapshot = await experiment.run();
      expect(snapshot.warmStartOrigin).toMatchObject({ source: 'shipped', sha256: shipped.metadata.sha256 });
      expect(events.some((e) => e.type === 'warm-start' && e.origin.source === 'shipped')).toBe(true);
      // Iteration 0 of the fixed arms: sft is the model's own choice, forced-cot and forced-code the forced methods.
      const sft = snapshot.arms.sft!.iterations[0];
      const forcedCot = snapshot.arms['forced-cot']!.iterations[0];
      const forcedCode = snapshot.arms['forced-code']!.iterations[0];
      const recorded = shipped.metadata.evaluation;
      // Greedy decoding with the same kernels on the same adapter is deterministic, so the figures are equal.
      // On another adapter, rounding may flip a near-tie between two tokens: allow one problem per family.
      const sameAdapter = adapterLabel(ctx.adapter) === shipped.metadata.adapter;
      for (const family of FAMILY_IDS) {
        const theirs = recorded.byFamily[family]!;
        expect(sft.byFamily[family]!.count, family).toBe(theirs.count);
        const slack = sameAdapter ? 1e-9 : 1 / theirs.count + 1e-9;
        const pairs: Array<[string, number, number]> = [
          ['autonomous', sft.byFamily[family]!.accuracy, theirs.autonomous],
          ['code rate', sft.byFamily[family]!.codeRate, theirs.codeRate],
          ['forced CoT', forcedCot.byFamily[family]!.accuracy, theirs.forcedCot],
          ['forced code', forcedCode.byFamily[family]!.accuracy, theirs.forcedCode],
        ];
        for (const [name, ours, recordedValue] of pairs) expect(Math.abs(ours - recordedValue), `${family} ${name}`).toBeLessThanOrEqual(slack);
        // b(x) is a softmax of float32 logits: equal to rounding on one adapter, close on another.
        expect(Math.abs(sft.byFamily[family]!.meanBelief - theirs.meanBelief), `${family} mean belief`).toBeLessThan(sameAdapter ? 1e-6 : 1e-2);
      }
    } finally {
      host.model.destroy();
    }
  }, EVALUATION_TIMEOUT_MS);

  it('is refused, with the reason, by an experiment whose world differs (its test set could hold training questions)', async () => {
    const config = evaluationOnly();
    config.world.queryPerFamily += 1;
    const host = createExperimentHost(createKernelContext(ctx), config, sandbox, readShippedFileFromDisk());
    try {
      await expect(new Experiment(host, config).run()).rejects.toThrow(/trained for another config \(.*world.*\)/);
    } finally {
      host.model.destroy();
    }
  });
});
