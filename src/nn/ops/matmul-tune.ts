import { createStorageBuffer, writeBuffer } from '../../gpu/buffers';
import { timeGpuWork, type TimingMethod } from '../../gpu/timing';
import { tuneVariants, type TuneOptions, type TuneResult } from '../../gpu/tune';
import type { ModelConfig } from '../config';
import type { KernelContext } from './kernel-context';
import { MATMUL_TUNE_KEY, MATMUL_VARIANTS, matmulBackward, matmulForward, resolveMatmulVariant, type MatmulVariant } from './matmul';

/** One linear layer: N rows of C inputs to OC outputs. */
export interface MatmulShape {
  N: number;
  C: number;
  OC: number;
  bias: boolean;
}

/** The linear layers of one GPT layer plus the tied output layer, for `rows` = batch * sequence rows. */
export function gptMatmulShapes(config: ModelConfig, rows: number): MatmulShape[] {
  const C = config.width;
  return [
    { N: rows, C, OC: 3 * C, bias: true }, // attn.c_attn
    { N: rows, C, OC: C, bias: true }, // attn.c_proj
    { N: rows, C, OC: 4 * C, bias: true }, // mlp.c_fc
    { N: rows, C: 4 * C, OC: C, bias: true }, // mlp.c_proj
    { N: rows, C, OC: config.vocabSize, bias: false }, // logits = x @ wte^T
  ];
}

export interface MatmulTuneOptions extends TuneOptions {
  /**
   * Rows measured per shape (default 256): 8 row tiles of 32 in every variant, so each fills its workgroups
   * many times over; few enough that the tune (compilation included) stays near 1 s on an idle 2-core
   * SwiftShader. Throughput per row is what ranks the variants.
   */
  maxRows?: number;
}

export interface MatmulTuneResult extends TuneResult {
  timing: TimingMethod | 'cached';
}

/**
 * Measures a forward and backward pass of every shape with each matmul variant and caches the fastest for
 * this adapter; KernelContexts with matmulVariant 'auto' then use it (see resolveMatmulVariant).
 */
export async function tuneMatmul(k: KernelContext, shapes: readonly MatmulShape[], options: MatmulTuneOptions = {}): Promise<MatmulTuneResult> {
  const maxRows = options.maxRows ?? 256;
  const measured = shapes.map((s) => ({ ...s, N: Math.min(s.N, maxRows) }));
  const buffers = measured.map((s) => allocateLayer(k, s));
  let timing: TimingMethod | 'cached' = 'cached';
  try {
    const result = await tuneVariants(
      k.ctx.adapter,
      MATMUL_TUNE_KEY,
      MATMUL_VARIANTS,
      async (variant) => {
        const fixed: KernelContext = { ...k, matmulVariant: variant };
        const measurement = await timeGpuWork(
          k.ctx,
          (rec) => {
            measured.forEach((s, i) => {
              const b = buffers[i];
              // Without biases: their cost is the same in every variant, and skipping them saves compiling
              // the bias entry points of the variants that lose (seconds for workgroup memory on SwiftShader).
              matmulForward(fixed, rec, b.out, b.inp, b.weight, null, s.N, s.C, s.OC);
              matmulBackward(fixed, rec, b.dinp, b.dweight, null, b.out, b.inp, b.weight, s.N, s.C, s.OC);
            });
          },
          { label: 'matmul-tune' },
        );
        timing = measurement.method;
        return measurement.ms;
      },
      // One timed trial after the warm-up keeps start-up short; pass `trials` for a steadier ranking.
      { trials: 1, ...options },
    );
    return { ...result, timing };
  } finally {
    for (const layer of buffers) for (const buffer of Object.values(layer)) buffer.destroy();
  }
}

interface LayerBuffers {
  inp: GPUBuffer;
  weight: GPUBuffer;
  out: GPUBuffer;
  dinp: GPUBuffer;
  dweight: GPUBuffer;
}

function allocateLayer(k: KernelContext, s: MatmulShape): LayerBuffers {
  const make = (label: string, floats: number) => {
    const buffer = createStorageBuffer(k.ctx, `tune-${label}`, floats * 4);
    // Small values keep every variant's arithmetic finite (denormals or NaN could skew a CPU adapter's timing).
    writeBuffer(k.ctx, buffer, Float32Array.from({ length: floats }, (_, i) => ((i * 7919) % 97) / 970 - 0.05));
    return buffer;
  };
  return {
    inp: make('inp', s.N * s.C),
    weight: make('weight', s.OC * s.C),
    out: make('out', s.N * s.OC),
    dinp: make('dinp', s.N * s.C),
    dweight: make('dweight', s.OC * s.C),
  };
}

/** Rows of the shapes a run tunes for: a 64 x 96 batch, the largest the presets train on. */
const RUN_TUNE_ROWS = 64 * 96;

export interface RunMatmulChoice {
  variant: MatmulVariant;
  /** How it was chosen: measured now, the tune cached for this adapter, or pinned by the caller. */
  how: TimingMethod | 'cached' | 'pinned';
}

/**
 * The variant a run computes with: the pinned one (a resumed run, a reproduction), else the tune's for the
 * model's linear layers. Results are bitwise per variant, so every host chooses here, the same way.
 */
export async function chooseRunMatmulVariant(k: KernelContext, model: ModelConfig, pinned: MatmulVariant | null): Promise<RunMatmulChoice> {
  if (pinned !== null) return { variant: pinned, how: 'pinned' };
  const tune = await tuneMatmul(k, gptMatmulShapes(model, RUN_TUNE_ROWS));
  return { variant: resolveMatmulVariant({ ...k, matmulVariant: tune.variant }), how: tune.timing };
}
