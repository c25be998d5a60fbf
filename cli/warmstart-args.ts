/**
 * Options of `npm run warmstart`. The config options (--preset, --seed, --set, --steps) go through the
 * experiment CLI's parser, so presets and dotted keys read the same in both; every bad option is a UsageError.
 */
import { PRESET_NAMES, type ExperimentConfig } from '../src/config';
import type { MatmulVariant } from '../src/nn/ops/matmul';
import { parseExperimentArgs, parseMatmulVariant, UsageError } from './experiment-args';

export { UsageError };

export const WARMSTART_USAGE = `usage: npm run warmstart -- --preset P --out DIR [--seed S] [--set key=value ...] [--steps N]
                          [--checkpoint-every N] [--eval-every N] [--eval-per-family N] [--stop-after N] [--restart]
                          [--matmul-variant V]
  --preset           ${PRESET_NAMES.join(' | ')}
  --out              folder for warmstart.safetensors, warmstart.json, progress.jsonl and resume/ (checkpoints)
  --seed, --set      as for npm run experiment (e.g. --set warmStart.lr=0.001)
  --steps            overrides warmStart.steps (part of the config: recorded, and checked on resume)
  --checkpoint-every steps between resume checkpoints (default 100); a rerun of the same command resumes
  --eval-every       steps between quick evaluations on the test split (default 250; 0 = none)
  --eval-per-family  test problems per family in a quick evaluation (default 6)
  --stop-after       stop after this step, checkpointed (split a long run; rerun to continue)
  --restart          discard DIR/resume and train from step 1
  --matmul-variant   as for npm run experiment: these kernels instead of the start-up tune's (a resume keeps its own)`;

export interface WarmStartArgs {
  config: ExperimentConfig;
  preset: string;
  out: string;
  checkpointEvery: number;
  evalEvery: number;
  evalPerFamily: number;
  stopAfter: number | null;
  restart: boolean;
  matmulVariant: MatmulVariant | null;
  /** The command line that reproduces the result (config options and --out only). */
  command: string;
}

/** Quotes a word for a POSIX shell when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function integer(option: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${option} must be an integer of at least ${min}, got "${text}"`);
  }
  return value;
}

export function parseWarmStartArgs(argv: readonly string[]): WarmStartArgs {
  let preset: string | null = null;
  let out: string | null = null;
  let seed: string | null = null;
  let steps: string | null = null;
  const sets: string[] = [];
  let checkpointEvery = 100;
  let evalEvery = 250;
  let evalPerFamily = 6;
  let stopAfter: number | null = null;
  let restart = false;
  let matmulVariant: MatmulVariant | null = null;
  for (let i = 0; i < argv.length; i++) {
    const option = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${option} needs a value`);
      return next;
    };
    switch (option) {
      case '--preset':
        preset = value();
        break;
      case '--out':
        out = value();
        break;
      case '--seed':
        seed = value();
        break;
      case '--set':
        sets.push(value());
        break;
      case '--steps':
        steps = String(integer(option, value(), 1));
        break;
      case '--checkpoint-every':
        checkpointEvery = integer(option, value(), 1);
        break;
      case '--eval-every':
        evalEvery = integer(option, value(), 0);
        break;
      case '--eval-per-family':
        evalPerFamily = integer(option, value(), 1);
        break;
      case '--stop-after':
        stopAfter = integer(option, value(), 1);
        break;
      case '--restart':
        restart = true;
        break;
      case '--matmul-variant':
        matmulVariant = parseMatmulVariant(value());
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown option "${option}"`);
    }
  }
  if (preset === null) throw new UsageError('--preset is required');
  if (out === null) throw new UsageError('--out is required');
  // The experiment parser validates the preset, the seed and every --set against the config schema.
  const configArgv = ['--preset', preset, ...(seed === null ? [] : ['--seed', seed]), ...sets.flatMap((pair) => ['--set', pair])];
  if (steps !== null) configArgv.push('--set', `warmStart.steps=${steps}`);
  const { config } = parseExperimentArgs(configArgv);
  const words = ['npm', 'run', 'warmstart', '--', '--preset', preset, '--seed', String(config.seed), ...sets.flatMap((pair) => ['--set', pair])];
  if (steps !== null) words.push('--steps', steps);
  if (matmulVariant !== null) words.push('--matmul-variant', matmulVariant);
  words.push('--out', out);
  return { config, preset, out, checkpointEvery, evalEvery, evalPerFamily, stopAfter, restart, matmulVariant, command: words.map(shellQuote).join(' ') };
}
