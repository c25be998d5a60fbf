import { parseConfig, type ConfigIssue } from './parse';
import { flattenLeaves, getLeaf, setLeaf, type LeafValue } from './paths';
import { getPreset, isPresetName, PRESET_NAMES, type PresetName } from './presets';
import type { ExperimentConfig } from './schema';

/**
 * Bumped when a key is renamed or its meaning changes, or a preset's values change (a link stores only the
 * differences from its preset); older links still decode, with a message that names what changed since.
 */
export const CONFIG_SCHEMA_VERSION = 6;

/** What each version changed, for the message an older link gets. */
const VERSION_CHANGES: Readonly<Record<number, string>> = {
  2: 'warmStart.source added; small and default start from the shipped warm start',
  3: 'small and default retuned: a CoT-budgeted shipped warm start (mixture, habitShare 0.2, 2,200 steps) and mStep.lr 1e-4',
  4: 'every M-step step carries the whole method term; small and default explore at eStep.temperature 0.5; small runs 6 iterations',
  5: 'small and default weigh the M-step method term at 0.3 (mStep.methodLossWeight), so it wears the solution skills down less',
  6: 'story moves 1-9 per action at every level; small and default start from a warm start retrained on it (4,000 steps, story weighted 3.5, 3,000 questions per family)',
};

/** The changes after `version` (a link's), newest last; empty when the text is not an older version. */
export function changesSince(versionText: string): string[] {
  const version = Number(versionText);
  if (!Number.isInteger(version) || version >= CONFIG_SCHEMA_VERSION) return [];
  return Object.entries(VERSION_CHANGES)
    .filter(([changed]) => Number(changed) > version)
    .map(([changed, what]) => `v${changed}: ${what}`);
}

const PRESET_KEY = 'preset';
const VERSION_KEY = 'v';
const DEFAULT_PRESET: PresetName = 'default';

export interface DecodedConfig {
  config: ExperimentConfig;
  preset: PresetName;
  /** One message per key that was ignored or replaced by the preset's value. Empty for a clean link. */
  messages: ConfigIssue[];
}

function formatLeaf(value: LeafValue): string {
  return String(value);
}

/**
 * The query string of a config: preset name, schema version, seed, and only the leaves (dotted paths)
 * that differ from the preset. Example: "preset=small&v=1&seed=7&model.width=96".
 */
export function encodeConfig(config: ExperimentConfig, preset: PresetName): string {
  const params = new URLSearchParams();
  params.set(PRESET_KEY, preset);
  params.set(VERSION_KEY, String(CONFIG_SCHEMA_VERSION));
  params.set('seed', formatLeaf(config.seed));
  const base = getPreset(preset);
  for (const [path, value] of flattenLeaves(config)) {
    if (path !== 'seed' && getLeaf(base, path) !== value) params.set(path, formatLeaf(value));
  }
  return params.toString();
}

/** A URL text as the type the preset holds at that path; null when it cannot be one. */
function parseLeaf(text: string, like: LeafValue): LeafValue | null {
  if (typeof like === 'number') {
    const trimmed = text.trim();
    const value = Number(trimmed);
    return trimmed === '' || !Number.isFinite(value) ? null : value;
  }
  if (typeof like === 'boolean') {
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    return null;
  }
  return text;
}

/**
 * Reads a query string (with or without '?'). Never throws: an unknown preset falls back to "default",
 * unknown keys and values that are malformed or break the schema keep the preset's value, and each of
 * these leaves a message with its key.
 */
export function decodeConfig(query: string | URLSearchParams): DecodedConfig {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^[?#]/, '')) : query;
  const messages: ConfigIssue[] = [];

  const presetText = params.get(PRESET_KEY);
  let preset = DEFAULT_PRESET;
  if (presetText !== null) {
    if (isPresetName(presetText)) preset = presetText;
    else messages.push({ path: PRESET_KEY, message: `unknown preset "${presetText}" (one of ${PRESET_NAMES.join(', ')}); used "${DEFAULT_PRESET}"` });
  }

  const versionText = params.get(VERSION_KEY);
  if (versionText !== String(CONFIG_SCHEMA_VERSION)) {
    const changes = versionText === null ? [] : changesSince(versionText);
    messages.push({
      path: VERSION_KEY,
      message:
        versionText === null
          ? `no schema version; read as version ${CONFIG_SCHEMA_VERSION}`
          : `link from schema version "${versionText}", read as version ${CONFIG_SCHEMA_VERSION}: renamed keys are ignored` +
            (changes.length > 0 ? `; changed since: ${changes.join('; ')}` : ''),
    });
  }

  const base = getPreset(preset);
  const leafTypes = new Map(flattenLeaves(base));
  const config: Record<string, unknown> = getPreset(preset);
  const overridden = new Map<string, string>();
  for (const [key, text] of params) {
    if (key === PRESET_KEY || key === VERSION_KEY) continue;
    const like = leafTypes.get(key);
    if (like === undefined) {
      messages.push({ path: key, message: 'unknown setting, ignored' });
      continue;
    }
    const value = parseLeaf(text, like);
    if (value === null) {
      messages.push({ path: key, message: `expected a ${typeof like}, got "${text}"; kept ${formatLeaf(like)}` });
      continue;
    }
    setLeaf(config, key, value);
    overridden.set(key, text);
  }

  // Values of the right type can still break the schema (ranges, enums, relations between fields): put the
  // preset's value back on the keys concerned until the whole is valid. The preset itself is valid, so this ends.
  for (;;) {
    const result = parseConfig(config);
    if (result.ok) return { config: result.config, preset, messages };
    if (overridden.size === 0) {
      // Only reachable if a preset itself were invalid (a test guards against that).
      messages.push({ path: PRESET_KEY, message: `preset "${preset}" fails validation: ${result.issues.map((issue) => issue.path).join(', ')}` });
      return { config: base, preset, messages };
    }
    for (const issue of result.issues) {
      const related = (key: string): boolean => key === issue.path || key.startsWith(`${issue.path}.`) || issue.path.startsWith(`${key}.`);
      const sameGroup = (key: string): boolean => key.split('.')[0] === issue.path.split('.')[0];
      let culprits = [...overridden.keys()].filter(related);
      if (culprits.length === 0) culprits = [...overridden.keys()].filter(sameGroup);
      if (culprits.length === 0) culprits = [...overridden.keys()];
      culprits = culprits.filter((key) => overridden.has(key)); // an earlier issue may have put it back already
      for (const key of culprits) {
        const presetValue = leafTypes.get(key) as LeafValue;
        setLeaf(config, key, presetValue);
        messages.push({ path: key, message: `${overridden.get(key)} rejected (${issue.path}: ${issue.message}); kept ${formatLeaf(presetValue)}` });
        overridden.delete(key);
      }
    }
  }
}
