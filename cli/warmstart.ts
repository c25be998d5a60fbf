/**
 * `npm run warmstart -- --preset P --out DIR [--seed S] [--set key=value ...] [--steps N] ...`
 * Trains the warm start in Node (Dawn + Pyodide worker threads), exactly as the experiment's own warm start
 * for the same config and seed, with resume checkpoints and quick evaluations on the way; then evaluates on
 * the whole test split and writes DIR/warmstart.safetensors and DIR/warmstart.json (src/em/warmstart-artifact.ts).
 * A rerun of the same command continues from DIR/resume.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DECODE_ROWS } from '../src/em/host';
import { evaluationRecord, parseWarmStartMetadata, sha256Hex, verifyWarmStart, WARM_START_FORMAT, type WarmStartMetadata } from '../src/em/warmstart-artifact';
import { adapterLabel } from '../src/gpu/context';
import { WORLD_FORMAT_VERSION, worldFingerprint } from '../src/world/fingerprint';
import { modelConfigFor } from '../src/world/model-config';
import { buildSplits } from '../src/world/splits';
import { createWarmStartSampler } from '../src/world/warm-start';
import { ProgressPrinter } from './progress';
import { parseWarmStartArgs, UsageError, WARMSTART_USAGE, type WarmStartArgs } from './warmstart-args';
import { evaluationTable } from './warmstart-report';
import { configDifferences, loadResume, ResumeRefused, writeAtomic, type ResumeCheckpoint } from './warmstart-resume';
import { countingSampler, evaluateInChunks, evaluationOptions, train, WarmStartStopped } from './warmstart-run';

/** Exit status of a run stopped before its last step (rerun to continue). */
const EXIT_STOPPED = 3;

/** A finished warm start already in DIR for this exact config: nothing to do. */
async function finishedAlready(args: WarmStartArgs): Promise<WarmStartMetadata | null> {
  const jsonPath = join(args.out, 'warmstart.json');
  const filePath = join(args.out, 'warmstart.safetensors');
  if (!existsSync(jsonPath) || !existsSync(filePath)) return null;
  try {
    const metadata = parseWarmStartMetadata(JSON.parse(readFileSync(jsonPath, 'utf8')));
    if (configDifferences(args.config, metadata.config).length > 0) return null;
    await verifyWarmStart(new Uint8Array(readFileSync(filePath)), metadata);
    return metadata;
  } catch {
    return null; // stale or damaged: train again
  }
}

/** The resume checkpoint to continue from, or null; refuses one of another config or another world. */
function resumePoint(args: WarmStartArgs, fingerprint: string, printer: ProgressPrinter): ResumeCheckpoint | null {
  const dir = join(args.out, 'resume');
  if (args.restart) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const resume = loadResume(dir);
  if (!resume) return null;
  const differences = configDifferences(args.config, resume.state.config);
  if (differences.length > 0) {
    throw new ResumeRefused(
      `${dir} holds a checkpoint (step ${resume.state.step}) of another config: ${differences.slice(0, 6).join(', ')}${differences.length > 6 ? ', ...' : ''}\n` +
        'rerun with the same options to continue it, --restart to discard it, or another --out',
    );
  }
  const saved = resume.state.worldFingerprint;
  if (saved === undefined) {
    printer.message(`warning: ${dir} does not record its world, so a change to the world generator since step ${resume.state.step} cannot be detected`);
  } else if (saved !== fingerprint) {
    throw new ResumeRefused(
      `${dir} holds a checkpoint (step ${resume.state.step}) of another world (fingerprint ${saved.slice(0, 12)}, now ${fingerprint.slice(0, 12)}): ` +
        'the world generator changed since it was written, and continuing would train on both worlds; --restart to discard it',
    );
  }
  return resume;
}

async function run(args: WarmStartArgs, printer: ProgressPrinter): Promise<number> {
  const processStarted = performance.now();
  const { config } = args;
  mkdirSync(args.out, { recursive: true });
  const done = args.restart ? null : await finishedAlready(args);
  if (done) {
    printer.message(`${args.out} already holds this warm start (sha256 ${done.sha256.slice(0, 12)}); --restart to train it again`);
    return 0;
  }
  const fingerprint = await worldFingerprint(config.world, config.sandbox.outputChars);
  const resume = resumePoint(args, fingerprint, printer);
  // Wall time of the whole warm start, earlier processes included.
  const elapsedSeconds = () => (resume?.state.elapsedSeconds ?? 0) + (performance.now() - processStarted) / 1000;

  const { createNodeGpuContext } = await import('../src/gpu/node');
  const { createKernelContext } = await import('../src/nn/ops/kernel-context');
  const { chooseRunMatmulVariant } = await import('../src/nn/ops/matmul-tune');
  const { createNodeSandbox } = await import('../src/sandbox/node');
  const { GptModel } = await import('../src/nn/model');
  const { KvCacheDecoder } = await import('../src/nn/decode-gpu');

  const ctx = await createNodeGpuContext();
  const kernels = createKernelContext(ctx);
  const adapter = adapterLabel(ctx.adapter);
  let matmulVariant: string;
  if (resume) {
    // The kernels the run started with: a re-tune could pick another variant and change the floats.
    matmulVariant = resume.state.matmulVariant;
    if (args.matmulVariant !== null && args.matmulVariant !== matmulVariant) {
      throw new ResumeRefused(`${join(args.out, 'resume')} was trained with matmul variant ${matmulVariant}, not ${args.matmulVariant}: rerun without --matmul-variant to continue it, or --restart`);
    }
    printer.message(`adapter: ${adapter}; matmul variant ${matmulVariant} (from the resume checkpoint)`);
    if (resume.state.adapter !== adapter) printer.message(`warning: the checkpoint was trained on "${resume.state.adapter}": the continuation will not be bitwise that adapter's`);
  } else {
    const choice = await chooseRunMatmulVariant(kernels, modelConfigFor(config.model), args.matmulVariant);
    matmulVariant = choice.variant;
    printer.message(`adapter: ${adapter}; matmul variant ${matmulVariant} (${choice.how})`);
  }
  // As the experiment builds its model (src/em/host.ts), so the result equals the in-app warm start.
  const model = GptModel.create({ ...kernels, matmulVariant }, modelConfigFor(config.model), {
    maxBatch: Math.max(config.warmStart.batchSize, 64),
    decodeRows: DECODE_ROWS,
    seed: config.seed,
  });
  const sandbox = createNodeSandbox();
  const stopSignal = { requested: false };
  const onSigint = () => {
    if (stopSignal.requested) process.exit(130);
    stopSignal.requested = true;
    printer.message('stopping after this step (a checkpoint is written); Ctrl-C again to quit at once');
  };
  process.on('SIGINT', onSigint);
  try {
    const splits = buildSplits(config.world);
    const sampler = countingSampler(createWarmStartSampler(splits.warmStart, config.warmStart, config.seed, config.sandbox.outputChars));
    const { steps, batchSize } = config.warmStart;
    const T = config.model.contextLength;
    if (resume) {
      model.loadCheckpoint(resume.params);
      model.importOptimizerState(resume.optimizer);
      // The sampler is a pure function of its seed: replaying its batches puts the data stream where it stopped.
      for (let step = 1; step <= resume.state.step; step++) sampler.nextBatch(batchSize, T);
      printer.message(`resuming at step ${resume.state.step + 1} of ${steps} (${Math.round(resume.state.elapsedSeconds)} s done before)`);
    }
    printer.message(`preset ${args.preset}, seed ${config.seed}: ${steps} steps of ${batchSize} x ${T}, ${model.parameterCount} parameters, world ${fingerprint.slice(0, 12)}`);

    const host = { model, decoder: new KvCacheDecoder(model), sandbox };
    await train({
      config, preset: args.preset, out: args.out, model, sampler, host, testProblems: splits.test,
      checkpointEvery: args.checkpointEvery, evalEvery: args.evalEvery, evalPerFamily: args.evalPerFamily, stopAfter: args.stopAfter,
      matmulVariant, adapter, worldFingerprint: fingerprint, printer, doneBefore: resume?.state.step ?? 0, elapsedSeconds, smoothedLoss: resume?.state.smoothedLoss ?? null, stopSignal,
    });

    const evalStarted = performance.now();
    const evaluation = await evaluateInChunks(host, splits.test, evaluationOptions(config), (count) =>
      printer.update({ label: 'evaluate (test)', done: count, total: splits.test.length, etaSeconds: ((performance.now() - evalStarted) / 1000 / count) * (splits.test.length - count) }),
    );
    const record = evaluationRecord(evaluation);
    const bytes = await model.saveCheckpoint({ 'autocode.warmstart': WARM_START_FORMAT, preset: args.preset, seed: String(config.seed), steps: String(steps), world_fingerprint: fingerprint });
    const metadata = parseWarmStartMetadata({
      format: WARM_START_FORMAT,
      preset: args.preset,
      config,
      modelConfig: modelConfigFor(config.model),
      worldVersion: { format: WORLD_FORMAT_VERSION, fingerprint },
      seed: config.seed,
      steps,
      tokensTrained: steps * batchSize * T,
      tokensSupervised: sampler.supervised(),
      wallSeconds: Math.round(10 * elapsedSeconds()) / 10,
      adapter,
      matmulVariant,
      command: args.command,
      createdAt: new Date().toISOString(),
      sha256: await sha256Hex(bytes),
      evaluation: record,
    } satisfies WarmStartMetadata);
    writeAtomic(join(args.out, 'warmstart.safetensors'), bytes);
    writeAtomic(join(args.out, 'warmstart.json'), `${JSON.stringify(metadata, null, 1)}\n`);
    // The result is written: the resume checkpoint (parameters + moments) would only be shipped along.
    rmSync(join(args.out, 'resume'), { recursive: true, force: true });
    console.log(`\n${evaluationTable(record)}\n`);
    printer.message(`wrote ${join(args.out, 'warmstart.safetensors')} (${bytes.length} bytes, sha256 ${metadata.sha256.slice(0, 12)}) and warmstart.json; ${metadata.wallSeconds} s in all`);
    return 0;
  } catch (error) {
    if (error instanceof WarmStartStopped) {
      printer.message(`stopped after step ${error.step} of ${config.warmStart.steps}, checkpointed in ${join(args.out, 'resume')}; rerun the same command to continue`);
      return EXIT_STOPPED;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    model.destroy();
    await sandbox.close();
  }
}

async function main(): Promise<number> {
  let args: WarmStartArgs;
  const printer = new ProgressPrinter();
  try {
    args = parseWarmStartArgs(process.argv.slice(2));
    return await run(args, printer);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message ? `warmstart: ${error.message}\n\n${WARMSTART_USAGE}` : WARMSTART_USAGE);
      return 2;
    }
    if (error instanceof ResumeRefused) {
      console.error(`warmstart: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`warmstart: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
