import source from '../../../shaders/kvcache.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import { f32 } from '../../gpu/params';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

function shapeParams(B: number, C: number, NH: number, maxT: number) {
  if (C % NH !== 0) throw new RangeError(`kvcache: C (${C}) must be divisible by NH (${NH})`);
  return [B, C, NH, maxT, f32(1 / Math.sqrt(C / NH))];
}

/** Writes the k and v of qkv [B, 3C] at positions[b] (i32) of kcache, vcache [B, NH, maxT, hs]; negative positions write nothing. */
export function kvcacheWrite(k: KernelContext, rec: CommandRecorder, kcache: Binding, vcache: Binding, qkv: Binding, positions: Binding, B: number, C: number, NH: number, maxT: number): void {
  const pipeline = k.pipelines.get('kvcache', source, 'kvcache_write');
  rec.dispatch(pipeline, [kcache, vcache, qkv, positions], linearGrid(k, B * C), shapeParams(B, C, NH, maxT));
}

/** out [B, C]: each row's newest query attends over cached positions 0..positions[b]; idle rows (negative) get zeros. */
export function attentionDecode(k: KernelContext, rec: CommandRecorder, out: Binding, qkv: Binding, kcache: Binding, vcache: Binding, positions: Binding, B: number, C: number, NH: number, maxT: number): void {
  const pipeline = k.pipelines.get('kvcache', source, 'attention_decode');
  rec.dispatch(pipeline, [out, qkv, kcache, vcache, positions], linearGrid(k, B * C), shapeParams(B, C, NH, maxT));
}
