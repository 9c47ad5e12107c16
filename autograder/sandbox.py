"""A resource-limited child process that holds one student's code; the trusted parent calls it through proxies.

    with Sandbox(Limits()) as sb:
        problems = sb.load([("ex_adam", source, "solution"), ("cell3", source, "imports")])
        adam = sb.proxy("adam")          # calling it sends the arguments to the child (JSON, no pickle)
        adam(w, dw, state, 0.01)         # -> decoded result; arrays the child mutated are written back in place
        sb.new_cell()                    # restart the child if the last cell crashed it or timed out

Isolated (the default; autograder.isolation): the child runs `python -I` under bubblewrap in its own user, PID,
mount, network, IPC and UTS namespaces, as an unprivileged uid (on the host too: limits.host_uid when the grader
is root), seeing only the Python installation, its child view
(dlcore with the functions under test withheld) and its scratch directory; a pids cgroup caps its processes and
threads. Killing it ends its PID namespace, so every process it started dies with it, whatever it did to its
session, group or environment; the cgroup is swept until empty before the next child starts.
Unsafe (isolated=False, `grade --unsafe-no-isolation`): the same child in its own session only, on the host's file
system, with Landlock where the kernel has it; orphans are found by a token in their environment.

In both, the child limits itself before any student code runs (address space, file size, no core dumps, CPU time;
soft and hard). Each call has a wall-clock limit and the notebook a total budget; past either the child is killed
(SIGKILL: a loop that ignores SIGINT cannot hold on). Its stdout and stderr are read by a thread that keeps only the
first `output_chars` of each cell. Every limit is the policy's (autograder.policy.Limits).
"""

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from . import codec, isolation
from .child_reports import OutputReader, error_class, signature_of
from .errors import DelegationDetected, StudentCrashed, StudentError, StudentTimeout
from .leftovers import kill_tagged, tagged
from .policy import Limits

ROOT = Path(__file__).resolve().parent.parent
SIGNAL_HINTS = {signal.SIGSEGV: "segmentation fault", signal.SIGKILL: "killed (out of memory or a limit)",
                signal.SIGABRT: "aborted", signal.SIGBUS: "bus error", signal.SIGFPE: "floating-point exception",
                signal.SIGXCPU: "CPU time limit exceeded", signal.SIGXFSZ: "file size limit exceeded"}


_VIEWS = {}   # (withheld functions) -> child view directory, built once per process


def view_for(withheld=()):
    """The child view (autograder.isolation.child_view) withholding `withheld`, built once per process."""
    key = tuple(sorted(set(withheld)))
    if key not in _VIEWS or not Path(_VIEWS[key]).is_dir():
        dest = tempfile.mkdtemp(prefix="autograder-view-")
        atexit.register(shutil.rmtree, dest, True)
        _VIEWS[key] = str(isolation.child_view(dest, key))
    return _VIEWS[key]


def scrubbed_env(workdir, token):
    """The child's whole environment: nothing from the grader's (no secrets, no PYTHONPATH)."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": workdir, "TMPDIR": workdir, "LANG": "C.UTF-8",
           "LC_ALL": "C.UTF-8", "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8",
           "AUTOGRADER_SANDBOX": token}
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                "NUMEXPR_NUM_THREADS", "BLIS_NUM_THREADS"):
        env[var] = "1"
    return env


class Sandbox:
    def __init__(self, limits=None, log=None, *, isolated=None, withheld=(), view=None):
        self.limits = limits or Limits()
        self.log = log
        missing = isolation.unavailable(self.limits.host_uid)
        if isolated is None:  # the default: isolated wherever bubblewrap works (the tests' and library use)
            isolated = missing is None
        elif isolated and missing:
            raise StudentCrashed(f"kernel isolation is not available: {missing}")
        self.isolated = isolated
        self.view = view or view_for(withheld)
        self.cgroup = None
        self.proc = None
        self.base = self.workdir = None
        self.token = None
        self.loaded = []          # segments that loaded without killing the child (replayed after a restart)
        self.notes = []           # messages for the instructor and the student (orphans killed, disk fill...)
        self.deadline = None
        self.dead_reason = None
        self.signatures = {}
        self._buf = b""
        self._out = None
        self.landlock = 0         # Landlock ABI confining the child's writes to its directory (0: not available)

    # ---- lifecycle
    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        if self.deadline is None:
            self.deadline = time.monotonic() + self.limits.notebook_timeout
        self.base = tempfile.mkdtemp(prefix="autograder-")  # what close() removes
        self.workdir = str(isolation.prepare(self.base, self.limits)) if self.isolated else self.base
        self.token = uuid.uuid4().hex
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        limits = self.limits
        rlimits = limits.rlimits()
        home = isolation.HOME if self.isolated else self.workdir
        view = isolation.VIEW if self.isolated else self.view
        if self.isolated:  # counted per sandbox: its user namespace holds no other process of this uid
            rlimits["RLIMIT_NPROC"] = limits.processes
        config = {"rlimits": rlimits, "read": isolation.read_roots(view, home, self.isolated), "write": [home],
                  "traceback_chars": limits.traceback_chars, "message_chars": limits.message_chars}
        code = (f"import sys, json; sys.path.insert(0, {view!r}); from autograder.child import main; "
                f"main({req_r}, {resp_w}, json.loads({json.dumps(config)!r}))")
        argv = [sys.executable, "-I", "-c", code]
        if self.isolated:
            self.cgroup = isolation.PidsCgroup(self.token, limits.processes + 3)  # + bwrap's two, the starter (sh)
            procs = self.cgroup.path / "cgroup.procs" if self.cgroup.path else None
            argv = isolation.command(self.view, self.base, argv, limits, procs)
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w), cwd=self.workdir, env=scrubbed_env(home, self.token),
                start_new_session=True, close_fds=True)
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        self._req = os.fdopen(req_w, "wb", buffering=0)
        self._resp = resp_r
        self._buf = b""
        self._out = OutputReader(out_r, self.limits.output_chars)
        self._out.start()
        self.dead_reason = None
        hello = self._receive(time.monotonic() + self.limits.startup_timeout, "starting the sandbox")
        if not hello.get("ok"):
            raise StudentCrashed(hello["error"]["message"])
        self.landlock = hello.get("landlock", 0)

    def restart(self):
        self._stop()
        self.start()
        for seg in list(self.loaded):
            self._request({"op": "load", "id": seg[0], "source": seg[1], "mode": seg[2]},
                          self.limits.call_timeout)

    def close(self):
        self._stop()
        if self.base:
            shutil.rmtree(self.base, ignore_errors=True)
            self.base = self.workdir = None

    def _stop(self):
        proc = self.proc
        if proc is None:
            return
        if self.isolated:  # besides the child itself and bubblewrap's two processes
            orphans = max(0, len(self.cgroup.procs() if self.cgroup.path else tagged(self.token)) - 3)
            self._kill()
        else:
            self._kill()
            orphans = kill_tagged(self.token)
        if orphans:
            self.notes.append(f"the student's code left {orphans} process(es) running; they were killed")
        try:
            self._req.close()
        except OSError:
            pass
        try:
            os.close(self._resp)
        except OSError:
            pass
        self._out.join(timeout=2)
        self.proc = None
        if self.base:
            shutil.rmtree(self.base, ignore_errors=True)

    @property
    def alive(self):
        return self.proc is not None and self.proc.poll() is None and self.dead_reason is None

    def new_cell(self):
        """Start a cell: restart the child if the previous cell killed it (so one bad cell costs one cell)."""
        if self.proc is not None and not self.alive:
            self.restart()
        self.take_output()

    def take_output(self):
        return self._out.take() if self._out is not None else ""

    # ---- protocol
    def load(self, segments):
        """Load (id, source, mode) segments; returns {id: [problems]}. A segment that kills the child is skipped."""
        problems = {}
        for seg in segments:
            try:
                reply = self._request({"op": "load", "id": seg[0], "source": seg[1], "mode": seg[2]},
                                      self.limits.call_timeout)
            except StudentError as exc:
                problems.setdefault(seg[0], []).append(f"loading this cell failed: {exc}")
                self.restart()
                continue
            self.loaded.append(tuple(seg))
            if reply.get("errors"):
                problems.setdefault(seg[0], []).extend(reply["errors"])
            if reply.get("skipped") and seg[2] == "solution":
                problems.setdefault(seg[0], []).append(
                    f"{reply['skipped']} top-level statement(s) outside functions were not run (not graded)")
        return problems

    def names(self):
        reply = self._request({"op": "names"}, self.limits.call_timeout)
        self.signatures = {k: signature_of(v) for k, v in reply.get("signatures", {}).items()}
        return reply["names"]

    def call(self, name, args, kwargs):
        if not self.alive:
            raise StudentCrashed(f"{name} cannot run: {self.dead_reason or 'the sandbox is not running'}")
        try:
            request = {"op": "call", "name": name, "args": codec.encode(tuple(args)),
                       "kwargs": codec.encode(dict(kwargs))}
        except codec.CodecError as exc:
            raise TypeError(f"grader error: {exc}") from None
        reply = self._request(request, self.limits.call_timeout, what=f"{name}(...)")
        if not reply.get("ok"):
            err = reply.get("error", {})
            text = f"{err.get('type', 'Error')}: {err.get('message', '')}"
            if err.get("traceback"):
                text += "\n" + err["traceback"]
            if err.get("type") == isolation.WITHHELD_ERROR:  # the student's code called a withheld reference
                raise DelegationDetected(err.get("message", text))
            raise error_class(err.get("type", ""))(text)
        result = codec.decode(reply["result"])
        for where, tree in reply.get("mutated", []):
            original = args[where] if isinstance(where, int) else kwargs.get(where)
            codec.assign_inplace(original, codec.decode(tree))
        return result

    def proxy(self, name):
        sandbox = self

        def proxy(*args, **kwargs):
            return sandbox.call(name, args, kwargs)

        proxy.__name__ = proxy.__qualname__ = name
        proxy.__doc__ = f"Proxy to the student's {name}: runs in the grading sandbox."
        proxy.__autograder_proxy__ = name
        if self.signatures.get(name) is not None:
            proxy.__signature__ = self.signatures[name]
        return proxy

    def _request(self, req, timeout, what=None):
        if not self.alive:
            raise StudentCrashed(self.dead_reason or "the sandbox is not running")
        now = time.monotonic()
        if now >= self.deadline:
            self.dead_reason = (f"the notebook's total time budget ({self.limits.notebook_timeout:g} s) "
                                "is used up")
            raise StudentTimeout(self.dead_reason)
        line = (json.dumps(req) + "\n").encode()
        try:
            self._req.write(line)
        except (BrokenPipeError, OSError):
            self._died("the sandbox stopped accepting calls")
        return self._receive(min(now + timeout, self.deadline), what or req["op"])

    def _receive(self, deadline, what):
        while b"\n" not in self._buf:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._timeout(what)
            ready, _, _ = select.select([self._resp], [], [], min(remaining, 0.25))
            if not ready:
                if self.proc.poll() is not None:
                    self._died(None)
                self._check_disk()
                continue
            chunk = os.read(self._resp, 1 << 20)
            if not chunk:
                self._died(None)
            self._buf += chunk
            if len(self._buf) > self.limits.reply_bytes:
                self._kill()
                self.dead_reason = "the result was far too large"
                raise StudentError(f"{what} returned a result larger than {self.limits.reply_bytes >> 20} MiB")
        line, _, self._buf = self._buf.partition(b"\n")
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            self._kill()
            self.dead_reason = "the sandbox sent a garbled reply"
            raise StudentCrashed("the sandbox sent a garbled reply (did the code write to its file "
                                 "descriptors?)") from None

    def _check_disk(self):
        used = _dir_size(self.workdir, stop=self.limits.disk_mb * 2**20)
        if used > self.limits.disk_mb * 2**20:
            self._kill()
            self.dead_reason = f"the code wrote more than {self.limits.disk_mb} MiB to disk"
            self.notes.append(self.dead_reason)
            raise StudentCrashed(self.dead_reason)

    def _timeout(self, what):
        self._kill()
        if time.monotonic() >= self.deadline:
            self.dead_reason = (f"the notebook's total time budget ({self.limits.notebook_timeout:g} s) "
                                "is used up")
        else:
            self.dead_reason = (f"{what} ran longer than {self.limits.call_timeout:g} s (an infinite loop, "
                                "or far too slow); it was stopped")
        raise StudentTimeout(self.dead_reason)

    def _died(self, _):
        try:  # its pipe closed: let it finish exiting, so that its own exit status is the one reported
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        self._kill()
        code = self.proc.returncode
        if self.isolated and code is not None and code > 128 and code - 128 in SIGNAL_HINTS:
            code = 128 - code  # bubblewrap reports a child killed by signal N as exit status 128 + N
        if code is not None and code < 0:
            sig = signal.Signals(-code)
            hint = SIGNAL_HINTS.get(sig, "")
            reason = f"the student's process was killed by {sig.name}" + (f" ({hint})" if hint else "")
        else:
            reason = f"the student's process exited (code {code}) in the middle of a call (os._exit or sys.exit?)"
        self.dead_reason = reason
        raise StudentCrashed(reason)

    def _kill(self):
        """SIGKILL the child; isolated, that ends its PID namespace: wait until its cgroup (or token) is empty."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if self.isolated:
            if self.cgroup is not None and self.cgroup.path is not None:
                self.cgroup.kill_all()
            else:
                kill_tagged(self.token)


def _dir_size(path, stop):
    total = 0
    stack = [path]
    while stack and total <= stop:
        try:
            with os.scandir(stack.pop()) as it:
                for entry in it:
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_size
                    except OSError:
                        continue
        except OSError:
            continue
    return total
