import * as twin from '../../reference/ops';
import { sampleTokens } from '../../ops/sample';
import { maxAbsDifference, randomFloats, seededRandom } from '../data';
import { withBuffers, type KernelCase, type TensorCheck } from '../harness';
import { logSoftmaxTolerance } from './crossentropy';

const V = 37;
const LOGIT_SCALE = 3;

/**
 * The draw compares u * total with running sums of weights; f32 and float64 sums of V weights differ by
 * about V * 2^-24 relative, and each exp by (3 + 2|x|) ulp. Test data keeps every boundary at least 1e-4 of
 * the total away from the draw (over 10x those errors), so both sides must pick the same token.
 */
const MIN_MARGIN = 1e-4;

interface SampleSetup {
  name: string;
  B: number;
  topK: number;
  step: number;
  /** Temperature of row b; 0 means greedy. */
  temperature(b: number): number;
}

const SETUPS: SampleSetup[] = [
  { name: 'greedy', B: 9, topK: 0, step: 0, temperature: (b) => (b % 2 === 0 ? 0 : -1) },
  { name: 'temperature', B: 24, topK: 0, step: 3, temperature: (b) => 0.5 + (b % 5) * 0.25 },
  { name: 'top-k 5, mixed greedy', B: 24, topK: 5, step: 11, temperature: (b) => (b % 4 === 0 ? 0 : 1.2) },
  { name: 'top-k 1', B: 5, topK: 1, step: 2, temperature: () => 0.8 },
  { name: 'top-k >= V', B: 7, topK: V + 3, step: 7, temperature: () => 1.5 },
];

/** Random logits with exact ties planted: equal maxima in row 1 (greedy takes the lower index), equal 5th-largest values in row 2. */
function logitsWithTies(random: () => number, B: number): Float32Array {
  const logits = randomFloats(random, B * V, LOGIT_SCALE);
  if (B > 1) {
    const row = logits.subarray(V, 2 * V);
    const max = Math.max(...row);
    row[3] = max;
    row[20] = max;
  }
  if (B > 2) {
    const row = logits.subarray(2 * V, 3 * V);
    const sorted = Array.from(row).sort((a, b) => b - a);
    row[row.indexOf(sorted[5])] = sorted[4];
  }
  return logits;
}

/** Smallest distance, relative to the total, between a row's draw and any cumulative-weight boundary (float64). */
function drawMargin(logits: Float32Array, temperatures: Float64Array, topK: number, seed: number, step: number, B: number): number {
  let margin = Infinity;
  for (let b = 0; b < B; b++) {
    const temperature = temperatures[b];
    if (temperature <= 0) continue;
    const row = Array.from(logits.subarray(b * V, (b + 1) * V));
    const max = Math.max(...row);
    const threshold = topK > 0 && topK < V ? [...row].sort((x, y) => y - x)[topK - 1] : -Infinity;
    const weights = row.map((x) => (x >= threshold ? Math.exp((x - max) / temperature) : 0));
    const total = weights.reduce((sum, w) => sum + w, 0);
    const target = twin.uniformAt(seed, b, step) * total;
    let cumulative = 0;
    for (const weight of weights) {
      if (weight === 0) continue;
      cumulative += weight;
      margin = Math.min(margin, Math.abs(cumulative - target) / total);
    }
  }
  return margin;
}

function sampleCase(setup: SampleSetup): KernelCase {
  const { B, topK, step } = setup;
  return {
    op: 'sampleTokens',
    shape: `${setup.name} B=${B} V=${V} topK=${topK}`,
    run: (k) =>
      withBuffers(k, async (gpu): Promise<TensorCheck[]> => {
        const random = seededRandom(1300 + B * 31 + topK);
        const logits = logitsWithTies(random, B);
        const temperatures = Float64Array.from({ length: B }, (_, b) => setup.temperature(b));
        // The first seed (from a fixed start) whose draws all keep MIN_MARGIN from every boundary.
        let seed = 12345;
        while (drawMargin(logits, temperatures, topK, seed, step, B) < MIN_MARGIN) seed++;

        const tokens = new Int32Array(B);
        const logprobs = new Float64Array(B);
        twin.sampleTokens(tokens, logprobs, Float64Array.from(logits), temperatures, topK, seed, step, B, V);
        const tokensGpu = gpu.zeros('tokens', B);
        const logprobsGpu = gpu.zeros('logprobs', B);
        gpu.run((rec) => sampleTokens(k, rec, tokensGpu, logprobsGpu, gpu.upload('logits', logits), gpu.upload('temperatures', Float32Array.from(temperatures)), topK, seed, step, B, V));
        const sampled = await gpu.readInts(tokensGpu, B);

        const sampling = temperatures.some((t) => t > 0) && topK !== 1;
        if (sampling && tokens.every((token, b) => token === argmax(logits, b))) throw new Error('test data never draws away from the argmax');
        let mismatches = 0;
        for (let b = 0; b < B; b++) if (sampled[b] !== tokens[b]) mismatches++;
        return [
          // Tokens must match exactly: the error is the number of rows that differ.
          { tensor: 'tokens', maxAbsError: mismatches, tolerance: 0 },
          { tensor: 'logprobs', maxAbsError: maxAbsDifference(await gpu.readFloats(logprobsGpu, B), logprobs), tolerance: logSoftmaxTolerance(V, logprobs, LOGIT_SCALE) },
        ];
      }),
  };
}

function argmax(logits: Float32Array, b: number): number {
  let best = 0;
  for (let v = 1; v < V; v++) if (logits[b * V + v] > logits[b * V + best]) best = v;
  return best;
}

export const sampleCases: KernelCase[] = SETUPS.map(sampleCase);
