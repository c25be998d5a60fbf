/**
 * The product path for command-line tools: serve the built app (dist/, run `vite build` first) with Vite's preview
 * server on a free port and open one of its pages in headless Debian Chromium (SwiftShader's WebGPU adapter unless
 * WEBGPU_HARDWARE=1 or BENCH_GPU=1, for machines with a real GPU).
 */
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from '@playwright/test';
import { preview } from 'vite';
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

export function browserLaunchOptions(): ReturnType<typeof chromiumLaunchOptions> {
  const options = chromiumLaunchOptions();
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

/** Opens `path` (with its query) of the built app in a fresh headless page. */
export async function openPreviewPage(path: string): Promise<PreviewSession> {
  const port = await freePort();
  const server = await preview({ logLevel: 'silent', preview: { port, strictPort: true, host: '127.0.0.1' } });
  const browser = await chromium.launch(browserLaunchOptions()).catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await server.close();
  };
  try {
    const base = `http://localhost:${port}`;
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(`${base}${path}`);
    return { base, browser, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
