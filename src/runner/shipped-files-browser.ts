/** The shipped files fetched from the site (public/ is served at the app's base URL): the browser's ReadShippedFile. */
import type { ReadShippedFile } from '../em/shipped-warmstart';

export const fetchShippedFile: ReadShippedFile = async (path) => {
  const url = new URL(`${import.meta.env.BASE_URL}${path}`, self.location.href);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`could not fetch the shipped ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`could not fetch the shipped ${path}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
};
