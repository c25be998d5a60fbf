import { expect, test } from '@playwright/test';
import type { SandboxHarness } from '../src/sandbox/harness-page';

// Measures, never asserts timings: the figures are printed for the report (npx playwright test e2e/sandbox-bench.spec.ts).
test('the sandbox bench section runs in the page and reports every figure', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/sandbox.html');
  await page.waitForFunction(() => 'sandboxHarness' in window);
  const figures = await page.evaluate(() => (window as Window & { sandboxHarness: SandboxHarness }).sandboxHarness.bench());
  console.log(`sandbox bench: ${JSON.stringify(figures)} (hardwareConcurrency ${await page.evaluate(() => navigator.hardwareConcurrency)})`);
  for (const value of Object.values(figures)) expect(Number.isFinite(value)).toBe(true);
  expect(figures.runs_per_s).toBeGreaterThan(0);
  expect(figures.cold_start_ms).toBeGreaterThan(0);
  // An outcome cannot arrive before its deadline.
  expect(figures.timeout_latency_ms).toBeGreaterThanOrEqual(0);
  expect(figures.kill_latency_ms).toBeGreaterThanOrEqual(0);
});
