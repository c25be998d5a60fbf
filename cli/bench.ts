/**
 * `npm run bench [-- --quick] [-- --json FILE]`: serves the built app with `vite preview` on a free port, opens
 * bench.html in headless Chromium (SwiftShader's WebGPU adapter unless BENCH_GPU=1), waits for the page's
 * report, prints a table and optionally writes the JSON. Run `vite build` first (the npm script does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';
import type { BenchReport } from '../src/bench/report';
import { BENCH_USAGE, BenchUsageError, parseBenchArgs, type BenchArgs } from '../src/bench/args';
import { formatReport } from '../src/bench/table';

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForServer(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`vite preview exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function launchOptions(): ReturnType<typeof chromiumLaunchOptions> {
  const options = chromiumLaunchOptions();
  // On a machine with a real GPU, let Chromium pick it instead of forcing the software adapter.
  if (process.env.BENCH_GPU === '1') options.args = (options.args ?? []).filter((a) => !a.startsWith('--use-webgpu-adapter='));
  return options;
}

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
  const root = resolve(import.meta.dirname, '..');
  const port = await freePort();
  const server = spawn(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch(launchOptions()).catch((error: unknown) => {
    server.kill();
    throw error;
  });
  try {
    const base = `http://localhost:${port}`;
    await waitForServer(`${base}/bench.html`, server, 60_000);
    const page = await browser.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench] ')) console.log(text.slice(8));
    });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    const query = new URLSearchParams();
    if (args.quick) query.set('quick', '1');
    if (args.variant) query.set('variant', args.variant);
    if (args.sections) query.set('sections', args.sections.join(','));
    await page.goto(`${base}/bench.html?${query}`);
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
    await browser.close();
    server.kill();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
