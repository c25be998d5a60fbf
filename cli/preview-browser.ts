/**
 * The product path for command-line tools: serve the built app with `vite preview` on a free port and open a
 * page of it in headless Debian Chromium (SwiftShader's WebGPU adapter unless WEBGPU_HARDWARE=1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium';

export function freePort(): Promise<number> {
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

export function browserLaunchOptions(): ReturnType<typeof chromiumLaunchOptions> {
  const options = chromiumLaunchOptions();
  // On a machine with a real GPU, let Chromium pick it instead of forcing the software adapter.
  if (process.env.WEBGPU_HARDWARE === '1' || process.env.BENCH_GPU === '1') {
    options.args = (options.args ?? []).filter((a) => !a.startsWith('--use-webgpu-adapter='));
  }
  return options;
}

export interface PreviewSession {
  base: string;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

/** Serves dist/ (run `vite build` first) and opens `path` in a fresh headless page. */
export async function openPreviewPage(path: string): Promise<PreviewSession> {
  const root = resolve(import.meta.dirname, '..');
  const port = await freePort();
  const server = spawn(process.execPath, [resolve(root, 'node_modules/vite/bin/vite.js'), 'preview', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const browser = await chromium.launch(browserLaunchOptions()).catch((error: unknown) => {
    server.kill();
    throw error;
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    server.kill();
  };
  try {
    const base = `http://localhost:${port}`;
    await waitForServer(`${base}/`, server, 60_000);
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${base}${path}`);
    return { base, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
