"""Run a command as on a kernel without Landlock: landlock_create_ruleset fails with ENOSYS (a seccomp filter).

    python tests/without_landlock.py COMMAND [ARGS...]

For tests/test_grading_attacks_uncontained.py: the unsafe fallback's child then confines nothing beyond its
resource limits, as on a Linux older than 5.13 or a kernel built without Landlock. x86_64 and aarch64 only.
"""

import ctypes
import os
import platform
import struct
import sys

ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}       # AUDIT_ARCH_*
LANDLOCK_CREATE_RULESET = 444                                # the same number on both
LD_ABS_W, JEQ_K, RET_K = 0x20, 0x15, 0x06
RET_ALLOW, RET_ERRNO, ENOSYS = 0x7FFF0000, 0x00050000, 38
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


def install():
    arch = ARCH[platform.machine()]
    program = [(LD_ABS_W, 0, 0, 4), (JEQ_K, 1, 0, arch), (RET_K, 0, 0, RET_ALLOW),   # another ABI: allow
               (LD_ABS_W, 0, 0, 0), (JEQ_K, 0, 1, LANDLOCK_CREATE_RULESET),
               (RET_K, 0, 0, RET_ERRNO | ENOSYS), (RET_K, 0, 0, RET_ALLOW)]
    code = b"".join(struct.pack("HBBI", *insn) for insn in program)
    buf = ctypes.create_string_buffer(code)

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = Prog(len(program), ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "installing the seccomp filter")


if __name__ == "__main__":
    install()
    os.execvp(sys.argv[1], sys.argv[1:])
