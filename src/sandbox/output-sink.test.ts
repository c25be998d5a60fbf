import { describe, expect, it } from 'vitest';
import { OutputSink } from './output-sink';
import { defaultWorkerCount, resolveLimits, DEFAULT_LIMITS } from './defaults';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('OutputSink', () => {
  it('keeps output up to the cap, then flags once and drops the rest', () => {
    let overflows = 0;
    const sink = new OutputSink(() => overflows++);
    sink.reset(5);
    expect(sink.write(bytes('abc'))).toBe(3);
    expect(sink.write(bytes('defgh'))).toBe(5); // reported consumed, so Python never retries
    sink.write(bytes('ijk'));
    expect(sink.text()).toBe('abcde');
    expect(sink.overflowed).toBe(true);
    expect(overflows).toBe(1);
    sink.reset(5);
    expect(sink.text()).toBe('');
    expect(sink.overflowed).toBe(false);
  });

  it('copies what it is handed, since Pyodide reuses the buffer', () => {
    const sink = new OutputSink(() => undefined);
    sink.reset(100);
    const shared = bytes('one');
    sink.write(shared);
    shared.set(bytes('two'));
    expect(sink.text()).toBe('one');
  });

  it('decodes UTF-8 and turns invalid bytes into U+FFFD', () => {
    const sink = new OutputSink(() => undefined);
    sink.reset(100);
    sink.write(bytes('∑ '));
    sink.write(new Uint8Array([0xff, 0x41]));
    expect(sink.text()).toBe('∑ \ufffdA');
  });

  it('appends runner text within the cap without counting as the program overflowing', () => {
    const sink = new OutputSink(() => { throw new Error('must not fire'); });
    sink.reset(4);
    sink.append('Traceback');
    expect(sink.text()).toBe('Trac');
    expect(sink.overflowed).toBe(false);
  });
});

describe('limits', () => {
  it('fills defaults and clamps nonsense to values that still terminate', () => {
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ timeoutMs: -5, maxOutputBytes: Number.NaN, recursionLimit: 3 })).toEqual({
      timeoutMs: 1, maxOutputBytes: DEFAULT_LIMITS.maxOutputBytes, recursionLimit: 10,
    });
    expect(resolveLimits({ timeoutMs: 250.7 }, { ...DEFAULT_LIMITS, maxOutputBytes: 10 })).toEqual({ ...DEFAULT_LIMITS, timeoutMs: 250, maxOutputBytes: 10 });
  });

  it('uses one worker less than the cores, at least one', () => {
    expect(defaultWorkerCount(2)).toBe(1);
    expect(defaultWorkerCount(1)).toBe(1);
    expect(defaultWorkerCount(8)).toBe(7);
  });
});
