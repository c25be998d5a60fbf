/**
 * The adversarial corpus: programs a model may write by accident (or on purpose), each with the outcome
 * the sandbox must give. Used by the Node unit tests and the browser e2e tests alike. Cases run in
 * order on one pool; a case marked `after` reads what the named earlier case tried to leave behind.
 */
import type { RunLimits, RunOutcome, RunStatus } from './types';

export interface CorpusExpectation {
  status: RunStatus;
  errorType?: string;
  line?: number;
  stdout?: string;
  stdoutIncludes?: string;
  stderrIncludes?: string;
  messageIncludes?: string;
  truncated?: boolean;
  /** Exact length of stdout in characters (for capped floods of one-byte characters). */
  stdoutLength?: number;
}

export interface CorpusCase {
  name: string;
  code: string;
  limits?: RunLimits;
  /** The case whose leftovers this one probes (it must run after it, on the same pool). */
  after?: string;
  expect: CorpusExpectation;
}

/**
 * Swallows every interrupt. Two levels, because a single `while True: try/except` loop has one check
 * point outside its `try` (the outer loop's jump), where a repeated interrupt lands about once in 10^4
 * times and ends the program as a plain timeout. Here an escape needs two such hits in a row.
 */
export const SWALLOWS_INTERRUPTS = [
  'def swallow():',
  '    while True:',
  '        try:',
  '            while True:',
  '                pass',
  '        except:',
  '            pass',
  'while True:',
  '    try:',
  '        swallow()',
  '    except:',
  '        pass',
].join('\n');

/** Short deadlines keep the suite fast; 500 ms is still far above any honest case here (a few ms). */
const SHORT: RunLimits = { timeoutMs: 500 };

const lines = (...source: string[]): string => source.join('\n');

export const CORPUS: readonly CorpusCase[] = [
  // Ordinary programs: the sandbox must not get in their way.
  { name: 'arithmetic', code: 'print(6*7)', expect: { status: 'ok', stdout: '42\n' } },
  {
    name: 'standard library',
    code: lines(
      'import math, fractions, decimal, itertools, functools, re, collections, statistics',
      'print(math.comb(10, 3), fractions.Fraction(1, 3) + fractions.Fraction(1, 6))',
      'print(decimal.Decimal(1) / decimal.Decimal(8), sum(itertools.islice(itertools.count(1), 10)))',
      'print(functools.reduce(lambda a, b: a * b, range(1, 6)), re.findall(r"\\d+", "a1b22c333"))',
      'print(collections.Counter("abca").most_common(1), statistics.median([3, 1, 2]))',
    ),
    expect: { status: 'ok', stdout: "120 1/2\n0.125 55\n120 ['1', '22', '333']\n[('a', 2)] 2\n" },
  },
  { name: 'unicode output', code: 'print("héllo ∑ 🙂 日本")', expect: { status: 'ok', stdout: 'héllo ∑ 🙂 日本\n' } },
  {
    name: 'binary output',
    code: 'import sys\nsys.stdout.buffer.write(bytes(range(256)))\nsys.stdout.flush()',
    expect: { status: 'ok', stdoutIncludes: '\ufffd' },
  },

  // Broken programs: an error with the right type and line.
  { name: 'syntax error', code: lines('print(1)', 'if True', '    print(2)'), expect: { status: 'error', errorType: 'SyntaxError', line: 2 } },
  { name: 'indentation error', code: lines('x = 1', '  y = 2'), expect: { status: 'error', errorType: 'IndentationError', line: 2 } },
  { name: 'runtime error line', code: lines('a = 1', 'b = 2', 'c = a / (b - 2)'), expect: { status: 'error', errorType: 'ZeroDivisionError', line: 3 } },
  {
    name: 'error inside a function',
    code: lines('def f(xs):', '    return xs[5]', '', 'print("before")', 'f([1, 2])'),
    expect: { status: 'error', errorType: 'IndexError', line: 2, stdout: 'before\n', stderrIncludes: 'IndexError' },
  },
  { name: 'name error', code: 'print(undefined_name)', expect: { status: 'error', errorType: 'NameError', line: 1 } },
  { name: 'integer too long to print', code: 'print(2 ** 100000)', expect: { status: 'error', errorType: 'ValueError', line: 1 } },
  { name: 'input has no stdin', code: 'x = input()', expect: { status: 'error', line: 1 } },
  {
    name: 'package from the index, offline',
    code: 'import sympy\nprint(sympy.factorint(360))',
    expect: { status: 'error', errorType: 'ModuleNotFoundError', line: 1, messageIncludes: 'Pyodide package' },
  },

  // Time: interrupted at the deadline, or killed when the interrupt is swallowed or never checked.
  { name: 'infinite loop', code: 'while True:\n    pass', limits: SHORT, expect: { status: 'timeout', line: 2 } },
  { name: 'busy counter', code: 'i = 0\nwhile True:\n    i += 1', limits: SHORT, expect: { status: 'timeout' } },
  { name: 'long sleep', code: 'import time\ntime.sleep(30)', limits: SHORT, expect: { status: 'timeout' } },
  {
    name: 'catches the interrupt, then ends',
    code: lines('try:', '    while True:', '        pass', 'except KeyboardInterrupt:', '    print("caught")'),
    limits: SHORT,
    expect: { status: 'timeout', stdout: 'caught\n' },
  },
  {
    name: 'bare except swallows every interrupt',
    code: SWALLOWS_INTERRUPTS,
    limits: SHORT,
    expect: { status: 'killed', errorType: 'Timeout' },
  },
  {
    name: 'ignores SIGINT, then loops',
    code: 'import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass',
    limits: SHORT,
    expect: { status: 'killed', errorType: 'Timeout' },
  },
  {
    name: 'finally keeps looping',
    code: lines('def spin():', '    try:', '        while True: pass', '    finally:', '        spin()', 'spin()'),
    limits: SHORT,
    expect: { status: 'killed', errorType: 'Timeout' },
  },
  { name: 'huge integer power', code: 'x = 7 ** (10 ** 9)\nprint(x % 10)', limits: SHORT, expect: { status: 'timeout', line: 1 } },
  {
    name: 'a C loop that never checks for the interrupt',
    code: 'print(sum(range(10 ** 13)))',
    limits: SHORT,
    expect: { status: 'killed', errorType: 'Timeout' },
  },

  // Recursion and memory.
  { name: 'deep recursion', code: 'def f(n):\n    return f(n + 1)\nf(0)', expect: { status: 'error', errorType: 'RecursionError', line: 2 } },
  {
    name: 'raises the recursion limit first',
    code: lines('import sys', 'sys.setrecursionlimit(10 ** 7)', 'def f(n):', '    return f(n + 1) + 1', 'f(0)'),
    expect: { status: 'error', errorType: 'RecursionError', line: 4 },
  },
  {
    // Freeing it overflows the WebAssembly call stack: the interpreter dies, and only this run with it.
    name: 'crashes the interpreter with a deeply nested structure',
    code: lines('x = []', 'for _ in range(100_000):', '    x = [x]', 'print("built")'),
    expect: { status: 'killed', errorType: 'WorkerCrash' },
  },
  { name: 'one huge allocation', code: 'x = bytearray(2 * 10 ** 9)', expect: { status: 'error', errorType: 'MemoryError', line: 1 } },
  {
    name: 'memory exhausted step by step',
    code: lines('chunks = []', 'while True:', '    chunks.append(bytearray(10 ** 7))'),
    // Filling the 512 MiB cap takes about a second alone; a busy 2-core machine can take several.
    limits: { timeoutMs: 15_000 },
    expect: { status: 'error', errorType: 'MemoryError', line: 3 },
  },

  // Output floods.
  { name: 'stdout flood', code: 'while True:\n    print("x" * 99)', expect: { status: 'output-limit', truncated: true, stdoutLength: 8192 } },
  { name: 'one enormous print', code: 'print("z" * 10 ** 7)', expect: { status: 'output-limit', truncated: true, stdoutLength: 8192 } },
  { name: 'stderr flood', code: 'import sys\nwhile True:\n    sys.stderr.write("e" * 100)', expect: { status: 'output-limit', truncated: true } },
  {
    name: 'small cap from the limits',
    code: 'for i in range(100):\n    print(i)',
    limits: { maxOutputBytes: 20 },
    expect: { status: 'output-limit', truncated: true, stdout: '0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n' },
  },

  // Escape routes: no JavaScript, no Pyodide internals, no network.
  { name: 'import js', code: 'import js\nprint(js.fetch)', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'import pyodide_js', code: 'import pyodide_js\nprint(pyodide_js.version)', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'pyodide.http', code: 'from pyodide.http import pyfetch', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'pyodide.code.run_js', code: 'import pyodide.code\npyodide.code.run_js("1")', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'pyodide core module', code: 'import _pyodide_core', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'js through sys.modules', code: 'import sys\nprint(sys.modules["js"])', expect: { status: 'error', errorType: 'KeyError', line: 2 } },
  { name: 'js through importlib', code: 'import importlib\nimportlib.import_module("js")', expect: { status: 'error', errorType: 'ImportError', line: 2 } },
  {
    name: 'pyodide through importlib',
    code: 'import importlib\ncode = importlib.import_module("pyodide.code")\ncode.run_js("1")',
    expect: { status: 'error', errorType: 'ImportError', line: 2 },
  },
  { name: 'micropip', code: 'import micropip', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  { name: 'ctypes', code: 'import ctypes', expect: { status: 'error', errorType: 'ImportError', line: 1 } },
  {
    name: 'urllib',
    code: 'import urllib.request\nprint(urllib.request.urlopen("http://example.com", timeout=1).read())',
    // Importing urllib.request pulls in http and email: seconds on a busy machine, and not the point here.
    limits: { timeoutMs: 15_000 },
    expect: { status: 'error', line: 2 },
  },
  {
    name: 'raw socket',
    code: 'import socket\ns = socket.create_connection(("example.com", 80), timeout=1)\nprint("connected")',
    expect: { status: 'error', line: 2 },
  },
  {
    name: 'hunts for a JavaScript proxy through the garbage collector',
    code: lines(
      'import gc',
      'proxies = [o for o in gc.get_objects() if type(o).__name__ == "JsProxy"]',
      'for p in proxies:',
      '    try:',
      '        scope = p.constructor.constructor("return globalThis")()',
      '        if scope.fetch is not None:',
      '            print("network reachable")',
      '    except Exception:',
      '        pass',
      'raise RuntimeError("no route to the network")',
    ),
    expect: { status: 'error', errorType: 'RuntimeError', messageIncludes: 'no route' },
  },

  // Ways to stop the worker from answering: each still gets an outcome.
  { name: 'sys.exit(0)', code: 'print("bye")\nimport sys\nsys.exit(0)\nprint("not here")', expect: { status: 'ok', stdout: 'bye\n' } },
  { name: 'sys.exit(3)', code: 'import sys\nsys.exit(3)', expect: { status: 'error', errorType: 'SystemExit', line: 2 } },
  { name: 'raise SystemExit', code: 'raise SystemExit', expect: { status: 'ok', stdout: '' } },
  { name: 'os._exit', code: 'import os\nos._exit(1)', expect: { status: 'error', errorType: 'SystemExit' } },
  { name: 'os.abort', code: 'import os\nos.abort()', expect: { status: 'error', errorType: 'SystemExit' } },

  // Nothing crosses from one run to the next.
  { name: 'sets a variable', code: 'secret = 42\nprint(secret)', expect: { status: 'ok', stdout: '42\n' } },
  { name: 'reads the previous run\'s variable', after: 'sets a variable', code: 'print(secret)', expect: { status: 'error', errorType: 'NameError', line: 1 } },
  { name: 'writes a file', code: 'open("note.txt", "w").write("hi")\nprint(open("note.txt").read())', expect: { status: 'ok', stdout: 'hi\n' } },
  { name: 'reads the previous run\'s file', after: 'writes a file', code: 'print(open("note.txt").read())', expect: { status: 'error', errorType: 'FileNotFoundError', line: 1 } },
  { name: 'writes to /tmp', code: 'open("/tmp/left.txt", "w").write("x")', expect: { status: 'ok' } },
  { name: 'reads the previous run\'s /tmp', after: 'writes to /tmp', code: 'import os\nprint(os.listdir("/tmp"))', expect: { status: 'ok', stdout: '[]\n' } },
  { name: 'writes outside the scratch space', code: 'open("/lib/evil.py", "w").write("x = 1")', expect: { status: 'error', errorType: 'PermissionError', line: 1 } },
  { name: 'replaces print', code: 'import builtins\nbuiltins.print = None\nbuiltins.leak = 1', expect: { status: 'ok' } },
  { name: 'print still works', after: 'replaces print', code: 'print("still here", "leak" in dir(__builtins__))', expect: { status: 'ok', stdout: 'still here False\n' } },
  { name: 'changes math.pi', code: 'import math\nmath.pi = 3', expect: { status: 'ok' } },
  { name: 'math.pi is back', after: 'changes math.pi', code: 'import math\nprint(math.pi)', expect: { status: 'ok', stdout: '3.141592653589793\n' } },
  { name: 'shrinks the decimal context', code: 'import decimal\ndecimal.getcontext().prec = 3', expect: { status: 'ok' } },
  {
    name: 'decimal context is back',
    after: 'shrinks the decimal context',
    code: 'from decimal import Decimal\nprint(Decimal(1) / Decimal(7))',
    expect: { status: 'ok', stdout: '0.1428571428571428571428571429\n' },
  },
  {
    name: 'ignores the interrupt signal',
    code: 'import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nprint("ignoring")',
    expect: { status: 'ok', stdout: 'ignoring\n' },
  },
  {
    name: 'the next loop is interruptible again',
    after: 'ignores the interrupt signal',
    code: 'while True:\n    pass',
    limits: SHORT,
    expect: { status: 'timeout' },
  },
  { name: 'redirects stdout', code: 'import sys, io\nsys.stdout = io.StringIO()', expect: { status: 'ok' } },
  { name: 'stdout is back', after: 'redirects stdout', code: 'print("visible")', expect: { status: 'ok', stdout: 'visible\n' } },
];

/** What is wrong with an outcome for a case; empty when it is as expected. */
export function checkOutcome(testCase: CorpusCase, outcome: RunOutcome): string[] {
  const want = testCase.expect;
  const problems: string[] = [];
  const differ = (what: string, expected: unknown, actual: unknown): void => {
    if (expected !== undefined && expected !== actual) problems.push(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  };
  differ('status', want.status, outcome.status);
  differ('error type', want.errorType, outcome.error?.type);
  differ('line', want.line, outcome.error?.line);
  differ('stdout', want.stdout, outcome.stdout);
  differ('truncated', want.truncated, outcome.truncated);
  differ('stdout length', want.stdoutLength, outcome.stdout.length);
  if (want.stdoutIncludes !== undefined && !outcome.stdout.includes(want.stdoutIncludes)) problems.push(`stdout lacks ${JSON.stringify(want.stdoutIncludes)}`);
  if (want.stderrIncludes !== undefined && !outcome.stderr.includes(want.stderrIncludes)) problems.push(`stderr lacks ${JSON.stringify(want.stderrIncludes)}`);
  if (want.messageIncludes !== undefined && !(outcome.error?.message ?? '').includes(want.messageIncludes)) {
    problems.push(`error message lacks ${JSON.stringify(want.messageIncludes)}: ${JSON.stringify(outcome.error?.message)}`);
  }
  if (want.status !== 'ok' && outcome.error === undefined) problems.push('no error description');
  if (outcome.stdout.includes('network reachable')) problems.push('a program reached the network');
  return problems;
}

/** A program every worker must answer right once the corpus is through (the pool healed). */
export const HEALTH_CHECK = { code: 'import time\ntime.sleep(0.3)\nprint(sum(i * i for i in range(10)))', stdout: '285\n' };
