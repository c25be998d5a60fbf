import source from '../../../shaders/attention.wgsl?raw';
import { asRange, type Binding } from '../../gpu/buffers';
import { f32, type Params } from '../../gpu/params';
import type { CommandRecorder } from '../../gpu/recorder';
import { linearGrid } from './dispatch';
import type { KernelContext } from './kernel-context';

/** Reduction masks of attention_product (see shaders/attention.wgsl). */
const enum ProductMode {
  Full = 0,
  /** Only outputs with n <= m (causal scores). */
  LowerOutputs = 1,
  /** Reduction over k <= m (att times values). */
  KUpToM = 2,
  /** Reduction over k >= m (the transposed products of the backward pass). */
  KFromM = 3,
}

/** Where one operand's elements are: offset + b * batch + h * head + row * rowStride + column * columnStride. */
interface Operand {
  offset: number;
  batch: number;
  head: number;
  row: number;
  column: number;
}

interface Product {
  M: number;
  N: number;
  K: number;
  mode: ProductMode;
  accumulate: boolean;
  alpha: number;
  a: Operand;
  b: Operand;
  out: Operand;
}

interface AttentionShape {
  B: number;
  T: number;
  C: number;
  NH: number;
  hs: number;
  scale: number;
}

function shapeOf(B: number, T: number, C: number, NH: number): AttentionShape {
  if (C % NH !== 0) throw new RangeError(`attention: C (${C}) must be divisible by NH (${NH})`);
  const hs = C / NH;
  return { B, T, C, NH, hs, scale: 1 / Math.sqrt(hs) };
}

/** Operands of one (b, h) batch: part 0, 1, 2 of qkv are q, k, v ([T, hs] with row stride 3C). */
const qkvPart = ({ T, C, hs }: AttentionShape, part: number): Operand => ({ offset: part * C, batch: T * 3 * C, head: hs, row: 3 * C, column: 1 });
const heads = ({ T, C, hs }: AttentionShape): Operand => ({ offset: 0, batch: T * C, head: hs, row: C, column: 1 });
const scores = ({ T, NH }: AttentionShape): Operand => ({ offset: 0, batch: NH * T * T, head: T * T, row: T, column: 1 });
const transposed = (operand: Operand): Operand => ({ ...operand, row: operand.column, column: operand.row });

const multipleOf4 = (...values: number[]) => values.every((value) => value % 4 === 0);

/**
 * attention_product_vec4 applies when A and B both run along k with unit stride and every offset, stride and
 * binding size is whole vec4s (head sizes that are multiples of 4, like the default 16).
 */
function fitsVec4(p: Product, a: Binding, b: Binding): boolean {
  return (
    (p.mode === ProductMode.Full || p.mode === ProductMode.LowerOutputs) &&
    p.a.column === 1 &&
    p.b.row === 1 &&
    multipleOf4(p.K, p.a.offset, p.a.batch, p.a.head, p.a.row, p.b.offset, p.b.batch, p.b.head, p.b.column, asRange(a).size / 4, asRange(b).size / 4)
  );
}

/** attention_product_bvec4 applies when B's columns are contiguous in whole vec4s (N, its offsets and k stride). */
function fitsBVec4(p: Product, b: Binding): boolean {
  return p.b.column === 1 && multipleOf4(p.N, p.b.offset, p.b.batch, p.b.head, p.b.row, asRange(b).size / 4);
}

/**
 * attention_product_kvec4 / _mvec4 apply to whole 4x4 blocks (M, N multiples of 4) with B contiguous along n in
 * vec4s and A contiguous along k (mode 2, K a multiple of 4) or along m (mode 3, K >= M) in vec4s.
 */
function wholeBlockEntry(p: Product, a: Binding, b: Binding): 'attention_product_kvec4' | 'attention_product_mvec4' | null {
  if (!fitsBVec4(p, b) || !multipleOf4(p.M, asRange(a).size / 4)) return null;
  const aAligned = multipleOf4(p.a.offset, p.a.batch, p.a.head);
  if (p.mode === ProductMode.KUpToM && p.a.column === 1 && aAligned && multipleOf4(p.K, p.a.row)) return 'attention_product_kvec4';
  if (p.mode === ProductMode.KFromM && p.a.row === 1 && aAligned && multipleOf4(p.a.column) && p.K >= p.M) return 'attention_product_mvec4';
  return null;
}

function recordWholeBlocks(k: KernelContext, rec: CommandRecorder, shape: AttentionShape, out: Binding, a: Binding, b: Binding, p: Product, entryPoint: string): void {
  const pipeline = k.pipelines.get('attention', source, entryPoint);
  const batches = shape.B * shape.NH;
  const blocksN = p.N / 4;
  // Every A and B offset and stride in vec4 units; the unit-stride direction's stride is unused.
  const params: Params = [
    p.M, p.N, p.K, shape.NH, batches, blocksN, p.mode, p.accumulate ? 1 : 0, f32(p.alpha),
    p.a.offset / 4, p.a.batch / 4, p.a.head / 4, p.a.row === 1 ? 1 : p.a.row / 4, p.a.column === 1 ? 1 : p.a.column / 4,
    p.b.offset / 4, p.b.batch / 4, p.b.head / 4, p.b.row / 4, p.b.column,
    p.out.offset, p.out.batch, p.out.head, p.out.row, p.out.column,
  ];
  rec.dispatch(pipeline, [out, a, b], linearGrid(k, batches * (p.M / 4) * blocksN), params);
}

function recordProduct(k: KernelContext, rec: CommandRecorder, shape: AttentionShape, out: Binding, a: Binding, b: Binding, p: Product): void {
  const wholeBlocks = wholeBlockEntry(p, a, b);
  if (wholeBlocks) return recordWholeBlocks(k, rec, shape, out, a, b, p, wholeBlocks);
  const vec4 = fitsVec4(p, a, b);
  // Whole 4x4 blocks: the same product without bounds checks.
  const vec4Blocks = vec4 && multipleOf4(p.M, p.N);
  const bVec4 = !vec4 && fitsBVec4(p, b);
  const entryPoint = vec4Blocks ? 'attention_product_vec4_blocks' : vec4 ? 'attention_product_vec4' : bVec4 ? 'attention_product_bvec4' : 'attention_product';
  const pipeline = k.pipelines.get('attention', source, entryPoint);
  // The vec4 kernels address their vec4 operands in vec4 units (strides along the vector are 1 by construction).
  const aUnit = vec4 ? 4 : 1;
  const bUnit = vec4 || bVec4 ? 4 : 1;
  const batches = shape.B * shape.NH;
  const blocksN = Math.ceil(p.N / 4);
  const params: Params = [
    p.M, p.N, p.K, shape.NH, batches, blocksN, p.mode, p.accumulate ? 1 : 0, f32(p.alpha),
    p.a.offset / aUnit, p.a.batch / aUnit, p.a.head / aUnit, p.a.row / aUnit, p.a.column,
    p.b.offset / bUnit, p.b.batch / bUnit, p.b.head / bUnit, vec4 ? p.b.row : p.b.row / bUnit, vec4 ? p.b.column / bUnit : p.b.column,
    p.out.offset, p.out.batch, p.out.head, p.out.row, p.out.column,
  ];
  // Square causal whole-block scores: the kernel maps invocations to the lower triangle of blocks only.
  const blocksM = Math.ceil(p.M / 4);
  const triangular = vec4Blocks && p.mode === ProductMode.LowerOutputs && p.M === p.N;
  const blocks = triangular ? (blocksM * (blocksM + 1)) / 2 : blocksM * blocksN;
  rec.dispatch(pipeline, [out, a, b], linearGrid(k, batches * blocks), params);
}

/**
 * Causal self-attention: qkv [B, T, 3C] -> out [B, T, C]; preatt, att [B, NH, T, T] (preatt written for t2 <= t
 * only). positions [B, T] (i32): each token's position in its own sequence; a token at position p attends to
 * the p tokens before it, so one row can pack several sequences.
 */
export function attentionForward(k: KernelContext, rec: CommandRecorder, out: Binding, preatt: Binding, att: Binding, qkv: Binding, positions: Binding, B: number, T: number, C: number, NH: number): void {
  const shape = shapeOf(B, T, C, NH);
  const { hs, scale } = shape;
  // preatt[t, t2] = scale * q[t] . k[t2]: B operand (k = channel, n = t2) is k transposed.
  recordProduct(k, rec, shape, preatt, qkv, qkv, { M: T, N: T, K: hs, mode: ProductMode.LowerOutputs, accumulate: false, alpha: scale, a: qkvPart(shape, 0), b: transposed(qkvPart(shape, 1)), out: scores(shape) });
  // Rows of whole vec4s (T a multiple of 4): the vec4 softmax kernels.
  const rows4 = T % 4 === 0 && multipleOf4(asRange(preatt).size / 4, asRange(att).size / 4);
  const softmax = k.pipelines.get('attention', source, rows4 ? 'attention_softmax4' : 'attention_softmax');
  rec.dispatch(softmax, [att, preatt, positions], linearGrid(k, B * NH * T), [B * NH * T, T, NH]);
  // out[t, i] = sum_{t2 <= t} att[t, t2] v[t2, i]
  recordProduct(k, rec, shape, out, att, qkv, { M: T, N: hs, K: T, mode: ProductMode.KUpToM, accumulate: false, alpha: 1, a: scores(shape), b: qkvPart(shape, 2), out: heads(shape) });
}

/** dqkv, dpreatt, datt accumulate (dpreatt and datt are scratch the caller zeroes); five dispatches. */
export function attentionBackward(k: KernelContext, rec: CommandRecorder, dqkv: Binding, dpreatt: Binding, datt: Binding, dout: Binding, qkv: Binding, att: Binding, B: number, T: number, C: number, NH: number): void {
  const shape = shapeOf(B, T, C, NH);
  const { hs, scale } = shape;
  // datt[t, t2] += dout[t] . v[t2] for t2 <= t
  recordProduct(k, rec, shape, datt, dout, qkv, { M: T, N: T, K: hs, mode: ProductMode.LowerOutputs, accumulate: true, alpha: 1, a: heads(shape), b: transposed(qkvPart(shape, 2)), out: scores(shape) });
  const rows4 = T % 4 === 0 && multipleOf4(asRange(dpreatt).size / 4, asRange(datt).size / 4, asRange(att).size / 4);
  const softmaxBackward = k.pipelines.get('attention', source, rows4 ? 'attention_softmax_backward4' : 'attention_softmax_backward');
  rec.dispatch(softmaxBackward, [dpreatt, datt, att], linearGrid(k, B * NH * T), [B * NH * T, T, NH]);
  // dq[t, i] += scale * sum_{t2 <= t} dpreatt[t, t2] k[t2, i]
  recordProduct(k, rec, shape, dqkv, dpreatt, qkv, { M: T, N: hs, K: T, mode: ProductMode.KUpToM, accumulate: true, alpha: scale, a: scores(shape), b: qkvPart(shape, 1), out: qkvPart(shape, 0) });
  // dk[t2, i] += scale * sum_{t >= t2} dpreatt[t, t2] q[t, i]
  recordProduct(k, rec, shape, dqkv, dpreatt, qkv, { M: T, N: hs, K: T, mode: ProductMode.KFromM, accumulate: true, alpha: scale, a: transposed(scores(shape)), b: qkvPart(shape, 0), out: qkvPart(shape, 1) });
  // dv[t2, i] += sum_{t >= t2} att[t, t2] dout[t, i]
  recordProduct(k, rec, shape, dqkv, att, dout, { M: T, N: hs, K: T, mode: ProductMode.KFromM, accumulate: true, alpha: 1, a: transposed(scores(shape)), b: heads(shape), out: qkvPart(shape, 2) });
}
