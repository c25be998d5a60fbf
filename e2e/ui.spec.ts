import { readFile } from 'node:fs/promises';
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';

// The playground page end to end, on SwiftShader: one small run (tiny with overrides from the link) reused
// across checks, then an interrupted run resumed after a reload. Screenshots go to test-results/ui/.
// The first run keeps tiny's 40 warm-start steps: fewer leave a model that never closes a code block, so no
// program reaches the sandbox and the inspector has no sandbox error to show.
const LINK =
  '/?preset=tiny&v=6&seed=3&iterations=2&world.testPerFamily=2&world.queryPerFamily=4&eStep.queriesPerIteration=4&mStep.epochs=lots';
const SHOTS = 'test-results/ui';

test.describe.configure({ mode: 'serial' });

let page: Page;
const problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
});

test.afterAll(async () => {
  await page.close();
});

const field = (path: string) => page.locator(`[data-path="${path}"]`);
const status = () => page.getByTestId('run-status');

test('a link opens with its values in the controls and reports its invalid value', async () => {
  await page.goto(LINK);
  await expect(field('preset')).toHaveValue('tiny');
  await expect(field('seed')).toHaveValue('3');
  await expect(field('iterations')).toHaveValue('2');
  await expect(field('warmStart.steps')).toHaveValue('40');
  await expect(field('world.queryPerFamily')).toHaveValue('4');
  await expect(field('world.testPerFamily')).toHaveValue('2');
  await expect(field('eStep.queriesPerIteration')).toHaveValue('4');
  const messages = page.getByTestId('link-messages');
  await expect(messages).toContainText('mStep.epochs');
  await expect(messages).toContainText('lots');
  await expect(field('mStep.epochs')).toHaveValue('1'); // the preset's value stands

  // A value typed out of range shows its message beside the field and blocks Start.
  await field('iterations').fill('-4');
  await expect(page.getByTestId('issue-iterations')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  await page.screenshot({ path: `${SHOTS}/1-invalid-value.png`, fullPage: false });
  await field('iterations').fill('2');
  await expect(page.getByTestId('issue-iterations')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  expect(page.url()).toContain('world.queryPerFamily=4');
});

test('tiny runs to completion from Start, with Pause and Resume on the way', async () => {
  test.setTimeout(300_000);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await expect(status()).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(status()).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
  await page.screenshot({ path: `${SHOTS}/2-paused.png` });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status()).toHaveAttribute('data-status', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('matmul-variant')).not.toHaveText(/chosen when/, { timeout: 30_000 });
  await expect(status()).toHaveAttribute('data-status', 'finished', { timeout: 240_000 });
  await page.screenshot({ path: `${SHOTS}/3-finished.png`, fullPage: true });
});

test('the heatmap has one cell per problem and iteration, and every chart has data', async () => {
  // 4 families x (4 query + 2 test) problems, iterations 0..2.
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4 * 6 * 3);
  await page.getByTestId('heatmap-cell').nth(5).hover();
  await expect(page.getByTestId('heatmap-tooltip')).toContainText('b(x)');
  await expect(page.getByTestId('heatmap-tooltip')).toContainText('Q^(x, code)');
  // The keyboard reaches the same card.
  await page.mouse.move(0, 0);
  await page.getByRole('img', { name: /^Belief b\(x\)/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('heatmap-tooltip')).toContainText('iteration 2');
  for (const name of ['Accuracy', 'Code rate', 'StrictAlign', 'AllowCode', 'MisAlign', 'Forced CoT skill', 'Forced code skill', 'Belief trajectories']) {
    const region = page.getByRole('region', { name, exact: true });
    // A flat curve has a zero-height box (Playwright calls it hidden): check the drawn path instead.
    await expect(region.locator('path.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+[LC]/);
  }
  await expect(page.getByRole('region', { name: 'Q^ scatter' }).locator('.recharts-scatter-symbol').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Belief heatmap' })).toBeVisible();
  await page.getByRole('region', { name: 'Belief heatmap' }).screenshot({ path: `${SHOTS}/4-heatmap.png` });
  // Each chart exports as SVG and PNG.
  for (const format of ['SVG', 'PNG']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Accuracy as ${format}` }).click();
    expect((await download).suggestedFilename()).toBe(`accuracy.${format.toLowerCase()}`);
  }
  // Dark theme (follows the system) at 800 px: still usable.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 800, height: 900 });
  await page.screenshot({ path: `${SHOTS}/4-dark-800px.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('an import of a corrupt file is refused with a message and changes nothing', async () => {
  const before = await page.getByTestId('saved-run').count();
  await page.getByTestId('import-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "autocode-playground-run", "version": 1, "arms": ') });
  await expect(page.getByTestId('import-notice')).toContainText('nothing was imported');
  await page.getByTestId('import-input').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "something-else"}') });
  await expect(page.getByTestId('import-notice')).toContainText('not a valid run file');
  await expect(page.getByTestId('saved-run')).toHaveCount(before);
});

/**
 * tiny's 40-step warm start on SwiftShader leaves a model that rarely closes a code block, so an evaluation
 * may send no program to the sandbox. The run is exported, one forced-code rollout is given the outcome a
 * broken program gets from the sandbox, and the file is imported back: a valid import, and the inspector's
 * rendering of a sandbox error, whatever this run's model wrote.
 */
test('an exported run imports back, and the inspector shows a sandbox error for a broken program', async () => {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Run JSON', exact: true }).click();
  const file = await (await download).path();
  const run = JSON.parse(await readFile(file, 'utf8')) as { arms: { em: { rollouts: Array<{ problemId: string; method: string | null; forced: boolean; text: string; verdict: string; sandbox: unknown }> } } };
  const rollout = run.arms.em.rollouts.find((r) => r.forced && r.method === 'code');
  if (!rollout) throw new Error('the run has no forced-code rollout');
  // The response grammar (src/world/grammar.ts): the sandbox's error is rendered as "!" + its type, cut to 12 characters.
  rollout.text = '<code>print(7//0)<run><out>!ZeroDivi...</out><ans>0<eos>';
  rollout.verdict = 'wrong-answer';
  rollout.sandbox = { status: 'error', stdout: '', stderr: '', error: { type: 'ZeroDivisionError', message: 'integer division or modulo by zero', line: 1 } };
  await page.getByTestId('import-input').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(run)) });
  await expect(page.getByTestId('import-notice')).toContainText('Imported');
  await expect(page.getByTestId('saved-run')).toHaveCount(2);

  const inspector = page.getByRole('region', { name: 'Rollouts' });
  const picker = inspector.getByLabel('Inspected problem');
  await expect(picker.locator('option', { hasText: 'sandbox error' }).first()).toBeAttached();
  await picker.selectOption(rollout.problemId);
  const outcome = inspector.locator('[data-testid="sandbox-outcome"][data-status="error"]');
  await expect(outcome).toBeVisible();
  await expect(outcome.getByTestId('sandbox-error')).toContainText('ZeroDivisionError: integer division or modulo by zero (line 1)');
  await inspector.screenshot({ path: `${SHOTS}/5-inspector.png` });
});

test('a reload keeps the run', async () => {
  await page.reload();
  await expect(page.getByTestId('saved-run')).toHaveCount(2);
  await expect(status()).toHaveAttribute('data-status', 'finished');
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4 * 6 * 3);
});

test('Stop stops a run, and an interrupted run resumes after a reload', async () => {
  test.setTimeout(300_000);
  await page.locator('summary', { hasText: 'Warm start' }).click();
  await field('warmStart.steps').fill('4'); // this run is about control, not learning
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  // Let the warm start finish and the first EM iteration be checkpointed, then cut the page off.
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4 * 6 * 1, { timeout: 120_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status()).toHaveAttribute('data-status', 'stopped', { timeout: 120_000 });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(status()).toHaveAttribute('data-status', 'running', { timeout: 90_000 });
  // A resume continues with the kernels the run started with (results are bitwise per variant), not a new tune.
  await expect(page.getByTestId('matmul-variant')).toHaveText(/ \(pinned\)$/);
  await page.reload();
  await expect(status()).toHaveAttribute('data-status', 'interrupted', { timeout: 30_000 });
  await expect(page.getByTestId('matmul-variant')).toHaveText(/ \(this run's: a resume keeps it\)$/);
  await page.screenshot({ path: `${SHOTS}/6-interrupted.png` });
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('matmul-variant')).toHaveText(/ \(pinned\)$/, { timeout: 30_000 });
  await expect(status()).toHaveAttribute('data-status', 'finished', { timeout: 240_000 });
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(4 * 6 * 3);
  await expect(page.getByTestId('saved-run')).toHaveCount(3);
  expect(problems, 'console errors and warnings').toEqual([]);
});

test('a demo link (autorun=1) starts its run on load, and Stop during start-up stops it', async () => {
  test.setTimeout(120_000);
  problems.length = 0;
  await page.goto(`${LINK.replace('&mStep.epochs=lots', '')}&warmStart.steps=4&autorun=1`);
  await expect(status()).toHaveAttribute('data-status', /starting|running/, { timeout: 30_000 });
  await expect(page.getByTestId('link-messages')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(status()).toHaveAttribute('data-status', 'stopped', { timeout: 90_000 });
  await expect(page.getByTestId('saved-run')).toHaveCount(4);
  // The run list compares kept runs.
  await page.getByRole('checkbox', { name: /^Compare / }).nth(1).check();
  await page.getByRole('checkbox', { name: /^Compare / }).nth(2).check();
  await expect(page.getByRole('region', { name: 'Run comparison' }).locator('path.recharts-line-curve')).toHaveCount(2);
  await page.getByRole('region', { name: 'Saved runs' }).screenshot({ path: `${SHOTS}/7-run-list.png` });
  expect(problems, 'console errors and warnings').toEqual([]);
});
