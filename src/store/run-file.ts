/**
 * A run as a JSON file: config, per-arm metrics, beliefs and sample rollouts, and the parameters (base64 f32)
 * so that an imported run can be resumed. Import validates everything and refuses a file with a message.
 */
import { z } from 'zod';
import { configSchema, FAMILY_IDS, isPresetName, type PresetName } from '../config';
import type { ExperimentSnapshot } from '../em/experiment';
import { ARM_NAMES, type ArmName, type RolloutRecord } from '../em/types';
import { MATMUL_VARIANTS } from '../nn/ops/matmul';
import type { StoredRun } from './run-db';

export const RUN_FILE_FORMAT = 'autocode-playground-run';
export const RUN_FILE_VERSION = 1;

function toBase64(params: Float32Array): string {
  const bytes = new Uint8Array(params.buffer, params.byteOffset, params.byteLength);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Float32Array {
  const binary = atob(text);
  if (binary.length % 4 !== 0) throw new Error('parameters are not a whole number of float32 values');
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

const share = z.number().min(0).max(1);
const nullableShare = share.nullable();
const metrics = z.object({
  accuracy: share,
  codeRate: share,
  strictAlign: share,
  allowCode: share,
  misAlign: share,
  meanBelief: share,
  // Added after version 1 files were first written: absent means not recorded.
  forcedCot: nullableShare.default(null),
  forcedCode: nullableShare.default(null),
  count: z.int().min(0),
});
const iterationMetrics = metrics.extend({ iteration: z.int().min(0), byFamily: z.partialRecord(z.enum(FAMILY_IDS), metrics) });
const trace = z.object({
  id: z.string(),
  family: z.enum(FAMILY_IDS),
  split: z.enum(['query', 'test']),
  question: z.string(),
  belief: z.array(nullableShare),
  qCot: z.array(nullableShare),
  qCode: z.array(nullableShare),
  sCode: z.array(nullableShare),
});
const rollout = z.object({
  problemId: z.string(),
  method: z.enum(['cot', 'code']).nullable(),
  forced: z.boolean(),
  text: z.string(),
  /** A ScoreReason; kept as text so that files from newer versions with new reasons still import. */
  verdict: z.string(),
  correct: z.boolean(),
  answer: z.string().nullable(),
  sandbox: z
    .object({
      status: z.enum(['ok', 'error', 'timeout', 'killed', 'output-limit']),
      stdout: z.string(),
      stderr: z.string(),
      error: z.object({ type: z.string(), message: z.string(), line: z.int().optional() }).optional(),
    })
    .nullable(),
});
const arm = z.object({ iterations: z.array(iterationMetrics), traces: z.array(trace), rollouts: z.array(rollout), params: z.string().nullable() });
const runFile = z.object({
  format: z.literal(RUN_FILE_FORMAT),
  version: z.literal(RUN_FILE_VERSION),
  name: z.string(),
  preset: z.string(),
  createdAt: z.number(),
  status: z.enum(['running', 'paused', 'stopped', 'finished', 'failed', 'interrupted']),
  seconds: z.number().min(0),
  config: configSchema,
  warmStartParams: z.string().nullable(),
  // Absent in files saved before the shipped warm start existed.
  warmStartOrigin: z
    .discriminatedUnion('source', [
      z.object({ source: z.literal('scratch') }),
      z.object({ source: z.literal('shipped'), sha256: z.string(), command: z.string(), adapter: z.string(), wallSeconds: z.number() }),
    ])
    .nullable()
    .default(null),
  // The kernels the run computed with (a resume of the imported run pins them); absent in older files.
  matmulVariant: z.enum(MATMUL_VARIANTS).nullable().default(null),
  arms: z.partialRecord(z.enum(ARM_NAMES), arm),
});

export function runToJson(run: StoredRun): string {
  const arms: Record<string, unknown> = {};
  for (const [name, state] of Object.entries(run.snapshot.arms)) {
    if (state) arms[name] = { iterations: state.iterations, traces: state.traces, rollouts: state.rollouts, params: state.params ? toBase64(state.params) : null };
  }
  return JSON.stringify({
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    name: run.name,
    preset: run.preset,
    createdAt: run.createdAt,
    status: run.status,
    seconds: run.snapshot.seconds,
    config: run.snapshot.config,
    warmStartParams: run.snapshot.warmStartParams ? toBase64(run.snapshot.warmStartParams) : null,
    warmStartOrigin: run.snapshot.warmStartOrigin,
    matmulVariant: run.matmulVariant ?? null,
    arms,
  });
}

export type RunFileResult = { ok: true; run: StoredRun } | { ok: false; message: string };

/** Parses and validates a run file; never throws. The imported run gets a fresh id (it never overwrites a kept run). */
export function runFromJson(text: string, fileName: string): RunFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${fileName} is not JSON (${error instanceof Error ? error.message : String(error)}); nothing was imported.` };
  }
  const parsed = runFile.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`);
    return { ok: false, message: `${fileName} is not a valid run file (${first.join('; ')}); nothing was imported.` };
  }
  const file = parsed.data;
  try {
    const arms: ExperimentSnapshot['arms'] = {};
    for (const [name, state] of Object.entries(file.arms)) {
      if (state) arms[name as ArmName] = { iterations: state.iterations, traces: state.traces, rollouts: state.rollouts as RolloutRecord[], params: state.params ? fromBase64(state.params) : null };
    }
    const snapshot: ExperimentSnapshot = {
      config: file.config,
      warmStartParams: file.warmStartParams ? fromBase64(file.warmStartParams) : null,
      warmStartOrigin: file.warmStartOrigin,
      arms,
      seconds: file.seconds,
    };
    const preset: PresetName = isPresetName(file.preset) ? file.preset : 'default';
    const status = file.status === 'running' || file.status === 'paused' ? 'interrupted' : file.status;
    const now = Date.now();
    const run: StoredRun = { id: `run-${now}-imported`, name: `${file.name} (imported)`, preset, createdAt: now, updatedAt: now, status, snapshot };
    if (file.matmulVariant !== null) run.matmulVariant = file.matmulVariant;
    return { ok: true, run };
  } catch (error) {
    return { ok: false, message: `${fileName} has corrupt parameters (${error instanceof Error ? error.message : String(error)}); nothing was imported.` };
  }
}

/** Per-problem beliefs of every arm, one row per problem and iteration. */
export function beliefsCsv(snapshot: ExperimentSnapshot): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const value = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const lines = ['arm,problem,family,split,question,iteration,belief,q_cot,q_code,s_code'];
  for (const [name, state] of Object.entries(snapshot.arms)) {
    for (const t of state?.traces ?? []) {
      for (let i = 0; i < t.belief.length; i++) {
        lines.push([name, t.id, t.family, t.split, quote(t.question), String(i), value(t.belief[i]), value(t.qCot[i]), value(t.qCode[i]), value(t.sCode[i])].join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
