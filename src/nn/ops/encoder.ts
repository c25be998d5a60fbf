import source from '../../../shaders/encoder.wgsl?raw';
import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { foldedGrid, linearGrid, rowsIn } from './dispatch';
import type { KernelContext } from './kernel-context';

/** out[N, C] = wte[tokens[n]] + wpe[positions[n]] (tokens, positions: i32). */
export function encoderForward(k: KernelContext, rec: CommandRecorder, out: Binding, tokens: Binding, positions: Binding, wte: Binding, wpe: Binding, N: number, C: number): void {
  const pipeline = k.pipelines.get('encoder', source, 'encoder_forward');
  rec.dispatch(pipeline, [out, tokens, positions, wte, wpe], linearGrid(k, N * C), [N, C, rowsIn(wte, C), rowsIn(wpe, C)]);
}

const ENCODER_ROWS_PER_WORKGROUP = 4;

/** dwte, dwpe += scattered dout; the table sizes are read from the bindings (rows of C floats). */
export function encoderBackward(k: KernelContext, rec: CommandRecorder, dwte: Binding, dwpe: Binding, dout: Binding, tokens: Binding, positions: Binding, N: number, C: number): void {
  const pipeline = k.pipelines.get('encoder', source, 'encoder_backward');
  const V = rowsIn(dwte, C);
  const P = rowsIn(dwpe, C);
  // One workgroup per ENCODER_ROWS_PER_WORKGROUP table rows (the shader's ROWS_PER_WORKGROUP).
  rec.dispatch(pipeline, [dwte, dwpe, dout, tokens, positions], foldedGrid(Math.ceil((V + P) / ENCODER_ROWS_PER_WORKGROUP), k.ctx.limits.maxComputeWorkgroupsPerDimension, 1), [N, C, V, P]);
}
