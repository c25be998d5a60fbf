/** The experiment CLI's outputs: the JSON report, the results table, the per-problem beliefs CSV and the page's run file. */
import { isPresetName, type ExperimentConfig } from '../src/config';
import type { ArmState, ExperimentSnapshot } from '../src/em/experiment';
import { ARM_NAMES, type ArmName, type IterationMetrics, type ProblemTrace } from '../src/em/types';
import type { AdapterDescription } from '../src/gpu/context';
import type { MatmulVariant } from '../src/nn/ops/matmul';
import type { WarmStartOrigin } from '../src/em/shipped-warmstart';
import type { StoredStatus } from '../src/store/run-db';
import { runToJson } from '../src/store/run-file';

export interface ExperimentReport {
  config: ExperimentConfig;
  adapter: AdapterDescription | null;
  matmulVariant: MatmulVariant | null;
  seconds: number;
  /** Where the warm start came from: trained in the run, or the shipped checkpoint (its sha256 and command). */
  warmStartOrigin: WarmStartOrigin | null;
  arms: Partial<Record<ArmName, { iterations: IterationMetrics[] }>>;
  /** Whose beliefs `problems` traces: em when it ran, else the first arm that did. */
  problemsArm: ArmName | null;
  problems: Array<Pick<ProblemTrace, 'id' | 'family' | 'split' | 'belief' | 'qCot' | 'qCode'>>;
}

export function buildReport(snapshot: Pick<ExperimentSnapshot, 'config' | 'arms' | 'seconds' | 'warmStartOrigin'>, adapter: AdapterDescription | null, matmulVariant: MatmulVariant | null): ExperimentReport {
  const arms: ExperimentReport['arms'] = {};
  for (const arm of ARM_NAMES) {
    const state: ArmState | undefined = snapshot.arms[arm];
    if (state) arms[arm] = { iterations: state.iterations };
  }
  const problemsArm = (['em', 'standard-rl', 'sft', 'forced-cot', 'forced-code'] as const).find((arm) => snapshot.arms[arm]) ?? null;
  const traces = problemsArm ? (snapshot.arms[problemsArm]?.traces ?? []) : [];
  return {
    config: snapshot.config,
    adapter,
    matmulVariant,
    seconds: Math.round(snapshot.seconds * 10) / 10,
    warmStartOrigin: snapshot.warmStartOrigin,
    arms,
    problemsArm,
    problems: traces.map(({ id, family, split, belief, qCot, qCode }) => ({ id, family, split, belief, qCot, qCode })),
  };
}

const percent = (value: number) => (Number.isFinite(value) ? `${(100 * value).toFixed(1)}%` : '-');
const percentOrDash = (value: number | null) => (value === null ? '-' : percent(value));

/** One row per arm and iteration: accuracy, code rate, alignment, and the skills of each method when forced. */
export function formatTable(report: ExperimentReport): string {
  const header = ['arm', 'iter', 'accuracy', 'code rate', 'StrictAlign', 'AllowCode', 'MisAlign', 'mean b(x)', 'forced CoT', 'forced code'];
  const rows: string[][] = [];
  for (const arm of ARM_NAMES) {
    for (const m of report.arms[arm]?.iterations ?? []) {
      rows.push([arm, String(m.iteration), percent(m.accuracy), percent(m.codeRate), percent(m.strictAlign), percent(m.allowCode), percent(m.misAlign), m.meanBelief.toFixed(3), percentOrDash(m.forcedCot), percentOrDash(m.forcedCode)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Per family at the last iteration of each arm: accuracy / code rate. */
export function formatFamilyTable(report: ExperimentReport): string {
  const families = [...new Set(Object.values(report.arms).flatMap((a) => Object.keys(a?.iterations.at(-1)?.byFamily ?? {})))];
  const header = ['arm (last iter)', ...families.map((f) => `${f} acc/code`)];
  const rows = ARM_NAMES.filter((arm) => report.arms[arm]).map((arm) => {
    const last = report.arms[arm]?.iterations.at(-1);
    return [`${arm} (${last?.iteration ?? '-'})`, ...families.map((f) => {
      const m = last?.byFamily[f as keyof IterationMetrics['byFamily']];
      return m ? `${percent(m.accuracy)}/${percent(m.codeRate)}` : '-';
    })];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** One row per problem and iteration: the belief and, where explored, Q^ of each method. */
export function beliefsCsv(report: ExperimentReport): string {
  const lines = ['id,family,split,iteration,belief,q_cot,q_code'];
  const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  for (const p of report.problems) {
    p.belief.forEach((belief, iteration) => lines.push([p.id, p.family, p.split, iteration, cell(belief), cell(p.qCot[iteration]), cell(p.qCode[iteration])].join(',')));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The run as the page's run file (src/store/run-file.ts), so that a command-line experiment can be looked at in
 * the page (Export and import > Import run JSON...). Without parameters: the browser host's snapshot does not
 * carry them back, and a viewed run needs none. The page reads a preset it does not know as `default`.
 */
export function runFileJson(snapshot: Pick<ExperimentSnapshot, 'config' | 'arms' | 'seconds' | 'warmStartOrigin'>, preset: string, status: StoredStatus, createdAt: number, matmulVariant: MatmulVariant | null): string {
  const arms: ExperimentSnapshot['arms'] = {};
  for (const arm of ARM_NAMES) {
    const state = snapshot.arms[arm];
    if (state) arms[arm] = { ...state, params: null };
  }
  return runToJson({
    id: `cli-${createdAt}`,
    name: `${preset}, seed ${snapshot.config.seed} (command line)`,
    preset: isPresetName(preset) ? preset : 'default',
    createdAt,
    updatedAt: createdAt,
    status,
    ...(matmulVariant !== null ? { matmulVariant } : {}),
    snapshot: { config: snapshot.config, warmStartParams: null, warmStartOrigin: snapshot.warmStartOrigin, arms, seconds: snapshot.seconds },
  });
}
