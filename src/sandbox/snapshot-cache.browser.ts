/**
 * Pyodide's memory snapshot, kept in the page's Cache Storage between visits, so that a reload starts
 * its workers in about a second instead of several. Keyed by Pyodide's version and what the snapshot
 * imports. Any failure (no Cache Storage, quota, a rejected snapshot) only costs time.
 */
import pyodidePackage from 'pyodide/package.json';
import { SNAPSHOT_IMPORTS } from './defaults';

const CACHE_NAME = 'autocode-sandbox';

async function entryUrl(): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${pyodidePackage.version}\n${SNAPSHOT_IMPORTS}`));
  const key = Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  return new URL(`/__sandbox-snapshot/pyodide-${pyodidePackage.version}-${key}`, self.location.origin).href;
}

function available(): boolean {
  return typeof caches !== 'undefined' && typeof crypto !== 'undefined' && crypto.subtle !== undefined;
}

export async function readSnapshot(): Promise<Uint8Array | undefined> {
  if (!available()) return undefined;
  try {
    const response = await (await caches.open(CACHE_NAME)).match(await entryUrl());
    return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
  } catch {
    return undefined;
  }
}

export function writeSnapshot(data: Uint8Array): void {
  if (!available()) return;
  void (async () => {
    const cache = await caches.open(CACHE_NAME);
    await cache.put(await entryUrl(), new Response(new Blob([data as BlobPart]), { headers: { 'Content-Type': 'application/octet-stream' } }));
  })().catch(() => undefined);
}

export function dropSnapshot(): void {
  if (!available()) return;
  void (async () => (await caches.open(CACHE_NAME)).delete(await entryUrl()))().catch(() => undefined);
}
