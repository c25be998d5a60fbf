import source from '../../../shaders/layernorm.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { fitsVec4, linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[N, C] = LayerNorm(inp) * weight + bias; writes each row's mean and reciprocal std for the backward pass. */
export function layernormForward(k: KernelContext, rec: CommandRecorder, out: Binding, mean: Binding, rstd: Binding, inp: Binding, weight: Binding, bias: Binding, N: number, C: number): void {
  // vec4 loads where C and the bindings allow: SwiftShader pays per loaded element.
  const vec4 = fitsVec4(C, weight, bias) && fitsVec4(N * C, out, inp);
  const pipeline = k.pipelines.get('layernorm', source, vec4 ? 'layernorm_forward4' : 'layernorm_forward');
  rec.dispatch(pipeline, [out, mean, rstd, inp, weight, bias], linearGrid(k, N), [N, C]);
}

/** dinp, dweight, dbias += the LayerNorm gradients (two dispatches: per row, then per channel). */
export function layernormBackward(k: KernelContext, rec: CommandRecorder, dinp: Binding, dweight: Binding, dbias: Binding, dout: Binding, inp: Binding, weight: Binding, mean: Binding, rstd: Binding, N: number, C: number): void {
  const vec4 = fitsVec4(C, weight, dweight, dbias) && fitsVec4(N * C, dinp, dout, inp);
  const input = k.pipelines.get('layernorm', source, vec4 ? 'layernorm_backward_input4' : 'layernorm_backward_input');
  rec.dispatch(input, [dinp, dout, inp, weight, mean, rstd], linearGrid(k, N), [N, C]);
  const params = k.pipelines.get('layernorm', source, vec4 ? 'layernorm_backward_params4' : 'layernorm_backward_params');
  rec.dispatch(params, [dweight, dbias, dout, inp, mean, rstd], [vec4 ? C / 4 : C], [N, C]);
}
