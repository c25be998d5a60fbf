import type { ParameterLayout } from '../layout';
import { SeededRng } from '../rng';

/**
 * Test parameters far from GPT-2's small init: every float normal(0, std), LayerNorm gains around 1, so every
 * path carries signal (a visible gradient, greedy outputs that vary with the prompt). Padding is drawn too;
 * the model never reads it. Float64, the CPU twins' precision: a GPU test takes `Float32Array.from(...)`,
 * which rounds each value exactly as assigning it to a Float32Array would.
 */
export function randomParameters(layout: ParameterLayout, seed: number, std: number): Float64Array {
  const rng = new SeededRng(seed);
  const params = new Float64Array(layout.totalFloats);
  for (const entry of layout.tensors) {
    const isGain = /ln_\w+\.weight$/.test(entry.name);
    for (let i = 0; i < entry.size; i++) params[entry.offset + i] = (isGain ? 1 : 0) + std * rng.nextNormal();
  }
  return params;
}
