import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset, type ExperimentConfig } from '../config';
import { createNodeGpuContext } from '../gpu/node';
import { createKernelContext, type KernelContext } from '../nn/ops/kernel-context';
import { createNodeSandbox } from '../sandbox/node';
import type { SandboxPool } from '../sandbox/types';
import { Experiment, ExperimentStopped, type ExperimentSnapshot } from './experiment';
import { createExperimentHost } from './host';
import type { ExperimentEvent } from './types';
import { parametersFromSafetensors } from '../nn/checkpoint';
import { buildLayout } from '../nn/layout';
import { modelConfigFor } from '../world/model-config';
import { readShippedFileFromDisk } from './shipped-files-node';
import { loadShippedWarmStart } from './shipped-warmstart';

// A deliberately small run: the point is the orchestration (events, checkpoints, resume), not learning.
function smallConfig(): ExperimentConfig {
  const config = getPreset('tiny');
  config.iterations = 2;
  config.model = { ...config.model, layers: 1, heads: 1, width: 16 };
  config.warmStart = { ...config.warmStart, steps: 3, batchSize: 4 };
  config.world = { ...config.world, testPerFamily: 1, queryPerFamily: 3 };
  config.eStep = { ...config.eStep, rollouts: 2, queriesPerIteration: 2 };
  config.mStep = { ...config.mStep, batchSize: 4 };
  config.arms = { em: true, standardRl: true, sft: true, forcedCot: true, forcedCode: true };
  return config;
}

let kernels: KernelContext;
let sandbox: SandboxPool;
beforeAll(async () => {
  kernels = createKernelContext(await createNodeGpuContext());
  sandbox = createNodeSandbox({ workers: 1 });
});
afterAll(async () => {
  await sandbox.close();
});

async function runToEnd(config: ExperimentConfig, snapshot?: ExperimentSnapshot, stopAt?: (event: ExperimentEvent) => boolean) {
  const host = createExperimentHost(kernels, config, sandbox);
  const experiment = new Experiment(host, config, snapshot);
  const events: ExperimentEvent[] = [];
  experiment.on((event) => {
    events.push(event);
    if (stopAt?.(event)) experiment.stop();
  });
  try {
    const result = await experiment.run();
    return { result, events, stopped: false };
  } catch (error) {
    if (!(error instanceof ExperimentStopped)) throw error;
    return { result: experiment.snapshot(), events, stopped: true };
  } finally {
    host.model.destroy();
  }
}

describe('Experiment', () => {
  it('runs every arm, emits its events, and a stopped run resumed from its checkpoint ends as an uninterrupted one', async () => {
    const config = smallConfig();
    const whole = await runToEnd(config);
    expect(whole.stopped).toBe(false);
    const types = new Set(whole.events.map((e) => e.type));
    for (const type of ['phase', 'progress', 'metrics', 'beliefs', 'rollouts', 'checkpoint', 'status']) expect(types).toContain(type);
    expect(whole.events.at(-1)).toEqual({ type: 'status', status: 'finished' });
    const arms = whole.result.arms;
    expect(arms.em?.iterations.map((m) => m.iteration)).toEqual([0, 1, 2]);
    expect(arms['standard-rl']?.iterations.map((m) => m.iteration)).toEqual([0, 1, 2]);
    for (const fixed of ['sft', 'forced-cot', 'forced-code'] as const) expect(arms[fixed]?.iterations.map((m) => m.iteration)).toEqual([0]);
    expect(arms['forced-code']?.iterations[0].codeRate).toBe(1);
    expect(arms['forced-cot']?.iterations[0].codeRate).toBe(0);
    // One trace per query and test problem, one belief per iteration, each a probability.
    const traces = arms.em?.traces ?? [];
    expect(traces.length).toBe(4 * (3 + 1));
    for (const trace of traces) {
      expect(trace.belief.length).toBe(3);
      for (const b of trace.belief) expect(b === null || (b >= 0 && b <= 1)).toBe(true);
    }

    // Stop right after em's first iteration is checkpointed, then resume from the snapshot.
    const first = await runToEnd(config, undefined, (e) => e.type === 'checkpoint' && e.arm === 'em' && e.iteration === 1);
    expect(first.stopped).toBe(true);
    expect(first.result.arms.em?.iterations.length).toBe(2);
    const resumed = await runToEnd(config, first.result);
    expect(resumed.stopped).toBe(false);
    // No warm start again: the resumed run starts with em's second iteration.
    expect(resumed.events.some((e) => e.type === 'phase' && e.phase === 'warm-start')).toBe(false);
    // Same seed, same adapter, no atomics: bit-identical parameters and metrics.
    expect(resumed.result.arms.em?.iterations).toEqual(whole.result.arms.em?.iterations);
    expect(resumed.result.arms['standard-rl']?.iterations).toEqual(whole.result.arms['standard-rl']?.iterations);
    expect(Array.from(resumed.result.arms.em?.params ?? [])).toEqual(Array.from(whole.result.arms.em?.params ?? []));
  }, 300_000); // two tiny runs of five arms and a resume: under a minute on 2 idle cores, minutes on a loaded one

  it('from a competent warm start (the shipped one), trains on real successes, and a stopped run resumes to the same parameters', async () => {
    // The shipped model solves enough queries that the M-step has data; a tiny test set keeps this quick. The
    // run starts from a snapshot holding those parameters (the resume path), so its own world may differ.
    const shipped = await loadShippedWarmStart(readShippedFileFromDisk());
    const config = getPreset('small');
    config.warmStart.source = 'scratch';
    config.iterations = 2;
    config.world = { ...config.world, testPerFamily: 1, queryPerFamily: 4 };
    config.eStep = { ...config.eStep, rollouts: 2, queriesPerIteration: 7 };
    config.mStep = { ...config.mStep, epochs: 1 };
    config.arms = { em: true, standardRl: false, sft: false, forcedCot: false, forcedCode: false };
    const warmStartParams = parametersFromSafetensors(buildLayout(modelConfigFor(config.model)), shipped.bytes).params;
    const start: ExperimentSnapshot = { config, warmStartParams, warmStartOrigin: { source: 'scratch' }, arms: {}, seconds: 0 };

    const whole = await runToEnd(config, start);
    const em = whole.result.arms.em!;
    // Some explored query succeeded with some method: the reference strategy and the M-step had something to learn.
    const explored = em.traces.filter((trace) => trace.qCot[1] !== null);
    expect(explored.length).toBe(7);
    expect(explored.some((trace) => (trace.qCot[1] ?? 0) > 0 || (trace.qCode[1] ?? 0) > 0)).toBe(true);
    const changed = em.params!.some((value, i) => value !== warmStartParams[i]);
    expect(changed).toBe(true);

    const first = await runToEnd(config, start, (e) => e.type === 'checkpoint' && e.arm === 'em' && e.iteration === 1);
    expect(first.stopped).toBe(true);
    const resumed = await runToEnd(config, first.result);
    expect(resumed.result.arms.em?.iterations).toEqual(em.iterations);
    expect(resumed.result.arms.em?.traces).toEqual(em.traces);
    expect(Array.from(resumed.result.arms.em!.params!)).toEqual(Array.from(em.params!));
  }, 480_000); // three short runs of the 2-layer model: ~1-2 min on 2 cores
});
