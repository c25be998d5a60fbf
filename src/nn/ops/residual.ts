import source from '../../../shaders/residual.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[i] = inp1[i] + inp2[i] for N elements. */
export function residualForward(k: KernelContext, rec: CommandRecorder, out: Binding, inp1: Binding, inp2: Binding, N: number): void {
  const pipeline = k.pipelines.get('residual', source, 'residual_forward');
  rec.dispatch(pipeline, [out, inp1, inp2], linearGrid(k, N), [N]);
}

/** dinp1[i] += dout[i]; dinp2[i] += dout[i]. dinp1 and dinp2 must not overlap (WebGPU forbids aliased writable bindings). */
export function residualBackward(k: KernelContext, rec: CommandRecorder, dinp1: Binding, dinp2: Binding, dout: Binding, N: number): void {
  const pipeline = k.pipelines.get('residual', source, 'residual_backward');
  rec.dispatch(pipeline, [dinp1, dinp2, dout], linearGrid(k, N), [N]);
}
