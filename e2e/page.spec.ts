import { expect, test } from '@playwright/test';

test('the page finds a WebGPU adapter', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter')).toBeVisible({ timeout: 60_000 });
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
});
