/**
 * Loading the warm start shipped with the app (public/warmstart/): its metadata, then its parameters, each
 * checked (schema, hash, model, world version) before an experiment may use them. Hosts differ only in how
 * they read a file: fetch in the browser, the file system in Node.
 */
import { parseWarmStartMetadata, verifyWarmStart, WarmStartMetadataError, type WarmStartMetadata } from './warmstart-artifact';

/** Paths relative to the site root (public/ in the repository). */
export const SHIPPED_WARM_START_PATHS = { checkpoint: 'warmstart/warmstart.safetensors', metadata: 'warmstart/warmstart.json' } as const;

export interface ShippedWarmStart {
  bytes: Uint8Array;
  metadata: WarmStartMetadata;
}

/** Reads a shipped file's bytes, or rejects with a message naming what could not be read. */
export type ReadShippedFile = (path: string) => Promise<Uint8Array>;

/** What a run records about where its warm start came from (a demo link's run names the exact checkpoint). */
export type WarmStartOrigin =
  | { source: 'scratch' }
  | { source: 'shipped'; sha256: string; command: string; adapter: string; wallSeconds: number };

export async function readShippedMetadata(read: ReadShippedFile): Promise<WarmStartMetadata> {
  const text = new TextDecoder().decode(await read(SHIPPED_WARM_START_PATHS.metadata));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WarmStartMetadataError(`${SHIPPED_WARM_START_PATHS.metadata} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseWarmStartMetadata(json);
}

/** The shipped checkpoint, verified against its metadata and the world this code generates. */
export async function loadShippedWarmStart(read: ReadShippedFile): Promise<ShippedWarmStart> {
  const metadata = await readShippedMetadata(read);
  const bytes = await read(SHIPPED_WARM_START_PATHS.checkpoint);
  await verifyWarmStart(bytes, metadata);
  return { bytes, metadata };
}

export function originOf(metadata: WarmStartMetadata): WarmStartOrigin {
  return { source: 'shipped', sha256: metadata.sha256, command: metadata.command, adapter: metadata.adapter, wallSeconds: metadata.wallSeconds };
}
