import source from '../../../shaders/adamw.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import { f32 } from '../../gpu/params';
import type { CommandRecorder } from '../../gpu/recorder';
import type { AdamWHyper } from '../reference/ops';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/**
 * One AdamW step over params[0..N) (elements from decayEnd on get no weight decay); `step` is 1-based.
 * Gradients are clipped by global norm without a readback: gradNorm is the 1-float buffer written by
 * gradGlobalNorm, and the kernel scales gradients by min(1, maxNorm / norm) (maxNorm <= 0 disables clipping;
 * gradNorm must still be bound). The twin's gradScale equals clipScale(norm, maxNorm).
 */
export function adamwUpdate(k: KernelContext, rec: CommandRecorder, params: Binding, grads: Binding, m: Binding, v: Binding, N: number, decayEnd: number, hp: AdamWHyper, step: number, gradNorm: Binding, maxNorm: number): void {
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`adamw step must be a positive integer, got ${step}`);
  const pipeline = k.pipelines.get('adamw', source, 'adamw_update');
  // Bias corrections and 1 - beta in float64: in f32 they lose most of their digits (1 - 0.999, 1 - 0.999^step).
  const correction1 = 1 - hp.beta1 ** step;
  const correction2 = 1 - hp.beta2 ** step;
  rec.dispatch(pipeline, [params, grads, m, v, gradNorm], linearGrid(k, N), [
    N,
    Math.min(decayEnd, N),
    f32(hp.lr),
    f32(hp.beta1),
    f32(hp.beta2),
    f32(1 - hp.beta1),
    f32(1 - hp.beta2),
    f32(hp.eps),
    f32(hp.weightDecay),
    f32(correction1),
    f32(correction2),
    f32(maxNorm),
  ]);
}
