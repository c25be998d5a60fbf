/**
 * Every GPU buffer of the model, planned from (config, max batch, max sequence, decode rows) and checked
 * against the adapter's limits before the first allocation, so that an oversized model is refused with the
 * tensor and the limit named instead of failing half-way.
 *
 * WebGPU forbids binding one buffer read-only and read-write in the same dispatch, so the activations are
 * not one buffer with offsets (as llm.c's arena) but one buffer per tensor and layer, planned together.
 * Parameters, gradients and the AdamW moments are one flat buffer each (layout.ts): the kernels bind them
 * as 256-byte aligned ranges.
 */
import type { Binding } from '../gpu/buffers';
import { createStorageBuffer } from '../gpu/buffers';
import type { GpuContext } from '../gpu/context';
import { checkTensorSizes } from '../gpu/limits';
import type { ParameterLayout } from './layout';

export interface ModelCapacity {
  /** Largest batch of forward/backward. */
  maxBatch: number;
  /** Longest sequence of forward/backward (<= contextLength). */
  maxSequence: number;
  /** Rows of a KV-cached decode step. */
  decodeRows: number;
}

/** Activations kept from forward for backward, one set per layer, [N = B*T] rows. */
export interface LayerActivations {
  ln1: GPUBuffer;
  ln1Mean: GPUBuffer;
  ln1Rstd: GPUBuffer;
  qkv: GPUBuffer;
  atty: GPUBuffer;
  att: GPUBuffer;
  residual2: GPUBuffer;
  ln2: GPUBuffer;
  ln2Mean: GPUBuffer;
  ln2Rstd: GPUBuffer;
  fch: GPUBuffer;
  fchGelu: GPUBuffer;
  residual3: GPUBuffer;
}

/** Training-shaped buffers: inputs, per-layer activations, shared scratch, and backward scratch. */
export interface TrainBuffers {
  tokens: GPUBuffer;
  positions: GPUBuffer;
  targets: GPUBuffer;
  weights: GPUBuffer;
  dweights: GPUBuffer;
  encoded: GPUBuffer;
  layers: LayerActivations[];
  /** Pre-softmax scores: forward only, shared by all layers. */
  preatt: GPUBuffer;
  /** Outputs of the two projections, consumed at once by the residual adds: shared by all layers. */
  projection: GPUBuffer;
  lnf: GPUBuffer;
  lnfMean: GPUBuffer;
  lnfRstd: GPUBuffer;
  logits: GPUBuffer;
  /** [losses (N, padded to 64 floats) | log-probs (N)]: one readback returns both. */
  lossOut: GPUBuffer;
  // backward scratch, reused layer after layer
  dlogits: GPUBuffer;
  dresidual: GPUBuffer;
  dln: GPUBuffer;
  datty: GPUBuffer;
  dqkv: GPUBuffer;
  dpreatt: GPUBuffer;
  datt: GPUBuffer;
  dfch: GPUBuffer;
  dfchGelu: GPUBuffer;
}

/** One-token-per-row buffers of the KV-cached decode step. */
export interface DecodeBuffers {
  tokens: GPUBuffer;
  /** Cache positions (negative: idle row). */
  positions: GPUBuffer;
  /** The same positions clamped to >= 0 for the embedding lookup of idle rows. */
  embedPositions: GPUBuffer;
  temperatures: GPUBuffer;
  residual: GPUBuffer;
  residual2: GPUBuffer;
  ln: GPUBuffer;
  lnMean: GPUBuffer;
  lnRstd: GPUBuffer;
  qkv: GPUBuffer;
  atty: GPUBuffer;
  projection: GPUBuffer;
  fch: GPUBuffer;
  fchGelu: GPUBuffer;
  logits: GPUBuffer;
  kcache: GPUBuffer[];
  vcache: GPUBuffer[];
  /** [sampled tokens (rows, padded to 64) | their log-probs (rows)]: one readback per step. */
  sampled: GPUBuffer;
}

export interface ModelBuffers {
  params: GPUBuffer;
  grads: GPUBuffer;
  adamM: GPUBuffer;
  adamV: GPUBuffer;
  /** One float: the global gradient norm. */
  gradNorm: GPUBuffer;
  train: TrainBuffers;
  decode: DecodeBuffers;
}

const ALIGN = 64;
const align = (floats: number) => Math.ceil(floats / ALIGN) * ALIGN;

type Plan = Array<[name: string, floats: number]>;

function planBuffers(layout: ParameterLayout, capacity: ModelCapacity): Plan {
  const { vocabSize: V, contextLength, heads: NH, width: C } = layout.config;
  const { maxBatch: B, maxSequence: T, decodeRows: R } = capacity;
  const N = B * T;
  const P = layout.totalFloats;
  const plan: Plan = [
    ['parameters (flat)', P],
    ['gradients (flat)', P],
    ['AdamW first moments (flat)', P],
    ['AdamW second moments (flat)', P],
    [`logits [B*T = ${N}, V = ${V}]`, N * V],
    [`logit gradients [B*T = ${N}, V = ${V}]`, N * V],
    [`attention scores [B = ${B}, heads = ${NH}, T = ${T}, T]`, B * NH * T * T],
    [`attention probabilities per layer [B = ${B}, heads = ${NH}, T = ${T}, T]`, B * NH * T * T],
    [`MLP hidden per layer [B*T = ${N}, 4C = ${4 * C}]`, N * 4 * C],
    [`qkv per layer [B*T = ${N}, 3C = ${3 * C}]`, N * 3 * C],
    [`KV cache per layer [rows = ${R}, heads = ${NH}, context = ${contextLength}, head size = ${C / NH}]`, R * contextLength * C],
    [`decode logits [rows = ${R}, V = ${V}]`, R * V],
    [`decode MLP hidden [rows = ${R}, 4C = ${4 * C}]`, R * 4 * C],
  ];
  return plan;
}

/** Throws TensorTooLargeError (naming the tensor and the limit) when any buffer would not fit this adapter. */
export function checkModelFits(limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>, layout: ParameterLayout, capacity: ModelCapacity): void {
  checkTensorSizes(limits, Object.fromEntries(planBuffers(layout, capacity).map(([name, floats]) => [name, floats * 4])));
}

export function allocateModelBuffers(ctx: GpuContext, layout: ParameterLayout, capacity: ModelCapacity): ModelBuffers {
  checkModelFits(ctx.limits, layout, capacity);
  const { vocabSize: V, contextLength, layers: L, heads: NH, width: C } = layout.config;
  const { maxBatch: B, maxSequence: T, decodeRows: R } = capacity;
  const N = B * T;
  const make = (label: string, floats: number) => createStorageBuffer(ctx, label, Math.max(1, floats) * 4);
  const P = layout.totalFloats;
  const layers: LayerActivations[] = [];
  for (let l = 0; l < L; l++) {
    const name = (what: string) => `h.${l}.${what}`;
    layers.push({
      ln1: make(name('ln1'), N * C),
      ln1Mean: make(name('ln1.mean'), N),
      ln1Rstd: make(name('ln1.rstd'), N),
      qkv: make(name('qkv'), N * 3 * C),
      atty: make(name('atty'), N * C),
      att: make(name('att'), B * NH * T * T),
      residual2: make(name('residual2'), N * C),
      ln2: make(name('ln2'), N * C),
      ln2Mean: make(name('ln2.mean'), N),
      ln2Rstd: make(name('ln2.rstd'), N),
      fch: make(name('fch'), N * 4 * C),
      fchGelu: make(name('fch.gelu'), N * 4 * C),
      residual3: make(name('residual3'), N * C),
    });
  }
  const train: TrainBuffers = {
    tokens: make('tokens', N),
    positions: make('positions', N),
    targets: make('targets', N),
    weights: make('loss weights', N),
    dweights: make('loss-gradient weights', N),
    encoded: make('encoded', N * C),
    layers,
    preatt: make('preatt', B * NH * T * T),
    projection: make('projection', N * C),
    lnf: make('lnf', N * C),
    lnfMean: make('lnf.mean', N),
    lnfRstd: make('lnf.rstd', N),
    logits: make('logits', N * V),
    lossOut: make('losses and log-probs', align(N) + N),
    dlogits: make('dlogits', N * V),
    dresidual: make('dresidual', N * C),
    dln: make('dln', N * C),
    datty: make('datty', N * C),
    dqkv: make('dqkv', N * 3 * C),
    dpreatt: make('dpreatt', B * NH * T * T),
    datt: make('datt', B * NH * T * T),
    dfch: make('dfch', N * 4 * C),
    dfchGelu: make('dfch.gelu', N * 4 * C),
  };
  const decode: DecodeBuffers = {
    tokens: make('decode tokens', R),
    positions: make('decode positions', R),
    embedPositions: make('decode embedding positions', R),
    temperatures: make('decode temperatures', R),
    residual: make('decode residual', R * C),
    residual2: make('decode residual2', R * C),
    ln: make('decode ln', R * C),
    lnMean: make('decode ln.mean', R),
    lnRstd: make('decode ln.rstd', R),
    qkv: make('decode qkv', R * 3 * C),
    atty: make('decode atty', R * C),
    projection: make('decode projection', R * C),
    fch: make('decode fch', R * 4 * C),
    fchGelu: make('decode fch.gelu', R * 4 * C),
    logits: make('decode logits', R * V),
    kcache: Array.from({ length: L }, (_, l) => make(`h.${l}.kcache`, R * contextLength * C)),
    vcache: Array.from({ length: L }, (_, l) => make(`h.${l}.vcache`, R * contextLength * C)),
    sampled: make('sampled tokens and log-probs', align(R) + R),
  };
  return {
    params: make('parameters', P),
    grads: make('gradients', P),
    adamM: make('adamw.m', P),
    adamV: make('adamw.v', P),
    gradNorm: make('gradient norm', 1),
    train,
    decode,
  };
}

/** Every buffer of the model, for destroy(). */
export function allBuffers(buffers: ModelBuffers): GPUBuffer[] {
  const { train, decode } = buffers;
  const { layers, ...trainRest } = train;
  const { kcache, vcache, ...decodeRest } = decode;
  return [
    buffers.params,
    buffers.grads,
    buffers.adamM,
    buffers.adamV,
    buffers.gradNorm,
    ...Object.values(trainRest),
    ...layers.flatMap((layer) => Object.values(layer)),
    ...Object.values(decodeRest),
    ...kcache,
    ...vcache,
  ];
}

/** The first `floats` floats of a buffer, starting `offsetFloats` in (a multiple of 64): what a kernel binds. */
export function range(buffer: GPUBuffer, floats: number, offsetFloats = 0): Binding {
  return { buffer, offset: offsetFloats * 4, size: Math.max(1, floats) * 4 };
}

export const PAD_ALIGN = align;
