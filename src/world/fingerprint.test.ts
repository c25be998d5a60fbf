import { describe, expect, it } from 'vitest';
import { getPreset } from '../config';
import { WORLD_FORMAT_VERSION, worldFingerprint } from './fingerprint';

describe('worldFingerprint', () => {
  const world = getPreset('tiny').world;
  const outputChars = getPreset('tiny').sandbox.outputChars;

  it('is a deterministic hex SHA-256 of the world a config generates', async () => {
    const first = await worldFingerprint(world, outputChars);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await worldFingerprint(structuredClone(world), outputChars)).toBe(first);
    expect(WORLD_FORMAT_VERSION).toBe(1);
  });

  it('changes with the world seed, a family\'s levels, a split size and the output span', async () => {
    const base = await worldFingerprint(world, outputChars);
    const variants = [
      { ...world, seed: world.seed + 1 },
      { ...world, families: { ...world.families, add: { ...world.families.add, maxLevel: 3 } } },
      { ...world, testPerFamily: world.testPerFamily + 1 },
    ];
    for (const variant of variants) expect(await worldFingerprint(variant, outputChars)).not.toBe(base);
    // Code demonstrations show outputChars of sandbox output: the world as trained on differs.
    expect(await worldFingerprint(world, outputChars - 1)).not.toBe(base);
  });
});
