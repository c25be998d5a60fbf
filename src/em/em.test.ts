import { describe, expect, it } from 'vitest';
import { referenceStrategy, type ReferenceOptions } from './reference';
import { whitenRewards } from './advantage';
import { clippedSurrogate } from './objective';
import { alignmentRates, judgeSelection } from './alignment';
import { drawTrainingRollouts } from './synthesis';

const posterior: ReferenceOptions = { mode: 'posterior', alpha: 1, codeCost: 0 };

describe('reference strategy', () => {
  it('posterior is pi * Q normalised', () => {
    const { sCode, informative } = referenceStrategy({ beliefCode: 0.25, qCot: 0.5, qCode: 1 }, posterior);
    // 0.25 * 1 / (0.25 * 1 + 0.75 * 0.5) = 0.25 / 0.625
    expect(sCode).toBeCloseTo(0.4, 12);
    expect(informative).toBe(true);
  });

  it('hardmax takes the larger pi * Q and gives ties to CoT', () => {
    expect(referenceStrategy({ beliefCode: 0.6, qCot: 0.5, qCode: 0.5 }, { ...posterior, mode: 'hardmax' }).sCode).toBe(1);
    expect(referenceStrategy({ beliefCode: 0.5, qCot: 0.5, qCode: 0.5 }, { ...posterior, mode: 'hardmax' }).sCode).toBe(0);
    expect(referenceStrategy({ beliefCode: 0.4, qCot: 0.5, qCode: 0.5 }, { ...posterior, mode: 'hardmax' }).sCode).toBe(0);
  });

  it('softmax is exp(alpha * pi * Q) normalised, and sharpens with alpha', () => {
    const input = { beliefCode: 0.5, qCot: 0.25, qCode: 0.75 };
    const soft = referenceStrategy(input, { ...posterior, mode: 'softmax', alpha: 2 }).sCode;
    const expected = Math.exp(2 * 0.5 * 0.75) / (Math.exp(2 * 0.5 * 0.75) + Math.exp(2 * 0.5 * 0.25));
    expect(soft).toBeCloseTo(expected, 12);
    const sharp = referenceStrategy(input, { ...posterior, mode: 'softmax', alpha: 50 }).sCode;
    expect(sharp).toBeGreaterThan(soft);
    expect(sharp).toBeGreaterThan(0.999);
  });

  it('marks queries where every rollout failed as uninformative', () => {
    for (const mode of ['posterior', 'softmax', 'hardmax'] as const) {
      const ref = referenceStrategy({ beliefCode: 0.9, qCot: 0, qCode: 0 }, { ...posterior, mode });
      expect(ref.informative).toBe(false);
    }
  });

  it('a code cost moves the reference toward CoT, and a cost above Q leaves code no weight', () => {
    const input = { beliefCode: 0.5, qCot: 0.5, qCode: 0.75 };
    const free = referenceStrategy(input, posterior).sCode;
    const priced = referenceStrategy(input, { ...posterior, codeCost: 0.25 }).sCode;
    expect(priced).toBeLessThan(free);
    expect(priced).toBeCloseTo(0.5, 12); // 0.5 * 0.5 vs 0.5 * 0.5
    expect(referenceStrategy(input, { ...posterior, codeCost: 1 }).sCode).toBe(0);
  });
});

describe('advantage whitening', () => {
  it('has zero mean and unit population std', () => {
    const a = whitenRewards([1, 0, 0, 1, 1]);
    const mean = a.reduce((x, y) => x + y, 0) / a.length;
    const std = Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / a.length);
    expect(mean).toBeCloseTo(0, 12);
    // std of the rewards is ~0.49, so dividing by std + 1e-6 leaves the result short of 1 by ~2e-6.
    expect(std).toBeCloseTo(1, 5);
  });

  it('gives zero advantage when all rewards agree', () => {
    expect(whitenRewards([1, 1, 1])).toEqual([0, 0, 0]);
    expect(whitenRewards([0, 0])).toEqual([0, 0]);
  });
});

describe('clipped surrogate', () => {
  // Central differences of the loss in logp; the loss is smooth away from the clip boundary, so the error of
  // the difference quotient is O(h^2) ~ 1e-12 relative, far inside 1e-6.
  const h = 1e-6;
  const cases = [
    { logp: -1.0, old: -1.1, adv: 1.3 }, // r ~ 1.105 inside the clip range
    { logp: -0.5, old: -1.0, adv: 0.7 }, // r ~ 1.65 > 1 + eps with A > 0: clipped, no gradient
    { logp: -0.5, old: -1.0, adv: -0.7 }, // r > 1 + eps with A < 0: the unclipped branch is the pessimistic one
    { logp: -2.0, old: -1.0, adv: -0.4 }, // r ~ 0.37 < 1 - eps with A < 0: clipped
    { logp: -2.0, old: -1.0, adv: 0.4 }, // r < 1 - eps with A > 0: unclipped
  ];
  for (const { logp, old, adv } of cases) {
    it(`gradient weight equals -dL/dlogp by finite differences (logp ${logp}, old ${old}, A ${adv})`, () => {
      const tokens = 7;
      const term = clippedSurrogate(logp, old, adv, 0.2, tokens);
      const plus = clippedSurrogate(logp + h, old, adv, 0.2, tokens).loss;
      const minus = clippedSurrogate(logp - h, old, adv, 0.2, tokens).loss;
      const numeric = -(plus - minus) / (2 * h);
      expect(Math.abs(term.gradWeight - numeric)).toBeLessThan(1e-6);
    });
  }
  it('reports clipping', () => {
    expect(clippedSurrogate(-0.5, -1.0, 0.7, 0.2, 1).clipped).toBe(true);
    expect(clippedSurrogate(-1.0, -1.0, 0.7, 0.2, 1).clipped).toBe(false);
  });
});

describe('alignment', () => {
  it('judges against the oracle that prefers CoT', () => {
    const both = { cotCorrect: true, codeCorrect: true };
    const onlyCode = { cotCorrect: false, codeCorrect: true };
    const neither = { cotCorrect: false, codeCorrect: false };
    expect(judgeSelection('cot', both)).toMatchObject({ strictAlign: true, allowCode: true, misAlign: false });
    expect(judgeSelection('code', both)).toMatchObject({ strictAlign: false, allowCode: true, misAlign: false });
    expect(judgeSelection('cot', onlyCode)).toMatchObject({ strictAlign: false, allowCode: false, misAlign: true });
    expect(judgeSelection('code', neither).judged).toBe(false);
    const rates = alignmentRates([judgeSelection('cot', both), judgeSelection('code', both), judgeSelection('cot', onlyCode), judgeSelection('cot', neither)]);
    expect(rates).toEqual({ strictAlign: 1 / 3, allowCode: 2 / 3, misAlign: 1 / 3, judged: 3 });
  });
});

describe('data synthesis', () => {
  it('draws methods in proportion to s(code|x)', () => {
    let state = 12345;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const query = { sCode: 0.3, rollouts: { cot: ['c0', 'c1'], code: ['k0', 'k1', 'k2'] } };
    const draws = 20000;
    const picked = drawTrainingRollouts(query, draws, random);
    const codeShare = picked.filter((p) => p.method === 'code').length / draws;
    // Binomial std at p = 0.3, n = 20000 is 0.0032; 5 std keeps a correct sampler failing about once in 3.5 million runs.
    expect(Math.abs(codeShare - 0.3)).toBeLessThan(0.016);
    expect(picked.every((p) => (p.method === 'code' ? p.rollout.startsWith('k') : p.rollout.startsWith('c')))).toBe(true);
  });

  it('cycles through a method\'s rollouts without replacement and falls back when a method has none', () => {
    const picked = drawTrainingRollouts({ sCode: 1, rollouts: { cot: ['c0'], code: ['k0', 'k1'] } }, 4, () => 0.5);
    expect(picked.map((p) => p.rollout)).toEqual(['k0', 'k1', 'k0', 'k1']);
    const fallback = drawTrainingRollouts({ sCode: 1, rollouts: { cot: ['c0'], code: [] } }, 2, () => 0.5);
    expect(fallback.map((p) => p.rollout)).toEqual(['c0', 'c0']);
  });
});
