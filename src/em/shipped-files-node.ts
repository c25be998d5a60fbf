/** The shipped files read from the repository's public/ folder: the Node host's ReadShippedFile. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { ReadShippedFile } from './shipped-warmstart';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export function readShippedFileFromDisk(publicDir = PUBLIC_DIR): ReadShippedFile {
  return async (path) => {
    try {
      return new Uint8Array(await readFile(`${publicDir.replace(/\/?$/, '/')}${path}`));
    } catch (error) {
      throw new Error(`could not read the shipped ${path} from ${publicDir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}
