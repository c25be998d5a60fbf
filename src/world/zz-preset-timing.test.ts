import { createNodeGpuContext } from '../gpu/node';
import { GptModel, DEFAULT_ADAMW } from '../nn/model';
import { createKernelContext } from '../nn/ops/kernel-context';
import { getPreset } from '../config/presets';
import { buildSplits, createWarmStartSampler, modelConfigFor, promptTokens } from './index';
import { it } from 'vitest';
it('measure presets', async () => {
const ctx = await createNodeGpuContext();
const kernels = createKernelContext(ctx);
for (const name of (process.env.PRESETS ?? 'tiny,small').split(',') as ('tiny'|'small')[]) {
  const cfg = getPreset(name); const T = cfg.model.contextLength; const B = cfg.warmStart.batchSize;
  const model = GptModel.create(kernels, modelConfigFor(cfg.model), { maxBatch: B, maxSequence: T, decodeRows: 32, seed: 1 });
  const splits = buildSplits(cfg.world);
  const sampler = createWarmStartSampler(splits.warmStart, cfg.warmStart, 1);
  const norm = (b: ReturnType<typeof sampler.nextBatch>) => { const s = b.weights.reduce((a, w) => a + w, 0); return { tokens: b.tokens, targets: b.targets, weights: b.weights.map((w) => w / s) }; };
  await model.trainStep(norm(sampler.nextBatch(B, T)), B, T, DEFAULT_ADAMW, 1);
  const steps = 4; const cpu0 = process.cpuUsage(); let t0 = performance.now(); let loss = 0;
  for (let s = 2; s < 2 + steps; s++) loss = (await model.trainStep(norm(sampler.nextBatch(B, T)), B, T, { ...DEFAULT_ADAMW, lr: cfg.warmStart.lr }, s)).loss;
  const perStep = (performance.now() - t0) / steps / 1000; const cpu = process.cpuUsage(cpu0); const cpuPerStep = (cpu.user + cpu.system) / 1e6 / steps;
  const requests = splits.test.slice(0, 32).map((p) => ({ prompt: promptTokens(p.question), maxNewTokens: T - p.question.length, temperature: 1, stopTokens: [7] }));
  t0 = performance.now();
  const results = await model.generate(requests, { seed: 1 });
  const dt = (performance.now() - t0) / 1000;
  const sampled = results.reduce((n, r) => n + r.sampled.filter(Boolean).length, 0);
  console.log(`${name}: cpu ${cpuPerStep.toFixed(2)} core-s/step; params ${model.parameterCount}, ${(perStep * 1000).toFixed(0)} ms/step (B${B} T${T}) -> warm start ${cfg.warmStart.steps} steps ~${(perStep * cfg.warmStart.steps).toFixed(0)} s; loss ${loss.toFixed(3)}; generate ${results.length} seqs ${sampled} tokens in ${dt.toFixed(1)} s`);
  model.destroy();
}
}, 600_000);
