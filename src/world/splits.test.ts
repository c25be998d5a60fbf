import { describe, expect, it } from 'vitest';
import { getPreset } from '../config/presets';
import { FAMILY_IDS, type WorldConfig } from '../config/schema';
import { buildSplits } from './splits';

const world = (): WorldConfig => ({ ...getPreset('small').world, warmStartPerFamily: 300, queryPerFamily: 60, testPerFamily: 20 });

describe('splits', () => {
  it('are deterministic from the world seed', () => {
    const a = buildSplits(world());
    const b = buildSplits(world());
    expect(a).toEqual(b);
    const other = buildSplits({ ...world(), seed: 2 });
    expect(other.test.map((p) => p.question)).not.toEqual(a.test.map((p) => p.question));
  });

  it('hold the asked sizes per family and never share a question', () => {
    const splits = buildSplits(world());
    expect(splits.shortfalls).toEqual([]);
    for (const family of FAMILY_IDS) {
      expect(splits.test.filter((p) => p.family === family)).toHaveLength(20);
      expect(splits.query.filter((p) => p.family === family)).toHaveLength(60);
      expect(splits.warmStart.filter((p) => p.family === family)).toHaveLength(300);
    }
    const all = [...splits.test, ...splits.query, ...splits.warmStart].map((p) => `${p.family}:${p.question}`);
    expect(new Set(all).size).toBe(all.length);
  });

  it('keep the test set when the other sizes change', () => {
    const bigger = buildSplits({ ...world(), warmStartPerFamily: 500, queryPerFamily: 10 });
    expect(bigger.test).toEqual(buildSplits(world()).test);
  });

  it('follow the enabled families and levels', () => {
    const config = world();
    const families = structuredClone(config.families);
    for (const family of FAMILY_IDS) families[family].enabled = family === 'mul' || family === 'count';
    families.mul = { enabled: true, minLevel: 3, maxLevel: 3 };
    const splits = buildSplits({ ...config, families });
    const all = [...splits.test, ...splits.query, ...splits.warmStart];
    expect(new Set(all.map((p) => p.family))).toEqual(new Set(['mul', 'count']));
    expect(all.filter((p) => p.family === 'mul').every((p) => p.level === 3)).toBe(true);
    expect(new Set(all.filter((p) => p.family === 'count').map((p) => p.level))).toEqual(new Set([1, 2, 3]));
  });

  it('report a family that runs out of distinct questions instead of repeating one', () => {
    const families = structuredClone(world().families);
    for (const family of FAMILY_IDS) families[family].enabled = family === 'powmod';
    families.powmod = { enabled: true, minLevel: 1, maxLevel: 1 };
    const splits = buildSplits({ ...world(), families, warmStartPerFamily: 1000 });
    expect(splits.test).toHaveLength(20);
    expect(splits.query).toHaveLength(60);
    expect(splits.shortfalls).toHaveLength(1);
    const [shortfall] = splits.shortfalls;
    expect(shortfall).toMatchObject({ family: 'powmod', split: 'warmStart', wanted: 1000 });
    expect(splits.warmStart).toHaveLength(shortfall.got);
    // powmod level 1: e in 2..3, 5 <= m <= 11, 2 <= a < m: 2 * (3+4+...+9) = 84 questions in all.
    expect(20 + 60 + shortfall.got).toBe(84);
  });
});
