import { expect, test } from '@playwright/test';

test('the page finds a WebGPU adapter', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter')).toBeVisible({ timeout: 60_000 });
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});

test('the default preset starts from the shipped warm start, verified in the page, and one click trains it from scratch instead', async ({ page }) => {
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Warm start source' });
  // Shown only after the page fetched the checkpoint and checked its hash, model and world version.
  await expect(panel.getByTestId('shipped-accuracy')).toContainText('forced CoT', { timeout: 60_000 });
  await expect(panel).toContainText('npm run warmstart -- --preset small');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await expect(page.locator('[data-path="warmStart.source"]')).toHaveValue('shipped');
  await panel.getByRole('button', { name: 'Train the warm start from scratch instead' }).click();
  await expect(page.locator('[data-path="warmStart.source"]')).toHaveValue('scratch');
  await expect(panel).toContainText('Trains the warm start in this run: 4,000 steps');
  await panel.getByRole('button', { name: 'Use the shipped warm start' }).click();
  await expect(page.locator('[data-path="warmStart.source"]')).toHaveValue('shipped');
  // A world the checkpoint was not trained on: the panel says why it cannot be used.
  await page.locator('.config-group > summary', { hasText: /^World/ }).click();
  await page.locator('[data-path="world.seed"]').fill('2');
  await expect(panel.getByRole('alert')).toContainText('trained for other settings');
});

test('a corrupt shipped checkpoint is reported, not used (the check runs in a worker, whose fetch is served here)', async ({ page }) => {
  await page.route('**/warmstart/warmstart.safetensors', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('not a checkpoint') }));
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Warm start source' });
  await expect(panel.getByRole('alert')).toContainText("The shipped warm start cannot be used: checkpoint file does not match its metadata's sha256", { timeout: 60_000 });
  await expect(panel.getByTestId('shipped-accuracy')).toHaveCount(0);
});
