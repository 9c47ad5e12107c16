"""Kernel isolation of the sandbox child with bubblewrap: namespaces, a minimal read-only view, a pids cgroup.

    missing = isolation.unavailable()          # None, or what is missing and how to get it
    view = isolation.child_view(dest, withheld=["dlcore.optim.adam"])   # what the child may import
    home = isolation.prepare(base, limits)     # the child's scratch (and, as root, mount points)
    argv = isolation.command(view, base, python_argv, limits, cgroup_procs)

The child runs under `bwrap --unshare-all` (its own user, PID, mount, network, IPC, UTS and cgroup namespaces),
as uid/gid 1000 inside its user namespace, with no capabilities, in a new session, killed with its parent. On the
host it is an unprivileged uid. When the grader is root, util-linux drops root before bubblewrap starts
(DROP_ROOT): `unshare --mount` gives the starter a private mount namespace (nothing propagates to the host), in
which `mount --rbind` puts each source (the Python installation, the child view) on an empty mount point that the
unprivileged uid can traverse (bubblewrap resolves its --ro-bind sources with that uid's permissions, and an
interpreter under /root, mode 700, is out of its reach otherwise; an open fd does not help: bwrap 0.8 realpaths
/proc/self/fd/N); then `setpriv` drops to `limits.host_uid` (65534, nobody, by default) with no supplementary
groups and no capabilities, and bubblewrap makes the user namespace as that uid and mounts each source back at its
own path. The child's processes and files are that uid's on the host. Otherwise it is the grading user's own uid.
Its file system holds only: /usr (and the
/lib, /bin links), the Python installation(s) of the grader, the child view (dlcore with the functions under test
withheld, the student part of autograder) at /opt/grading, its scratch directory at /home/student (read-write), a
fresh /proc of its own PID namespace and a /dev with null, zero and urandom only. No course root, gradebook,
notebooks, other students, /root, /etc, host /proc or /sys. When the namespace's first process ends, the kernel
kills every process in it, whatever session or group it made; a pids cgroup (when the grader may create one) caps
processes and threads, and lists every process for the final sweep.
"""

import ast
import compileall
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from functools import cache
from pathlib import Path

from .policy import DEFAULT
from .publish import INSTRUCTOR_ONLY

BWRAP = "/usr/bin/bwrap"
SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
SANDBOX_UID = 1000       # the child's uid inside its user namespace (on the host: see drop_to)
VIEW, HOME = "/opt/grading", "/home/student"
PIDS_ROOT = Path("/sys/fs/cgroup/pids")
REPO = Path(__file__).resolve().parent.parent
# As root: join the pids cgroup (if one), bind each source on its mount point in a private mount namespace, drop to
# the uid, run bubblewrap. Arguments: mount, setpriv, cgroup.procs or "", uid, source mount_point ..., --, argv
DROP_ROOT = (r'mount=$1 setpriv=$2 procs=$3 uid=$4; shift 4; '
             r'[ -z "$procs" ] || echo $$ > "$procs" || exit 126; '
             r'while [ "$1" != -- ]; do "$mount" --rbind "$1" "$2" || exit 126; shift 2; done; shift; '
             r'exec "$setpriv" --reuid="$uid" --regid="$uid" --clear-groups -- "$@"')
JOIN_CGROUP = 'echo $$ > "$0" && exec "$@"'
DROP_TOOLS = ("unshare", "mount", "setpriv")
# the child's side of the autograder: what a student's repository holds (publish.py) plus the child's own modules
CHILD_EXCLUDE = (INSTRUCTOR_ONLY - {"child.py", "codec.py"}) | {"lms_export.py", "intake", "__pycache__"}
WITHHELD_ERROR = "ReferenceWithheld"
HOW_TO_GET = ("install bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`) "
              "on a Linux kernel with user namespaces enabled (sysctl kernel.unprivileged_userns_clone=1 / "
              "user.max_user_namespaces > 0); or grade with --unsafe-no-isolation, which confines nothing")


def bwrap_path():
    return shutil.which("bwrap") or (BWRAP if os.path.exists(BWRAP) else None)


@cache
def unavailable(host_uid=DEFAULT.host_uid):
    """None when bubblewrap can isolate a child here (as the uid it will run as); else a sentence naming what is
    missing."""
    if platform.system() != "Linux":
        return f"kernel isolation needs Linux namespaces (this is {platform.system()}); {HOW_TO_GET}"
    bwrap = bwrap_path()
    if bwrap is None:
        return f"bubblewrap (bwrap) is not installed; {HOW_TO_GET}"
    missing = [t for t in DROP_TOOLS if shutil.which(t, path=SYSTEM_PATH) is None]
    if os.geteuid() == 0 and missing:
        return (f"grading as root needs {', '.join(missing)} (util-linux, mount: `apt-get install util-linux mount`) "
                "to run the child as an unprivileged uid; or grade as an ordinary user")
    base = Path(tempfile.mkdtemp(prefix="autograder-probe-"))
    try:
        limits = replace(DEFAULT, host_uid=host_uid)
        prepare(base, limits)
        (base / "view").mkdir()
        probe = command(base / "view", base, [sys.executable, "-I", "-c", "import numpy"], limits)
        proc = subprocess.run(probe, capture_output=True, text=True, timeout=30, cwd=base)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not run ({exc}); {HOW_TO_GET}"
    finally:
        shutil.rmtree(base, ignore_errors=True)
    if proc.returncode != 0:
        who = f" as uid {limits.host_uid} (Limits.host_uid, grade --host-uid)" if drop_to(limits) is not None else ""
        return (f"bubblewrap cannot start the grading child here{who}: {proc.stderr.strip()[:300]}; the uid must "
                f"be able to read the Python installation and its site-packages; {HOW_TO_GET}")
    return None


def drop_to(limits):
    """The unprivileged uid (and gid) the child runs as on the host when the grader is root; None otherwise (the
    child is then the grading user's own uid, without capabilities)."""
    return limits.host_uid if os.geteuid() == 0 else None


def _system_binds():
    out = ["--ro-bind", "/usr", "/usr"]
    for link in ("/lib", "/lib64", "/lib32", "/bin", "/sbin"):
        if os.path.islink(link):
            out += ["--symlink", os.readlink(link), link]
        elif os.path.isdir(link):
            out += ["--ro-bind", link, link]
    return out


def python_roots():
    """The directories the child's interpreter needs: the venv (if any) and the installation it is made from."""
    roots = []
    for p in (sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(os.path.realpath(sys.executable)))):
        p = os.path.realpath(p)
        if p != "/usr" and not p.startswith("/usr/") and p not in roots:
            roots.append(p)
    return [r for r in roots if not any(r != o and r.startswith(o + "/") for o in roots)]


def read_roots(view, workdir, isolated):
    """Where the child may read after its setup (Landlock), in its own view of the file system."""
    if isolated:
        return ["/usr", *python_roots(), VIEW, HOME, "/proc", "/dev"]
    return ["/usr", *python_roots(), str(view), str(workdir), "/dev"]


# ----------------------------------------------------------------------------------------------- the child view
def child_view(dest, withheld=()):
    """Write the child's importable tree into `dest`: dlcore without its data sets and with each withheld function's
    body replaced by a ReferenceWithheld error, and autograder without the grading pipeline. Returns dest."""
    dest = Path(dest)
    # no data sets: the capstone's held-out examples are drawn from dlcore/datasets, and their labels are the answers
    shutil.copytree(REPO / "dlcore", dest / "dlcore",
                    ignore=lambda d, names: {n for n in names if Path(d) == REPO / "dlcore" and n == "datasets"}
                    | set(shutil.ignore_patterns("__pycache__", "*.pyc")(d, names)))
    shutil.copytree(REPO / "autograder", dest / "autograder",
                    ignore=lambda d, names: {n for n in names if Path(d) == REPO / "autograder" and n in CHILD_EXCLUDE}
                    | set(shutil.ignore_patterns("__pycache__", "*.pyc")(d, names)))
    by_file = {}
    for dotted in withheld:
        path, qual = _locate(dest, dotted)
        by_file.setdefault(path, []).append((qual, dotted))
    for path, items in by_file.items():
        path.write_text(withhold(path.read_text(encoding="utf-8"), items), encoding="utf-8")
    compileall.compile_dir(str(dest), quiet=1, workers=1)
    os.chmod(dest, 0o755)  # readable by the unprivileged uid the child may run as
    for root, dirs, files in os.walk(dest):
        for name in dirs + files:
            os.chmod(os.path.join(root, name), 0o755 if name in dirs else 0o644)
    return dest


def _locate(dest, dotted):
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        base = dest.joinpath(*parts[:cut])
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return path, parts[cut:]
    raise ValueError(f"withheld function {dotted!r}: no module of it in the child view")


def withhold(source, items):
    """Replace the body of each (qualname parts, dotted) function in `source` with a ReferenceWithheld raise."""
    tree = ast.parse(source)
    lines = source.split("\n")
    cuts = []
    for qual, dotted in items:
        node, body = None, tree.body
        for part in qual:
            node = next((n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                         and n.name == part), None)
            if node is None:
                raise ValueError(f"withheld function {dotted!r}: not defined in its module")
            body = node.body
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            raise ValueError(f"withheld {dotted!r} is not a function")
        first = node.body[0]
        if first.lineno == node.lineno:
            raise ValueError(f"withheld {dotted!r}: a one-line function cannot be withheld; give it a body")
        doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
            and isinstance(first.value.value, str)
        if doc:  # keep the docstring: the student may read what the function promises
            start = node.body[1].lineno - 1 if len(node.body) > 1 else first.end_lineno
        else:
            start = first.lineno - 1
        cuts.append((start, node.end_lineno, f"{' ' * first.col_offset}raise {WITHHELD_ERROR}({dotted!r})"))
    for start, end, text in sorted(cuts, reverse=True):
        lines[start:end] = [text]
    lines.append(f'''

class {WITHHELD_ERROR}(NotImplementedError):
    """The reference of a function under test: withheld from student code while it is graded."""

    def __init__(self, name):
        super().__init__(f"{{name}} is withheld while your work is graded: it does the work you are asked to "
                         "do (the function you write, a part of it, or a loader that holds the answers). A solution "
                         "that calls it scores 0: write the computation yourself.")
''')
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ pids cgroup
class PidsCgroup:
    """A pids cgroup (v1 hierarchy) for one child: pids.max caps processes + threads; procs() lists them all."""

    def __init__(self, name, limit):
        self.path = None
        try:
            base = PIDS_ROOT / "autograder"
            base.mkdir(exist_ok=True)
            path = base / name
            path.mkdir()
            (path / "pids.max").write_text(str(int(limit)))
            self.path = path
        except OSError:
            self.path = None

    def procs(self):
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, TypeError, ValueError):
            return []

    def kill_all(self, timeout=5.0):
        """SIGKILL every process in the cgroup until it is empty; remove it. Returns True when it emptied."""
        if self.path is None:
            return True
        end = time.monotonic() + timeout
        while True:
            pids = self.procs()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            if time.monotonic() > end:
                return False
            time.sleep(0.005)
        try:
            self.path.rmdir()
        except OSError:
            pass
        return True


def prepare(base, limits):
    """Lay out one child's host directories in the fresh directory `base`: home/ (its scratch, owned by the uid it
    runs as) and, when that uid is dropped to, mnt/<i>: the empty mount points of DROP_ROOT. Returns home."""
    base = Path(base)
    os.chmod(base, 0o755)
    home = base / "home"
    home.mkdir(mode=0o700)
    uid = drop_to(limits)
    if uid is not None:
        os.chown(home, uid, uid)
        (base / "mnt").mkdir(mode=0o755)
        for i in range(len(python_roots()) + 1):
            (base / "mnt" / str(i)).mkdir(mode=0o755)
    return home


def command(view, base, python_argv, limits, cgroup_procs=None):
    """The argv that runs `python_argv` in the isolated child, whose directories `prepare(base, limits)` made;
    behind DROP_ROOT when the grader is root, or a shell that joins the pids cgroup (`cgroup_procs`) first."""
    base = Path(base)
    uid = drop_to(limits)
    sources = [*python_roots(), str(view)]
    mounted = sources if uid is None else [str(base / "mnt" / str(i)) for i in range(len(sources))]
    argv = [bwrap_path(), "--unshare-all", "--die-with-parent", "--new-session", "--uid", str(SANDBOX_UID),
            "--gid", str(SANDBOX_UID), "--hostname", "sandbox", *_system_binds()]
    for source, root in zip(mounted, python_roots()):
        argv += ["--ro-bind", source, root]
    argv += ["--ro-bind", mounted[-1], VIEW, "--bind", str(base / "home"), HOME, "--chdir", HOME, "--proc", "/proc",
             "--tmpfs", "/dev"]
    for dev in ("null", "zero", "urandom"):
        argv += ["--dev-bind", f"/dev/{dev}", f"/dev/{dev}"]
    argv += ["--symlink", "/proc/self/fd", "/dev/fd", "--remount-ro", "/dev",
             "--size", str(limits.disk_mb * 2**20), "--tmpfs", "/tmp", "--", *python_argv]
    if uid is None:
        return argv if cgroup_procs is None else ["/bin/sh", "-c", JOIN_CGROUP, str(cgroup_procs), *argv]
    unshare, mount, setpriv = (shutil.which(t, path=SYSTEM_PATH) for t in DROP_TOOLS)
    binds = [x for pair in zip(sources, mounted) for x in pair]
    return [unshare, "--mount", "--", "/bin/sh", "-c", DROP_ROOT, "sh", mount, setpriv, str(cgroup_procs or ""),
            str(uid), *binds, "--", *argv]
