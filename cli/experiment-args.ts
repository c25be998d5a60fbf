/** Options of `npm run experiment`, parsed into a validated config; every bad option is a UsageError. */
import { CONFIG_SCHEMA_VERSION, decodeConfig, isPresetName, PRESET_NAMES, type ExperimentConfig } from '../src/config';
import { ARM_NAMES, type ArmName } from '../src/em/types';
import { isMatmulVariant, MATMUL_VARIANTS, type MatmulVariant } from '../src/nn/ops/matmul';

export const EXPERIMENT_USAGE = `usage: npm run experiment -- --preset P [--set key=value ...] [--arms a,b,...] [--iterations N] [--seed S]
                           [--json FILE] [--csv FILE] [--run-file FILE] [--host browser|node] [--matmul-variant V]
  --preset      ${PRESET_NAMES.join(' | ')} (default: small)
  --set         any config key by dotted path, e.g. --set mStep.lr=0.001 --set eStep.rollouts=8
                small and default start from the shipped warm start (public/warmstart); to train it in the run
                instead: --set warmStart.source=scratch (about 2 h on a 2-core software adapter)
  --arms        comma-separated subset of ${ARM_NAMES.join(', ')} (default: the preset's)
  --run-file    also write the run as a file the page imports (Export and import > Import run JSON...): its
                curves, beliefs and rollouts, without the parameters (it can be viewed, not resumed)
  --host        browser (headless Chromium, the product path; default) or node (Dawn + Pyodide in Node)
  --matmul-variant  ${MATMUL_VARIANTS.join(' | ')}: skip the start-up tune and use these kernels (results are
                bitwise per variant on one adapter: pin the variant a report records to reproduce it)`;

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ExperimentArgs {
  config: ExperimentConfig;
  preset: string;
  json: string | null;
  csv: string | null;
  runFile: string | null;
  host: 'browser' | 'node';
  /** Pinned matmul kernels, or null to let the start-up tune choose. */
  matmulVariant: MatmulVariant | null;
}

const ARM_KEYS: Record<ArmName, keyof ExperimentConfig['arms']> = {
  em: 'em',
  'standard-rl': 'standardRl',
  sft: 'sft',
  'forced-cot': 'forcedCot',
  'forced-code': 'forcedCode',
};

export function parseExperimentArgs(argv: readonly string[]): ExperimentArgs {
  let preset = 'small';
  const sets: Array<[string, string]> = [];
  let arms: ArmName[] | null = null;
  let json: string | null = null;
  let csv: string | null = null;
  let runFile: string | null = null;
  let host: 'browser' | 'node' = 'browser';
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
        if (!isPresetName(preset)) throw new UsageError(`unknown preset "${preset}" (one of ${PRESET_NAMES.join(', ')})`);
        break;
      case '--set': {
        const pair = value();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--set takes key=value, got "${pair}"`);
        sets.push([pair.slice(0, eq), pair.slice(eq + 1)]);
        break;
      }
      case '--iterations':
        sets.push(['iterations', value()]);
        break;
      case '--seed':
        sets.push(['seed', value()]);
        break;
      case '--arms':
        arms = value()
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean) as ArmName[];
        for (const arm of arms) if (!ARM_NAMES.includes(arm)) throw new UsageError(`unknown arm "${arm}" (one of ${ARM_NAMES.join(', ')})`);
        if (arms.length === 0) throw new UsageError('--arms names no arm');
        break;
      case '--json':
        json = value();
        break;
      case '--csv':
        csv = value();
        break;
      case '--run-file':
        runFile = value();
        break;
      case '--host': {
        const name = value();
        if (name !== 'browser' && name !== 'node') throw new UsageError(`--host is browser or node, got "${name}"`);
        host = name;
        break;
      }
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
  const params = new URLSearchParams({ preset, v: String(CONFIG_SCHEMA_VERSION) });
  for (const [key, text] of sets) params.append(key, text);
  if (arms) for (const arm of ARM_NAMES) params.set(`arms.${ARM_KEYS[arm]}`, String(arms.includes(arm)));
  const decoded = decodeConfig(params);
  if (decoded.messages.length > 0) throw new UsageError(decoded.messages.map((m) => `${m.path}: ${m.message}`).join('\n'));
  return { config: decoded.config, preset, json, csv, runFile, host, matmulVariant };
}

export function parseMatmulVariant(name: string): MatmulVariant {
  if (!isMatmulVariant(name)) throw new UsageError(`--matmul-variant is one of ${MATMUL_VARIANTS.join(', ')}, got "${name}"`);
  return name;
}
