import source from '../../../shaders/gelu.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[i] = GELU(inp[i]) for N elements (tanh approximation). */
export function geluForward(k: KernelContext, rec: CommandRecorder, out: Binding, inp: Binding, N: number): void {
  const pipeline = k.pipelines.get('gelu', source, 'gelu_forward');
  rec.dispatch(pipeline, [out, inp], linearGrid(k, N), [N]);
}

/** dinp[i] += GELU'(inp[i]) * dout[i]. */
export function geluBackward(k: KernelContext, rec: CommandRecorder, dinp: Binding, inp: Binding, dout: Binding, N: number): void {
  const pipeline = k.pipelines.get('gelu', source, 'gelu_backward');
  rec.dispatch(pipeline, [dinp, inp, dout], linearGrid(k, N), [N]);
}
