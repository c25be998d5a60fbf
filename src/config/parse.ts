import { configSchema, type ExperimentConfig } from './schema';
import { schemaDescriptions } from './paths';

/** A problem with one field (or group), by dotted path. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export type ConfigParseResult = { ok: true; config: ExperimentConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates a whole config; every problem comes back with the path of the field it concerns. */
export function parseConfig(input: unknown): ConfigParseResult {
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(config)', message: issue.message })),
  };
}

let descriptions: Map<string, string> | undefined;

/** The one-line description of a field or group (the UI's hover text); undefined for an unknown path. */
export function describeConfigPath(path: string): string | undefined {
  descriptions ??= schemaDescriptions(configSchema);
  return descriptions.get(path);
}
