import source from '../../../shaders/sample.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/**
 * One token per row of logits [B, V] into tokens (i32), with its temperature-1 log-prob into logprobs.
 * temperatures[b] <= 0 is greedy; topK = 0 keeps every candidate; (seed, row, step) drive the same PCG draws as
 * the twin, so the tokens match it exactly. seed is taken as a u32.
 */
export function sampleTokens(k: KernelContext, rec: CommandRecorder, tokens: Binding, logprobs: Binding, logits: Binding, temperatures: Binding, topK: number, seed: number, step: number, B: number, V: number): void {
  const pipeline = k.pipelines.get('sample', source, 'sample_tokens');
  rec.dispatch(pipeline, [tokens, logprobs, logits, temperatures], linearGrid(k, B), [topK, seed >>> 0, step >>> 0, B, V]);
}
