import { validateModelConfig, type ModelConfig } from './config';

/**
 * One flat buffer holds every parameter (and, with the same layout, the gradients and both AdamW moments),
 * like llm.c's ParameterTensors. Each tensor starts on a 64-float (256-byte) boundary so that any of them can
 * be bound as a storage range. Matrices come first: AdamW decays elements below `decayEnd` only
 * (weights, not biases or LayerNorm gains).
 * Names follow Hugging Face GPT-2 (weights stored [out, in], the nn.Linear convention), so safetensors
 * exports read naturally in PyTorch.
 */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in floats from the start of the flat buffer. */
  offset: number;
  /** Number of floats (product of shape). */
  size: number;
}

export interface ParameterLayout {
  config: ModelConfig;
  tensors: TensorEntry[];
  byName: Map<string, TensorEntry>;
  /** Total floats including alignment padding. */
  totalFloats: number;
  /** Elements [0, decayEnd) receive weight decay. */
  decayEnd: number;
  /** Floats of real parameters, padding excluded. */
  parameterCount: number;
}

export const ALIGN_FLOATS = 64;
const align = (n: number) => Math.ceil(n / ALIGN_FLOATS) * ALIGN_FLOATS;

export function layerTensorName(layer: number, suffix: string): string {
  return `h.${layer}.${suffix}`;
}

export function buildLayout(config: ModelConfig): ParameterLayout {
  validateModelConfig(config);
  const { vocabSize: V, contextLength: T, layers: L, width: C } = config;
  const matrices: Array<[string, number[]]> = [
    ['wte.weight', [V, C]],
    ['wpe.weight', [T, C]],
  ];
  const vectors: Array<[string, number[]]> = [];
  for (let l = 0; l < L; l++) {
    matrices.push(
      [layerTensorName(l, 'attn.c_attn.weight'), [3 * C, C]],
      [layerTensorName(l, 'attn.c_proj.weight'), [C, C]],
      [layerTensorName(l, 'mlp.c_fc.weight'), [4 * C, C]],
      [layerTensorName(l, 'mlp.c_proj.weight'), [C, 4 * C]],
    );
    vectors.push(
      [layerTensorName(l, 'ln_1.weight'), [C]],
      [layerTensorName(l, 'ln_1.bias'), [C]],
      [layerTensorName(l, 'attn.c_attn.bias'), [3 * C]],
      [layerTensorName(l, 'attn.c_proj.bias'), [C]],
      [layerTensorName(l, 'ln_2.weight'), [C]],
      [layerTensorName(l, 'ln_2.bias'), [C]],
      [layerTensorName(l, 'mlp.c_fc.bias'), [4 * C]],
      [layerTensorName(l, 'mlp.c_proj.bias'), [C]],
    );
  }
  vectors.push(['ln_f.weight', [C]], ['ln_f.bias', [C]]);

  const tensors: TensorEntry[] = [];
  let offset = 0;
  let parameterCount = 0;
  const place = ([name, shape]: [string, number[]]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    tensors.push({ name, shape, offset, size });
    offset = align(offset + size);
    parameterCount += size;
  };
  matrices.forEach(place);
  const decayEnd = offset;
  vectors.forEach(place);
  return { config, tensors, byName: new Map(tensors.map((t) => [t.name, t])), totalFloats: offset, decayEnd, parameterCount };
}

export function tensor(layout: ParameterLayout, name: string): TensorEntry {
  const entry = layout.byName.get(name);
  if (!entry) throw new Error(`no parameter tensor named ${name}`);
  return entry;
}
