import { describe, expect, it } from 'vitest';
import { UsageError, formatLine, parseArgs } from './sandbox';

describe('sandbox CLI arguments', () => {
  it('reads options, in both spellings, and files', () => {
    expect(parseArgs(['--timeout-ms', '500', '--json', 'a.py', '--max-output-bytes=64', 'b.py', '--workers', '2'])).toEqual({
      files: ['a.py', 'b.py'], json: true, limits: { timeoutMs: 500, maxOutputBytes: 64 }, workers: 2,
    });
  });

  it.each([
    [['--timeout-ms'], '--timeout-ms needs a value'],
    [['--timeout-ms', 'a.py'], 'must be a positive integer'],
    [['--timeout-ms', '0', 'a.py'], 'must be a positive integer'],
    [['--timeout-ms', '--json', 'a.py'], 'needs a value'],
    [['--fast', 'a.py'], 'unknown option --fast'],
    [['--json'], 'no Python files given'],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it('prints one line per outcome with the status, the error and the output', () => {
    const line = formatLine('x.py', {
      id: 'x.py', status: 'error', stdout: 'hi\n', stderr: '', truncated: false, durationMs: 3.2,
      error: { type: 'ZeroDivisionError', message: 'division by zero', line: 2 },
    });
    expect(line).toBe('x.py: error in 3 ms ZeroDivisionError line 2: division by zero stdout="hi\\n"');
    expect(line).not.toContain('\n');
  });
});
