import { expect, test } from '@playwright/test';

// Every WGSL kernel against its float64 twin, in headless Chromium's WebGPU (SwiftShader): the unit tests'
// cases, run once by the page itself.
const EXPECTED_OPS = [
  'encoderForward',
  'encoderBackward',
  'layernormForward',
  'layernormBackward',
  'matmul',
  'attentionForward',
  'attentionBackward',
  'geluForward',
  'geluBackward',
  'residualForward',
  'residualBackward',
  'crossentropyForward',
  'crossentropyBackward',
  'gradGlobalNorm',
  'adamwUpdate',
  'kvcacheWrite',
  'attentionDecode',
  'sampleTokens',
];

test('the page self-check passes every kernel in the browser', async ({ page }) => {
  await page.goto('/');
  const status = page.getByTestId('selfcheck-status');
  await expect(status).toHaveAttribute('data-state', 'done', { timeout: 170_000 });
  const rows = page.getByTestId('selfcheck-row');
  const failed = await page.locator('[data-testid="selfcheck-row"][data-passed="false"]').allInnerTexts();
  expect(failed, 'failed kernel checks').toEqual([]);
  await expect(status).toHaveText(/^Self-check passed/);
  const ops = new Set(await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-op'))));
  for (const op of EXPECTED_OPS) expect(ops.has(op), `self-check covers ${op}`).toBe(true);
});
