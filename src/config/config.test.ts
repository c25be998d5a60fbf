import { describe, expect, it } from 'vitest';
import { validateModelConfig } from '../nn/config';
import { configFields } from './fields';
import { describeConfigPath, parseConfig } from './parse';
import { flattenLeaves, leafDifferences } from './paths';
import { getPreset, PRESET_NAMES } from './presets';
import { FAMILY_IDS } from './schema';

describe('config schema', () => {
  it('accepts every preset, and each has a valid model shape', () => {
    for (const name of PRESET_NAMES) {
      const result = parseConfig(getPreset(name));
      expect(result).toEqual({ ok: true, config: getPreset(name) });
      expect(() => validateModelConfig({ vocabSize: 104, ...getPreset(name).model })).not.toThrow();
    }
  });

  it('describes every field and group in one line', () => {
    for (const [path] of flattenLeaves(getPreset('default'))) {
      const description = describeConfigPath(path);
      expect(description, path).toBeTruthy();
      expect(description).not.toContain('\n');
    }
    for (const group of ['world', 'model', 'warmStart', 'eStep', 'mStep', 'arms', 'sandbox', 'world.families.add', 'warmStart.mixture.frac']) {
      expect(describeConfigPath(group), group).toBeTruthy();
    }
    expect(describeConfigPath('model.nothing')).toBeUndefined();
  });

  it('lists every leaf with its kind and bounds for the UI', () => {
    const fields = configFields();
    expect(fields.map((field) => field.path)).toEqual(flattenLeaves(getPreset('default')).map(([path]) => path));
    expect(fields.find((field) => field.path === 'model.layers')).toMatchObject({ kind: 'integer', min: 1, max: 24 });
    expect(fields.find((field) => field.path === 'eStep.temperature')).toMatchObject({ kind: 'number', min: 0, max: 5 });
    expect(fields.find((field) => field.path === 'eStep.reference')).toMatchObject({ kind: 'enum', options: ['posterior', 'softmax', 'hardmax'] });
    expect(fields.find((field) => field.path === 'arms.sft')).toMatchObject({ kind: 'boolean' });
    for (const name of PRESET_NAMES) {
      const preset = new Map(flattenLeaves(getPreset(name)));
      for (const field of fields) {
        const value = preset.get(field.path);
        if (field.kind === 'integer' || field.kind === 'number') {
          expect(typeof value === 'number' && value >= field.min && value <= field.max, `${name} ${field.path}`).toBe(true);
        }
      }
    }
  });

  it('reports each invalid field by path', () => {
    const config = getPreset('small') as unknown as Record<string, Record<string, unknown>>;
    config.model.layers = 0;
    config.model.width = 'wide';
    config.eStep.reference = 'greedy';
    config.eStep.temperature = -1;
    config.warmStart.habitShare = 1.5;
    config.arms.em = 'yes';
    config.model.extra = 3;
    delete config.mStep.epochs;
    const result = parseConfig(config);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((issue) => issue.path).sort();
    expect(paths).toEqual(['arms.em', 'eStep.reference', 'eStep.temperature', 'mStep.epochs', 'model', 'model.layers', 'model.width', 'warmStart.habitShare'].sort());
    for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
    expect(result.issues.find((issue) => issue.path === 'model')?.message).toContain('extra');
  });

  it('checks relations between fields once every field is valid, and says where', () => {
    const config = getPreset('default');
    config.model.heads = 3;
    config.world.families.mul.minLevel = 3;
    config.world.families.mul.maxLevel = 2;
    const result = parseConfig(config);
    expect(result.ok ? [] : result.issues.map((issue) => issue.path).sort()).toEqual(['model.heads', 'world.families.mul.maxLevel']);
    config.world.seed = 1.5;
    const withFieldIssue = parseConfig(config);
    expect(withFieldIssue.ok ? [] : withFieldIssue.issues.map((issue) => issue.path)).toEqual(['world.seed']);
    const none = getPreset('default');
    for (const family of FAMILY_IDS) none.world.families[family].enabled = false;
    const noFamily = parseConfig(none);
    expect(noFamily.ok ? [] : noFamily.issues.map((issue) => issue.path)).toEqual(['world.families']);
    const weightless = getPreset('tiny');
    for (const family of FAMILY_IDS) if (weightless.world.families[family].enabled) weightless.warmStart.mixture[family].weight = 0;
    const noWeight = parseConfig(weightless);
    expect(noWeight.ok ? [] : noWeight.issues.map((issue) => issue.path)).toEqual(['warmStart.mixture']);
  });

  it('refuses contexts shorter than the world needs and a non-object', () => {
    const config = getPreset('tiny');
    config.model.contextLength = 64;
    expect(parseConfig(config).ok).toBe(false);
    const result = parseConfig('tiny');
    expect(result.ok ? [] : result.issues.map((issue) => issue.path)).toEqual(['(config)']);
  });

  it('lists the leaves two configs differ in, only within the sections asked for', () => {
    const small = getPreset('small');
    const changed = getPreset('small');
    changed.world.testPerFamily = 5;
    changed.sandbox.timeoutMs = 10;
    changed.mStep.lr = 0.5;
    expect(leafDifferences(small, changed, ['world', 'sandbox.outputChars'])).toEqual([['world.testPerFamily', 24, 5]]);
    expect(leafDifferences(small, changed, ['world', 'sandbox'])).toEqual([
      ['world.testPerFamily', 24, 5],
      ['sandbox.timeoutMs', 2000, 10],
    ]);
    // A leaf only one side has is a difference, with undefined on the other side.
    expect(leafDifferences({ a: { b: 1 } }, { a: { c: true } }, ['a'])).toEqual([
      ['a.b', 1, undefined],
      ['a.c', undefined, true],
    ]);
    expect(leafDifferences(small, getPreset('small'), ['world', 'model', 'warmStart', 'sandbox'])).toEqual([]);
  });

  it('hands out presets as copies', () => {
    const preset = getPreset('small');
    preset.model.width = 1;
    expect(getPreset('small').model.width).toBe(64);
  });
});
