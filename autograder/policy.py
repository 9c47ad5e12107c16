"""Every limit the grading pipeline enforces, in one place: the policy object that crosses to the sandbox child.

    limits = Limits(call_timeout=3)      # the grader's defaults, changed from the command line
    limits.rlimits()                     # what the child sets on itself before any student code runs

A Limits travels to each worker and child as a plain dict (dataclasses.asdict); nothing else defines a limit.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Resource limits of one grading run (seconds, MiB, characters, bytes, processes), and the uid it drops to."""

    call_timeout: float = 10.0          # wall clock of one call into the student's code
    notebook_timeout: float = 180.0     # wall clock of a whole notebook's calls
    startup_timeout: float = 60.0       # starting the child (python + numpy + dlcore)
    memory_mb: int = 1536               # address space of the child (RLIMIT_AS)
    file_mb: int = 32                   # largest file the child may write (RLIMIT_FSIZE)
    disk_mb: int = 128                  # everything the child writes in its scratch directory
    processes: int = 64                 # processes + threads in the sandbox (pids cgroup and RLIMIT_NPROC)
    output_chars: int = 4000            # the student's own printed output kept per cell
    traceback_chars: int = 2000         # the student's traceback kept per failed call
    message_chars: int = 4000           # an error message from the child
    reply_bytes: int = 64 * 2**20       # one reply of the child (a result)
    notebook_bytes: int = 20 * 2**20    # a submitted notebook the grader will read
    collect_bytes: int = 50 * 2**20     # one notebook file taken in by `collect` (autograder.intake)
    collect_zip_bytes: int = 200 * 2**20  # everything inside one zip a student uploaded
    host_uid: int = 65534               # the unprivileged uid and gid the child runs as when the grader is root

    def __post_init__(self):
        if isinstance(self.host_uid, bool) or not isinstance(self.host_uid, int) or not 0 < self.host_uid < 2**32 - 1:
            raise ValueError(f"host_uid must be an unprivileged uid (an int from 1 to 4294967294); got "
                             f"{self.host_uid!r}")

    def rlimits(self):
        return {"RLIMIT_AS": self.memory_mb * 2**20, "RLIMIT_FSIZE": self.file_mb * 2**20, "RLIMIT_CORE": 0,
                "RLIMIT_CPU": int(self.notebook_timeout + self.startup_timeout) + 5}


DEFAULT = Limits()
