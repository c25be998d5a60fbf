import source from '../../../shaders/attention.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import { f32 } from '../../gpu/params';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

function shapeParams(B: number, T: number, C: number, NH: number) {
  if (C % NH !== 0) throw new RangeError(`attention: C (${C}) must be divisible by NH (${NH})`);
  return [B, T, C, NH, f32(1 / Math.sqrt(C / NH))];
}

/** Causal self-attention: qkv [B, T, 3C] -> out [B, T, C]; preatt, att [B, NH, T, T] (only t2 <= t written in preatt). */
export function attentionForward(k: KernelContext, rec: CommandRecorder, out: Binding, preatt: Binding, att: Binding, qkv: Binding, B: number, T: number, C: number, NH: number): void {
  const pipeline = k.pipelines.get('attention', source, 'attention_forward');
  rec.dispatch(pipeline, [out, preatt, att, qkv], linearGrid(k, B * NH * T), shapeParams(B, T, C, NH));
}

/** dqkv, dpreatt, datt accumulate (dpreatt and datt are scratch the caller zeroes); two dispatches. */
export function attentionBackward(k: KernelContext, rec: CommandRecorder, dqkv: Binding, dpreatt: Binding, datt: Binding, dout: Binding, qkv: Binding, att: Binding, B: number, T: number, C: number, NH: number): void {
  const params = shapeParams(B, T, C, NH);
  const scores = k.pipelines.get('attention', source, 'attention_backward_scores');
  rec.dispatch(scores, [dpreatt, datt, dout, qkv, att], linearGrid(k, B * NH * T), params);
  const inputs = k.pipelines.get('attention', source, 'attention_backward_qkv');
  rec.dispatch(inputs, [dqkv, dpreatt, dout, qkv, att], linearGrid(k, B * T * C), params);
}
