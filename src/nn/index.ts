/** The transformer layer's public API (see docs/model.md). The GPU ops live in ./ops, the float64 twins in ./reference. */
export { validateModelConfig, type ModelConfig } from './config';
export { buildLayout, tensor, layerTensorName, type ParameterLayout, type TensorEntry } from './layout';
export { initParameters, INIT_STD } from './init';
export { SeededRng } from './rng';
export {
  GptModel,
  DEFAULT_ADAMW,
  type AdamWSettings,
  type BackwardOptions,
  type ForwardOptions,
  type ForwardResult,
  type GptModelOptions,
  type TokenBatch,
  type TrainStepResult,
} from './model';
export { checkModelFits, type ModelCapacity } from './model-buffers';
export { KvCacheDecoder, UncachedDecoder } from './decode-gpu';
export {
  generate,
  type DecodeBackend,
  type DecodeStepInput,
  type DecodeStepOutput,
  type FinishReason,
  type GenerateOptions,
  type GenerationRequest,
  type GenerationResult,
  type PauseHandler,
} from './generate';
export { checkpointConfig, checkpointLayout, parametersFromSafetensors, parametersToSafetensors } from './checkpoint';
export { decodeSafetensors, encodeSafetensors, SafetensorsError, type NamedTensor, type SafetensorsContents } from './safetensors';
