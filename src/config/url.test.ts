import { describe, expect, it } from 'vitest';
import { getPreset, PRESET_NAMES } from './presets';
import { CONFIG_SCHEMA_VERSION, decodeConfig, encodeConfig } from './url';

describe('config URL codec', () => {
  it('writes only preset, version, seed and the values that differ', () => {
    expect(encodeConfig(getPreset('small'), 'small')).toBe(`preset=small&v=${CONFIG_SCHEMA_VERSION}&seed=1`);
    const config = getPreset('small');
    config.seed = 42;
    config.model.width = 96;
    config.eStep.reference = 'hardmax';
    config.world.families.frac.enabled = false;
    config.warmStart.lr = 0.00025;
    const query = encodeConfig(config, 'small');
    expect(query).toBe(
      `preset=small&v=${CONFIG_SCHEMA_VERSION}&seed=42&world.families.frac.enabled=false&model.width=96&warmStart.lr=0.00025&eStep.reference=hardmax`,
    );
    expect(decodeConfig(query)).toEqual({ config, preset: 'small', messages: [] });
    expect(decodeConfig(`?${query}`).config).toEqual(config);
  });

  it('round-trips every preset, and changes made on top of them', () => {
    for (const name of PRESET_NAMES) {
      expect(decodeConfig(encodeConfig(getPreset(name), name))).toEqual({ config: getPreset(name), preset: name, messages: [] });
      const config = getPreset(name);
      config.mStep.clipEpsilon = 0.1 + 0.2; // a float that needs all its digits
      config.arms.sft = !config.arms.sft;
      config.warmStart.mixture.digsum.codeCoverage = 0.77;
      expect(decodeConfig(encodeConfig(config, name)).config).toEqual(config);
    }
  });

  it('keeps the rest and lists a message per bad key, never throwing', () => {
    const decoded = decodeConfig(
      `preset=tiny&v=${CONFIG_SCHEMA_VERSION}&seed=5&model.width=abc&model.layers=3&eStep.reference=greedy&arms.em=maybe&nope=1&world=2&warmStart.steps=-4&model.heads=`,
    );
    const expected = getPreset('tiny');
    expected.seed = 5;
    expected.model.layers = 3;
    expect(decoded.config).toEqual(expected);
    expect(decoded.preset).toBe('tiny');
    expect(decoded.messages.map((message) => message.path).sort()).toEqual(
      ['arms.em', 'eStep.reference', 'model.heads', 'model.width', 'nope', 'warmStart.steps', 'world'].sort(),
    );
  });

  it('puts back the preset value of the key a failed relation names', () => {
    const decoded = decodeConfig(`preset=small&v=${CONFIG_SCHEMA_VERSION}&seed=1&model.heads=5&world.families.add.minLevel=3&world.families.add.maxLevel=2`);
    const expected = getPreset('small');
    expected.world.families.add.minLevel = 3;
    expect(decoded.config).toEqual(expected);
    expect(decoded.messages.map((message) => message.path).sort()).toEqual(['model.heads', 'world.families.add.maxLevel']);
    const culpritElsewhere = decodeConfig(`preset=small&v=${CONFIG_SCHEMA_VERSION}&seed=1&model.width=90&iterations=3`);
    expect(culpritElsewhere.config.model.width).toBe(64);
    expect(culpritElsewhere.config.iterations).toBe(3);
    expect(culpritElsewhere.messages.map((message) => message.path)).toEqual(['model.width']);
  });

  it('reads unknown presets, outdated or missing versions and junk with messages', () => {
    const unknown = decodeConfig(`preset=huge&v=${CONFIG_SCHEMA_VERSION}&iterations=2`);
    expect(unknown.preset).toBe('default');
    expect(unknown.config.iterations).toBe(2);
    expect(unknown.messages.map((message) => message.path)).toEqual(['preset']);
    const outdated = decodeConfig('preset=small&v=0&seed=3&model.dModel=64');
    expect(outdated.config).toEqual({ ...getPreset('small'), seed: 3 });
    expect(outdated.messages.map((message) => message.path)).toEqual(['v', 'model.dModel']);
    expect(decodeConfig('').messages.map((message) => message.path)).toEqual(['v']);
    // An older link is told what changed since its version, so a reader knows why a result may differ.
    const older = decodeConfig(`preset=small&v=${CONFIG_SCHEMA_VERSION - 1}&seed=1`);
    expect(older.messages).toHaveLength(1);
    expect(older.messages[0].message).toContain(`v${CONFIG_SCHEMA_VERSION}: `);
    expect(older.messages[0].message).not.toContain(`v${CONFIG_SCHEMA_VERSION - 1}: `);
    expect(decodeConfig('').config).toEqual(getPreset('default'));
    for (const junk of ['%%%', '&&&', '=1', 'seed=1e400', 'a.b.c.d=1', '__proto__.x=1', 'model.__proto__=1']) {
      expect(() => decodeConfig(junk)).not.toThrow();
    }
    expect(decodeConfig('seed=1e400').config.seed).toBe(getPreset('default').seed);
  });
});
