"""The attack suite's detectors can fail: a representative attack of each kind, graded by the uncontained fallback
(`grade --unsafe-no-isolation`, on a kernel without Landlock: tests/without_landlock.py), escapes, and the detector
of tests/test_grading_attacks.py that watches for it finds it. Each check there is thus shown able to fail.

The fallback keeps the trusted side's verdicts and the resource limits (so the bombs and signals of the suite are
left out here: uncontained, they would stop the grader itself), nothing else.
"""

import os
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
sys.path.insert(0, str(Path(__file__).parent))
import attacks  # noqa: E402
import fixture_class as fc  # noqa: E402
from attack_detectors import Listeners, leftovers, metadata, outputs, run, secrets_in  # noqa: E402

pytest.importorskip("nbgrader")
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading_attacks"),
              pytest.mark.skipif(not sys.platform.startswith("linux") or os.uname().machine not in
                                 ("x86_64", "aarch64"), reason="the no-Landlock filter is for Linux x86_64/aarch64")]
WITHOUT_LANDLOCK = [sys.executable, str(Path(__file__).parent / "without_landlock.py")]
GRADE = ["--unsafe-no-isolation", "--jobs", "1", "--timeout", "3", "--notebook-timeout", "60", "--memory", "1024"]
SECRETS = {"read_gradebook_file": "GRADEBOOK", "read_solution_notebook": "SOLUTION", "read_root_only_file": "ROOTONLY",
           "read_environ_of_every_process": "ENV", "read_other_students": "OTHER"}
ORPHANS = ["orphan_double_fork_setsid", "orphan_setpgid_cleared_env"]
PACKETS = {"tcp_connect": "AF_INET", "udp_send": "udp", "unix_path_socket": "AF_UNIX",
           "unix_abstract_socket": "abstract"}
OUTSIDE = ["chmod_outside", "utime_outside", "write_course_files"]


@pytest.fixture(scope="module")
def escaped(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("uncontained")
    canary = attacks.canaries()
    root = fc.make_course(tmp)
    attacks.plant_canaries(root, canary)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", AUTOGRADER_TEST_SECRET=canary["ENV"])
    assert run(root, "release", "--quiet", env=env).returncode == 0
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        gb.update_or_create_student("someone_else", first_name=canary["GRADEBOOK"], email=f"{canary['GRADEBOOK']}@x")
    rootonly = tmp / "rootonly.txt"
    rootonly.write_text(f"secret {canary['ROOTONLY']}\n")
    rootonly.chmod(0o600)
    target = root / "reports" / "target.txt"
    target.parent.mkdir(exist_ok=True)
    target.write_text("untouched")
    before = metadata(target)
    listeners = Listeners(tmp)
    try:
        names = [*SECRETS, *ORPHANS, *PACKETS, *OUTSIDE]
        students = attacks.build(root, {"ROOT": str(root), "ROOTONLY": str(rootonly), "TARGET": str(target),
                                        "REPO": str(fc.REPO), **listeners.env()}, canary, names)
        runs = {"grade": run(root, "grade", fc.ASSIGNMENT, *GRADE, env=env, wrapper=WITHOUT_LANDLOCK)}
        left = leftovers()
    finally:
        listeners.close()
        for pid, _ in leftovers():  # the orphans are this test's own: end them here
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
    return {"root": root, "canary": canary, "students": students, "runs": runs, "target": target, "before": before,
            "hits": listeners.hits, "leftovers": left}


def student_of(escaped, attack):
    return next(s for s, a in escaped["students"].items() if a == attack)


def test_the_uncontained_run_graded_everyone(escaped):
    assert escaped["runs"]["grade"].returncode == 0, escaped["runs"]["grade"].stderr[-3000:]
    assert "WARNING: --unsafe-no-isolation" in escaped["runs"]["grade"].stderr


def test_the_secret_detector_finds_what_each_read_attack_printed(escaped):
    root, canary = escaped["root"], escaped["canary"]
    found = secrets_in(outputs(root, escaped["runs"]), canary)
    for attack, secret in SECRETS.items():
        where = root / "autograded" / student_of(escaped, attack)
        assert any(str(where) in w and name == secret for w, name in found), (attack, secret)


def test_the_process_detector_finds_the_orphans(escaped):
    assert len(escaped["leftovers"]) >= len(ORPHANS), escaped["leftovers"]


def test_the_listeners_hear_every_socket_family(escaped):
    heard = {kind for kind, data in escaped["hits"] if data.startswith(b"ATTACK")}
    assert set(PACKETS.values()) <= heard, escaped["hits"]


def test_the_outside_detectors_see_the_writes_and_metadata_changes(escaped):
    root, target = escaped["root"], escaped["target"]
    assert target.read_text() != "untouched"
    assert metadata(target) != escaped["before"] and metadata(target)[0] & 0o777 == 0o777
    assert (root / "reports" / "attack-canary.txt").exists()
