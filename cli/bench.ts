/**
 * `npm run bench [-- --quick] [-- --json FILE]`: serves the built app with `vite preview` on a free port, opens
 * bench.html in headless Chromium (SwiftShader's WebGPU adapter unless BENCH_GPU=1), waits for the page's
 * report, prints a table and optionally writes the JSON. Run `vite build` first (the npm script does).
 */
import { writeFileSync } from 'node:fs';
import { openPreviewPage } from './preview-browser';
import type { BenchReport } from '../src/bench/report';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchArgs } from '../src/bench/args';
import { formatReport } from '../src/bench/table';

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(`bench: ${error.message}\n${BENCH_USAGE}`);
      return 2;
    }
    throw error;
  }
  const query = new URLSearchParams();
  if (args.quick) query.set('quick', '1');
  if (args.variant) query.set('variant', args.variant);
  if (args.sections) query.set('sections', args.sections.join(','));
  const session = await openPreviewPage(`/bench.html?${query}`);
  try {
    const page = session.page;
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench] ')) console.log(text.slice(8));
    });
    await page.waitForFunction(() => window.__bench !== undefined && window.__bench.status !== 'running', null, { timeout: 20 * 60_000, polling: 500 });
    const state = await page.evaluate(() => window.__bench);
    if (state.status !== 'done' || !state.report) {
      console.error(`bench failed: ${state.error ?? 'no report'}`);
      return 1;
    }
    const report: BenchReport = state.report;
    console.log(`\n${formatReport(report)}`);
    if (args.json) {
      writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
      console.log(`wrote ${args.json}`);
    }
    return 0;
  } finally {
    await session.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
