/** Every knob of an experiment: one zod schema, presets, validation with per-field messages, the URL codec. */
export * from './schema';
export { PRESET_NAMES, getPreset, isPresetName, type PresetName } from './presets';
export { parseConfig, describeConfigPath, type ConfigIssue, type ConfigParseResult } from './parse';
export { flattenLeaves, leafDifferences, type LeafValue } from './paths';
export { configFields, type ConfigField } from './fields';
export { CONFIG_SCHEMA_VERSION, encodeConfig, decodeConfig, type DecodedConfig } from './url';
