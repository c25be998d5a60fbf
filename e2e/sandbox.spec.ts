import { expect, test, type Page } from '@playwright/test';
import { CORPUS, HEALTH_CHECK, checkOutcome } from '../src/sandbox/corpus';
import type { RunLimits, RunOutcome, SandboxInfo, SandboxOptions } from '../src/sandbox/types';
import type { SandboxHarness } from '../src/sandbox/harness-page';

const WORKERS = 2;

type HarnessWindow = Window & { sandboxHarness: SandboxHarness };

function harness(page: Page) {
  return {
    start: (options: SandboxOptions): Promise<SandboxInfo> =>
      page.evaluate((o) => (window as HarnessWindow).sandboxHarness.start(o), options),
    run: (code: string, limits?: RunLimits): Promise<RunOutcome> =>
      page.evaluate(([c, l]) => (window as HarnessWindow).sandboxHarness.run(c, l ?? undefined), [code, limits ?? null] as const),
    runMany: (codes: string[]): Promise<RunOutcome[]> =>
      page.evaluate((list) => (window as HarnessWindow).sandboxHarness.runMany(list.map((code) => ({ code }))), codes),
    info: (): Promise<SandboxInfo> => page.evaluate(() => (window as HarnessWindow).sandboxHarness.info()),
  };
}

test('the adversarial corpus in headless Chromium, then every worker answers right', async ({ page }) => {
  test.setTimeout(240_000);
  const requests: string[] = [];
  page.context().on('request', (request) => requests.push(request.url()));
  await page.goto('/sandbox.html');
  await page.waitForFunction(() => 'sandboxHarness' in window);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  const sandbox = harness(page);
  const info = await sandbox.start({ workers: WORKERS });
  expect(info).toMatchObject({ workers: WORKERS, interruptible: true });

  const failures: string[] = [];
  for (const testCase of CORPUS) {
    const outcome = await sandbox.run(testCase.code, testCase.limits);
    const problems = checkOutcome(testCase, outcome);
    if (problems.length) failures.push(`${testCase.name}: ${problems.join('; ')}`);
  }
  expect(failures).toEqual([]);

  const healed = await sandbox.runMany(Array.from({ length: WORKERS }, () => HEALTH_CHECK.code));
  for (const outcome of healed) expect(outcome).toMatchObject({ status: 'ok', stdout: HEALTH_CHECK.stdout });
  expect((await sandbox.info()).spawned).toBeGreaterThan(WORKERS);

  // Pyodide came from our own origin; nothing went anywhere else.
  const origin = new URL(page.url()).origin;
  expect(requests.some((url) => url.startsWith(`${origin}/pyodide/`))).toBe(true);
  expect(requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))).toEqual([]);
});

test('after a reload, workers start from the snapshot cached in the page', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/sandbox.html');
  await page.waitForFunction(() => 'sandboxHarness' in window);
  const first = await harness(page).start({ workers: 1, spareWorkers: 0 });
  expect(first.startedFromSnapshot).toBe(0); // a fresh browser context has no cache yet
  expect((await harness(page).run('print(6*7)')).stdout).toBe('42\n');
  // The first worker's snapshot is written to Cache Storage in the background.
  await expect.poll(() => page.evaluate(async () => (await (await caches.open('autocode-sandbox')).keys()).length), { timeout: 30_000 }).toBe(1);
  await page.reload();
  await page.waitForFunction(() => 'sandboxHarness' in window);
  const second = await harness(page).start({ workers: 1, spareWorkers: 0 });
  expect(second.startedFromSnapshot).toBe(1);
  expect((await harness(page).run('import math\nprint(math.factorial(10))')).stdout).toBe('3628800\n');
});
