/**
 * `npm run experiment -- --preset P [--set key=value ...] [--arms a,b] [--iterations N] [--seed S] [--json F] [--csv F] [--run-file F]
 *  [--host browser|node] [--matmul-variant V]`
 * Runs an experiment in headless Chromium against the built app (the product path; SwiftShader where there is no
 * GPU), or with --host node in Node (Dawn + Pyodide worker threads). Shows a progress bar per phase, prints the
 * results table, writes the JSON report, the beliefs CSV and a run file the page imports.
 */
import { writeFileSync } from 'node:fs';
import { Experiment, ExperimentStopped, type ExperimentSnapshot } from '../src/em/experiment';
import { createExperimentHost } from '../src/em/host';
import type { ExperimentEvent } from '../src/em/types';
import { adapterLabel, type AdapterDescription } from '../src/gpu/context';
import type { MatmulVariant } from '../src/nn/ops/matmul';
import type { HarnessEvent } from '../src/runner/harness-page';
import { EXPERIMENT_USAGE, parseExperimentArgs, UsageError, type ExperimentArgs } from './experiment-args';
import { beliefsCsv, buildReport, formatFamilyTable, formatTable, runFileJson } from './experiment-report';
import { openPreviewPage } from './preview-browser';
import { ProgressPrinter } from './progress';

type Snapshot = Pick<ExperimentSnapshot, 'config' | 'arms' | 'seconds' | 'warmStartOrigin'>;

interface Outcome {
  snapshot: Snapshot | null;
  status: 'finished' | 'stopped' | 'failed';
  adapter: AdapterDescription | null;
  matmulVariant: MatmulVariant | null;
  error: string | null;
}

function describeEvent(event: ExperimentEvent, printer: ProgressPrinter, phaseLabel: { value: string }): void {
  switch (event.type) {
    case 'phase':
      phaseLabel.value = event.arm ? `${event.arm} #${event.iteration} ${event.phase}` : event.phase;
      break;
    case 'progress': {
      const details = [event.loss !== undefined ? `loss ${event.loss.toFixed(3)}` : '', event.tokensPerSecond ? `${Math.round(event.tokensPerSecond)} tok/s` : ''].filter(Boolean);
      printer.update({ label: phaseLabel.value, done: event.done, total: event.total, etaSeconds: event.etaSeconds, detail: details.join('  ') });
      break;
    }
    case 'metrics': {
      const m = event.metrics;
      printer.message(`${event.arm} iteration ${m.iteration}: accuracy ${(100 * m.accuracy).toFixed(1)}%, code rate ${(100 * m.codeRate).toFixed(1)}%, StrictAlign ${(100 * m.strictAlign).toFixed(1)}%`);
      break;
    }
    case 'warm-start':
      printer.message(
        event.origin.source === 'shipped'
          ? `warm start: the shipped checkpoint (sha256 ${event.origin.sha256.slice(0, 12)}, made by \`${event.origin.command}\` in ${Math.round(event.origin.wallSeconds / 60)} min on ${event.origin.adapter})`
          : 'warm start: trained in this run',
      );
      break;
    default:
      break;
  }
}

async function runInBrowser(args: ExperimentArgs, printer: ProgressPrinter): Promise<Outcome> {
  const session = await openPreviewPage('/experiment.html');
  const outcome: Outcome = { snapshot: null, status: 'failed', adapter: null, matmulVariant: null, error: null };
  const phaseLabel = { value: 'starting' };
  let terminal = false;
  try {
    const finished = new Promise<void>((resolveRun) => {
      void session.page.exposeBinding('autocodeEvent', (_source, event: HarnessEvent) => {
        if (event.type === 'snapshot') {
          outcome.snapshot = event.snapshot;
          if (terminal) resolveRun();
        }
        else if (event.type === 'device') {
          outcome.adapter = event.device.adapter;
          outcome.matmulVariant = event.device.matmulVariant;
          printer.message(`adapter: ${[event.device.adapter.vendor, event.device.adapter.architecture, event.device.adapter.description].filter(Boolean).join(' ')}${event.device.adapter.isFallback ? ' (software)' : ''}; matmul variant ${event.device.matmulVariant} (${event.device.tune})`);
        } else if (event.type === 'fatal') {
          outcome.error = event.message;
          resolveRun();
        } else {
          describeEvent(event, printer, phaseLabel);
          if (event.type === 'status' && (event.status === 'finished' || event.status === 'failed' || event.status === 'stopped')) {
            if (event.status === 'failed') outcome.error = event.message ?? 'the experiment failed';
            outcome.status = event.status;
            terminal = true; // the worker's final snapshot follows

          }
        }
      });
      process.once('SIGINT', () => {
        printer.message('stopping at the next checkpoint...');
        void session.page.evaluate(() => window.autocodeHarness.stop());
      });
    });
    await session.page.waitForFunction(() => typeof window.autocodeHarness === 'object');
    await session.page.evaluate(({ config, matmulVariant }) => window.autocodeHarness.start(config, matmulVariant ?? undefined), { config: args.config, matmulVariant: args.matmulVariant });
    await finished;
    return outcome;
  } finally {
    await session.close();
  }
}

async function runInNode(args: ExperimentArgs, printer: ProgressPrinter): Promise<Outcome> {
  const { createNodeGpuContext } = await import('../src/gpu/node');
  const { createKernelContext } = await import('../src/nn/ops/kernel-context');
  const { chooseRunMatmulVariant } = await import('../src/nn/ops/matmul-tune');
  const { createNodeSandbox } = await import('../src/sandbox/node');
  const { modelConfigFor } = await import('../src/world/model-config');
  const ctx = await createNodeGpuContext();
  const kernels = createKernelContext(ctx);
  const { variant: matmulVariant, how } = await chooseRunMatmulVariant(kernels, modelConfigFor(args.config.model), args.matmulVariant);
  printer.message(`adapter: ${adapterLabel(ctx.adapter)}; matmul variant ${matmulVariant} (${how})`);
  const sandbox = createNodeSandbox();
  const { readShippedFileFromDisk } = await import('../src/em/shipped-files-node');
  const host = createExperimentHost({ ...kernels, matmulVariant }, args.config, sandbox, readShippedFileFromDisk());
  const experiment = new Experiment(host, args.config);
  const phaseLabel = { value: 'starting' };
  experiment.on((event) => describeEvent(event, printer, phaseLabel));
  process.once('SIGINT', () => {
    printer.message('stopping at the next checkpoint...');
    experiment.stop();
  });
  const outcome: Outcome = { snapshot: null, status: 'finished', adapter: ctx.adapter, matmulVariant, error: null };
  try {
    outcome.snapshot = await experiment.run();
  } catch (error) {
    outcome.snapshot = experiment.snapshot();
    outcome.status = error instanceof ExperimentStopped ? 'stopped' : 'failed';
    if (!(error instanceof ExperimentStopped)) outcome.error = error instanceof Error ? error.message : String(error);
  } finally {
    host.model.destroy();
    await sandbox.close();
  }
  return outcome;
}

async function main(): Promise<number> {
  let args: ExperimentArgs;
  try {
    args = parseExperimentArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message ? `experiment: ${error.message}\n\n${EXPERIMENT_USAGE}` : EXPERIMENT_USAGE);
      return 2;
    }
    throw error;
  }
  const printer = new ProgressPrinter();
  const startedAt = Date.now();
  printer.message(`preset ${args.preset}, seed ${args.config.seed}, ${args.config.iterations} iterations, host ${args.host}`);
  const outcome = args.host === 'node' ? await runInNode(args, printer) : await runInBrowser(args, printer);
  if (outcome.snapshot) {
    const report = buildReport(outcome.snapshot, outcome.adapter, outcome.matmulVariant);
    console.log(`\n${formatTable(report)}\n\n${formatFamilyTable(report)}\n\nwall time ${report.seconds} s`);
    if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 1)}\n`);
    if (args.csv) writeFileSync(args.csv, beliefsCsv(report));
    if (args.runFile) writeFileSync(args.runFile, runFileJson(outcome.snapshot, args.preset, outcome.status, startedAt, outcome.matmulVariant));
  }
  if (outcome.error) {
    console.error(`experiment: ${outcome.error}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
