"""The unsafe fallback's sweep of processes a sandbox child left behind: found by the token in their environment.

Isolated children need none of this (their PID namespace ends with them; their cgroup lists them). An orphan that
clears its environment escapes this sweep: the README says so, tests/test_grading_attacks_uncontained.py shows it.
"""

import os
import signal
import time


def tagged(token):
    """Pids of the processes whose environment carries the sandbox token."""
    needle = f"AUTOGRADER_SANDBOX={token}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as fh:
                    if needle in fh.read().split(b"\0"):
                        found.append(int(entry))
            except OSError:
                continue
    return found


def kill_tagged(token):
    """SIGKILL every process whose environment carries the sandbox token (orphans, even in another session)."""
    if not token:
        return 0
    needle = f"AUTOGRADER_SANDBOX={token}".encode()
    killed = 0
    me = os.getpid()
    for _ in range(3):  # a forking orphan may spawn while we look
        found = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                with open(f"/proc/{entry}/environ", "rb") as fh:
                    env = fh.read()
            except OSError:
                continue
            if needle in env.split(b"\0"):
                try:
                    os.kill(int(entry), signal.SIGKILL)
                    found += 1
                except OSError:
                    pass
        killed += found
        if not found:
            break
        time.sleep(0.05)
    return killed
