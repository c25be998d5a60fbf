import source from '../../../shaders/gelu.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { fitsVec4, linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[i] = GELU(inp[i]) for N elements (tanh approximation). */
export function geluForward(k: KernelContext, rec: CommandRecorder, out: Binding, inp: Binding, N: number): void {
  // Four elements per invocation where the data allows: per-invocation cost dominates on SwiftShader.
  const vec4 = fitsVec4(N, out, inp);
  const pipeline = k.pipelines.get('gelu', source, vec4 ? 'gelu_forward4' : 'gelu_forward');
  const invocations = vec4 ? N / 4 : N;
  rec.dispatch(pipeline, [out, inp], linearGrid(k, invocations), [invocations]);
}

/** dinp[i] += GELU'(inp[i]) * dout[i]. */
export function geluBackward(k: KernelContext, rec: CommandRecorder, dinp: Binding, inp: Binding, dout: Binding, N: number): void {
  const vec4 = fitsVec4(N, dinp, inp, dout);
  const pipeline = k.pipelines.get('gelu', source, vec4 ? 'gelu_backward4' : 'gelu_backward');
  const invocations = vec4 ? N / 4 : N;
  rec.dispatch(pipeline, [dinp, inp, dout], linearGrid(k, invocations), [invocations]);
}
