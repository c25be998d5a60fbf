import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { cachedChoice } from '../../gpu/tune';
import type { KernelContext } from './kernel-context';
import registerBlockedSource from '../../../shaders/matmul.wgsl?raw';
import stridedSource from '../../../shaders/matmul_strided.wgsl?raw';
import workgroupTiledSource from '../../../shaders/matmul_tiled.wgsl?raw';

/**
 * Linear-layer matmuls (llm.c's matmul_forward / matmul_backward) in two variants; see the shader headers
 * for layouts and dispatch. register-blocked: vec4 kernels per product layout (shaders/matmul.wgsl) when C
 * and OC are multiples of 4, else strided scalar loads (shaders/matmul_strided.wgsl). workgroup-tiled: one
 * strided kernel staged through workgroup memory (shaders/matmul_tiled.wgsl). dbias: column sums, both.
 */
export const MATMUL_VARIANTS = ['register-blocked', 'workgroup-tiled'] as const;
export type MatmulVariant = (typeof MATMUL_VARIANTS)[number];

/** Name under which the matmul tune stores its choice per adapter (see matmul-tune.ts). */
export const MATMUL_TUNE_KEY = 'matmul';

/** Columns x rows of c per workgroup: 8 x 8 invocations of 4 x 4 blocks; register-blocked's vec4 kernels do 8 x 4 or 4 x 8. */
const TILE = 32;
const VEC4_TILES: Record<Vec4Entry, [number, number]> = {
  forward_nt: [32, 64],
  forward_nt_bias: [32, 64],
  backward_nn: [64, 32],
  backward_tn: [64, 32],
};
const COLUMN_SUMS_WORKGROUP = 64;

export function isMatmulVariant(name: string): name is MatmulVariant {
  return (MATMUL_VARIANTS as readonly string[]).includes(name);
}

/**
 * The variant that ops run with: the KernelContext's choice, or for 'auto' the tuned choice cached for this
 * adapter, or (no tune yet) register-blocked on software adapters and workgroup-tiled on real GPUs.
 */
export function resolveMatmulVariant(k: KernelContext): MatmulVariant {
  const requested = k.matmulVariant;
  if (isMatmulVariant(requested)) return requested;
  if (requested !== 'auto') {
    throw new RangeError(`unknown matmul variant "${requested}"; expected 'auto' or one of ${MATMUL_VARIANTS.join(', ')}`);
  }
  const tuned = cachedChoice(k.ctx.adapter, MATMUL_TUNE_KEY);
  if (tuned !== undefined && isMatmulVariant(tuned)) return tuned;
  return defaultMatmulVariant(k.ctx.adapter.isFallback);
}

export function defaultMatmulVariant(isFallback: boolean): MatmulVariant {
  return isFallback ? 'register-blocked' : 'workgroup-tiled';
}

/** A product's shape; strides (for the strided kernels) say where A(m, k) = a[m * sam + k * sak] and B(n, k) lie. */
interface Product {
  M: number;
  N: number;
  K: number;
  sam: number;
  sak: number;
  sbn: number;
  sbk: number;
  accumulate: boolean;
}

function dispatchTiles(k: KernelContext, rec: CommandRecorder, pipeline: GPUComputePipeline, bindings: Binding[], p: Product, params: number[], [tileColumns, tileRows] = [TILE, TILE]): void {
  if (p.M === 0 || p.N === 0) return;
  const columnTiles = Math.ceil(p.N / tileColumns);
  const rowTiles = Math.ceil(p.M / tileRows);
  // Row tiles past the per-dimension limit fold into z; the shaders skip the surplus workgroups.
  const folds = Math.ceil(rowTiles / k.ctx.limits.maxComputeWorkgroupsPerDimension);
  rec.dispatch(pipeline, bindings, [columnTiles, Math.ceil(rowTiles / folds), folds], params);
}

/** Any layout, any size: the strided kernel of the given source (register-blocked fallback, or tiled). */
function recordStrided(k: KernelContext, rec: CommandRecorder, variant: MatmulVariant, bindings: Binding[], p: Product, withBias: boolean): void {
  const [shader, source] = variant === 'workgroup-tiled' ? ['matmul_tiled', workgroupTiledSource] : ['matmul_strided', stridedSource];
  const pipeline = k.pipelines.get(shader, source, withBias ? 'product_bias' : 'product');
  dispatchTiles(k, rec, pipeline, bindings, p, [p.M, p.N, p.K, p.sam, p.sak, p.sbn, p.sbk, p.accumulate ? 1 : 0]);
}

type Vec4Entry = 'forward_nt' | 'forward_nt_bias' | 'backward_nn' | 'backward_tn';

function recordVec4(k: KernelContext, rec: CommandRecorder, entry: Vec4Entry, bindings: Binding[], p: Product): void {
  const pipeline = k.pipelines.get('matmul', registerBlockedSource, entry);
  dispatchTiles(k, rec, pipeline, bindings, p, [p.M, p.N, p.K, p.accumulate ? 1 : 0], VEC4_TILES[entry]);
}

/** vec4 loads need both widths to be multiples of 4 (then every row starts on a 16-byte boundary). */
const vec4Ready = (variant: MatmulVariant, C: number, OC: number) => variant === 'register-blocked' && C % 4 === 0 && OC % 4 === 0;

/** out[N, OC] = inp[N, C] @ weight[OC, C]^T + bias[OC] (bias may be null). Records only. */
export function matmulForward(
  k: KernelContext,
  rec: CommandRecorder,
  out: Binding,
  inp: Binding,
  weight: Binding,
  bias: Binding | null,
  N: number,
  C: number,
  OC: number,
): void {
  const variant = resolveMatmulVariant(k);
  const product: Product = { M: N, N: OC, K: C, sam: C, sak: 1, sbn: C, sbk: 1, accumulate: false };
  const bindings = bias ? [inp, weight, out, bias] : [inp, weight, out];
  if (vec4Ready(variant, C, OC)) recordVec4(k, rec, bias ? 'forward_nt_bias' : 'forward_nt', bindings, product);
  else recordStrided(k, rec, variant, bindings, product, bias !== null);
}

/** dinp += dout @ weight; dweight += dout^T @ inp; dbias += column sums of dout (dbias may be null). Records only. */
export function matmulBackward(
  k: KernelContext,
  rec: CommandRecorder,
  dinp: Binding,
  dweight: Binding,
  dbias: Binding | null,
  dout: Binding,
  inp: Binding,
  weight: Binding,
  N: number,
  C: number,
  OC: number,
): void {
  const variant = resolveMatmulVariant(k);
  // dinp[n, c] += sum_o dout[n, o] * weight[o, c]
  const input: Product = { M: N, N: C, K: OC, sam: OC, sak: 1, sbn: 1, sbk: C, accumulate: true };
  // dweight[o, c] += sum_n dout[n, o] * inp[n, c]
  const weights: Product = { M: OC, N: C, K: N, sam: 1, sak: OC, sbn: 1, sbk: C, accumulate: true };
  if (vec4Ready(variant, C, OC)) {
    recordVec4(k, rec, 'backward_nn', [dout, weight, dinp], input);
    recordVec4(k, rec, 'backward_tn', [dout, inp, dweight], weights);
  } else {
    recordStrided(k, rec, variant, [dout, weight, dinp], input, false);
    recordStrided(k, rec, variant, [dout, inp, dweight], weights, false);
  }
  if (dbias && OC > 0 && N > 0) {
    const pipeline = k.pipelines.get('matmul_strided', stridedSource, 'column_sums');
    rec.dispatch(pipeline, [dout, dbias], [Math.ceil(OC / COLUMN_SUMS_WORKGROUP)], [N, OC, 0, OC, 1, 0, 0, 1]);
  }
}
