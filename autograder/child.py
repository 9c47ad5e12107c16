"""The sandbox child: holds one student's code and answers calls from the grading parent.

Started by autograder.sandbox as `python -I -c ...` in its own session, a temporary working directory and a
scrubbed environment. It first limits itself (address space, file size, no core dumps, CPU time; on Linux, Landlock
so that it can write files only under its working directory: not the gradebook, nor anyone's submission), then reads one
JSON request per line from the request pipe and writes one JSON reply per line to the reply pipe. The student's
prints go to its stdout/stderr, which the parent captures with a cap. Requests:

    {"op": "load", "id": ..., "source": ..., "mode": "solution" | "imports"}
        run the cell's imports, function and class definitions (mode "imports": its import statements only);
        other top-level statements are skipped, never run.
    {"op": "names"}                          -> the callables the student's code defines or imports
    {"op": "call", "name", "args", "kwargs"} -> the encoded result, and the arguments the call changed

A call to a registered exercise runs inside autograder.delegation.call_watching with registry.forbidden_for(name).
"""

import ast
import inspect
import json
import os
import sys
import traceback
import types

KEEP = {"solution": (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
        "imports": (ast.Import, ast.ImportFrom)}
TRACEBACK_CHARS = 2000


def _limit(limits):
    import resource

    for name, value in limits.items():
        which = getattr(resource, name, None)
        if which is None or value is None:
            continue
        try:
            soft, hard = resource.getrlimit(which)
            value = int(value)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(which, (value, hard if name != "RLIMIT_CORE" else value))
        except (ValueError, OSError):
            pass


# Landlock (Linux >= 5.13): the child may create, change or delete files only under its working directory (and
# write to /dev/null etc.); everything else stays readable; no TCP connections (Linux >= 6.7). Unprivileged;
# applied before any student code runs.
_LL_WRITE_ABI1 = sum(1 << b for b in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))  # write, remove, make_*
_LL_REFER, _LL_TRUNCATE = 1 << 13, 1 << 14


def restrict_writes(workdir):
    """Allow file-system writes only beneath `workdir` (and /dev); returns the Landlock ABI used, 0 if none."""
    import ctypes
    import platform

    if platform.system() != "Linux":
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        abi = syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # LANDLOCK_CREATE_RULESET_VERSION
        if abi < 1:
            return 0
        handled = _LL_WRITE_ABI1 | (_LL_REFER if abi >= 2 else 0) | (_LL_TRUNCATE if abi >= 3 else 0)
        # ABI >= 4 also handles TCP bind/connect: with no rule for them, the child gets no TCP network at all
        attr = (ctypes.c_uint64 * 2)(handled, 3 if abi >= 4 else 0)
        ruleset = syscall(444, ctypes.byref(attr), ctypes.c_size_t(16 if abi >= 4 else 8), ctypes.c_uint32(0))
        if ruleset < 0:
            return 0

        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        for path, access in ((workdir, handled), ("/dev", (1 << 1) | (_LL_TRUNCATE if abi >= 3 else 0))):
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            rule = PathBeneath(access, fd)
            syscall(445, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
            os.close(fd)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return 0
        ok = syscall(446, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0  # landlock_restrict_self
        os.close(ruleset)
        return int(abi) if ok else 0
    except Exception:
        return 0


class Child:
    def __init__(self):
        self.ns = {"__name__": "__student__", "__builtins__": __builtins__}
        self.codec = None
        self.delegation = None
        self.registry = None

    def setup(self):
        import numpy  # noqa: F401  (warm imports: the first call should not pay for them)

        import dlcore  # noqa: F401
        from autograder import codec

        self.codec = codec
        try:
            from autograder import delegation, registry

            self.delegation, self.registry = delegation, registry
        except Exception:  # the checks' side is optional for the sandbox itself
            self.delegation = self.registry = None

    # ---- requests
    def load(self, req):
        mode = req.get("mode", "solution")
        keep = KEEP.get(mode, KEEP["imports"])
        try:
            tree = ast.parse(req.get("source", ""), filename=f"<cell {req.get('id')}>")
        except SyntaxError as exc:
            return {"ok": True, "errors": [f"SyntaxError: {exc.msg} (line {exc.lineno})"], "skipped": 0}
        errors, skipped = [], 0
        for stmt in tree.body:
            if not isinstance(stmt, keep):
                skipped += 1
                continue
            code = compile(ast.Module(body=[stmt], type_ignores=[]), f"<cell {req.get('id')}>", "exec")
            try:
                exec(code, self.ns)
            except BaseException as exc:  # noqa: BLE001 - the student's import or decorator failed
                errors.append(f"{type(exc).__name__}: {exc}"[:500])
        return {"ok": True, "errors": errors, "skipped": skipped}

    def names(self, req):
        out, signatures = [], {}
        for name, value in list(self.ns.items()):
            if name.startswith("__") or isinstance(value, (type, types.ModuleType)) or not callable(value):
                continue
            out.append(name)
            try:
                signatures[name] = [{"name": p.name, "kind": p.kind.name,
                                     "default": None if p.default is p.empty else repr(p.default)[:200]}
                                    for p in inspect.signature(value).parameters.values()]
            except (TypeError, ValueError):
                pass
        return {"ok": True, "names": out, "signatures": signatures}

    def call(self, req):
        codec = self.codec
        name = req["name"]
        fn = self.ns.get(name)
        if fn is None or not callable(fn):
            return _error("NameError", f"name {name!r} is not defined by the student's code")
        try:
            args = codec.decode(req.get("args", {"__tuple__": []}))
            kwargs = codec.decode(req.get("kwargs", {"__dict__": []}))
        except Exception as exc:
            return _error("ProtocolError", f"could not decode the arguments: {exc}")
        forbidden = self._forbidden(name)
        try:
            if forbidden and self.delegation is not None:
                result = self.delegation.call_watching(fn, args, kwargs, forbidden)
            else:
                result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - any student failure becomes a reply
            kind = "delegation" if type(exc).__name__ == "DelegationDetected" else "error"
            return _error(type(exc).__name__, str(exc), _student_traceback(exc), kind=kind)
        try:
            reply = {"ok": True, "result": codec.encode(result), "mutated": []}
            sent_args = req.get("args", {"__tuple__": []}).get("__tuple__", [])
            for i, (before, value) in enumerate(zip(sent_args, args)):
                after = codec.encode(value)
                if _dump(after) != _dump(before):
                    reply["mutated"].append([i, after])
            sent_kwargs = dict((k, v) for k, v in req.get("kwargs", {"__dict__": []}).get("__dict__", []))
            for key, value in kwargs.items():
                after = codec.encode(value)
                if key in sent_kwargs and _dump(after) != _dump(sent_kwargs[key]):
                    reply["mutated"].append([key, after])
        except Exception as exc:
            return _error("ReturnValueError", f"{name} returned something that cannot be checked: {exc}")
        return reply

    def _forbidden(self, name):
        if self.registry is None:
            return None
        try:
            return self.registry.forbidden_for(name)
        except Exception:
            return None


def _dump(tree):
    return json.dumps(tree, sort_keys=True)


def _error(etype, message, tb="", kind="error"):
    return {"ok": False, "error": {"kind": kind, "type": etype, "message": message[:4000], "traceback": tb}}


def _student_traceback(exc):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
    if not frames:
        return ""
    return "".join(traceback.format_list(frames))[-TRACEBACK_CHARS:]


def main(req_fd, resp_fd, limits):
    _limit(limits)
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the file-size limit raises OSError instead
    reader = os.fdopen(req_fd, "r", encoding="utf-8", newline="\n")
    writer = os.fdopen(resp_fd, "w", encoding="utf-8", newline="\n")
    child = Child()
    sys.dont_write_bytecode = True
    try:
        child.setup()
        landlock = restrict_writes(os.getcwd())
        hello = {"ok": True, "pid": os.getpid(), "landlock": landlock}
    except BaseException as exc:  # noqa: BLE001
        hello = _error("SetupError", f"the sandbox could not start: {type(exc).__name__}: {exc}")
    writer.write(json.dumps(hello) + "\n")
    writer.flush()
    handlers = {"load": child.load, "names": child.names, "call": child.call}
    for line in reader:
        try:
            req = json.loads(line)
            handler = handlers.get(req.get("op"))
            reply = handler(req) if handler else _error("ProtocolError", f"unknown op {req.get('op')!r}")
        except BaseException as exc:  # noqa: BLE001
            reply = _error("ProtocolError", f"{type(exc).__name__}: {exc}")
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        try:
            text = json.dumps(reply, allow_nan=False)
        except (TypeError, ValueError) as exc:
            text = json.dumps(_error("ProtocolError", f"reply could not be written: {exc}"))
        writer.write(text + "\n")
        writer.flush()
    os._exit(0)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), json.loads(sys.argv[3]))
