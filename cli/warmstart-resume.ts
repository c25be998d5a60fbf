/**
 * Resume checkpoints of `npm run warmstart`, in DIR/resume/: the parameters (the model's own safetensors),
 * AdamW's moments, and state.json (step, wall time, config, matmul variant). Files are named by step and
 * state.json is renamed into place last, so a crash at any moment leaves the previous checkpoint whole.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { configSchema, leafDifferences, type ExperimentConfig } from '../src/config';
import type { OptimizerState } from '../src/nn/model';
import { decodeSafetensors, encodeSafetensors } from '../src/nn/safetensors';

const RESUME_FORMAT = 'autocode-warmstart-resume/1';
const STATE_FILE = 'state.json';

const stateSchema = z.strictObject({
  format: z.literal(RESUME_FORMAT),
  step: z.int().min(0),
  elapsedSeconds: z.number().min(0),
  config: configSchema,
  preset: z.string(),
  /** Kept so a resumed run computes with the kernels it started with (results are bitwise per variant). */
  matmulVariant: z.string(),
  adapter: z.string(),
  /** Smoothed loss, so the progress line continues where it stopped. */
  smoothedLoss: z.number().nullable(),
  /**
   * The world generator's fingerprint (src/world/fingerprint.ts): the config alone does not show a change to a
   * family or the grammar, and continuing across one would train on two worlds. Absent in checkpoints written
   * before it was recorded (those continue, with a warning).
   */
  worldFingerprint: z.string().optional(),
  paramsFile: z.string(),
  optimizerFile: z.string(),
});
export type ResumeState = z.infer<typeof stateSchema>;

/** A resume checkpoint that cannot be used as it is: the person decides (--restart, another --out). */
export class ResumeRefused extends Error {
  override name = 'ResumeRefused';
}

export interface ResumeCheckpoint {
  state: ResumeState;
  params: Uint8Array;
  optimizer: OptimizerState;
}

/** Writes a file so that readers see the old contents or the new, never a part. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, data);
  renameSync(partial, path);
}

/** The config sections a warm start (its training and its test evaluation) depends on; the EM settings are not. */
const WARM_START_SECTIONS = ['seed', 'world', 'model', 'warmStart', 'sandbox'] as const;

/**
 * Dotted paths where two configs differ in what the warm start depends on, each as "path a (b)". An EM setting
 * (eStep, mStep, iterations, arms) may change between runs: it changes nothing the warm start computes.
 */
export function configDifferences(ours: ExperimentConfig, theirs: ExperimentConfig): string[] {
  return leafDifferences(ours, theirs, WARM_START_SECTIONS).map(([path, mine, other]) => `${path} ${String(mine)} (checkpoint ${String(other)})`);
}

export function saveResume(dir: string, state: Omit<ResumeState, 'format' | 'paramsFile' | 'optimizerFile'>, params: Uint8Array, optimizer: OptimizerState): void {
  mkdirSync(dir, { recursive: true });
  const stem = `step-${String(state.step).padStart(7, '0')}`;
  const paramsFile = `${stem}.params.safetensors`;
  const optimizerFile = `${stem}.adamw.safetensors`;
  writeAtomic(join(dir, paramsFile), params);
  const P = optimizer.m.length;
  writeAtomic(join(dir, optimizerFile), encodeSafetensors([{ name: 'adamw.m', shape: [P], data: optimizer.m }, { name: 'adamw.v', shape: [P], data: optimizer.v }], { step: String(state.step) }));
  writeAtomic(join(dir, STATE_FILE), `${JSON.stringify({ format: RESUME_FORMAT, ...state, paramsFile, optimizerFile }, null, 1)}\n`);
  // Only now are the older step files unreferenced.
  for (const name of readdirSync(dir)) {
    if (name !== STATE_FILE && name !== paramsFile && name !== optimizerFile) rmSync(join(dir, name), { force: true });
  }
}

/** The checkpoint in `dir`, or null when there is none; a damaged one is an error (never silently restarted). */
export function loadResume(dir: string): ResumeCheckpoint | null {
  const statePath = join(dir, STATE_FILE);
  if (!existsSync(statePath)) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(statePath, 'utf8'));
  } catch (error) {
    throw new ResumeRefused(`${statePath} is not JSON (${(error as Error).message}); use --restart to discard it`);
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    throw new ResumeRefused(`${statePath} is not a warm-start resume state (${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}); use --restart to discard it`);
  }
  const state = parsed.data;
  const params = new Uint8Array(readFileSync(join(dir, state.paramsFile)));
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(join(dir, state.optimizerFile))));
  const m = tensors.get('adamw.m')?.data;
  const v = tensors.get('adamw.v')?.data;
  if (!m || !v || metadata.step !== String(state.step)) throw new ResumeRefused(`${join(dir, state.optimizerFile)} does not hold the AdamW moments of step ${state.step}; use --restart to discard it`);
  return { state, params, optimizer: { m, v } };
}
