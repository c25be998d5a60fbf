import { expect, test } from '@playwright/test';
import type { HarnessEvent } from '../src/runner/harness-page';
import { getPreset } from '../src/config';

test('the tiny preset runs two em iterations in the browser worker, with its events and final metrics', async ({ page }) => {
  test.setTimeout(600_000);
  const config = getPreset('tiny');
  config.iterations = 2;
  config.arms = { em: true, standardRl: false, sft: false, forcedCot: false, forcedCode: false };
  const events: HarnessEvent[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  await page.exposeBinding('autocodeEvent', (_source, event: HarnessEvent) => {
    events.push(event);
    if (event.type === 'fatal' || (event.type === 'snapshot' && events.some((e) => e.type === 'status' && e.status !== 'running'))) finish();
  });
  await page.goto('/experiment.html');
  await page.waitForFunction(() => typeof window.autocodeHarness === 'object');
  await page.evaluate((c) => window.autocodeHarness.start(c), config);
  await finished;

  expect(events.filter((e) => e.type === 'fatal')).toEqual([]);
  const device = events.find((e) => e.type === 'device');
  expect(device?.type === 'device' && device.device.adapter.isFallback).toBe(true);
  const phases = events.flatMap((e) => (e.type === 'phase' ? [`${e.arm ?? '-'}:${e.iteration}:${e.phase}`] : []));
  expect(phases).toEqual(['-:0:warm-start', '-:0:evaluate', 'em:1:explore', 'em:1:m-step', 'em:1:evaluate', 'em:2:explore', 'em:2:m-step', 'em:2:evaluate']);
  expect(events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.status : ''))).toEqual(['running', 'finished']);

  const metrics = events.flatMap((e) => (e.type === 'metrics' ? [e.metrics] : []));
  expect(metrics.map((m) => m.iteration)).toEqual([0, 1, 2]);
  const testCount = 4 * config.world.testPerFamily;
  for (const m of metrics) {
    expect(m.count).toBe(testCount);
    for (const rate of [m.accuracy, m.codeRate, m.strictAlign, m.allowCode, m.misAlign, m.meanBelief]) {
      expect(rate).toBeGreaterThanOrEqual(0);
      expect(rate).toBeLessThanOrEqual(1);
    }
    expect(Object.keys(m.byFamily).sort()).toEqual(['add', 'digsum', 'mul', 'powmod']);
  }
  const beliefs = events.filter((e) => e.type === 'beliefs').at(-1);
  expect(beliefs?.type === 'beliefs' && beliefs.problems.length).toBe(4 * (config.world.queryPerFamily + config.world.testPerFamily));
  if (beliefs?.type === 'beliefs') for (const p of beliefs.problems) expect(p.belief.length).toBe(3);
  const rollouts = events.filter((e) => e.type === 'rollouts').at(-1);
  expect(rollouts?.type === 'rollouts' && rollouts.rollouts.length).toBeGreaterThan(0);
  const snapshot = events.filter((e) => e.type === 'snapshot').at(-1);
  expect(snapshot?.type === 'snapshot' && snapshot.snapshot.arms.em?.iterations.length).toBe(3);
});
