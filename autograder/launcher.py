"""Starts bubblewrap for one grading child: joins its pids cgroup, and as root drops to an unprivileged uid first.

    python -I -S launcher.py '{"cgroup_procs": ..., "uid": 65534, "binds": [[src, mount_point], ...], "argv": [...]}'

autograder.isolation runs this script (not the package: nothing is imported) in a fresh, single-threaded process,
which in order:

1. writes its own pid into the pids cgroup's cgroup.procs (if given), so that bubblewrap and every process it starts
   are counted from the first fork;
2. as root, with a uid to drop to: enters a private mount namespace of its own (nothing propagates to the host) and
   bind-mounts each source (the Python installation, the child view) on an empty mount point the unprivileged uid
   can traverse: bubblewrap, started as that uid, resolves its --ro-bind sources with that uid's permissions, and
   the interpreter under /root (mode 700) is out of its reach otherwise. bubblewrap mounts each one back at its own
   path inside the sandbox, so the venv's links resolve;
3. drops to uid:gid with no supplementary groups (root's capabilities go with the uid);
4. executes bubblewrap, which makes the child's user namespace as that uid.

A failure is reported on stderr and ends the launcher with status 126 before any student code exists.
"""

import ctypes
import json
import os
import sys

CLONE_NEWNS = 0x00020000
MS_BIND, MS_REC, MS_PRIVATE = 0x1000, 0x4000, 0x40000


def _fail(what):
    err = ctypes.get_errno()
    sys.stderr.write(f"autograder launcher: {what}: {os.strerror(err) if err else 'failed'}\n")
    sys.stderr.flush()
    os._exit(126)


def launch(cgroup_procs, uid, binds, argv):
    if cgroup_procs:
        try:
            with open(cgroup_procs, "w") as fh:
                fh.write(str(os.getpid()))
        except OSError as exc:
            ctypes.set_errno(exc.errno or 0)
            _fail(f"joining the pids cgroup {cgroup_procs}")
    if uid is not None:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.unshare(CLONE_NEWNS) != 0:
            _fail("a private mount namespace (unshare)")
        if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
            _fail("making the mounts private")
        for source, mount_point in binds:
            if libc.mount(os.fsencode(source), os.fsencode(mount_point), None, MS_BIND | MS_REC, None) != 0:
                _fail(f"bind-mounting {source} on {mount_point}")
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        except OSError as exc:
            ctypes.set_errno(exc.errno or 0)
            _fail(f"dropping to uid and gid {uid}")
        if os.getuid() != uid or os.geteuid() != uid or os.getgroups():
            _fail(f"still privileged after dropping to uid {uid}")
    try:
        os.execv(argv[0], argv)
    except OSError as exc:
        ctypes.set_errno(exc.errno or 0)
        _fail(f"executing {argv[0]}")


if __name__ == "__main__":
    config = json.loads(sys.argv[1])
    launch(config["cgroup_procs"], config["uid"], config["binds"], config["argv"])
