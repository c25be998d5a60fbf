import { z } from 'zod';

/** A leaf value of the config: what the URL and the UI edit one at a time. */
export type LeafValue = number | boolean | string;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf of a config-shaped object as [dotted path, value], in key order. */
export function flattenLeaves(value: unknown, prefix = ''): [string, LeafValue][] {
  if (!isRecord(value)) return [];
  const leaves: [string, LeafValue][] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isRecord(child)) leaves.push(...flattenLeaves(child, path));
    else if (typeof child === 'number' || typeof child === 'boolean' || typeof child === 'string') leaves.push([path, child]);
  }
  return leaves;
}

/**
 * Leaves where two config-shaped objects differ, within the given sections (a dotted path and what is under it),
 * as [path, a's value, b's value]; a leaf only one side has shows undefined on the other.
 */
export function leafDifferences(a: unknown, b: unknown, sections: readonly string[]): Array<[string, LeafValue | undefined, LeafValue | undefined]> {
  const within = ([path]: [string, LeafValue]): boolean => sections.some((section) => path === section || path.startsWith(`${section}.`));
  const ours = new Map(flattenLeaves(a).filter(within));
  const theirs = new Map(flattenLeaves(b).filter(within));
  const paths = new Set([...ours.keys(), ...theirs.keys()]);
  return [...paths].filter((path) => ours.get(path) !== theirs.get(path)).map((path) => [path, ours.get(path), theirs.get(path)]);
}

export function getLeaf(value: unknown, path: string): unknown {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets a leaf in place; the groups on the way must exist. */
export function setLeaf(value: Record<string, unknown>, path: string, leaf: LeafValue): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = value;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    if (!isRecord(child)) throw new RangeError(`no group ${key} on the way to ${path}`);
    node = child;
  }
  node[keys[keys.length - 1]] = leaf;
}

/** The description of every group and field of an object schema, by dotted path ('' for the root). */
export function schemaDescriptions(schema: z.ZodType, prefix = ''): Map<string, string> {
  const descriptions = new Map<string, string>();
  if (schema.description !== undefined) descriptions.set(prefix, schema.description);
  if (schema instanceof z.ZodObject) {
    for (const [key, child] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      for (const [childPath, text] of schemaDescriptions(child, path)) descriptions.set(childPath, text);
    }
  }
  return descriptions;
}
