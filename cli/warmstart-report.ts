/** What `npm run warmstart` prints about an evaluation: a line per family, and the final table. */
import type { WarmStartMetadata, WarmStartMetrics } from '../src/em/warmstart-artifact';

type EvaluationRecord = WarmStartMetadata['evaluation'];

const percent = (share: number): string => `${(100 * share).toFixed(1)}%`;

/** One short line per family (and "all"): for the log between training steps. */
export function evaluationLines(record: EvaluationRecord): string[] {
  const line = (name: string, m: WarmStartMetrics) =>
    `  ${name.padEnd(7)} n=${String(m.count).padEnd(4)} forced CoT ${percent(m.forcedCot).padStart(6)}  forced code ${percent(m.forcedCode).padStart(6)}  autonomous ${percent(m.autonomous).padStart(6)}  code rate ${percent(m.codeRate).padStart(6)}`;
  return [...Object.entries(record.byFamily).map(([family, m]) => line(family, m)), line('all', record.overall)];
}

/** The per-family table of the final evaluation. */
export function evaluationTable(record: EvaluationRecord): string {
  const header = ['family', 'count', 'forced CoT', 'forced code', 'autonomous', 'code rate', 'mean b(x)', 'StrictAlign'];
  const row = (name: string, m: WarmStartMetrics) => [name, String(m.count), percent(m.forcedCot), percent(m.forcedCode), percent(m.autonomous), percent(m.codeRate), m.meanBelief.toFixed(3), percent(m.strictAlign)];
  const rows = [header, ...Object.entries(record.byFamily).map(([family, m]) => row(family, m)), row('all', record.overall)];
  const widths = header.map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}
