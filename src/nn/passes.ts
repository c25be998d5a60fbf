/**
 * The training passes of the GPT, recorded op by op into a command recorder (llm.c's gpt2_forward and
 * gpt2_backward); the float64 twin in reference/model.ts composes the same ops in the same order.
 */
import type { Binding } from '../gpu/buffers';
import type { CommandRecorder } from '../gpu/recorder';
import type { ParameterLayout } from './layout';
import { range, type ModelBuffers } from './model-buffers';
import { attentionBackward, attentionForward } from './ops/attention';
import { crossentropyBackward } from './ops/crossentropy';
import { encoderBackward, encoderForward } from './ops/encoder';
import { geluBackward, geluForward } from './ops/gelu';
import type { KernelContext } from './ops/kernel-context';
import { layernormBackward, layernormForward } from './ops/layernorm';
import { matmulBackward, matmulForward } from './ops/matmul';
import { residualForward } from './ops/residual';

/** Records encoder -> blocks -> final LayerNorm -> tied logits over the train buffers' tokens and positions. */
export function recordLogits(k: KernelContext, rec: CommandRecorder, layout: ParameterLayout, buffers: ModelBuffers, B: number, T: number): void {
  const N = B * T;
  const { vocabSize: V, layers: L, heads: NH, width: C } = layout.config;
  const train = buffers.train;
  const p = (name: string) => parameterRange(layout, buffers.params, name);
  const a = (buffer: GPUBuffer, floats: number) => range(buffer, floats);
  encoderForward(k, rec, a(train.encoded, N * C), a(train.tokens, N), a(train.positions, N), p('wte.weight'), p('wpe.weight'), N, C);
  let residual = train.encoded;
  for (let l = 0; l < L; l++) {
    const act = train.layers[l];
    const lp = (suffix: string) => p(`h.${l}.${suffix}`);
    layernormForward(k, rec, a(act.ln1, N * C), a(act.ln1Mean, N), a(act.ln1Rstd, N), a(residual, N * C), lp('ln_1.weight'), lp('ln_1.bias'), N, C);
    matmulForward(k, rec, a(act.qkv, N * 3 * C), a(act.ln1, N * C), lp('attn.c_attn.weight'), lp('attn.c_attn.bias'), N, C, 3 * C);
    attentionForward(k, rec, a(act.atty, N * C), a(train.preatt, B * NH * T * T), a(act.att, B * NH * T * T), a(act.qkv, N * 3 * C), a(train.positions, N), B, T, C, NH);
    matmulForward(k, rec, a(train.projection, N * C), a(act.atty, N * C), lp('attn.c_proj.weight'), lp('attn.c_proj.bias'), N, C, C);
    residualForward(k, rec, a(act.residual2, N * C), a(residual, N * C), a(train.projection, N * C), N * C);
    layernormForward(k, rec, a(act.ln2, N * C), a(act.ln2Mean, N), a(act.ln2Rstd, N), a(act.residual2, N * C), lp('ln_2.weight'), lp('ln_2.bias'), N, C);
    matmulForward(k, rec, a(act.fch, N * 4 * C), a(act.ln2, N * C), lp('mlp.c_fc.weight'), lp('mlp.c_fc.bias'), N, C, 4 * C);
    geluForward(k, rec, a(act.fchGelu, N * 4 * C), a(act.fch, N * 4 * C), N * 4 * C);
    matmulForward(k, rec, a(train.projection, N * C), a(act.fchGelu, N * 4 * C), lp('mlp.c_proj.weight'), lp('mlp.c_proj.bias'), N, 4 * C, C);
    residualForward(k, rec, a(act.residual3, N * C), a(act.residual2, N * C), a(train.projection, N * C), N * C);
    residual = act.residual3;
  }
  layernormForward(k, rec, a(train.lnf, N * C), a(train.lnfMean, N), a(train.lnfRstd, N), a(residual, N * C), p('ln_f.weight'), p('ln_f.bias'), N, C);
  // Tied output layer: logits = lnf @ wte^T.
  matmulForward(k, rec, a(train.logits, N * V), a(train.lnf, N * C), p('wte.weight'), null, N, C, V);
}

/** A named tensor of a flat buffer (parameters, gradients or moments) as a binding. */
export function parameterRange(layout: ParameterLayout, buffer: GPUBuffer, name: string): Binding {
  const entry = layout.byName.get(name);
  if (!entry) throw new Error(`no parameter tensor named ${name}`);
  return range(buffer, entry.size, entry.offset);
}

/**
 * Records the backward pass of the last recordLogits over (B, T) with per-token loss-gradient weights
 * `dlossWeights` [B*T]. Gradients ACCUMULATE into buffers.grads (the caller clears them for a fresh step).
 */
export function recordBackward(k: KernelContext, rec: CommandRecorder, layout: ParameterLayout, buffers: ModelBuffers, B: number, T: number, dlossWeights: GPUBuffer): void {
  const N = B * T;
  const { vocabSize: V, layers: L, heads: NH, width: C } = layout.config;
  const train = buffers.train;
  const p = (name: string) => parameterRange(layout, buffers.params, name);
  const g = (name: string) => parameterRange(layout, buffers.grads, name);
  const a = (buffer: GPUBuffer, floats: number) => range(buffer, floats);
  const zeroed = (buffer: GPUBuffer, floats: number) => {
    const binding = range(buffer, floats);
    rec.clear(binding);
    return binding;
  };

  crossentropyBackward(k, rec, a(train.dlogits, N * V), a(train.logits, N * V), a(train.targets, N), a(dlossWeights, N), N, V);
  const dlnf = zeroed(train.dln, N * C);
  matmulBackward(k, rec, dlnf, g('wte.weight'), null, a(train.dlogits, N * V), a(train.lnf, N * C), p('wte.weight'), N, C, V);
  // One buffer carries the residual stream's gradient down the layers: each residual add passes it on
  // unchanged, and each branch adds its LayerNorm's input gradient into it (llm.c's CUDA trick).
  const dresidual = zeroed(train.dresidual, N * C);
  const lastResidual = L > 0 ? train.layers[L - 1].residual3 : train.encoded;
  layernormBackward(k, rec, dresidual, g('ln_f.weight'), g('ln_f.bias'), dlnf, a(lastResidual, N * C), p('ln_f.weight'), a(train.lnfMean, N), a(train.lnfRstd, N), N, C);

  for (let l = L - 1; l >= 0; l--) {
    const act = train.layers[l];
    const lp = (suffix: string) => p(`h.${l}.${suffix}`);
    const lg = (suffix: string) => g(`h.${l}.${suffix}`);
    const residualIn = l === 0 ? train.encoded : train.layers[l - 1].residual3;
    // MLP branch: dfcproj = dresidual.
    const dfchGelu = zeroed(train.dfchGelu, N * 4 * C);
    matmulBackward(k, rec, dfchGelu, lg('mlp.c_proj.weight'), lg('mlp.c_proj.bias'), dresidual, a(act.fchGelu, N * 4 * C), lp('mlp.c_proj.weight'), N, 4 * C, C);
    const dfch = zeroed(train.dfch, N * 4 * C);
    geluBackward(k, rec, dfch, a(act.fch, N * 4 * C), dfchGelu, N * 4 * C);
    const dln2 = zeroed(train.dln, N * C);
    matmulBackward(k, rec, dln2, lg('mlp.c_fc.weight'), lg('mlp.c_fc.bias'), dfch, a(act.ln2, N * C), lp('mlp.c_fc.weight'), N, C, 4 * C);
    layernormBackward(k, rec, dresidual, lg('ln_2.weight'), lg('ln_2.bias'), dln2, a(act.residual2, N * C), lp('ln_2.weight'), a(act.ln2Mean, N), a(act.ln2Rstd, N), N, C);
    // Attention branch: dattproj = dresidual.
    const datty = zeroed(train.datty, N * C);
    matmulBackward(k, rec, datty, lg('attn.c_proj.weight'), lg('attn.c_proj.bias'), dresidual, a(act.atty, N * C), lp('attn.c_proj.weight'), N, C, C);
    const dqkv = zeroed(train.dqkv, N * 3 * C);
    const dpreatt = zeroed(train.dpreatt, B * NH * T * T);
    const datt = zeroed(train.datt, B * NH * T * T);
    attentionBackward(k, rec, dqkv, dpreatt, datt, datty, a(act.qkv, N * 3 * C), a(act.att, B * NH * T * T), B, T, C, NH);
    const dln1 = zeroed(train.dln, N * C);
    matmulBackward(k, rec, dln1, lg('attn.c_attn.weight'), lg('attn.c_attn.bias'), dqkv, a(act.ln1, N * C), lp('attn.c_attn.weight'), N, C, 3 * C);
    layernormBackward(k, rec, dresidual, lg('ln_1.weight'), lg('ln_1.bias'), dln1, a(residualIn, N * C), lp('ln_1.weight'), a(act.ln1Mean, N), a(act.ln1Rstd, N), N, C);
  }
  encoderBackward(k, rec, g('wte.weight'), g('wpe.weight'), dresidual, a(train.tokens, N), a(train.positions, N), N, C);
}
