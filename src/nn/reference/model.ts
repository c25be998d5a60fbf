/**
 * The whole GPT in float64 on the CPU, composed from the op twins exactly as the GPU model composes its
 * kernels (llm.c's train_gpt2.c): the ground truth for the GPU model's loss, log-probs and gradients.
 * Parameters live in the flat layout of ../layout.ts (as float64); gradients come back in the same layout.
 */
import type { ParameterLayout } from '../layout';
import { layerTensorName } from '../layout';
import {
  attentionBackward,
  attentionForward,
  crossentropyBackward,
  crossentropyForward,
  encoderBackward,
  encoderForward,
  geluBackward,
  geluForward,
  layernormBackward,
  layernormForward,
  matmulBackward,
  matmulForward,
  residualBackward,
  residualForward,
  sampleTokens,
  type Vec,
} from './ops';

/** One training batch of B sequences of T tokens, row-major [B, T]. A negative target masks its position. */
export interface ReferenceBatch {
  tokens: Int32Array;
  targets?: Int32Array;
  /** Per-token loss weights (normalisation lives here); default 1 for every unmasked target. */
  weights?: Float64Array;
  /** Position of each token in its own sequence (packed rows); default n % T. */
  positions?: Int32Array;
}

interface LayerActivations {
  ln1: Vec;
  ln1Mean: Vec;
  ln1Rstd: Vec;
  qkv: Vec;
  atty: Vec;
  preatt: Vec;
  att: Vec;
  attproj: Vec;
  residual2: Vec;
  ln2: Vec;
  ln2Mean: Vec;
  ln2Rstd: Vec;
  fch: Vec;
  fchGelu: Vec;
  fcproj: Vec;
  residual3: Vec;
}

export interface ReferenceForwardResult {
  /** Sum over positions of weight * -log p(target); 0 when no targets were given. */
  loss: number;
  /** [B*T] log p(target) per position (0 where masked or without targets). */
  logprobs: Float64Array;
  /** [B*T, V] */
  logits: Float64Array;
  /** What backward needs. */
  saved: SavedForward;
}

interface SavedForward {
  B: number;
  T: number;
  tokens: Int32Array;
  targets: Int32Array;
  positions: Int32Array;
  encoded: Vec;
  layers: LayerActivations[];
  lnf: Vec;
  lnfMean: Vec;
  lnfRstd: Vec;
}

/** A view of one named tensor of a flat float64 parameter (or gradient) array. */
export function tensorView(flat: Float64Array, layout: ParameterLayout, name: string): Float64Array {
  const entry = layout.byName.get(name);
  if (!entry) throw new Error(`no parameter tensor named ${name}`);
  return flat.subarray(entry.offset, entry.offset + entry.size);
}

function layerView(flat: Float64Array, layout: ParameterLayout, layer: number, suffix: string): Float64Array {
  return tensorView(flat, layout, layerTensorName(layer, suffix));
}

function checkBatch(layout: ParameterLayout, batch: ReferenceBatch, B: number, T: number): void {
  const N = B * T;
  if (T > layout.config.contextLength) throw new RangeError(`sequence length ${T} exceeds the context length ${layout.config.contextLength}`);
  if (batch.tokens.length !== N) throw new RangeError(`tokens hold ${batch.tokens.length} values, expected B*T = ${N}`);
  for (const token of batch.tokens) {
    if (token < 0 || token >= layout.config.vocabSize) throw new RangeError(`token ${token} outside the vocabulary of ${layout.config.vocabSize}`);
  }
  if (batch.targets && batch.targets.length !== N) throw new RangeError(`targets hold ${batch.targets.length} values, expected ${N}`);
  if (batch.weights && batch.weights.length !== N) throw new RangeError(`weights hold ${batch.weights.length} values, expected ${N}`);
}

/** Forward pass over [B, T] tokens (positions 0..T-1 in each row unless the batch packs several sequences per row). */
export function referenceForward(params: Float64Array, layout: ParameterLayout, batch: ReferenceBatch, B: number, T: number): ReferenceForwardResult {
  checkBatch(layout, batch, B, T);
  const { vocabSize: V, layers: L, heads: NH, width: C } = layout.config;
  const N = B * T;
  const positions = batch.positions ?? Int32Array.from({ length: N }, (_, n) => n % T);
  const encoded = new Float64Array(N * C);
  encoderForward(encoded, batch.tokens, positions, tensorView(params, layout, 'wte.weight'), tensorView(params, layout, 'wpe.weight'), N, C);

  const layers: LayerActivations[] = [];
  let residual: Vec = encoded;
  for (let l = 0; l < L; l++) {
    const p = (suffix: string) => layerView(params, layout, l, suffix);
    const a: LayerActivations = {
      ln1: new Float64Array(N * C),
      ln1Mean: new Float64Array(N),
      ln1Rstd: new Float64Array(N),
      qkv: new Float64Array(N * 3 * C),
      atty: new Float64Array(N * C),
      preatt: new Float64Array(B * NH * T * T),
      att: new Float64Array(B * NH * T * T),
      attproj: new Float64Array(N * C),
      residual2: new Float64Array(N * C),
      ln2: new Float64Array(N * C),
      ln2Mean: new Float64Array(N),
      ln2Rstd: new Float64Array(N),
      fch: new Float64Array(N * 4 * C),
      fchGelu: new Float64Array(N * 4 * C),
      fcproj: new Float64Array(N * C),
      residual3: new Float64Array(N * C),
    };
    layernormForward(a.ln1, a.ln1Mean, a.ln1Rstd, residual, p('ln_1.weight'), p('ln_1.bias'), N, C);
    matmulForward(a.qkv, a.ln1, p('attn.c_attn.weight'), p('attn.c_attn.bias'), N, C, 3 * C);
    attentionForward(a.atty, a.preatt, a.att, a.qkv, B, T, C, NH, positions);
    matmulForward(a.attproj, a.atty, p('attn.c_proj.weight'), p('attn.c_proj.bias'), N, C, C);
    residualForward(a.residual2, residual, a.attproj, N * C);
    layernormForward(a.ln2, a.ln2Mean, a.ln2Rstd, a.residual2, p('ln_2.weight'), p('ln_2.bias'), N, C);
    matmulForward(a.fch, a.ln2, p('mlp.c_fc.weight'), p('mlp.c_fc.bias'), N, C, 4 * C);
    geluForward(a.fchGelu, a.fch, N * 4 * C);
    matmulForward(a.fcproj, a.fchGelu, p('mlp.c_proj.weight'), p('mlp.c_proj.bias'), N, 4 * C, C);
    residualForward(a.residual3, a.residual2, a.fcproj, N * C);
    layers.push(a);
    residual = a.residual3;
  }

  const lnf = new Float64Array(N * C);
  const lnfMean = new Float64Array(N);
  const lnfRstd = new Float64Array(N);
  layernormForward(lnf, lnfMean, lnfRstd, residual, tensorView(params, layout, 'ln_f.weight'), tensorView(params, layout, 'ln_f.bias'), N, C);
  // The output layer is tied to the token embedding: logits = lnf @ wte^T.
  const logits = new Float64Array(N * V);
  matmulForward(logits, lnf, tensorView(params, layout, 'wte.weight'), null, N, C, V);

  const targets = batch.targets ?? new Int32Array(N).fill(-1);
  const weights = batch.weights ?? new Float64Array(N).fill(1);
  const losses = new Float64Array(N);
  const logprobs = new Float64Array(N);
  crossentropyForward(losses, logprobs, logits, targets, weights, N, V);
  const loss = losses.reduce((sum, value) => sum + value, 0);
  return { loss, logprobs, logits, saved: { B, T, tokens: batch.tokens, targets, positions, encoded, layers, lnf, lnfMean, lnfRstd } };
}

/**
 * Gradients of sum_n dlossWeights[n] * -log p(target_n) with respect to every parameter, in the flat layout.
 * dlossWeights defaults to 1 per position; it may differ from the forward weights (the M-step's coefficients).
 */
export function referenceBackward(params: Float64Array, layout: ParameterLayout, forward: ReferenceForwardResult, dlossWeights?: Float64Array): Float64Array {
  const { B, T, tokens, targets, positions, encoded, layers, lnf, lnfMean, lnfRstd } = forward.saved;
  const { vocabSize: V, layers: L, heads: NH, width: C } = layout.config;
  const N = B * T;
  const grads = new Float64Array(layout.totalFloats);
  const g = (name: string) => tensorView(grads, layout, name);

  const dlogits = new Float64Array(N * V);
  crossentropyBackward(dlogits, forward.logits, targets, dlossWeights ?? new Float64Array(N).fill(1), N, V);
  const dlnf = new Float64Array(N * C);
  matmulBackward(dlnf, g('wte.weight'), null, dlogits, lnf, tensorView(params, layout, 'wte.weight'), N, C, V);
  let dresidualOut: Vec = new Float64Array(N * C);
  const lastResidual = L > 0 ? layers[L - 1].residual3 : encoded;
  layernormBackward(dresidualOut, g('ln_f.weight'), g('ln_f.bias'), dlnf, lastResidual, tensorView(params, layout, 'ln_f.weight'), lnfMean, lnfRstd, N, C);

  for (let l = L - 1; l >= 0; l--) {
    const a = layers[l];
    const p = (suffix: string) => layerView(params, layout, l, suffix);
    const dp = (suffix: string) => layerView(grads, layout, l, suffix);
    const residual = l === 0 ? encoded : layers[l - 1].residual3;
    const dresidualIn = new Float64Array(N * C);
    const dresidual2 = new Float64Array(N * C);
    const dfcproj = new Float64Array(N * C);
    const dfchGelu = new Float64Array(N * 4 * C);
    const dfch = new Float64Array(N * 4 * C);
    const dln2 = new Float64Array(N * C);
    const dattproj = new Float64Array(N * C);
    const datty = new Float64Array(N * C);
    const dqkv = new Float64Array(N * 3 * C);
    const dpreatt = new Float64Array(B * NH * T * T);
    const datt = new Float64Array(B * NH * T * T);
    const dln1 = new Float64Array(N * C);

    residualBackward(dresidual2, dfcproj, dresidualOut, N * C);
    matmulBackward(dfchGelu, dp('mlp.c_proj.weight'), dp('mlp.c_proj.bias'), dfcproj, a.fchGelu, p('mlp.c_proj.weight'), N, 4 * C, C);
    geluBackward(dfch, a.fch, dfchGelu, N * 4 * C);
    matmulBackward(dln2, dp('mlp.c_fc.weight'), dp('mlp.c_fc.bias'), dfch, a.ln2, p('mlp.c_fc.weight'), N, C, 4 * C);
    layernormBackward(dresidual2, dp('ln_2.weight'), dp('ln_2.bias'), dln2, a.residual2, p('ln_2.weight'), a.ln2Mean, a.ln2Rstd, N, C);
    residualBackward(dresidualIn, dattproj, dresidual2, N * C);
    matmulBackward(datty, dp('attn.c_proj.weight'), dp('attn.c_proj.bias'), dattproj, a.atty, p('attn.c_proj.weight'), N, C, C);
    attentionBackward(dqkv, dpreatt, datt, datty, a.qkv, a.att, B, T, C, NH);
    matmulBackward(dln1, dp('attn.c_attn.weight'), dp('attn.c_attn.bias'), dqkv, a.ln1, p('attn.c_attn.weight'), N, C, 3 * C);
    layernormBackward(dresidualIn, dp('ln_1.weight'), dp('ln_1.bias'), dln1, residual, p('ln_1.weight'), a.ln1Mean, a.ln1Rstd, N, C);
    dresidualOut = dresidualIn;
  }
  encoderBackward(g('wte.weight'), g('wpe.weight'), dresidualOut, tokens, positions, N, C);
  return grads;
}

export interface ReferenceGenerateOptions {
  maxNewTokens: number;
  /** <= 0: greedy. */
  temperature?: number;
  topK?: number;
  seed?: number;
  stopTokens?: readonly number[];
}

/**
 * One sequence, no cache: each step runs the full forward over the tokens so far and samples the last
 * position with the sampling twin (step index = number of tokens sampled before). Stops at a stop token,
 * after maxNewTokens, or when the context is full. Returns the new tokens only.
 */
export function referenceGenerate(params: Float64Array, layout: ParameterLayout, prompt: readonly number[], options: ReferenceGenerateOptions): number[] {
  const V = layout.config.vocabSize;
  const sequence = [...prompt];
  const generated: number[] = [];
  const token = new Int32Array(1);
  const logprob = new Float64Array(1);
  const temperatures = Float64Array.of(options.temperature ?? 0);
  while (generated.length < options.maxNewTokens && sequence.length < layout.config.contextLength) {
    const T = sequence.length;
    const { logits } = referenceForward(params, layout, { tokens: Int32Array.from(sequence) }, 1, T);
    sampleTokens(token, logprob, logits.subarray((T - 1) * V, T * V), temperatures, options.topK ?? 0, options.seed ?? 0, generated.length, 1, V);
    sequence.push(token[0]);
    generated.push(token[0]);
    if (options.stopTokens?.includes(token[0])) break;
  }
  return generated;
}

/** Float32 parameters (as the GPU holds them) widened to float64 for the twin. */
export function widenParameters(params: Float32Array): Float64Array {
  return Float64Array.from(params);
}

