/** One captured stream of a run (stdout or stderr): bytes up to a cap, then a flag and silence. */
export class OutputSink {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private cap = 0;
  overflowed = false;

  /** `onOverflow` fires once per run, when the first byte past the cap arrives. */
  constructor(private readonly onOverflow: () => void) {}

  reset(capBytes: number): void {
    this.chunks = [];
    this.bytes = 0;
    this.cap = capBytes;
    this.overflowed = false;
  }

  /** Pyodide's writer contract: the number of bytes consumed. All are reported consumed, so Python never retries. */
  write(data: Uint8Array): number {
    const room = this.cap - this.bytes;
    if (data.length > room) {
      if (room > 0) this.keep(data.subarray(0, room));
      if (!this.overflowed) {
        this.overflowed = true;
        this.onOverflow();
      }
    } else {
      this.keep(data);
    }
    return data.length;
  }

  /** Text the runner adds after the program (a traceback): capped like the rest, but never an overflow of the program's. */
  append(text: string): void {
    const data = new TextEncoder().encode(text);
    const room = this.cap - this.bytes;
    this.keep(data.length > room ? data.subarray(0, Math.max(0, room)) : data);
  }

  text(): string {
    const joined = new Uint8Array(this.bytes);
    let offset = 0;
    for (const chunk of this.chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    // Binary output is not an error: invalid UTF-8 becomes U+FFFD.
    return new TextDecoder('utf-8', { fatal: false }).decode(joined);
  }

  private keep(data: Uint8Array): void {
    if (data.length === 0) return;
    // Pyodide hands a view into wasm memory that the next write reuses: copy.
    this.chunks.push(data.slice());
    this.bytes += data.length;
  }
}
