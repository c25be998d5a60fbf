import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { createBrowserGpuContext } from '../gpu/browser';
import { createKernelContext } from '../nn/ops/kernel-context';
import { tuneMatmul, gptMatmulShapes } from '../nn/ops/matmul-tune';
import { BENCH_SECTIONS } from './args';
import { BENCH_BATCH, BENCH_MODEL } from './bench-model';
import { FULL_BUDGET, QUICK_BUDGET } from './budget';
import { benchGenerate, type GenerateBudget } from './generate-section';
import { benchMatmul, squareShapes, type ProductShape } from './matmul-section';
import type { BenchReport } from './report';
import { benchSandbox } from './sandbox';
import { oursTrainTokensPerSecond, tfjsTrainTokensPerSecond, type StepBudget } from './train-section';

/**
 * The benchmark page (bench.html): runs every section in this page, on this page's adapter, and publishes
 * the report on `window.__bench` for cli/bench.ts. Query: ?quick=1 for fewer repetitions,
 * &variant=NAME to force a matmul variant (default: the measured tune), &sections=a,b for a subset. A section that fails is reported
 * under `skipped` with its error; the others still run.
 */
interface BenchState {
  status: 'running' | 'done' | 'error';
  report?: BenchReport;
  error?: string;
}

declare global {
  interface Window {
    __bench: BenchState;
  }
}

const logElement = document.getElementById('log');
function log(line: string): void {
  console.log(`[bench] ${line}`);
  if (logElement) logElement.textContent += `${line}\n`;
}

async function run(): Promise<BenchReport> {
  const query = new URLSearchParams(location.search);
  const quick = query.get('quick') === '1';
  const sections = new Set((query.get('sections') ?? BENCH_SECTIONS.join(',')).split(','));
  const budget = quick ? QUICK_BUDGET : FULL_BUDGET;
  const ctx = await createBrowserGpuContext();
  const { vendor, architecture, description, isFallback } = ctx.adapter;
  log(`adapter: ${vendor} ${architecture} ${description} (fallback: ${isFallback})`);

  const report: BenchReport = {
    adapter: { vendor, architecture, description, isFallback },
    timing: 'wall-clock from submit to a readback of the output, on both sides',
    tune: { variant: '', ms_by_variant: {}, tune_ms: 0 },
    matmul: [],
    skipped: {},
    quick,
  };
  const section = async (name: string, body: () => Promise<void>) => {
    if (!sections.has(name)) return;
    try {
      await body();
    } catch (error) {
      report.skipped[name] = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      log(`${name} failed: ${report.skipped[name]}`);
    }
  };

  // The sandbox runs first: after the GPU sections its Pyodide workers failed to start in this page
  // ("uncaught error in the worker"), while alone or first they run. It closes its pool before the GPU work.
  await section('sandbox', async () => {
    const sandbox = await benchSandbox({ runs: quick ? 50 : 300 });
    log(`sandbox: ${JSON.stringify(sandbox)}`);
    report.sandbox = sandbox;
  });

  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
  await tf.ready();

  const k = createKernelContext(ctx, query.get('variant') ?? 'auto');
  const rows = BENCH_BATCH * BENCH_MODEL.contextLength;
  const tuneStart = performance.now();
  const tune = await tuneMatmul(k, gptMatmulShapes(BENCH_MODEL, rows), { force: true });
  const tuneMs = performance.now() - tuneStart;
  report.tune = { variant: tune.variant, ms_by_variant: tune.msByVariant, tune_ms: Math.round(tuneMs) };
  log(`tune: ${tune.variant} in ${tuneMs.toFixed(0)} ms (${JSON.stringify(tune.msByVariant)})`);

  await section('matmul', async () => {
    const modelShapes: ProductShape[] = gptMatmulShapes(BENCH_MODEL, rows)
      .filter((s) => s.bias) // a block's four layers; the tied logits layer is timed inside train_step
      .map((s) => ({ n: null, N: s.N, C: s.C, OC: s.OC }));
    report.matmul = await benchMatmul(k, [...squareShapes([256, 512, 1024]), ...modelShapes], budget, log);
  });

  const steps: StepBudget = quick ? { steps: 1, maxMs: 0 } : { steps: 3, maxMs: 30_000 };
  await section('train_step', async () => {
    const tokensPerStep = BENCH_BATCH * BENCH_MODEL.contextLength;
    const ours = await oursTrainTokensPerSecond(k, BENCH_MODEL, BENCH_BATCH, steps, log);
    const theirs = await tfjsTrainTokensPerSecond(BENCH_MODEL, BENCH_BATCH, steps, log);
    report.train_step = { ours_tokens_per_s: Math.round(ours), tfjs_tokens_per_s: Math.round(theirs), tokens_per_step: tokensPerStep };
  });

  const generation: GenerateBudget = quick ? { sequences: 8, promptLength: 8, newTokens: 16 } : { sequences: 16, promptLength: 8, newTokens: 48 };
  await section('generate', async () => {
    report.generate = await benchGenerate(k, BENCH_MODEL, generation, log);
  });

  return report;
}

window.__bench = { status: 'running' };
run().then(
  (report) => {
    window.__bench = { status: 'done', report };
    log('done');
  },
  (error: unknown) => {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    window.__bench = { status: 'error', error: message };
    log(`error: ${message}`);
  },
);
