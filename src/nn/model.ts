/**
 * The GPT on the GPU (llm.c's train_gpt2 in WebGPU): forward, backward and AdamW update over one flat
 * parameter buffer (layout.ts), each recorded into one command recorder and submitted once. Nothing is read
 * back inside a step but what the caller asks for: the loss (and per-token log-probs when asked), the
 * gradient norm after an update.
 *
 *   const model = GptModel.create(kernels, config, { maxBatch: 8, seed: 1 });
 *   const { loss } = await model.forward({ tokens, targets, weights }, B, T);
 *   model.backward();                    // or backward(coefficients): other per-token loss-gradient weights
 *   model.update(adamw, step);           // step counts from 1
 */
import { readBytes, readFloats, writeBuffer } from '../gpu/buffers';
import { CommandRecorder } from '../gpu/recorder';
import { checkpointConfig, parametersFromSafetensors, parametersToSafetensors } from './checkpoint';
import type { ModelConfig } from './config';
import { KvCacheDecoder, UncachedDecoder } from './decode-gpu';
import { generate, type GenerateOptions, type GenerationRequest, type GenerationResult } from './generate';
import { initParameters } from './init';
import { buildLayout, type ParameterLayout } from './layout';
import { allBuffers, allocateModelBuffers, PAD_ALIGN, range, type ModelBuffers } from './model-buffers';
import { adamwUpdate } from './ops/adamw';
import { crossentropyForward } from './ops/crossentropy';
import type { KernelContext } from './ops/kernel-context';
import { gradGlobalNorm } from './ops/gradnorm';
import { recordBackward, recordLogits } from './passes';

export interface GptModelOptions {
  /** Largest batch that forward/backward accept. */
  maxBatch: number;
  /** Longest sequence that forward/backward accept; default the context length. */
  maxSequence?: number;
  /** Rows of the KV-cached decoder; default maxBatch. */
  decodeRows?: number;
  /** Seed of the GPT-2 initialisation (init.ts); default 0. */
  seed?: number;
}

/** B sequences of T tokens, row-major. targets[n] < 0 masks position n; weights default to 1. */
export interface TokenBatch {
  tokens: Int32Array;
  targets: Int32Array;
  /** Per-token loss weights (normalisation lives here): loss = sum_n weights[n] * -log p(targets[n]). */
  weights?: Float32Array;
  /**
   * Position of each token inside its own sequence; default n % T (one sequence per row). Packed rows hold
   * several sequences: a token at position p attends only to the p tokens before it (its own sequence).
   */
  positions?: Int32Array;
}

/** AdamW's state: both moments in layout order (padding included), for a checkpoint that resumes exactly. */
export interface OptimizerState {
  m: Float32Array;
  v: Float32Array;
}

export interface ForwardOptions {
  /** Also read back log p(target) per position. */
  logprobs?: boolean;
}

export interface ForwardResult {
  /** Sum over positions of weight * -log p(target). */
  loss: number;
  /** [B*T] log p(target) (0 at masked positions); present when asked for. */
  logprobs?: Float32Array;
}

/** AdamW with decoupled weight decay (matrices only) and clipping by global gradient norm. */
export interface AdamWSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Largest global gradient norm; <= 0 disables clipping. */
  gradClip: number;
}

export const DEFAULT_ADAMW: AdamWSettings = { lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, gradClip: 1 };

export interface TrainStepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  logprobs?: Float32Array;
}

export interface BackwardOptions {
  /** Add to the gradients already there (micro-batches) instead of starting from zero. */
  accumulate?: boolean;
}

export class GptModel {
  readonly layout: ParameterLayout;
  readonly config: ModelConfig;
  readonly maxBatch: number;
  readonly maxSequence: number;
  readonly decodeRows: number;
  /** @internal the GPU buffers, for the decoders in decode-gpu.ts */
  readonly buffers: ModelBuffers;
  /** Shape of the last forward, which backward differentiates; null before the first. */
  private lastShape: { B: number; T: number } | null = null;
  private destroyed = false;

  private constructor(
    readonly kernels: KernelContext,
    config: ModelConfig,
    options: GptModelOptions,
  ) {
    this.layout = buildLayout(config);
    this.config = this.layout.config;
    this.maxBatch = options.maxBatch;
    this.maxSequence = options.maxSequence ?? config.contextLength;
    this.decodeRows = options.decodeRows ?? options.maxBatch;
    for (const [name, value] of Object.entries({ maxBatch: this.maxBatch, maxSequence: this.maxSequence, decodeRows: this.decodeRows })) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    if (this.maxSequence > config.contextLength) throw new RangeError(`maxSequence ${this.maxSequence} exceeds the context length ${config.contextLength}`);
    // Checks every buffer against the adapter's limits before allocating any (TensorTooLargeError names it).
    this.buffers = allocateModelBuffers(kernels.ctx, this.layout, { maxBatch: this.maxBatch, maxSequence: this.maxSequence, decodeRows: this.decodeRows });
    this.importParameters(initParameters(this.layout, options.seed ?? 0));
  }

  /** Allocates the model and initialises it GPT-2 style from `options.seed`. */
  static create(kernels: KernelContext, config: ModelConfig, options: GptModelOptions): GptModel {
    return new GptModel(kernels, config, options);
  }

  /** Real parameters (layout padding excluded). */
  get parameterCount(): number {
    return this.layout.parameterCount;
  }

  /** Runs the forward pass and the loss; reads back the loss (and log-probs when asked). */
  async forward(batch: TokenBatch, B: number, T: number, options: ForwardOptions = {}): Promise<ForwardResult> {
    this.submitForward(batch, B, T);
    return this.readLoss(options);
  }

  /**
   * One optimisation step on one batch: forward, backward (from zero), clip, AdamW, all submitted before
   * anything is read back; then the loss and the gradient norm come back.
   */
  async trainStep(batch: TokenBatch, B: number, T: number, adamw: AdamWSettings, step: number, options: ForwardOptions = {}): Promise<TrainStepResult> {
    this.submitForward(batch, B, T);
    this.backward();
    this.update(adamw, step);
    const [result, gradNorm] = await Promise.all([this.readLoss(options), this.readGradNorm()]);
    return { ...result, gradNorm };
  }

  /**
   * AdamW on every parameter in one dispatch, after the global gradient norm (one more), clipping to
   * adamw.gradClip without a readback. `step` counts updates from 1 (bias correction).
   */
  update(adamw: AdamWSettings, step: number): void {
    const b = this.buffers;
    const P = this.layout.totalFloats;
    const rec = new CommandRecorder(this.kernels.ctx, 'gpt.update');
    gradGlobalNorm(this.kernels, rec, b.gradNorm, range(b.grads, P), P);
    adamwUpdate(this.kernels, rec, range(b.params, P), range(b.grads, P), range(b.adamM, P), range(b.adamV, P), P, this.layout.decayEnd, adamw, step, b.gradNorm, adamw.gradClip);
    rec.submit();
  }

  /** Global norm of the gradients as of the last update (before clipping). */
  async readGradNorm(): Promise<number> {
    return (await readFloats(this.kernels.ctx, this.buffers.gradNorm, 0, 1))[0];
  }

  /** Zeroes both AdamW moments (a fresh optimizer for new parameters or a new phase). */
  resetOptimizer(): void {
    const rec = new CommandRecorder(this.kernels.ctx, 'gpt.reset-optimizer');
    rec.clear(this.buffers.adamM);
    rec.clear(this.buffers.adamV);
    rec.submit();
  }

  private submitForward(batch: TokenBatch, B: number, T: number): void {
    this.checkBatch(batch, B, T);
    const N = B * T;
    const { ctx } = this.kernels;
    const train = this.buffers.train;
    writeBuffer(ctx, train.tokens, batch.tokens);
    writeBuffer(ctx, train.positions, batch.positions ?? Int32Array.from({ length: N }, (_, n) => n % T));
    writeBuffer(ctx, train.targets, batch.targets);
    writeBuffer(ctx, train.weights, batch.weights ?? new Float32Array(N).fill(1));
    const rec = new CommandRecorder(ctx, 'gpt.forward');
    recordLogits(this.kernels, rec, this.layout, this.buffers, B, T);
    const logprobsStart = PAD_ALIGN(N);
    crossentropyForward(this.kernels, rec, range(train.lossOut, N), range(train.lossOut, N, logprobsStart), range(train.logits, N * this.config.vocabSize), range(train.targets, N), range(train.weights, N), N, this.config.vocabSize);
    rec.submit();
    this.lastShape = { B, T };
  }

  private async readLoss(options: ForwardOptions): Promise<ForwardResult> {
    const N = this.lastShape!.B * this.lastShape!.T;
    const logprobsStart = PAD_ALIGN(N);
    const bytes = await readBytes(this.kernels.ctx, this.buffers.train.lossOut, 0, (options.logprobs ? logprobsStart + N : N) * 4);
    const losses = new Float32Array(bytes, 0, N);
    let loss = 0;
    for (const value of losses) loss += value;
    return options.logprobs ? { loss, logprobs: new Float32Array(bytes.slice(logprobsStart * 4, (logprobsStart + N) * 4)) } : { loss };
  }

  /**
   * Gradients of sum_n dlossWeights[n] * -log p(targets[n]) at the last forward's inputs (default: the
   * forward's own weights). Starts from zero unless `accumulate`. Records and submits; reads nothing back.
   */
  backward(dlossWeights?: Float32Array, options: BackwardOptions = {}): void {
    if (!this.lastShape) throw new Error('backward needs a forward first');
    const { B, T } = this.lastShape;
    const N = B * T;
    const k = this.kernels;
    if (dlossWeights && dlossWeights.length !== N) throw new RangeError(`dlossWeights hold ${dlossWeights.length} values, the last forward had B*T = ${N}`);
    if (dlossWeights) writeBuffer(k.ctx, this.buffers.train.dweights, dlossWeights);
    const rec = new CommandRecorder(k.ctx, 'gpt.backward');
    if (!options.accumulate) rec.clear(this.buffers.grads);
    recordBackward(k, rec, this.layout, this.buffers, B, T, dlossWeights ? this.buffers.train.dweights : this.buffers.train.weights);
    rec.submit();
  }

  /**
   * Batched generation (generate.ts): up to decodeRows sequences at once with the KV cache, or, with
   * `cache: false`, by a full forward per step (for comparison; at most min(maxBatch, decodeRows) rows and
   * maxSequence tokens). Do not interleave with training calls: both use the model's buffers.
   */
  generate(requests: readonly GenerationRequest[], options: GenerateOptions & { cache?: boolean } = {}): Promise<GenerationResult[]> {
    if (this.destroyed) throw new Error('the model was destroyed');
    const { cache = true, ...generateOptions } = options;
    return generate(cache ? new KvCacheDecoder(this) : new UncachedDecoder(this), requests, generateOptions);
  }

  /** Parameters in layout order (padding included, zero). */
  async exportParameters(): Promise<Float32Array> {
    return readFloats(this.kernels.ctx, this.buffers.params);
  }

  /** Gradients of the last backward, in layout order. */
  async exportGradients(): Promise<Float32Array> {
    return readFloats(this.kernels.ctx, this.buffers.grads);
  }

  /** Both AdamW moments, for a resumable training checkpoint. */
  async exportOptimizerState(): Promise<OptimizerState> {
    const [m, v] = await Promise.all([readFloats(this.kernels.ctx, this.buffers.adamM), readFloats(this.kernels.ctx, this.buffers.adamV)]);
    return { m, v };
  }

  /** Restores what exportOptimizerState returned (same layout). */
  importOptimizerState(state: OptimizerState): void {
    const P = this.layout.totalFloats;
    if (state.m.length !== P || state.v.length !== P) throw new RangeError(`optimizer state holds ${state.m.length}/${state.v.length} floats, the layout ${P}`);
    writeBuffer(this.kernels.ctx, this.buffers.adamM, state.m);
    writeBuffer(this.kernels.ctx, this.buffers.adamV, state.v);
  }

  /** Replaces every parameter (Float32Array in layout order, padding included). The optimizer state stays. */
  importParameters(params: Float32Array): void {
    if (params.length !== this.layout.totalFloats) throw new RangeError(`parameters hold ${params.length} floats, the layout ${this.layout.totalFloats}`);
    writeBuffer(this.kernels.ctx, this.buffers.params, params);
  }

  /** A safetensors checkpoint of the parameters (HF GPT-2 tensor names; config in the metadata). */
  async saveCheckpoint(metadata: Record<string, string> = {}): Promise<Uint8Array> {
    return parametersToSafetensors(this.layout, await this.exportParameters(), metadata);
  }

  /**
   * Loads a checkpoint saved from a model of the same config (refused otherwise, naming the difference,
   * before anything changes) and resets the optimizer. Returns the checkpoint's own metadata.
   */
  loadCheckpoint(bytes: Uint8Array): Record<string, string> {
    const { params, metadata } = parametersFromSafetensors(this.layout, bytes);
    this.importParameters(params);
    this.resetOptimizer();
    return metadata;
  }

  /** A model shaped as the checkpoint says, holding its parameters. */
  static fromCheckpoint(kernels: KernelContext, bytes: Uint8Array, options: GptModelOptions): GptModel {
    const model = new GptModel(kernels, checkpointConfig(bytes), options);
    try {
      model.loadCheckpoint(bytes);
    } catch (error) {
      model.destroy();
      throw error;
    }
    return model;
  }

  /** Frees every GPU buffer; the model cannot be used afterwards. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const buffer of allBuffers(this.buffers)) buffer.destroy();
  }

  /** @internal Called by whoever overwrites the training activations (the uncached decoder): backward must refuse until the next forward. */
  forgetForward(): void {
    this.lastShape = null;
  }

  private checkBatch(batch: TokenBatch, B: number, T: number): void {
    if (this.destroyed) throw new Error('the model was destroyed');
    if (!Number.isInteger(B) || B < 1 || B > this.maxBatch) throw new RangeError(`batch ${B} outside 1..${this.maxBatch} (maxBatch)`);
    if (!Number.isInteger(T) || T < 1 || T > this.maxSequence) throw new RangeError(`sequence length ${T} outside 1..${this.maxSequence} (maxSequence)`);
    const N = B * T;
    const V = this.config.vocabSize;
    if (batch.tokens.length !== N) throw new RangeError(`tokens hold ${batch.tokens.length} values, expected B*T = ${N}`);
    if (batch.targets.length !== N) throw new RangeError(`targets hold ${batch.targets.length} values, expected B*T = ${N}`);
    if (batch.weights && batch.weights.length !== N) throw new RangeError(`weights hold ${batch.weights.length} values, expected B*T = ${N}`);
    if (batch.positions) {
      if (batch.positions.length !== N) throw new RangeError(`positions hold ${batch.positions.length} values, expected B*T = ${N}`);
      for (let n = 0; n < N; n++) {
        const p = batch.positions[n];
        // A sequence starts at position 0 and counts up by one inside its row.
        const valid = n % T === 0 ? p === 0 : p === 0 || p === batch.positions[n - 1] + 1;
        if (!valid) throw new RangeError(`position ${p} at ${n} does not continue a sequence in its row`);
      }
    }
    for (let n = 0; n < N; n++) {
      if (batch.tokens[n] < 0 || batch.tokens[n] >= V) throw new RangeError(`token ${batch.tokens[n]} at ${n} is outside the vocabulary of ${V}`);
      if (batch.targets[n] >= V) throw new RangeError(`target ${batch.targets[n]} at ${n} is outside the vocabulary of ${V}`);
    }
  }
}
