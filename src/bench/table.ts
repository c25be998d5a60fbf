import type { BenchReport } from './report';

const fixed = (x: number | undefined, digits = 2) => (x === undefined ? '-' : x.toFixed(digits));
const ratio = (ours: number | undefined, theirs: number | undefined) => (ours === undefined || !theirs ? '-' : `${(ours / theirs).toFixed(1)}x`);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The report as plain-text tables, ours beside tfjs with the speed-up. */
export function formatReport(report: BenchReport): string {
  const { adapter } = report;
  const parts = [
    `adapter: ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' / ')}${adapter.isFallback ? ' (fallback)' : ''}`,
    `timing: ${report.timing}; matmul tune chose ${report.tune.variant} in ${report.tune.tune_ms} ms${report.quick ? '; quick run' : ''}`,
    '',
    table(
      ['matmul N x C x OC', 'variant', 'ours GFLOP/s', 'tfjs GFLOP/s', 'speed-up'],
      report.matmul.map((r) => [`${r.N} x ${r.C} x ${r.OC}`, r.variant, fixed(r.ours_gflops), fixed(r.tfjs_gflops), ratio(r.ours_gflops, r.tfjs_gflops)]),
    ),
  ];
  const rows: string[][] = [];
  if (report.train_step) {
    const t = report.train_step;
    rows.push(['train step tokens/s', fixed(t.ours_tokens_per_s, 0), fixed(t.tfjs_tokens_per_s, 0), ratio(t.ours_tokens_per_s, t.tfjs_tokens_per_s)]);
  }
  if (report.generate) {
    rows.push(['generate tokens/s, KV cache', fixed(report.generate.cached_tokens_per_s, 0), '-', '-']);
    rows.push(['generate tokens/s, no cache', fixed(report.generate.uncached_tokens_per_s, 0), '-', '-']);
  }
  if (rows.length) parts.push('', table(['', 'ours', 'tfjs', 'speed-up'], rows));
  if (report.sandbox) {
    const s = report.sandbox;
    parts.push(
      '',
      table(
        ['sandbox', 'value'],
        [
          ['runs/s', fixed(s.runs_per_s, 1)],
          ['cold start ms', fixed(s.cold_start_ms, 0)],
          ['timeout latency ms', fixed(s.timeout_latency_ms, 0)],
          ['kill latency ms', fixed(s.kill_latency_ms, 0)],
        ],
      ),
    );
  }
  for (const [section, reason] of Object.entries(report.skipped)) parts.push(`skipped ${section}: ${reason}`);
  return parts.join('\n');
}
