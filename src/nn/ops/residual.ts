import source from '../../../shaders/residual.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { fitsVec4, linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[i] = inp1[i] + inp2[i] for N elements. */
export function residualForward(k: KernelContext, rec: CommandRecorder, out: Binding, inp1: Binding, inp2: Binding, N: number): void {
  // Four elements per invocation where the data allows: per-invocation cost dominates on SwiftShader.
  const vec4 = fitsVec4(N, out, inp1, inp2);
  const pipeline = k.pipelines.get('residual', source, vec4 ? 'residual_forward4' : 'residual_forward');
  const invocations = vec4 ? N / 4 : N;
  rec.dispatch(pipeline, [out, inp1, inp2], linearGrid(k, invocations), [invocations]);
}

/** dinp1[i] += dout[i]; dinp2[i] += dout[i]. dinp1 and dinp2 must not overlap (WebGPU forbids aliased writable bindings). */
export function residualBackward(k: KernelContext, rec: CommandRecorder, dinp1: Binding, dinp2: Binding, dout: Binding, N: number): void {
  const vec4 = fitsVec4(N, dinp1, dinp2, dout);
  const pipeline = k.pipelines.get('residual', source, vec4 ? 'residual_backward4' : 'residual_backward');
  const invocations = vec4 ? N / 4 : N;
  rec.dispatch(pipeline, [dinp1, dinp2, dout], linearGrid(k, invocations), [invocations]);
}
