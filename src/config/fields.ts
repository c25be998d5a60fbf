import { z } from 'zod';
import { configSchema } from './schema';

/** What the UI needs to render one knob: its kind, bounds or options, and its hover text. */
export type ConfigField =
  | { path: string; kind: 'integer' | 'number'; description: string; min: number; max: number }
  | { path: string; kind: 'boolean'; description: string }
  | { path: string; kind: 'enum'; description: string; options: readonly string[] };

function fieldsOf(schema: z.ZodType, prefix: string): ConfigField[] {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, child]) =>
      fieldsOf(child, prefix === '' ? key : `${prefix}.${key}`),
    );
  }
  const description = schema.description ?? '';
  if (schema instanceof z.ZodNumber) {
    return [{
      path: prefix,
      kind: schema.isInt ? 'integer' : 'number',
      description,
      min: schema.minValue ?? Number.NEGATIVE_INFINITY,
      max: schema.maxValue ?? Number.POSITIVE_INFINITY,
    }];
  }
  if (schema instanceof z.ZodBoolean) return [{ path: prefix, kind: 'boolean', description }];
  if (schema instanceof z.ZodEnum) return [{ path: prefix, kind: 'enum', description, options: schema.options.map(String) }];
  throw new TypeError(`config field ${prefix} has a kind the UI cannot render`);
}

let fields: ConfigField[] | undefined;

/** Every leaf of the schema, in schema order (bounds are inclusive, except where a description says "> 0"). */
export function configFields(): readonly ConfigField[] {
  fields ??= fieldsOf(configSchema, '');
  return fields;
}
