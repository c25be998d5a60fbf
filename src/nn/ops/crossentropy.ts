import source from '../../../shaders/crossentropy.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** losses[n] = -weights[n] * logprobs[n], logprobs[n] = log softmax(logits[n])[targets[n]]; negative targets mask rows. */
export function crossentropyForward(k: KernelContext, rec: CommandRecorder, losses: Binding, logprobs: Binding, logits: Binding, targets: Binding, weights: Binding, N: number, V: number): void {
  const pipeline = k.pipelines.get('crossentropy', source, 'crossentropy_forward');
  rec.dispatch(pipeline, [losses, logprobs, logits, targets, weights], linearGrid(k, N), [N, V]);
}

/** dlogits[n] = dweights[n] * (softmax(logits[n]) - onehot(targets[n])); masked rows get 0. Writes, not accumulates. */
export function crossentropyBackward(k: KernelContext, rec: CommandRecorder, dlogits: Binding, logits: Binding, targets: Binding, dweights: Binding, N: number, V: number): void {
  const pipeline = k.pipelines.get('crossentropy', source, 'crossentropy_backward');
  rec.dispatch(pipeline, [dlogits, logits, targets, dweights], linearGrid(k, N), [N, V]);
}
