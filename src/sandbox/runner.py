# The Python half of a sandbox worker: runs one program at a time in fresh globals and
# undoes what a run may leave behind. Loaded once per worker; the JavaScript half
# (worker-core.ts) calls `sandbox_run` and `sandbox_cleanup` and captures stdout/stderr at
# the file-descriptor level.
#
# These guards stop programs that are hostile by accident (`import js`, `sys.exit()`, a file
# left for the next run). They are not a security boundary against a determined attacker:
# CPython cannot sandbox itself. The boundary is the worker (see docs/sandbox.md).
import builtins
import decimal
import os
import shutil
import signal
import sys
import types

# Modules that lead to the JavaScript side, to Pyodide's internals, or to raw memory.
_BLOCKED_ROOTS = frozenset(
    {"js", "pyodide_js", "pyodide", "_pyodide", "_pyodide_core", "micropip", "pyodide_http", "ctypes", "_ctypes"}
)
# Pyodide packages that are not in the standard library: an import gets a clear message.
_INDEX_PACKAGES = frozenset(
    {"sympy", "numpy", "mpmath", "scipy", "pandas", "networkx", "matplotlib", "sklearn", "regex", "pytz"}
)
# Events that change the file system: allowed only inside the run's scratch directories.
_FS_EVENTS = frozenset(
    {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.truncate",
     "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.copyfile", "shutil.move", "shutil.copytree"}
)
_SOCKET_EVENTS = frozenset(
    {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
     "socket.gethostbyaddr", "socket.sendto", "socket.sethostname"}
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

PROGRAM_FILENAME = "<program>"
RUNNER_FILENAME = "<sandbox-runner>"
RUN_DIR = "/sandbox/run"
TMP_DIR = "/tmp"
HOME_DIR = os.environ.get("HOME", "/home/pyodide")
_SCRATCH = (RUN_DIR, TMP_DIR, HOME_DIR)

# Commonly used modules are imported once, so a run does not pay for them and their state
# can be restored after each run.
import bisect, cmath, collections, datetime, fractions, functools, heapq, itertools, json  # noqa: E401,E402
import math, numbers, operator, random, re, statistics, string, textwrap, time, traceback, typing  # noqa: E401,E402

_real_sleep = time.sleep


def _interruptible_sleep(seconds):
    # Pyodide's own sleep blocks in one call that the interrupt cannot reach: sleep in short slices.
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    end = time.monotonic() + seconds
    while (left := end - time.monotonic()) > 0:
        _real_sleep(min(left, 0.01))


time.sleep = _interruptible_sleep

_RESTORED_MODULES = (builtins, time, math, cmath, itertools, functools, fractions, decimal, re, collections,
                     statistics, random, operator, string, heapq, bisect, numbers, json, datetime)


class _State:
    active = False
    recursion_cap = 1000


_state = _State()
_module_snapshots = [(m.__dict__, dict(m.__dict__)) for m in _RESTORED_MODULES]
_sys_snapshot = {
    "stdout": sys.stdout, "stderr": sys.stderr, "stdin": sys.stdin,
    "path": list(sys.path), "meta_path": list(sys.meta_path), "path_hooks": list(sys.path_hooks),
    "excepthook": sys.excepthook, "displayhook": sys.displayhook,
    "int_max_str_digits": sys.get_int_max_str_digits(),
}
_environ_snapshot = dict(os.environ)
_decimal_context = decimal.getcontext().copy()
_real_setrecursionlimit = sys.setrecursionlimit
_real_exit = os._exit


def _inside_scratch(path) -> bool:
    if isinstance(path, int):
        return True  # an already-open descriptor: checked when it was opened
    try:
        resolved = os.path.realpath(os.fsdecode(os.fspath(path)))
    except (TypeError, ValueError):
        return False
    return any(resolved == root or resolved.startswith(root + "/") for root in _SCRATCH)


def _refuse_import(name):
    root = name.partition(".")[0]
    if root in _BLOCKED_ROOTS:
        raise ImportError(f"module '{name}' is not available in the sandbox", name=name)
    if root in _INDEX_PACKAGES:
        raise ModuleNotFoundError(
            f"No module named '{root}': it is a Pyodide package, not part of the standard library, "
            "and this sandbox runs offline with the standard library only", name=root)


class _BlockingFinder:
    """First on sys.meta_path: importlib.import_module does not raise the 'import' audit event."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if _state.active:
            _refuse_import(name)
        return None


def _audit(event, args):
    if not _state.active:
        return
    if event == "import":
        _refuse_import(args[0])
    elif event in _SOCKET_EVENTS:
        # Pyodide's socket layer can reach WebSockets (and, in Node, real connections).
        raise PermissionError("the sandbox has no network")
    elif event == "open":
        path, mode, flags = args
        writes = (mode is not None and any(c in mode for c in "wax+")) or (mode is None and flags & _WRITE_FLAGS)
        if writes and not _inside_scratch(path):
            raise PermissionError(f"the sandbox only writes files under {RUN_DIR} and {TMP_DIR}")
    elif event in _FS_EVENTS:
        for arg in args[:2]:
            if isinstance(arg, (str, bytes, os.PathLike)) and not _inside_scratch(arg):
                raise PermissionError(f"the sandbox only changes files under {RUN_DIR} and {TMP_DIR}")


sys.addaudithook(_audit)

# Leave no handle to the JavaScript side or to Pyodide's Python internals in sys.modules:
# the audit hook refuses to import them again while a program runs.
for _name in list(sys.modules):
    if _name.partition(".")[0] in _BLOCKED_ROOTS:
        del sys.modules[_name]
sys.meta_path[:] = [_BlockingFinder] + [f for f in sys.meta_path if "pyodide" not in type(f).__module__.lower()]
_sys_snapshot["meta_path"] = list(sys.meta_path)


def _exit_instead(status=0):
    raise SystemExit(status)


def _abort_instead():
    raise SystemExit("os.abort() called")


def _capped_setrecursionlimit(limit):
    # A program may lower the limit, or raise it up to the run's cap, never beyond.
    _real_setrecursionlimit(min(int(limit), _state.recursion_cap))


def _error_line(tb):
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == PROGRAM_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _program_traceback(error):
    # As `python program.py` would print it: the program's frames and the library's, not the sandbox's.
    report = traceback.TracebackException.from_exception(error)
    frames = [frame for frame in report.stack if frame.filename != RUNNER_FILENAME]
    while frames and frames[0].filename != PROGRAM_FILENAME:
        frames.pop(0)
    report.stack = traceback.StackSummary.from_list(frames)
    return "".join(report.format())


def _restore_state():
    for live, snapshot in _module_snapshots:
        if live != snapshot:
            for key in [k for k in live if k not in snapshot]:
                del live[key]
            live.update(snapshot)
    for name in ("stdout", "stderr", "stdin", "excepthook", "displayhook"):
        setattr(sys, name, _sys_snapshot[name])
    for name in ("stdout", "stderr", "stdin"):
        setattr(sys, f"__{name}__", _sys_snapshot[name])
    sys.path[:] = _sys_snapshot["path"]
    sys.meta_path[:] = _sys_snapshot["meta_path"]
    sys.path_hooks[:] = _sys_snapshot["path_hooks"]
    sys.path_importer_cache.clear()
    sys.set_int_max_str_digits(_sys_snapshot["int_max_str_digits"])
    sys.settrace(None)
    sys.setprofile(None)
    # A program may ignore SIGINT for itself (and be killed for it), never for the runs after it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.setrecursionlimit = _capped_setrecursionlimit
    os._exit = _exit_instead
    os.abort = _abort_instead
    if os.environ != _environ_snapshot:
        os.environ.clear()
        os.environ.update(_environ_snapshot)
    decimal.setcontext(_decimal_context.copy())
    # Modules a program imported from its own files (or built by hand) go with it.
    for name, module in list(sys.modules.items()):
        if name not in _baseline_modules and not _is_library_module(module):
            del sys.modules[name]


def _is_library_module(module) -> bool:
    spec = getattr(module, "__spec__", None)
    origin = getattr(spec, "origin", None) if spec is not None else None
    return isinstance(origin, str) and (origin.startswith("/lib/") or origin in ("built-in", "frozen"))


def _wipe_scratch():
    for root in _SCRATCH:
        os.makedirs(root, exist_ok=True)
        for entry in os.listdir(root):
            if root == HOME_DIR and entry in _home_baseline:
                continue
            path = os.path.join(root, entry)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.remove(path)
                except OSError:
                    pass


def sandbox_cleanup():
    """Undo what the last run changed. Safe to call twice; an interrupt that lands here is retried."""
    for _ in range(5):
        try:
            _state.active = False
            # The program's objects die now, so that a crash while freeing them (a structure nested
            # too deep) is charged to this run and not to the next one.
            main = sys.modules.pop("__main__", None)
            if main is not None:
                main.__dict__.clear()
            del main
            _real_setrecursionlimit(_BASE_RECURSION_LIMIT)
            _restore_state()
            _wipe_scratch()
            os.chdir(RUN_DIR)
            return
        except KeyboardInterrupt:
            continue


def sandbox_run(code, recursion_limit):
    """Run one program. Returns (error_type, message, line, traceback_text) or None when it succeeded."""
    main = types.ModuleType("__main__")
    main.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = main
    depth = len(traceback.extract_stack())
    _state.recursion_cap = depth + int(recursion_limit)
    try:
        compiled = compile(code, PROGRAM_FILENAME, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        return (type(error).__name__, getattr(error, "msg", str(error)), getattr(error, "lineno", None),
                "".join(traceback.format_exception_only(type(error), error)))
    try:
        _real_setrecursionlimit(_state.recursion_cap)
        _state.active = True
        exec(compiled, main.__dict__)
    except SystemExit as error:
        _state.active = False
        if error.code is None or error.code == 0:
            return None
        return ("SystemExit", str(error.code), _error_line(error.__traceback__), f"SystemExit: {error.code}\n")
    except BaseException as error:  # noqa: B036 -- every way a program can end is an outcome
        _state.active = False
        _real_setrecursionlimit(_BASE_RECURSION_LIMIT)
        return (type(error).__name__, str(error), _error_line(error.__traceback__), _program_traceback(error))
    finally:
        _state.active = False
        _real_setrecursionlimit(_BASE_RECURSION_LIMIT)
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except BaseException:  # noqa: B036 -- a broken stream must not hide the outcome
                pass
    return None


_BASE_RECURSION_LIMIT = max(sys.getrecursionlimit(), 1000)
os.makedirs(RUN_DIR, exist_ok=True)
os.makedirs(HOME_DIR, exist_ok=True)
_home_baseline = frozenset(os.listdir(HOME_DIR))
os.chdir(RUN_DIR)
_baseline_modules = frozenset(sys.modules)
sandbox_cleanup()
