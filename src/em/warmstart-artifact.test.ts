import { describe, expect, it } from 'vitest';
import { getPreset } from '../config';
import { parametersToSafetensors } from '../nn/checkpoint';
import { buildLayout } from '../nn/layout';
import { WORLD_FORMAT_VERSION, worldFingerprint } from '../world/fingerprint';
import { modelConfigFor } from '../world/model-config';
import { compatibleWith, parseWarmStartMetadata, sha256Hex, verifyWarmStart, WarmStartMetadataError, WarmStartMismatchError, type WarmStartMetadata } from './warmstart-artifact';

const metrics = { count: 8, forcedCot: 0.25, forcedCode: 0.5, autonomous: 0.375, codeRate: 0.5, meanBelief: 0.6, strictAlign: 0.5, allowCode: 0.6, misAlign: 0.2 };

async function artifact(): Promise<{ bytes: Uint8Array; metadata: WarmStartMetadata }> {
  const config = getPreset('tiny');
  const modelConfig = modelConfigFor(config.model);
  const layout = buildLayout(modelConfig);
  const params = Float32Array.from({ length: layout.totalFloats }, (_, i) => (i % 13) / 100);
  const bytes = parametersToSafetensors(layout, params, { step: '40' });
  const metadata = parseWarmStartMetadata({
    format: 'autocode-warmstart/1',
    preset: 'tiny',
    config,
    modelConfig,
    worldVersion: { format: WORLD_FORMAT_VERSION, fingerprint: await worldFingerprint(config.world, config.sandbox.outputChars) },
    seed: config.seed,
    steps: config.warmStart.steps,
    tokensTrained: config.warmStart.steps * config.warmStart.batchSize * config.model.contextLength,
    tokensSupervised: 12345,
    wallSeconds: 61.5,
    adapter: 'Google SwiftShader (software)',
    matmulVariant: 'register-blocked',
    command: 'npm run warmstart -- --preset tiny --seed 1 --out /tmp/x',
    createdAt: new Date(0).toISOString(),
    sha256: await sha256Hex(bytes),
    evaluation: { split: 'test', overall: { ...metrics, count: 32 }, byFamily: { add: metrics, mul: metrics, digsum: metrics, powmod: metrics } },
  });
  return { bytes, metadata };
}

describe('warm-start artifact', () => {
  it('hashes like sha256sum', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('parses metadata that survives a JSON round trip, and verifies its checkpoint', async () => {
    const { bytes, metadata } = await artifact();
    const reread = parseWarmStartMetadata(JSON.parse(JSON.stringify(metadata)));
    expect(reread).toEqual(metadata);
    await expect(verifyWarmStart(bytes, reread)).resolves.toBeUndefined();
  });

  it('names the bad field', async () => {
    const { metadata } = await artifact();
    const bad = (edit: (json: Record<string, unknown>) => void): unknown => {
      const json = JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
      edit(json);
      return json;
    };
    expect(() => parseWarmStartMetadata(bad((j) => (j.format = 'other/2')))).toThrow(WarmStartMetadataError);
    expect(() => parseWarmStartMetadata(bad((j) => (j.format = 'other/2')))).toThrow(/format/);
    expect(() => parseWarmStartMetadata(bad((j) => delete j.sha256))).toThrow(/sha256/);
    expect(() => parseWarmStartMetadata(bad((j) => ((j.config as { model: { width: number } }).model.width = 33)))).toThrow(/config\.model\.heads/);
    expect(() => parseWarmStartMetadata(bad((j) => (j.steps = 7)))).toThrow(/steps: must equal config\.warmStart\.steps/);
    expect(() => parseWarmStartMetadata(bad((j) => ((j.evaluation as { overall: { codeRate: number } }).overall.codeRate = 2)))).toThrow(/evaluation\.overall\.codeRate/);
    expect(() => parseWarmStartMetadata('nope')).toThrow(/invalid/);
  });

  it('refuses a file whose hash differs, and a checkpoint of a world that changed', async () => {
    const { bytes, metadata } = await artifact();
    const corrupt = bytes.slice();
    corrupt[corrupt.length - 1] ^= 1;
    await expect(verifyWarmStart(corrupt, metadata)).rejects.toThrow(WarmStartMismatchError);
    await expect(verifyWarmStart(corrupt, metadata)).rejects.toThrow(/checkpoint file does not match its metadata's sha256/);

    const staleWorld = { ...metadata, worldVersion: { ...metadata.worldVersion, fingerprint: 'a'.repeat(64) } };
    await expect(verifyWarmStart(bytes, staleWorld)).rejects.toThrow(/the world generator changed since this checkpoint was trained \(world version 1\/aaaaaaaaaaaa.*npm run warmstart -- --preset small --out public\/warmstart/);
    const staleFormat = { ...metadata, worldVersion: { ...metadata.worldVersion, format: WORLD_FORMAT_VERSION + 1 } };
    await expect(verifyWarmStart(bytes, staleFormat)).rejects.toMatchObject({ reason: 'world' });
    // A config edited after training (the world it names is no longer the one fingerprinted).
    const edited = { ...metadata, config: { ...metadata.config, world: { ...metadata.config.world, seed: 9 } } };
    await expect(verifyWarmStart(bytes, edited)).rejects.toMatchObject({ reason: 'world' });
  });

  it('says why an experiment config cannot use the checkpoint', async () => {
    const { metadata } = await artifact();
    const config = getPreset('tiny');
    expect(compatibleWith(metadata, config)).toBeNull();
    expect(compatibleWith(metadata, { ...config, seed: 7, iterations: 9 })).toBeNull();
    expect(compatibleWith(metadata, { ...config, world: { ...config.world, testPerFamily: 9 } })).toBe('the warm-start checkpoint was trained for another config: world.testPerFamily 9 (checkpoint 8)');
    expect(compatibleWith(metadata, { ...config, model: { ...config.model, width: 64 } })).toMatch(/model\.width 64 \(checkpoint 32\)/);
    expect(compatibleWith(metadata, { ...config, warmStart: { ...config.warmStart, steps: 3 } })).toMatch(/warmStart\.steps 3/);
    expect(compatibleWith(metadata, { ...config, sandbox: { ...config.sandbox, outputChars: 8 } })).toMatch(/sandbox\.outputChars 8 \(checkpoint 12\)/);
    expect(compatibleWith(metadata, getPreset('small'))).toMatch(/and \d+ more$/);
  });
});
