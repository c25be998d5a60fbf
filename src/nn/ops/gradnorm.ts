import source from '../../../shaders/gradnorm.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import type { KernelContext } from './kernel-context';

/** norm[0] = ||grads[0..N)||_2, written on the GPU (no readback); adamwUpdate reads it to clip. */
export function gradGlobalNorm(k: KernelContext, rec: CommandRecorder, norm: Binding, grads: Binding, N: number): void {
  const pipeline = k.pipelines.get('gradnorm', source, 'grad_global_norm');
  rec.dispatch(pipeline, [norm, grads], [1], [N]);
}
