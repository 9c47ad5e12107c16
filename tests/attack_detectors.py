"""What the attack suites look for once grading is over: canaries in any output, processes an attack left, packets on
listeners of the host's loopback, writes and metadata changes outside the sandbox.

Used by tests/test_grading_attacks.py (everything contained: each detector finds nothing) and by
tests/test_grading_attacks_uncontained.py (the unsafe fallback without Landlock: each detector finds its attack).
"""

import os
import re
import select
import socket
import subprocess
import sys
import threading
from pathlib import Path

import attacks

SHADOW = re.compile(r"root:[^:\s]*:\d+:")


class Listeners:
    """TCP (v4, v6), UDP, unix path and abstract sockets on the host's loopback; counts what reaches them."""

    def __init__(self, tmp):
        self.hits = []
        self.tcp = socket.create_server(("127.0.0.1", 0))
        try:
            self.tcp6 = socket.create_server(("::1", 0), family=socket.AF_INET6)
        except OSError:
            self.tcp6 = None
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.unix_path = str(tmp / "listener.sock")
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind(self.unix_path)
        self.unix.listen()
        self.abstract_name = f"\0attack-listener-{os.getpid()}-{id(self)}"
        self.abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.abstract.bind(self.abstract_name)
        self.abstract.listen()
        self.stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def env(self):
        return {"TCP": self.tcp.getsockname()[1], "TCP6": self.tcp6.getsockname()[1] if self.tcp6 else 9,
                "UDP": self.udp.getsockname()[1], "UNIX": self.unix_path, "ABSTRACT": self.abstract_name}

    def _run(self):
        socks = [s for s in (self.tcp, self.tcp6, self.udp, self.unix, self.abstract) if s is not None]
        while not self.stop:
            ready, _, _ = select.select(socks, [], [], 0.2)
            for s in ready:
                if s is self.udp:
                    self.hits.append(("udp", s.recv(100)))
                else:
                    conn, _ = s.accept()
                    name = "abstract" if s is self.abstract else s.family.name
                    self.hits.append((name, conn.recv(100)))
                    conn.close()

    def close(self):
        self.stop = True
        self.thread.join(2)
        for s in (self.tcp, self.tcp6, self.udp, self.unix, self.abstract):
            if s is not None:
                s.close()


def run(root, *args, env, wrapper=()):
    """`python -m autograder --root ROOT ARGS` (behind `wrapper`, a command prefix)."""
    return subprocess.run([*wrapper, sys.executable, "-m", "autograder", "--root", str(root), *args],
                          capture_output=True, text=True, env=env, timeout=900)


def leftovers():
    """Processes an attack started (their command line carries the mark), anywhere on the machine."""
    out = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if attacks.MARK.encode() in cmd:
                out.append((pid, cmd[:120]))
    return out


def metadata(path):
    st = os.stat(path)
    return st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, sorted(os.listxattr(path))


def outputs(root, runs, skip=("m_victim",)):
    """{where: text} of every output of a grading run: the commands' stdout and stderr, and each file under
    feedback/, autograded/ and reports/ (but those of the students in `skip`, whose own answer holds a canary)."""
    texts = {f"output of {k}": p.stdout + p.stderr for k, p in runs.items()}
    for folder in ("feedback", "autograded", "reports"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and not set(skip) & set(path.parts) and path.stem not in skip:
                texts[str(path)] = path.read_text(errors="replace")
    return texts


def secrets_in(texts, canary):
    """[(where, which canary)] found in the outputs, plus [(where, "/etc/shadow")] for a shadow line."""
    found = [(where, name) for where, text in texts.items() for name, value in canary.items() if value in text]
    return found + [(where, "/etc/shadow") for where, text in texts.items() if SHADOW.search(text)]
