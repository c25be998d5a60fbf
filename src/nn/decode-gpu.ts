/**
 * The GPU model as decode backends for generate.ts.
 * - KvCacheDecoder: one token per row per step through every layer, keys and values kept in a per-layer
 *   cache [rows, heads, context, head size]; the work of a step does not grow with the sequence.
 * - UncachedDecoder: a full forward over each row's history every step (quadratic; for comparison and
 *   tests), through the training buffers.
 * Each step reads back only the sampled tokens and their log-probs, in one readback.
 */
import { readBytes, writeBuffer } from '../gpu/buffers';
import { CommandRecorder } from '../gpu/recorder';
import { feedHistory, type DecodeBackend, type DecodeStepInput, type DecodeStepOutput } from './generate';
import { PAD_ALIGN, range } from './model-buffers';
import type { GptModel } from './model';
import { attentionDecode, kvcacheWrite } from './ops/kvcache';
import { encoderForward } from './ops/encoder';
import { geluForward } from './ops/gelu';
import { layernormForward } from './ops/layernorm';
import { matmulForward } from './ops/matmul';
import { residualForward } from './ops/residual';
import { sampleTokens } from './ops/sample';
import { parameterRange, recordLogits } from './passes';

function checkRows(rows: number, maxRows: number): void {
  if (!Number.isInteger(rows) || rows < 1 || rows > maxRows) throw new RangeError(`decode step of ${rows} rows outside 1..${maxRows}`);
}

/** Records sampling from the decode logits [rows, V] and submits; returns the read-back tokens and log-probs. */
async function sampleAndRead(model: GptModel, rec: CommandRecorder, input: DecodeStepInput, rows: number): Promise<DecodeStepOutput> {
  const d = model.buffers.decode;
  const V = model.config.vocabSize;
  const logprobsStart = PAD_ALIGN(rows);
  sampleTokens(model.kernels, rec, range(d.sampled, rows), range(d.sampled, rows, logprobsStart), range(d.logits, rows * V), range(d.temperatures, rows), input.topK, input.seed, input.step, rows, V);
  rec.submit();
  const bytes = await readBytes(model.kernels.ctx, d.sampled, 0, (logprobsStart + rows) * 4);
  return { tokens: new Int32Array(bytes.slice(0, rows * 4)), logprobs: new Float32Array(bytes.slice(logprobsStart * 4, (logprobsStart + rows) * 4)) };
}

export class KvCacheDecoder implements DecodeBackend {
  readonly maxRows: number;
  readonly contextLength: number;
  readonly vocabSize: number;

  constructor(private readonly model: GptModel) {
    this.maxRows = model.decodeRows;
    this.contextLength = model.config.contextLength;
    this.vocabSize = model.config.vocabSize;
  }

  async step(input: DecodeStepInput, rows: number): Promise<DecodeStepOutput> {
    checkRows(rows, this.maxRows);
    const model = this.model;
    const k = model.kernels;
    const d = model.buffers.decode;
    const { vocabSize: V, layers: L, heads: NH, width: C, contextLength: maxT } = model.config;
    const positions = input.positions.subarray(0, rows);
    writeBuffer(k.ctx, d.tokens, input.tokens.subarray(0, rows));
    writeBuffer(k.ctx, d.positions, positions);
    // Idle rows (negative position) embed position 0: their outputs are ignored and the cache is untouched.
    writeBuffer(k.ctx, d.embedPositions, positions.map((p) => Math.max(0, p)));
    writeBuffer(k.ctx, d.temperatures, input.temperatures.subarray(0, rows));

    const p = (name: string) => parameterRange(model.layout, model.buffers.params, name);
    const a = (buffer: GPUBuffer, floats: number) => range(buffer, floats);
    const R = rows;
    const rec = new CommandRecorder(k.ctx, 'gpt.decode');
    encoderForward(k, rec, a(d.residual, R * C), a(d.tokens, R), a(d.embedPositions, R), p('wte.weight'), p('wpe.weight'), R, C);
    for (let l = 0; l < L; l++) {
      const lp = (suffix: string) => p(`h.${l}.${suffix}`);
      const cacheFloats = R * maxT * C;
      layernormForward(k, rec, a(d.ln, R * C), a(d.lnMean, R), a(d.lnRstd, R), a(d.residual, R * C), lp('ln_1.weight'), lp('ln_1.bias'), R, C);
      matmulForward(k, rec, a(d.qkv, R * 3 * C), a(d.ln, R * C), lp('attn.c_attn.weight'), lp('attn.c_attn.bias'), R, C, 3 * C);
      kvcacheWrite(k, rec, a(d.kcache[l], cacheFloats), a(d.vcache[l], cacheFloats), a(d.qkv, R * 3 * C), a(d.positions, R), R, C, NH, maxT);
      attentionDecode(k, rec, a(d.atty, R * C), a(d.qkv, R * 3 * C), a(d.kcache[l], cacheFloats), a(d.vcache[l], cacheFloats), a(d.positions, R), R, C, NH, maxT);
      matmulForward(k, rec, a(d.projection, R * C), a(d.atty, R * C), lp('attn.c_proj.weight'), lp('attn.c_proj.bias'), R, C, C);
      residualForward(k, rec, a(d.residual2, R * C), a(d.residual, R * C), a(d.projection, R * C), R * C);
      layernormForward(k, rec, a(d.ln, R * C), a(d.lnMean, R), a(d.lnRstd, R), a(d.residual2, R * C), lp('ln_2.weight'), lp('ln_2.bias'), R, C);
      matmulForward(k, rec, a(d.fch, R * 4 * C), a(d.ln, R * C), lp('mlp.c_fc.weight'), lp('mlp.c_fc.bias'), R, C, 4 * C);
      geluForward(k, rec, a(d.fchGelu, R * 4 * C), a(d.fch, R * 4 * C), R * 4 * C);
      matmulForward(k, rec, a(d.projection, R * C), a(d.fchGelu, R * 4 * C), lp('mlp.c_proj.weight'), lp('mlp.c_proj.bias'), R, 4 * C, C);
      residualForward(k, rec, a(d.residual, R * C), a(d.residual2, R * C), a(d.projection, R * C), R * C);
    }
    layernormForward(k, rec, a(d.ln, R * C), a(d.lnMean, R), a(d.lnRstd, R), a(d.residual, R * C), p('ln_f.weight'), p('ln_f.bias'), R, C);
    matmulForward(k, rec, a(d.logits, R * V), a(d.ln, R * C), p('wte.weight'), null, R, C, V);
    return sampleAndRead(model, rec, input, rows);
  }
}

export class UncachedDecoder implements DecodeBackend {
  readonly maxRows: number;
  readonly contextLength: number;
  readonly vocabSize: number;
  private readonly histories: number[][];

  constructor(private readonly model: GptModel) {
    this.maxRows = Math.min(model.maxBatch, model.decodeRows);
    this.contextLength = model.maxSequence;
    this.vocabSize = model.config.vocabSize;
    this.histories = Array.from({ length: this.maxRows }, () => []);
  }

  async step(input: DecodeStepInput, rows: number): Promise<DecodeStepOutput> {
    checkRows(rows, this.maxRows);
    const model = this.model;
    const V = model.config.vocabSize;
    let T = 1;
    for (let b = 0; b < rows; b++) {
      const history = feedHistory(this.histories[b], input, b);
      if (history !== null) T = Math.max(T, history.length);
    }
    // Rows padded with token 0 after their end: attention is causal, so padding never reaches a real position.
    const tokens = new Int32Array(rows * T);
    for (let b = 0; b < rows; b++) {
      if (input.positions[b] >= 0) tokens.set(this.histories[b], b * T);
    }
    const train = model.buffers.train;
    const d = model.buffers.decode;
    model.forgetForward(); // the training activations are about to be overwritten
    writeBuffer(model.kernels.ctx, train.tokens, tokens);
    writeBuffer(model.kernels.ctx, train.positions, Int32Array.from({ length: rows * T }, (_, n) => n % T));
    writeBuffer(model.kernels.ctx, d.temperatures, input.temperatures.subarray(0, rows));
    const rec = new CommandRecorder(model.kernels.ctx, 'gpt.decode-uncached');
    recordLogits(model.kernels, rec, model.layout, model.buffers, rows, T);
    for (let b = 0; b < rows; b++) {
      const position = input.positions[b];
      if (position >= 0) rec.copy(range(train.logits, V, (b * T + position) * V), range(d.logits, V, b * V), V * 4);
    }
    return sampleAndRead(model, rec, input, rows);
  }
}
