/** The config knobs in the groups the form shows, each group split into its plain fields and per-family tables. */
import { configFields, describeConfigPath, type ConfigField } from '../../config';

export interface FieldGroup {
  key: string;
  title: string;
  description: string;
  fields: ConfigField[];
  /** Per-family sub-groups (world.families.*, warmStart.mixture.*), by family. */
  families: Array<{ family: string; fields: ConfigField[] }>;
  familiesPath: string | null;
}

const TITLES: Record<string, string> = {
  run: 'Run',
  world: 'World',
  model: 'Model',
  warmStart: 'Warm start',
  eStep: 'E-step',
  mStep: 'M-step',
  arms: 'Arms',
  sandbox: 'Sandbox',
};

const FAMILY_PATHS = ['world.families', 'warmStart.mixture'];

export function fieldGroups(): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  for (const field of configFields()) {
    const top = field.path.includes('.') ? field.path.split('.')[0] : 'run';
    let group = groups.get(top);
    if (!group) {
      group = { key: top, title: TITLES[top] ?? top, description: top === 'run' ? 'Seeds and length of the run' : (describeConfigPath(top) ?? ''), fields: [], families: [], familiesPath: null };
      groups.set(top, group);
    }
    const familiesPath = FAMILY_PATHS.find((prefix) => field.path.startsWith(`${prefix}.`));
    if (!familiesPath) {
      group.fields.push(field);
      continue;
    }
    group.familiesPath = familiesPath;
    const family = field.path.slice(familiesPath.length + 1).split('.')[0];
    let entry = group.families.find((f) => f.family === family);
    if (!entry) {
      entry = { family, fields: [] };
      group.families.push(entry);
    }
    entry.fields.push(field);
  }
  return [...groups.values()];
}

/** The last segment of a path, as the control's visible label. */
export const fieldLabel = (path: string): string => path.split('.').at(-1) ?? path;
