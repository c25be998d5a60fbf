/**
 * The shipped warm-start checkpoint: warmstart.safetensors (parameters) beside warmstart.json (this
 * metadata). The metadata says how the checkpoint was made (config, command, adapter), what it scores on the
 * test split, and what it was trained on (the world's fingerprint), so a loader can refuse a corrupt file or a
 * checkpoint of a world that has since changed, and an experiment can refuse one trained for another config.
 */
import { z } from 'zod';
import { configSchema, FAMILY_IDS, type ExperimentConfig } from '../config/schema';
import { leafDifferences } from '../config/paths';
import { checkpointConfig } from '../nn/checkpoint';
import { WORLD_FORMAT_VERSION, worldFingerprint } from '../world/fingerprint';
import { modelConfigFor } from '../world/model-config';
import type { Evaluation, EvaluationMetrics } from './evaluate';

export const WARM_START_FORMAT = 'autocode-warmstart/1';

const share = z.number().min(0).max(1);
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** One row of the evaluation: accuracies with each method forced and autonomous, and the method choice. */
const metricsSchema = z.strictObject({
  count: z.int().min(0),
  forcedCot: share,
  forcedCode: share,
  autonomous: share,
  codeRate: share,
  meanBelief: share,
  strictAlign: share,
  allowCode: share,
  misAlign: share,
});
export type WarmStartMetrics = z.infer<typeof metricsSchema>;

export const warmStartMetadataSchema = z
  .strictObject({
    format: z.literal(WARM_START_FORMAT),
    preset: z.string().min(1),
    /** The whole experiment config it was trained with (seed, world, model, warmStart, sandbox.outputChars matter). */
    config: configSchema,
    modelConfig: z.strictObject({
      vocabSize: z.int().min(1),
      contextLength: z.int().min(1),
      layers: z.int().min(1),
      heads: z.int().min(1),
      width: z.int().min(1),
    }),
    worldVersion: z.strictObject({ format: z.int().min(1), fingerprint: hex64 }),
    seed: z.int().min(0),
    steps: z.int().min(0),
    /** Positions processed: steps * batchSize * sequenceLength. */
    tokensTrained: z.int().min(0),
    /** Target tokens with a positive loss weight, summed over every batch. */
    tokensSupervised: z.int().min(0),
    /** Training and evaluation, summed across resumptions. */
    wallSeconds: z.number().min(0),
    adapter: z.string(),
    /** The matmul variant used (float results depend on it; a bitwise rerun needs the same). */
    matmulVariant: z.string(),
    command: z.string().min(1),
    createdAt: z.iso.datetime(),
    /** Hex SHA-256 of the safetensors file's bytes. */
    sha256: hex64,
    evaluation: z.strictObject({
      split: z.literal('test'),
      overall: metricsSchema,
      byFamily: z.partialRecord(z.enum(FAMILY_IDS), metricsSchema),
    }),
  })
  .superRefine((meta, ctx) => {
    // Fields repeated for readers that must agree with the config they summarise.
    if (meta.seed !== meta.config.seed) ctx.addIssue({ code: 'custom', path: ['seed'], message: `must equal config.seed (${meta.config.seed})` });
    if (meta.steps !== meta.config.warmStart.steps) ctx.addIssue({ code: 'custom', path: ['steps'], message: `must equal config.warmStart.steps (${meta.config.warmStart.steps})` });
    const expected = modelConfigFor(meta.config.model);
    for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
      if (meta.modelConfig[key] !== expected[key]) ctx.addIssue({ code: 'custom', path: ['modelConfig', key], message: `must be ${expected[key]} for config.model` });
    }
  });

export type WarmStartMetadata = z.infer<typeof warmStartMetadataSchema>;

export class WarmStartMetadataError extends Error {
  override name = 'WarmStartMetadataError';
}

/** Refused checkpoint: `reason` says which check failed (the UI may offer to train from scratch). */
export class WarmStartMismatchError extends Error {
  override name = 'WarmStartMismatchError';
  constructor(
    readonly reason: 'sha256' | 'world' | 'model',
    message: string,
  ) {
    super(message);
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest wants an ArrayBuffer-backed view; a copy also covers views of a SharedArrayBuffer.
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Validates warmstart.json; the error names every bad field by its dotted path. */
export function parseWarmStartMetadata(json: unknown): WarmStartMetadata {
  const result = warmStartMetadataSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  throw new WarmStartMetadataError(`warm-start metadata is invalid: ${issues.join('; ')}`);
}

export const RETRAIN_HINT = 'retrain it with `npm run warmstart -- --preset small --out public/warmstart`, or train the warm start from scratch';

/**
 * Checks a checkpoint against its metadata and the world as this code generates it: the file's hash, the
 * model shape it holds, and the world fingerprint (a changed generator makes the checkpoint stale).
 */
export async function verifyWarmStart(bytes: Uint8Array, metadata: WarmStartMetadata): Promise<void> {
  const actual = await sha256Hex(bytes);
  if (actual !== metadata.sha256) {
    throw new WarmStartMismatchError('sha256', `checkpoint file does not match its metadata's sha256 (file ${actual}, metadata ${metadata.sha256}): a corrupt download, or files from different runs`);
  }
  const saved = checkpointConfig(bytes);
  const differences = (Object.keys(saved) as Array<keyof typeof saved>).filter((key) => saved[key] !== metadata.modelConfig[key]);
  if (differences.length > 0) {
    throw new WarmStartMismatchError('model', `checkpoint holds another model than its metadata says: ${differences.map((key) => `${key} ${saved[key]} (metadata ${metadata.modelConfig[key]})`).join(', ')}`);
  }
  const fingerprint = await worldFingerprint(metadata.config.world, metadata.config.sandbox.outputChars);
  if (metadata.worldVersion.format !== WORLD_FORMAT_VERSION || metadata.worldVersion.fingerprint !== fingerprint) {
    throw new WarmStartMismatchError(
      'world',
      `the world generator changed since this checkpoint was trained (world version ${metadata.worldVersion.format}/${metadata.worldVersion.fingerprint.slice(0, 12)}, ` +
        `now ${WORLD_FORMAT_VERSION}/${fingerprint.slice(0, 12)}): ${RETRAIN_HINT}`,
    );
  }
}

/**
 * Why an experiment config cannot start from this checkpoint (null when it can): its world, model, warm
 * start or sandbox output span differ from the checkpoint's, so the in-app warm start would give another
 * model. The seed is not compared: the checkpoint replaces the warm start whatever the experiment's seed.
 */
export function compatibleWith(metadata: WarmStartMetadata, config: ExperimentConfig): string | null {
  const differences = leafDifferences(config, metadata.config, ['world', 'model', 'warmStart', 'sandbox.outputChars']).map(
    ([path, wanted, trained]) => `${path} ${String(wanted)} (checkpoint ${String(trained)})`,
  );
  if (differences.length === 0) return null;
  const shown = differences.slice(0, 4).join(', ') + (differences.length > 4 ? `, and ${differences.length - 4} more` : '');
  return `the warm-start checkpoint was trained for another config: ${shown}`;
}

function metricsRecord(metrics: EvaluationMetrics): WarmStartMetrics {
  return {
    count: metrics.count,
    forcedCot: metrics.forcedCotAccuracy,
    forcedCode: metrics.forcedCodeAccuracy,
    autonomous: metrics.accuracy,
    codeRate: metrics.codeRate,
    meanBelief: metrics.meanBelief,
    strictAlign: metrics.strictAlign,
    allowCode: metrics.allowCode,
    misAlign: metrics.misAlign,
  };
}

/** The metadata's evaluation section from an evaluation of the test split. */
export function evaluationRecord(evaluation: Pick<Evaluation, 'overall' | 'byFamily'>): WarmStartMetadata['evaluation'] {
  const byFamily: WarmStartMetadata['evaluation']['byFamily'] = {};
  for (const family of FAMILY_IDS) {
    const metrics = evaluation.byFamily[family];
    if (metrics) byFamily[family] = metricsRecord(metrics);
  }
  return { split: 'test', overall: metricsRecord(evaluation.overall), byFamily };
}
