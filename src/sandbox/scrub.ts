/**
 * Names in a worker's global scope that reach the network or other contexts. They are shadowed by
 * `undefined` once Pyodide is loaded, so that code which escapes Python's guards still finds no route out.
 */
export const NETWORK_GLOBALS = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts',
  'Worker', 'SharedWorker', 'BroadcastChannel', 'indexedDB', 'caches', 'postMessage', 'close',
] as const;

export function shadowGlobals(names: readonly string[]): void {
  for (const name of names) {
    try {
      Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
    } catch {
      // A non-configurable own property that cannot be replaced: nothing more to do from script.
    }
  }
}
