import { describe, expect, it } from 'vitest';
import { initParameters, INIT_STD } from './init';
import { buildLayout, tensor } from './layout';
import { portableLog, SeededRng } from './rng';

describe('SeededRng', () => {
  it('gives a fixed stream for a seed (the same on every host: integer arithmetic only)', () => {
    const rng = new SeededRng(42);
    const first = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
    // Pinned values: a change of the generator would silently change every seeded model.
    expect(first).toEqual(pinnedSplitMix32(42, 3));
    expect(new SeededRng(43).nextUint32()).not.toBe(first[0]);
  });

  it('portableLog agrees with Math.log to the last few ulps', () => {
    for (const x of [1e-300, 1e-9, 0.001, 0.3, 0.5, 0.7071, 1, 1.5, Math.E, 1000, 1e200]) {
      // The series is exact to ~1e-23; the rest is a few roundings, so 4 ulps (relative 1e-15) bounds it.
      expect(Math.abs(portableLog(x) - Math.log(x))).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(Math.log(x))));
    }
    expect(portableLog(1)).toBe(0);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const rng = new SeededRng(7);
    const n = 20000;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.nextNormal();
      sum += z;
      sumSquares += z * z;
    }
    // Standard errors: mean 1/sqrt(n) = 0.007, variance sqrt(2/n) = 0.01; 5 standard errors each.
    expect(Math.abs(sum / n)).toBeLessThan(0.035);
    expect(Math.abs(sumSquares / n - 1)).toBeLessThan(0.05);
  });
});

/** SplitMix32 written out independently of the class, for the pinned-stream test. */
function pinnedSplitMix32(seed: number, count: number): number[] {
  const out: number[] = [];
  let state = BigInt(seed);
  const mask = 0xffffffffn;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9n) & mask;
    let z = state;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & mask;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & mask;
    out.push(Number(z ^ (z >> 16n)));
  }
  return out;
}

describe('initParameters', () => {
  const config = { vocabSize: 50, contextLength: 16, layers: 3, heads: 2, width: 32 };
  const layout = buildLayout(config);

  it('is deterministic per seed', () => {
    const sameBytes = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
    expect(sameBytes(initParameters(layout, 5), initParameters(layout, 5))).toBe(true);
    expect(sameBytes(initParameters(layout, 5), initParameters(layout, 6))).toBe(false);
  });

  it('follows GPT-2: matrices N(0, 0.02), residual projections / sqrt(2L), gains 1, biases 0, padding 0', () => {
    const params = initParameters(layout, 1);
    const values = (name: string) => {
      const entry = tensor(layout, name);
      return Array.from(params.subarray(entry.offset, entry.offset + entry.size));
    };
    const std = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    // wte has 1600 draws: the sample std is within 0.02 * (1 +- 3/sqrt(2*1600)) = 0.02 +- 5%.
    expect(std(values('wte.weight'))).toBeGreaterThan(INIT_STD * 0.95);
    expect(std(values('wte.weight'))).toBeLessThan(INIT_STD * 1.05);
    // c_proj of the MLP: 4096 draws, std 0.02/sqrt(6); 3 standard errors = 3.3%, so 5% bounds it.
    const projected = INIT_STD / Math.sqrt(2 * config.layers);
    expect(std(values('h.1.mlp.c_proj.weight'))).toBeGreaterThan(projected * 0.95);
    expect(std(values('h.1.mlp.c_proj.weight'))).toBeLessThan(projected * 1.05);
    expect(values('h.2.ln_1.weight').every((x) => x === 1)).toBe(true);
    expect(values('ln_f.weight').every((x) => x === 1)).toBe(true);
    expect(values('h.0.attn.c_attn.bias').every((x) => x === 0)).toBe(true);
    expect(values('ln_f.bias').every((x) => x === 0)).toBe(true);
    const wpe = tensor(layout, 'wpe.weight');
    const next = layout.tensors[layout.tensors.indexOf(wpe) + 1];
    expect(Array.from(params.subarray(wpe.offset + wpe.size, next.offset)).every((x) => x === 0)).toBe(true);
  });
});
