"""The sandbox child: holds one student's code and answers calls from the grading parent.

Started by autograder.sandbox as `python -I -c ...`, normally inside bubblewrap's namespaces (autograder.isolation),
in a scratch working directory with a scrubbed environment. It first limits itself (address space, file size, no
core dumps, CPU time, processes; Landlock: reads only of its own view, writes only in its scratch directory, no TCP,
no signals or abstract sockets outside its domain), then reads one JSON request per line from the request pipe and
writes one JSON reply per line to the reply pipe. Everything it says is advice: the parent computes every score.
The student's prints go to its stdout/stderr, which the parent captures with a cap. Requests:

    {"op": "load", "id": ..., "source": ..., "mode": "solution" | "imports"}
        run the cell's imports, function and class definitions (mode "imports": its import statements only);
        other top-level statements are skipped, never run.
    {"op": "names"}                          -> the callables the student's code defines or imports
    {"op": "call", "name", "args", "kwargs"} -> the encoded result, and the arguments the call changed

The dlcore it imports is the child view's: the reference of each function under test is withheld (calling it raises
ReferenceWithheld), so no call, import or read in here can produce the reference's result.
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
            # the hard limit too: student code must not raise its own soft limits back (RLIMIT_CPU keeps 5 s
            # between SIGXCPU and the hard SIGKILL)
            ceiling = value + 5 if name == "RLIMIT_CPU" else value
            if hard != resource.RLIM_INFINITY:
                ceiling = min(ceiling, hard)
            resource.setrlimit(which, (value, ceiling))
        except (ValueError, OSError):
            pass


# Landlock (Linux >= 5.13), defence in depth under the namespaces: after its setup the child may read only beneath
# `read` (the Python installation, its view of dlcore/autograder, its scratch directory), write only beneath `write`
# (its scratch directory; /dev/null), make no TCP connection or bind (ABI >= 4), and neither signal processes nor
# reach abstract unix sockets outside its own Landlock domain (ABI >= 6). ptrace of a process outside the domain is
# refused by Landlock at every ABI. Unprivileged; applied before any student code runs.
_LL_EXECUTE, _LL_WRITE_FILE, _LL_READ_FILE, _LL_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_LL_ABI1 = (1 << 13) - 1                     # every file-system right of ABI 1 (execute ... make_sym)
_LL_REFER, _LL_TRUNCATE, _LL_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_LL_SCOPE_ABSTRACT_UNIX, _LL_SCOPE_SIGNAL = 1 << 0, 1 << 1
_SYS_CREATE, _SYS_ADD_RULE, _SYS_RESTRICT = 444, 445, 446


def landlock(read=(), write=()):
    """Confine this process (and its descendants) to reading `read`, writing `write`; returns the ABI, 0 if none."""
    import ctypes
    import platform

    if platform.system() != "Linux":
        return 0
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        abi = syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))  # LANDLOCK_CREATE_RULESET_VERSION
        if abi < 1:
            return 0
        handled = _LL_ABI1 | (_LL_REFER if abi >= 2 else 0) | (_LL_TRUNCATE if abi >= 3 else 0) | \
            (_LL_IOCTL_DEV if abi >= 5 else 0)
        net = 3 if abi >= 4 else 0                      # bind_tcp | connect_tcp, with no rule allowing either
        scoped = _LL_SCOPE_ABSTRACT_UNIX | _LL_SCOPE_SIGNAL if abi >= 6 else 0
        attr = (ctypes.c_uint64 * 3)(handled, net, scoped)
        size = 24 if abi >= 6 else 16 if abi >= 4 else 8
        ruleset = syscall(_SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
        if ruleset < 0:
            return 0

        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        reading = _LL_EXECUTE | _LL_READ_FILE | _LL_READ_DIR
        rules = [(p, reading) for p in read] + [(p, handled) for p in write] + \
            [("/dev/null", _LL_READ_FILE | _LL_WRITE_FILE | (_LL_TRUNCATE if abi >= 3 else 0))]
        for path, access in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue
            if not os.path.isdir(path):
                access &= _LL_EXECUTE | _LL_WRITE_FILE | _LL_READ_FILE | _LL_TRUNCATE | _LL_IOCTL_DEV
            rule = PathBeneath(access & handled, fd)
            syscall(_SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
            os.close(fd)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return 0
        ok = syscall(_SYS_RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
        os.close(ruleset)
        return int(abi) if ok else 0
    except Exception:
        return 0


class Child:
    def __init__(self):
        self.ns = {"__name__": "__student__", "__builtins__": __builtins__}
        self.codec = None
        self.traceback_chars, self.message_chars = 2000, 4000

    def setup(self):
        import numpy  # noqa: F401  (warm imports: the first call should not pay for them)

        import dlcore  # noqa: F401
        from autograder import codec

        self.codec = codec

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
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - any student failure becomes a reply
            return _error(type(exc).__name__, str(exc)[:self.message_chars],
                          _student_traceback(exc, self.traceback_chars))
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


def _dump(tree):
    return json.dumps(tree, sort_keys=True)


def _error(etype, message, tb=""):
    return {"ok": False, "error": {"type": etype, "message": message[:4000], "traceback": tb}}


def _student_traceback(exc, chars):
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
    if not frames:
        return ""
    return "".join(traceback.format_list(frames))[-chars:]


def main(req_fd, resp_fd, config):
    """config: {"rlimits": {name: value}, "read": [dirs], "write": [dirs], "traceback_chars", "message_chars"}."""
    _limit(config["rlimits"])
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writing past the file-size limit raises OSError instead
    reader = os.fdopen(req_fd, "r", encoding="utf-8", newline="\n")
    writer = os.fdopen(resp_fd, "w", encoding="utf-8", newline="\n")
    child = Child()
    child.traceback_chars, child.message_chars = config["traceback_chars"], config["message_chars"]
    sys.dont_write_bytecode = True
    try:
        child.setup()
        abi = landlock(config["read"], config["write"])
        hello = {"ok": True, "pid": os.getpid(), "landlock": abi}
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
