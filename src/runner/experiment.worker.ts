/// <reference lib="webworker" />
/**
 * Hosts an Experiment in a Web Worker: WebGPU from the worker's navigator.gpu, Python in nested sandbox
 * workers, events posted to the page. The page stays responsive whatever the run does.
 */
import { Experiment, ExperimentStopped } from '../em/experiment';
import { createExperimentHost } from '../em/host';
import { createBrowserGpuContext } from '../gpu/browser';
import type { GpuContext } from '../gpu/context';
import { chooseRunMatmulVariant } from '../nn/ops/matmul-tune';
import { createKernelContext, type KernelContext } from '../nn/ops/kernel-context';
import { createBrowserSandbox } from '../sandbox/browser';
import type { SandboxPool } from '../sandbox/types';
import { modelConfigFor } from '../world/model-config';
import type { DeviceReport, RunnerCommand, RunnerEvent } from './protocol';
import { fetchShippedFile } from './shipped-files-browser';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let experiment: Experiment | null = null;
let gpu: { ctx: GpuContext; kernels: KernelContext } | null = null;
let sandbox: SandboxPool | null = null;

function post(event: RunnerEvent): void {
  scope.postMessage(event);
}

async function device(): Promise<{ ctx: GpuContext; kernels: KernelContext }> {
  if (gpu) return gpu;
  const ctx = await createBrowserGpuContext();
  ctx.onDeviceLost((lost) => {
    gpu = null;
    experiment?.stop();
    post({ type: 'fatal', message: `The GPU device was lost (${lost.reason}: ${lost.message}). The last checkpoint is kept; reload the page to resume.` });
  });
  gpu = { ctx, kernels: createKernelContext(ctx) };
  return gpu;
}

/** The run's matmul variant: the pinned one, else the tune (measured once per adapter, then cached). */
async function matmulVariantFor(command: Extract<RunnerCommand, { type: 'start' }>, kernels: KernelContext): Promise<DeviceReport> {
  const adapter = kernels.ctx.adapter;
  const choice = await chooseRunMatmulVariant(kernels, modelConfigFor(command.config.model), command.matmulVariant ?? null);
  return { adapter, matmulVariant: choice.variant, tune: choice.how };
}

async function start(command: Extract<RunnerCommand, { type: 'start' }>): Promise<void> {
  if (experiment) throw new Error('an experiment is already running in this worker');
  const { kernels } = await device();
  const report = await matmulVariantFor(command, kernels);
  post({ type: 'device', device: report });
  sandbox ??= createBrowserSandbox();
  const host = createExperimentHost({ ...kernels, matmulVariant: report.matmulVariant }, command.config, sandbox, fetchShippedFile);
  const run = new Experiment(host, command.config, command.snapshot);
  experiment = run;
  run.on((event) => {
    post(event);
    if (event.type === 'checkpoint') post({ type: 'snapshot', snapshot: run.snapshot() });
  });
  try {
    await run.run();
  } catch (error) {
    if (!(error instanceof ExperimentStopped)) throw error;
  } finally {
    // The last word of every run, after its terminal status: the page persists it.
    post({ type: 'snapshot', snapshot: run.snapshot() });
    host.model.destroy();
    experiment = null;
  }
}

scope.onmessage = (message: MessageEvent<RunnerCommand>) => {
  const command = message.data;
  switch (command.type) {
    case 'start':
      start(command).catch((error: unknown) => post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) }));
      break;
    case 'pause':
      experiment?.pause();
      break;
    case 'resume':
      experiment?.resume();
      break;
    case 'stop':
      experiment?.stop();
      break;
  }
};
