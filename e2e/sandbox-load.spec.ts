import { expect, test } from '@playwright/test';
import { checkLoad, loadMix } from '../src/sandbox/load-mix';
import type { RunOutcome } from '../src/sandbox/types';
import type { SandboxHarness } from '../src/sandbox/harness-page';

test('500 mixed programs submitted at once: one outcome each, none lost or swapped', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/sandbox.html');
  await page.waitForFunction(() => 'sandboxHarness' in window);
  const programs = loadMix(500);
  const outcomes = await page.evaluate(async (list) => {
    const h = (window as unknown as { sandboxHarness: SandboxHarness }).sandboxHarness;
    await h.start({ workers: 2 });
    // All at once, from the page, each settling into its own slot as it completes.
    const settled: RunOutcome[] = [];
    await Promise.all(list.map((p, i) => h.runMany([{ id: p.id, code: p.code, ...(p.limits ? { limits: p.limits } : {}) }]).then(([o]) => { settled[i] = o; })));
    return settled;
  }, programs);
  expect(checkLoad(programs, outcomes)).toEqual([]);
});
