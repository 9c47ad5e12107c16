"""The isolation layer's own promises: the child view withholds the functions under test, grade refuses without
isolation (and says how to get it), every limit comes from one policy, and the copies of nbgrader's rules agree
with nbgrader's own."""

import ast
import errno
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import fixture_class as fc  # noqa: E402

from autograder import cli, course, exitcodes, isolation, nbrules, pipeline  # noqa: E402
from autograder.policy import DEFAULT, Limits  # noqa: E402


def test_child_view_withholds_the_functions_under_test(tmp_path):
    view = isolation.child_view(tmp_path / "view", ["dlcore.optim.adam", "dlcore.optim.Optimizer.update"])
    text = (view / "dlcore" / "optim.py").read_text()
    tree = ast.parse(text)
    adam = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "adam")
    assert [type(s).__name__ for s in adam.body] == ["Expr", "Raise"]  # the docstring stays, the body is gone
    assert [a.arg for a in adam.args.args] == ["w", "dw", "state", "learning_rate", "beta1", "beta2", "epsilon"]
    assert "v_corrected" not in ast.get_source_segment(text, adam)
    update = next(m for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Optimizer"
                  for m in n.body if isinstance(m, ast.FunctionDef) and m.name == "update")
    assert isinstance(update.body[-1], ast.Raise)
    # the grading pipeline stays outside
    for name in ("sandbox.py", "isolation.py", "pipeline.py", "cli.py", "commands", "child_reports.py", "leftovers.py"):
        assert not (view / "autograder" / name).exists()
    assert (view / "autograder" / "child.py").exists() and (view / "autograder" / "codec.py").exists()


@pytest.mark.parametrize("bad", [["dlcore.optim.no_such_function"], ["dlcore.nowhere.adam"], ["dlcore.optim.RULES"]])
def test_child_view_refuses_what_it_cannot_withhold(tmp_path, bad):
    with pytest.raises(ValueError, match="withheld"):
        isolation.child_view(tmp_path / "view", bad)


@pytest.mark.skipif(isolation.unavailable() is not None, reason="needs bubblewrap")
def test_calling_a_withheld_reference_is_delegation():
    import numpy as np

    from autograder.errors import DelegationDetected
    from autograder.sandbox import Sandbox

    with Sandbox(Limits(call_timeout=5), withheld=["dlcore.optim.adam"]) as sb:
        sb.load([("ex", "import dlcore.optim\ndef adam(*a):\n    return dlcore.optim.adam(*a)\n"
                        "def peek():\n    import inspect, dlcore.optim\n"
                        "    return inspect.getsource(dlcore.optim.adam)\n", "solution")])
        sb.names()
        with pytest.raises(DelegationDetected, match="withheld while your work is graded"):
            sb.proxy("adam")(np.ones(2), np.ones(2), {"v": np.zeros(2), "s": np.zeros(2), "t": 0}, 0.1)
        assert "ReferenceWithheld" in sb.proxy("peek")() and "v_corrected" not in sb.proxy("peek")()


def test_grade_refuses_without_isolation_and_names_the_fix(tmp_path, monkeypatch, capsys):
    root = fc.make_course(tmp_path)
    monkeypatch.setattr(isolation, "bwrap_path", lambda: None)
    isolation.unavailable.cache_clear()
    try:
        assert cli.main(["--root", str(root), "grade"]) == exitcodes.NO_ISOLATION
        err = capsys.readouterr().err
        assert "bubblewrap" in err and "apt-get install bubblewrap" in err and "--unsafe-no-isolation" in err
        with pytest.raises(pipeline.IsolationUnavailable):
            pipeline.grade(course.Course(root), fc.ASSIGNMENT)
        # asked for explicitly, the fallback runs (nothing to grade here: exit 3, with the warning)
        assert cli.main(["--root", str(root), "grade", "--unsafe-no-isolation"]) == exitcodes.NOTHING
        assert "WARNING" in capsys.readouterr().err
    finally:
        isolation.unavailable.cache_clear()


def test_one_policy_object_crosses_as_a_dict():
    limits = Limits(call_timeout=3, processes=10)
    assert Limits(**asdict(limits)) == limits
    with pytest.raises(AttributeError):
        limits.call_timeout = 5  # frozen: a limit is changed only by making a new policy
    from autograder.intake import archive

    assert archive.MAX_FILE_BYTES == DEFAULT.collect_bytes
    assert course.read_submission.__defaults__ == (DEFAULT.notebook_bytes,)
    assert set(limits.rlimits()) == {"RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_CORE", "RLIMIT_CPU"}


def test_defang_breaks_every_marker_and_keeps_the_rest():
    text = "x = 1  # ### BEGIN HIDDEN TESTS\n### END SOLUTION\ncheck('a', a, hidden=True)\nplain"
    out = nbrules.defang(text)
    assert not any(m in out for m in nbrules.MARKERS)
    assert out.replace("\u200b", "") == text


def test_rule_copies_agree_with_nbgrader():
    nbgrader_utils = pytest.importorskip("nbgrader.utils")
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_output
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    cells = []
    for kind, meta in [("code", {"grade": True, "solution": False, "points": 2, "grade_id": "t"}),
                       ("code", {"grade": False, "solution": True, "grade_id": "s"}),
                       ("markdown", {"grade": True, "solution": True, "points": 1.5, "grade_id": "m"}),
                       ("code", {"locked": True, "grade_id": "l"})]:
        cell = (new_code_cell if kind == "code" else new_markdown_cell)(source="x = 1\ny = 2")
        cell.metadata["nbgrader"] = meta
        cells.append(cell)
    errored = new_code_cell(source="f()")
    errored.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1, "grade_id": "e"}
    errored.outputs = [new_output("error", ename="E", evalue="", traceback=[])]
    cells.append(errored)
    for cell in cells:
        assert nbrules.compute_checksum(cell) == nbgrader_utils.compute_checksum(cell)
        cell.metadata["nbgrader"]["checksum"] = nbgrader_utils.compute_checksum(cell)
        if cell.metadata["nbgrader"].get("grade"):  # nbgrader's own refuses other cells
            points = float(cell.metadata["nbgrader"]["points"])
            assert nbrules.determine_grade(cell, points) == nbgrader_utils.determine_grade(cell)[0]
    assert (nbrules.HIDDEN_BEGIN, nbrules.HIDDEN_END) == (ClearHiddenTests().begin_test_delimeter,
                                                           ClearHiddenTests().end_test_delimeter)
    solution = ClearSolutions()
    assert {"BEGIN SOLUTION", "END SOLUTION"} == {solution.begin_solution_delimeter, solution.end_solution_delimeter}
    assert {"BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION"} <= set(nbrules.MARKERS)


def test_publish_and_cli_import_no_circle():
    import autograder.publish as publish

    text = Path(publish.__file__).read_text()
    assert "from .cli" not in text and "import cli" not in text


# ------------------------------------------------------------- the child's uid on the host (as an outsider sees it)
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0 or isolation.unavailable() is not None,
                             reason="the uid drop is the root grader's; needs bubblewrap and root")
PROBE = '''import ctypes, os, subprocess, time
def spawn(name):
    open(name, "w").write("mine")
    subprocess.Popen(["sleep", "30"])
    time.sleep(0.2)
    return os.getuid()
def read(name):
    return open(name).read()
def attack(pid):
    visible = os.path.exists(f"/proc/{pid}")
    libc = ctypes.CDLL(None, use_errno=True)
    traced = libc.ptrace(16, pid, None, None), ctypes.get_errno()   # PTRACE_ATTACH
    try:
        os.kill(pid, 9)
        killed = "killed"
    except OSError as exc:
        killed = type(exc).__name__
    return visible, traced, killed
'''


def sandboxed_processes(token):
    """Host pid -> the Uid/Gid/Groups/CapEff lines of /proc/<pid>/status, for every process carrying the token."""
    found = {}
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and f"AUTOGRADER_SANDBOX={token}".encode() in Path(f"/proc/{pid}/environ").read_bytes():
                status = Path(f"/proc/{pid}/status").read_text().splitlines()
                found[int(pid)] = {k: v.split() for k, _, v in (line.partition(":") for line in status)
                                   if k in ("Uid", "Gid", "Groups", "CapEff", "CapPrm", "NSpid")}
        except OSError:
            continue
    return found


LOOK_UP_LABELS = """
import gzip, importlib.resources, os
import dlcore
from dlcore import data
def by_loader():
    return data.load_digits()[1].shape
def by_resource():
    with importlib.resources.files("dlcore").joinpath("datasets/digits.csv.gz").open("rb") as fh:
        return len(gzip.decompress(fh.read()))
def by_path(path):
    with open(path, "rb") as fh:
        return len(fh.read())
def listing():
    return sorted(os.listdir(os.path.dirname(dlcore.__file__)))
"""


@pytest.mark.skipif(isolation.unavailable() is not None, reason="needs bubblewrap")
def test_the_child_cannot_reach_the_capstones_labels():
    """The capstone's held-out examples come from dlcore's digits: a classifier that looked their labels up would
    score full marks. In the child the loader is withheld and the data file is in no place it can read."""
    from autograder import registry
    from autograder.errors import DelegationDetected
    from autograder.sandbox import Sandbox

    withheld = registry.forbidden_for("digits_classifier")  # what grading 08 withholds
    assert "dlcore.data.load_digits" in withheld
    real = Path(__file__).resolve().parents[1] / "dlcore" / "datasets" / "digits.csv.gz"
    assert real.is_file()  # the attack would work outside the sandbox
    with Sandbox(Limits(call_timeout=10), withheld=withheld) as sb:
        sb.load([("ex", LOOK_UP_LABELS, "solution")])
        sb.names()
        with pytest.raises(DelegationDetected, match="withheld while your work is graded"):
            sb.proxy("by_loader")()
        assert "datasets" not in sb.proxy("listing")()
        for attack, args in (("by_resource", ()), ("by_path", (str(real),))):
            with pytest.raises(Exception, match="No such file|Permission denied|FileNotFound"):
                sb.proxy(attack)(*args)


@AS_ROOT
def test_a_root_grader_runs_the_child_as_the_unprivileged_uid_on_the_host():
    from autograder.sandbox import Sandbox

    uid = DEFAULT.host_uid
    with Sandbox(Limits(call_timeout=10)) as sb:
        sb.load([("ex", PROBE, "solution")])
        sb.names()
        assert sb.proxy("spawn")("made-by-the-child.txt") == isolation.SANDBOX_UID  # its uid inside
        procs = sandboxed_processes(sb.token)
        # bubblewrap (outside and as pid 1), the child, its sleep: every one is the unprivileged uid, no groups,
        # no capabilities, as the host's /proc shows them
        assert len(procs) >= 4, procs
        for pid, status in procs.items():
            assert status["Uid"] == [str(uid)] * 4 and status["Gid"] == [str(uid)] * 4, (pid, status)
            assert status["Groups"] == [] and int(status["CapEff"][0], 16) == 0 == int(status["CapPrm"][0], 16)
        # the binds that let the unprivileged uid reach the interpreter live in the starter's own mount namespace
        assert str(sb.base) not in Path("/proc/1/mountinfo").read_text() + Path("/proc/self/mountinfo").read_text()
        made = Path(sb.workdir) / "made-by-the-child.txt"
        assert (made.stat().st_uid, made.stat().st_gid) == (uid, uid)
        # a root-only file inside its own view: the child was root on the host before, and could read it
        secret = Path(sb.workdir) / "root-only.txt"
        secret.write_text("root's")
        os.chown(secret, 0, 0)
        secret.chmod(0o600)
        with pytest.raises(PermissionError):
            sb.proxy("read")("root-only.txt")
        assert sb.proxy("read")("made-by-the-child.txt") == "mine"
        # a root process placed in the child's own PID namespace (so visible to it): neither killed nor traced
        inner = next(pid for pid, status in procs.items() if len(status["NSpid"]) == 2)
        root_proc = subprocess.Popen(["nsenter", "-t", str(inner), "-p", "--", "/bin/sh", "-c",
                                      "echo $$; exec sleep 60"], stdout=subprocess.PIPE, text=True)
        try:
            pid_inside = int(root_proc.stdout.readline())
            visible, traced, killed = sb.proxy("attack")(pid_inside)
            assert visible and traced == (-1, errno.EPERM) and killed == "PermissionError"
            time.sleep(0.2)
            assert root_proc.poll() is None  # still alive
        finally:
            root_proc.kill()
            root_proc.wait()


BOMB = """import os, time
def bomb():
    n = 0
    for _ in range(200):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(5)
            os._exit(0)
        n += 1
    return n
"""


@AS_ROOT
def test_without_the_cgroup_rlimit_nproc_alone_caps_a_fork_bomb(monkeypatch):
    """The kernel exempts uid 0 from RLIMIT_NPROC: it caps the child only because the child is not root on the host."""
    from autograder.sandbox import Sandbox

    monkeypatch.setattr(isolation, "PIDS_ROOT", Path("/nonexistent-pids-hierarchy"))
    with Sandbox(Limits(call_timeout=20, processes=20)) as sb:
        assert sb.cgroup.path is None
        sb.load([("ex", BOMB, "solution")])
        sb.names()
        assert 10 <= sb.proxy("bomb")() < 20  # the processes limit counts bubblewrap's pid 1 and the child too


@AS_ROOT
def test_a_root_grader_without_setpriv_is_told_what_is_missing(monkeypatch):
    import shutil

    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, **kw: None if name == "setpriv" else which(name, **kw))
    isolation.unavailable.cache_clear()
    try:
        missing = isolation.unavailable()
        assert "setpriv" in missing and "apt-get install util-linux" in missing and "unprivileged uid" in missing
    finally:
        isolation.unavailable.cache_clear()


def test_host_uid_must_be_unprivileged():
    for bad in (0, -1, "65534", True, 2**32):
        with pytest.raises(ValueError, match="host_uid"):
            Limits(host_uid=bad)
    assert Limits(host_uid=12345).host_uid == 12345
