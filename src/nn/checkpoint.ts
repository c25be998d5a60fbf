/**
 * Model checkpoints as safetensors: one F32 tensor per entry of the flat layout, named as in layout.ts
 * (Hugging Face GPT-2 names), alignment padding dropped; the model config travels in the metadata so that
 * a file can be refused when it belongs to another shape (the head count, for one, shows in no tensor shape).
 */
import { validateModelConfig, type ModelConfig } from './config';
import { buildLayout, type ParameterLayout } from './layout';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

const CONFIG_KEY = 'autocode.model_config';

export function parametersToSafetensors(layout: ParameterLayout, params: Float32Array, metadata: Record<string, string> = {}): Uint8Array {
  if (params.length !== layout.totalFloats) throw new RangeError(`parameters hold ${params.length} floats, the layout ${layout.totalFloats}`);
  const tensors = layout.tensors.map((entry) => ({ name: entry.name, shape: entry.shape, data: params.subarray(entry.offset, entry.offset + entry.size) }));
  return encodeSafetensors(tensors, { format: 'pt', ...metadata, [CONFIG_KEY]: JSON.stringify(layout.config) });
}

/** The model config a checkpoint was saved with. */
export function checkpointConfig(bytes: Uint8Array): ModelConfig {
  return configFromMetadata(decodeSafetensors(bytes).metadata);
}

/**
 * Reads a checkpoint into the flat layout (padding zero). Refuses, naming the difference, a file whose
 * config, tensor names or shapes differ from the layout's.
 */
export function parametersFromSafetensors(layout: ParameterLayout, bytes: Uint8Array): { params: Float32Array; metadata: Record<string, string> } {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const saved = configFromMetadata(metadata);
  const differences = (Object.keys(layout.config) as Array<keyof ModelConfig>).filter((key) => saved[key] !== layout.config[key]);
  if (differences.length > 0) {
    throw new SafetensorsError(`checkpoint is for another model: ${differences.map((key) => `${key} ${saved[key]} (model has ${layout.config[key]})`).join(', ')}`);
  }
  const missing = layout.tensors.filter((entry) => !tensors.has(entry.name)).map((entry) => entry.name);
  const unexpected = [...tensors.keys()].filter((name) => !layout.byName.has(name));
  if (missing.length > 0 || unexpected.length > 0) {
    throw new SafetensorsError(`checkpoint tensors do not match the model: missing [${missing.join(', ')}], unexpected [${unexpected.join(', ')}]`);
  }
  const params = new Float32Array(layout.totalFloats);
  for (const entry of layout.tensors) {
    const tensor = tensors.get(entry.name)!;
    if (tensor.shape.join(',') !== entry.shape.join(',')) {
      throw new SafetensorsError(`checkpoint tensor ${entry.name} has shape [${tensor.shape.join(', ')}], the model needs [${entry.shape.join(', ')}]`);
    }
    params.set(tensor.data, entry.offset);
  }
  const { [CONFIG_KEY]: _config, ...rest } = metadata;
  return { params, metadata: rest };
}

/** Builds the layout a checkpoint describes (for loading a model without knowing its shape beforehand). */
export function checkpointLayout(bytes: Uint8Array): ParameterLayout {
  return buildLayout(checkpointConfig(bytes));
}

function configFromMetadata(metadata: Record<string, string>): ModelConfig {
  const text = metadata[CONFIG_KEY];
  if (text === undefined) throw new SafetensorsError(`checkpoint has no ${CONFIG_KEY} in its metadata: not saved by this playground`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SafetensorsError(`checkpoint metadata ${CONFIG_KEY} is not JSON`);
  }
  const keys: Array<keyof ModelConfig> = ['vocabSize', 'contextLength', 'layers', 'heads', 'width'];
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const absent = keys.filter((key) => typeof record[key] !== 'number');
  if (absent.length > 0) throw new SafetensorsError(`checkpoint metadata ${CONFIG_KEY} lacks ${absent.join(', ')}`);
  const config = parsed as ModelConfig;
  try {
    validateModelConfig(config);
  } catch (error) {
    throw new SafetensorsError(`checkpoint metadata ${CONFIG_KEY} is not a valid model config: ${(error as Error).message}`);
  }
  return { vocabSize: config.vocabSize, contextLength: config.contextLength, layers: config.layers, heads: config.heads, width: config.width };
}
