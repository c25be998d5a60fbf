/**
 * The config a person edits: a preset plus per-field text drafts. Every edit re-validates the whole config
 * (configSchema), so each field carries its own message and Start stays disabled while any message stands.
 */
import { create } from 'zustand';
import { configFields, decodeConfig, type ConfigField, encodeConfig, flattenLeaves, getPreset, parseConfig, type ConfigIssue, type ExperimentConfig, type LeafValue, type PresetName } from '../config';

export type Drafts = Record<string, string>;

export interface ConfigState {
  preset: PresetName;
  /** The text in each control, by dotted path (booleans as "true"/"false"). */
  drafts: Drafts;
  /** The valid config, or null while some draft is invalid. */
  config: ExperimentConfig | null;
  /** Messages by field path (or group path). */
  issues: Record<string, string>;
  /** What the link that opened the page got wrong (kept until dismissed). */
  linkMessages: ConfigIssue[];
  setPreset(preset: PresetName): void;
  setField(path: string, text: string): void;
  loadConfig(config: ExperimentConfig, preset: PresetName): void;
  dismissLinkMessages(): void;
}

function draftsOf(config: ExperimentConfig): Drafts {
  return Object.fromEntries(flattenLeaves(config).map(([path, value]) => [path, String(value)]));
}

/** Drafts back into a config-shaped object; numbers that do not parse become messages. */
function evaluate(preset: PresetName, drafts: Drafts): Pick<ConfigState, 'config' | 'issues'> {
  const shaped: Record<string, unknown> = structuredClone(getPreset(preset));
  const issues: Record<string, string> = {};
  for (const field of configFields()) {
    const text = drafts[field.path] ?? '';
    let value: LeafValue;
    if (field.kind === 'boolean') value = text === 'true';
    else if (field.kind === 'enum') value = text;
    else {
      const trimmed = text.trim();
      const number = Number(trimmed);
      if (trimmed === '' || !Number.isFinite(number)) {
        issues[field.path] = trimmed === '' ? 'enter a number' : `"${text}" is not a number`;
        continue;
      }
      const problem = boundsProblem(field, number);
      if (problem) {
        issues[field.path] = problem;
        continue;
      }
      value = number;
    }
    setPath(shaped, field.path, value);
  }
  const result = parseConfig(shaped);
  if (!result.ok) for (const issue of result.issues) issues[issue.path] ??= issue.message;
  return { config: result.ok && Object.keys(issues).length === 0 ? result.config : null, issues };
}

/** The schema's bounds in words (the schema's own messages name no field and no range). */
function boundsProblem(field: ConfigField, value: number): string | null {
  if (field.kind !== 'integer' && field.kind !== 'number') return null;
  if (field.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
  if (value < field.min || value > field.max) return `must be between ${field.min} and ${field.max}`;
  return null;
}

function setPath(target: Record<string, unknown>, path: string, value: LeafValue): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/** The page's query without the keys that are not config (autorun). */
export function configQuery(search: string): URLSearchParams {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  params.delete('autorun');
  return params;
}

export const INITIAL_PRESET: PresetName = 'small';

function initialState(): Pick<ConfigState, 'preset' | 'drafts' | 'config' | 'issues' | 'linkMessages'> {
  const params = typeof location === 'undefined' ? new URLSearchParams() : configQuery(location.search);
  if ([...params.keys()].length === 0) {
    const config = getPreset(INITIAL_PRESET);
    return { preset: INITIAL_PRESET, drafts: draftsOf(config), config, issues: {}, linkMessages: [] };
  }
  const decoded = decodeConfig(params);
  const drafts = draftsOf(decoded.config);
  return { preset: decoded.preset, drafts, ...evaluate(decoded.preset, drafts), linkMessages: decoded.messages };
}

export const useConfigStore = create<ConfigState>((set, get) => ({
  ...initialState(),
  setPreset(preset) {
    const config = getPreset(preset);
    set({ preset, drafts: draftsOf(config), config, issues: {} });
  },
  setField(path, text) {
    const drafts = { ...get().drafts, [path]: text };
    set({ drafts, ...evaluate(get().preset, drafts) });
  },
  loadConfig(config, preset) {
    const drafts = draftsOf(config);
    set({ preset, drafts, ...evaluate(preset, drafts) });
  },
  dismissLinkMessages() {
    set({ linkMessages: [] });
  },
}));

/** The shareable link of the current config (null while invalid). */
export function configLink(state: Pick<ConfigState, 'config' | 'preset'>, autorun = false): string | null {
  if (!state.config) return null;
  const query = encodeConfig(state.config, state.preset) + (autorun ? '&autorun=1' : '');
  return `${location.origin}${location.pathname}?${query}`;
}
