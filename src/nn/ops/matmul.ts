import type { Binding } from '../../gpu/buffers';
import type { CommandRecorder } from '../../gpu/recorder';
import { cachedChoice } from '../../gpu/tune';
import type { KernelContext } from './kernel-context';
import registerBlockedSource from '../../../shaders/matmul.wgsl?raw';
import workgroupTiledSource from '../../../shaders/matmul_tiled.wgsl?raw';

/**
 * Linear-layer matmuls (llm.c's matmul_forward / matmul_backward) over two WGSL variants of one strided
 * product: c[m, n] (+)= sum_k A(m, k) B(n, k). See the shader headers for the mapping and dispatch layout.
 */
export const MATMUL_VARIANTS = ['register-blocked', 'workgroup-tiled'] as const;
export type MatmulVariant = (typeof MATMUL_VARIANTS)[number];

/** Name under which the matmul tune stores its choice per adapter (see matmul-tune.ts). */
export const MATMUL_TUNE_KEY = 'matmul';

interface VariantShape {
  shader: string;
  source: string;
  /** Columns (x) and rows (y) of c covered by one workgroup. */
  tileColumns: number;
  tileRows: number;
}

const SHAPES: Record<MatmulVariant, VariantShape> = {
  'register-blocked': { shader: 'matmul', source: registerBlockedSource, tileColumns: 32, tileRows: 32 },
  'workgroup-tiled': { shader: 'matmul_tiled', source: workgroupTiledSource, tileColumns: 64, tileRows: 64 },
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

/** The strided product's shape: A(m, k) = a[m * sam + k * sak], B(n, k) = b[n * sbn + k * sbk]. */
interface Product {
  M: number;
  N: number;
  K: number;
  sam: number;
  sak: number;
  sbn: number;
  sbk: number;
}

type ProductEntry = 'forward' | 'forward_bias' | 'accumulate';

function recordProduct(k: KernelContext, rec: CommandRecorder, entry: ProductEntry, bindings: Binding[], p: Product): void {
  if (p.M === 0 || p.N === 0) return;
  const shape = SHAPES[resolveMatmulVariant(k)];
  const pipeline = k.pipelines.get(shape.shader, shape.source, entry);
  const columnTiles = Math.ceil(p.N / shape.tileColumns);
  const rowTiles = Math.ceil(p.M / shape.tileRows);
  // Row tiles past the per-dimension limit fold into z; the shader skips the surplus workgroups.
  const maxPerDimension = k.ctx.limits.maxComputeWorkgroupsPerDimension;
  const folds = Math.ceil(rowTiles / maxPerDimension);
  const rowsPerFold = Math.ceil(rowTiles / folds);
  rec.dispatch(pipeline, bindings, [columnTiles, rowsPerFold, folds], [p.M, p.N, p.K, p.sam, p.sak, p.sbn, p.sbk]);
}

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
  const product = { M: N, N: OC, K: C, sam: C, sak: 1, sbn: C, sbk: 1 };
  if (bias) recordProduct(k, rec, 'forward_bias', [inp, weight, out, bias], product);
  else recordProduct(k, rec, 'forward', [inp, weight, out], product);
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
  // dinp[n, c] += sum_o dout[n, o] * weight[o, c]
  recordProduct(k, rec, 'accumulate', [dout, weight, dinp], { M: N, N: C, K: OC, sam: OC, sak: 1, sbn: 1, sbk: C });
  // dweight[o, c] += sum_n dout[n, o] * inp[n, c]
  recordProduct(k, rec, 'accumulate', [dout, inp, dweight], { M: OC, N: C, K: N, sam: 1, sak: OC, sbn: 1, sbk: C });
  if (dbias && OC > 0) {
    const pipeline = k.pipelines.get(SHAPES['register-blocked'].shader, registerBlockedSource, 'column_sums');
    rec.dispatch(pipeline, [dout, dbias], [Math.ceil(OC / COLUMN_SUMS_WORKGROUP)], [N, OC, 0, OC, 1, 0, 0]);
  }
}
