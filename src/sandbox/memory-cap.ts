/**
 * Caps WebAssembly memory growth in this worker. Emscripten's heap grows through Memory.grow and turns
 * a failed grow into a failed malloc, which CPython reports as MemoryError: the program gets an error
 * outcome and the worker (and the page) keep their memory. Must run before Pyodide is loaded.
 */
export interface MemoryWatch {
  /** Size of the largest WebAssembly memory seen growing, in bytes (0 before any growth). */
  heapBytes(): number;
}

const PAGE_BYTES = 65536;

export function capWasmMemory(maxBytes: number): MemoryWatch {
  const originalGrow = WebAssembly.Memory.prototype.grow;
  let largest: WebAssembly.Memory | undefined;
  WebAssembly.Memory.prototype.grow = function grow(this: WebAssembly.Memory, deltaPages: number): number {
    if (this.buffer.byteLength + deltaPages * PAGE_BYTES > maxBytes) {
      throw new RangeError(`sandbox memory cap of ${maxBytes} bytes reached`);
    }
    const previous = originalGrow.call(this, deltaPages);
    if (largest === undefined || this.buffer.byteLength > largest.buffer.byteLength) largest = this;
    return previous;
  };
  return { heapBytes: () => largest?.buffer.byteLength ?? 0 };
}
