import type { ParameterLayout } from './layout';
import { SeededRng } from './rng';

/** GPT-2's initial scale: every matrix starts as normal(0, 0.02). */
export const INIT_STD = 0.02;

/**
 * GPT-2 initialisation in the flat layout (padding stays 0): matrices normal(0, 0.02); the two projections
 * that write into the residual stream (attn.c_proj, mlp.c_proj) scaled by 1/sqrt(2L) so that the stream's
 * variance does not grow with depth; LayerNorm gains 1; biases 0. Tensors draw from one seeded stream in
 * layout order, so a seed gives the same model on every host.
 */
export function initParameters(layout: ParameterLayout, seed: number): Float32Array {
  const params = new Float32Array(layout.totalFloats);
  const rng = new SeededRng(seed);
  const residualStd = INIT_STD / Math.sqrt(2 * layout.config.layers);
  for (const entry of layout.tensors) {
    const values = params.subarray(entry.offset, entry.offset + entry.size);
    if (entry.name.endsWith('.bias')) continue;
    if (/ln_\w+\.weight$/.test(entry.name)) {
      values.fill(1);
      continue;
    }
    const std = entry.name.endsWith('c_proj.weight') ? residualStd : INIT_STD;
    for (let i = 0; i < values.length; i++) values[i] = std * rng.nextNormal();
  }
  return params;
}
