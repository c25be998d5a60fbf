/**
 * npm run sandbox -- [--timeout-ms N] [--max-output-bytes N] [--workers N] [--json] FILE.py...
 *
 * Runs each file in the browser sandbox inside headless Chromium (the product path: the built app,
 * served by vite preview, page sandbox.html) and prints one line per file. Exit status: 0 when every
 * program ended ok, 1 when any did not, 2 for bad usage.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPreviewPage } from './preview-browser';
import type { RunLimits, RunOutcome, SandboxOptions } from '../src/sandbox/types';
import type { SandboxHarness } from '../src/sandbox/harness-page';

const USAGE = 'usage: npm run sandbox -- [--timeout-ms N] [--max-output-bytes N] [--workers N] [--json] FILE.py...';

export interface CliArgs {
  files: string[];
  json: boolean;
  limits: RunLimits;
  workers?: number;
}

export class UsageError extends Error {}

function positiveInteger(flag: string, value: string | undefined): number {
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
  return parsed;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { files: [], json: false, limits: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--json') args.json = true;
    else if (flag === '--timeout-ms') args.limits.timeoutMs = positiveInteger(flag, value());
    else if (flag === '--max-output-bytes') args.limits.maxOutputBytes = positiveInteger(flag, value());
    else if (flag === '--workers') args.workers = positiveInteger(flag, value());
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
    else args.files.push(arg);
  }
  if (args.files.length === 0) throw new UsageError('no Python files given');
  return args;
}

export function formatLine(file: string, outcome: RunOutcome): string {
  const error = outcome.error ? ` ${outcome.error.type}${outcome.error.line !== undefined ? ` line ${outcome.error.line}` : ''}: ${outcome.error.message}` : '';
  const stdout = outcome.stdout.length > 200 ? `${outcome.stdout.slice(0, 200)}...` : outcome.stdout;
  return `${file}: ${outcome.status} in ${outcome.durationMs.toFixed(0)} ms${outcome.truncated ? ' (output truncated)' : ''}${error} stdout=${JSON.stringify(stdout)}`;
}

/** Runs programs through sandbox.html in headless Chromium; the caller has built the app (vite build). */
export async function runInBrowser(programs: { id: string; code: string; limits: RunLimits }[], options: SandboxOptions): Promise<RunOutcome[]> {
  const session = await openPreviewPage('/sandbox.html');
  const page = session.page;
  try {
    await page.waitForFunction(() => 'sandboxHarness' in window, undefined, { timeout: 60_000 });
    const started = performance.now();
    const info = await page.evaluate((opts) => (window as unknown as { sandboxHarness: SandboxHarness }).sandboxHarness.start(opts), options);
    process.stderr.write(`sandbox: ${info.workers} worker(s) ready in ${(performance.now() - started).toFixed(0)} ms (${info.interruptible ? 'interrupt buffer' : 'termination only'})\n`);
    return await page.evaluate((list) => (window as unknown as { sandboxHarness: SandboxHarness }).sandboxHarness.runMany(list), programs);
  } finally {
    await session.close();
  }
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`sandbox: ${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const programs: { id: string; code: string; limits: RunLimits }[] = [];
  for (const file of args.files) {
    try {
      programs.push({ id: file, code: readFileSync(resolve(file), 'utf8'), limits: args.limits });
    } catch (error) {
      process.stderr.write(`sandbox: cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const outcomes = await runInBrowser(programs, args.workers !== undefined ? { workers: args.workers } : {});
  for (const outcome of outcomes) {
    const line = args.json ? JSON.stringify({ file: outcome.id, ...outcome }) : formatLine(outcome.id, outcome);
    process.stdout.write(`${line}\n`);
  }
  return outcomes.every((outcome) => outcome.status === 'ok') ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'sandbox.ts')) {
  main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    process.stderr.write(`sandbox: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
