import { describe, expect, it } from 'vitest';
import { buildLayout } from '../layout';
import { SeededRng } from '../rng';
import { referenceBackward, referenceForward, referenceGenerate, tensorView, type ReferenceBatch } from './model';
import { randomParameters } from '../test-support/random-parameters';

// Odd sizes everywhere so that no index mix-up hides behind a symmetric shape.
const TINY = { vocabSize: 11, contextLength: 9, layers: 2, heads: 2, width: 6 };
const B = 2;
const T = 9;
/** Far from GPT-2's small init, so that every path carries a visible gradient. */
const PARAMETER_STD = 0.3;

function randomBatch(seed: number): ReferenceBatch & { targets: Int32Array; weights: Float64Array } {
  const rng = new SeededRng(seed);
  const N = B * T;
  const tokens = Int32Array.from({ length: N }, () => rng.nextUint32() % TINY.vocabSize);
  const targets = Int32Array.from({ length: N }, () => rng.nextUint32() % TINY.vocabSize);
  targets[3] = -1; // one masked position
  const weights = Float64Array.from({ length: N }, () => 0.2 + rng.nextFloat());
  return { tokens, targets, weights };
}

describe('float64 GPT twin', () => {
  const layout = buildLayout(TINY);

  it('matches central finite differences on every parameter of every tensor', () => {
    const params = randomParameters(layout, 1, PARAMETER_STD);
    const batch = randomBatch(2);
    const forward = referenceForward(params, layout, batch, B, T);
    const grads = referenceBackward(params, layout, forward, batch.weights);
    // Central differences: truncation error h^2/6 * f''' ~ 1e-10 * O(1) and rounding error
    // eps * |loss| / h ~ 1e-16 * 30 / 1e-5 = 3e-10 (times the third derivative, which the 0.3-scale
    // weights make O(1..10)), so entries should agree to ~1e-9..1e-8 (measured worst: 5.6e-9). A tolerance
    // of 1e-7 (absolute, plus 1e-6 relative) sits above that, while a wrong term in any backward op moves
    // some gradient by far more (gradients here are O(0.01..10)).
    const h = 1e-5;
    let worst = 0;
    for (const entry of layout.tensors) {
      let nonzero = 0;
      for (let i = entry.offset; i < entry.offset + entry.size; i++) {
        const saved = params[i];
        params[i] = saved + h;
        const plus = referenceForward(params, layout, batch, B, T).loss;
        params[i] = saved - h;
        const minus = referenceForward(params, layout, batch, B, T).loss;
        params[i] = saved;
        const numeric = (plus - minus) / (2 * h);
        const error = Math.abs(numeric - grads[i]);
        worst = Math.max(worst, error);
        if (Math.abs(grads[i]) > 1e-6) nonzero++;
        expect(error, `${entry.name}[${i - entry.offset}]`).toBeLessThan(1e-7 + 1e-6 * Math.abs(numeric));
      }
      // Every tensor takes part in the loss (T = context length, so all of wpe is used).
      expect(nonzero, entry.name).toBeGreaterThan(0);
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it('backward with other loss weights gives the gradient of the loss under those weights', () => {
    const params = randomParameters(layout, 3, PARAMETER_STD);
    const batch = randomBatch(4);
    const otherWeights = batch.weights.map((w, n) => (n % 3 === 0 ? -w : 2 * w));
    const forward = referenceForward(params, layout, batch, B, T);
    const fromOtherWeights = referenceBackward(params, layout, forward, otherWeights);
    const direct = referenceBackward(params, layout, referenceForward(params, layout, { ...batch, weights: otherWeights }, B, T), otherWeights);
    // Same float64 operations in the same order: bit-identical.
    expect(Array.from(fromOtherWeights)).toEqual(Array.from(direct));
    // And not the forward weights' gradient.
    const original = referenceBackward(params, layout, forward, batch.weights);
    expect(Math.abs(original[0] - fromOtherWeights[0])).toBeGreaterThan(0);
  });

  it('is causal: logits at position t ignore tokens after t', () => {
    const params = randomParameters(layout, 5, PARAMETER_STD);
    const batch = randomBatch(6);
    const V = TINY.vocabSize;
    const before = referenceForward(params, layout, batch, B, T).logits;
    const changed = Int32Array.from(batch.tokens);
    changed[5] = (changed[5] + 1) % V;
    const after = referenceForward(params, layout, { tokens: changed }, B, T).logits;
    for (let i = 0; i < 5 * V; i++) expect(after[i]).toBe(before[i]);
    expect(Array.from(after.subarray(5 * V, 6 * V))).not.toEqual(Array.from(before.subarray(5 * V, 6 * V)));
  });

  it('packs sequences into one row: each gets the logits and gradients it gets alone in a row', () => {
    const params = randomParameters(layout, 7, PARAMETER_STD);
    const V = TINY.vocabSize;
    const rng = new SeededRng(8);
    // Three sequences of 4, 2 and 3 tokens packed into one row of 9, against each alone at the start of a row.
    const lengths = [4, 2, 3];
    const tokens = Int32Array.from({ length: T }, () => rng.nextUint32() % V);
    const targets = Int32Array.from({ length: T }, () => rng.nextUint32() % V);
    const positions = Int32Array.from(lengths.flatMap((length) => Array.from({ length }, (_, p) => p)));
    const packed = referenceForward(params, layout, { tokens, targets, positions }, 1, T);
    const packedGrads = referenceBackward(params, layout, packed);
    const aloneGrads = new Float64Array(layout.totalFloats);
    let start = 0;
    for (const length of lengths) {
      const alone = referenceForward(params, layout, { tokens: tokens.slice(start, start + length), targets: targets.slice(start, start + length) }, 1, length);
      for (let i = 0; i < length * V; i++) expect(packed.logits[start * V + i]).toBeCloseTo(alone.logits[i], 12);
      referenceBackward(params, layout, alone).forEach((g, i) => (aloneGrads[i] += g));
      start += length;
    }
    // The packed loss is the sum of the three losses, so its gradient is the sum of theirs.
    packedGrads.forEach((g, i) => expect(g).toBeCloseTo(aloneGrads[i], 10));
  });

  it('ties the output layer to the token embedding', () => {
    const params = randomParameters(layout, 7, PARAMETER_STD);
    const wte = tensorView(params, layout, 'wte.weight');
    const tokens = Int32Array.from([1, 2, 3]);
    const base = referenceForward(params, layout, { tokens }, 1, 3).logits;
    // Scaling token 4's embedding row changes its logit everywhere, even though 4 is never an input.
    for (let c = 0; c < TINY.width; c++) wte[4 * TINY.width + c] *= 2;
    const scaled = referenceForward(params, layout, { tokens }, 1, 3).logits;
    for (let t = 0; t < 3; t++) {
      expect(scaled[t * TINY.vocabSize + 4]).toBeCloseTo(2 * base[t * TINY.vocabSize + 4], 12);
      expect(scaled[t * TINY.vocabSize + 5]).toBe(base[t * TINY.vocabSize + 5]);
    }
  });

  it('generates greedily the argmax of the last position, and stops at the context length', () => {
    const params = randomParameters(layout, 8, PARAMETER_STD);
    const V = TINY.vocabSize;
    const prompt = [1, 2, 3];
    const generated = referenceGenerate(params, layout, prompt, { maxNewTokens: 100 });
    expect(generated.length).toBe(TINY.contextLength - prompt.length);
    const sequence = [...prompt, ...generated];
    const { logits } = referenceForward(params, layout, { tokens: Int32Array.from(sequence.slice(0, -1)) }, 1, sequence.length - 1);
    for (let t = prompt.length - 1; t < sequence.length - 1; t++) {
      const row = Array.from(logits.subarray(t * V, (t + 1) * V));
      expect(sequence[t + 1]).toBe(row.indexOf(Math.max(...row)));
    }
    const stopped = referenceGenerate(params, layout, prompt, { maxNewTokens: 100, stopTokens: [generated[1]] });
    expect(stopped).toEqual(generated.slice(0, generated.indexOf(generated[1]) + 1));
  });
});
