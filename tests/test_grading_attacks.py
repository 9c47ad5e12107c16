"""The attack suite: ~40 hostile submissions (tests/attacks.py), graded with --jobs 2 and the cross-student ones
again with --jobs 1, followed by correct controls. Everything must be contained: 0 secrets in any output, 0
processes left, 0 writes or metadata changes outside the sandbox, 0 packets on the listeners, controls at full
marks, the reference's result out of reach.

Canaries planted before grading: an environment variable of the grader, a root-only file, a comment in a solution
and one in a hidden test (notebooks/, gradebook), another student's answer (submitted/), a gradebook row.
The detectors are tests/attack_detectors.py; tests/test_grading_attacks_uncontained.py shows each can fail.
"""

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
sys.path.insert(0, str(Path(__file__).parent))
import attacks  # noqa: E402
import fixture_class as fc  # noqa: E402
from attack_detectors import Listeners, leftovers, metadata, outputs, run, secrets_in  # noqa: E402

from autograder import isolation  # noqa: E402

pytest.importorskip("nbgrader")
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading_attacks"),
              pytest.mark.skipif(isolation.unavailable() is not None,
                                 reason=f"kernel isolation unavailable: {isolation.unavailable()}")]
GRADE = ["--timeout", "3", "--notebook-timeout", "60", "--memory", "1024"]
HOST_LEFTOVERS = ["/dev/shm/attack-canary", "/dev/attack-canary", "/tmp/attack-canary", "/var/tmp/attack-canary",
                  "/tmp/attack-canary-fifo", "/dev/shm/attack-canary-node"]


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attacks")
    canary = attacks.canaries()
    root = fc.make_course(tmp)
    attacks.plant_canaries(root, canary)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", AUTOGRADER_TEST_SECRET=canary["ENV"])
    assert run(root, "release", "--quiet", env=env).returncode == 0
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:  # a gradebook row of someone else
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
        students = attacks.build(root, {"ROOT": str(root), "ROOTONLY": str(rootonly), "TARGET": str(target),
                                        "REPO": str(fc.REPO), **listeners.env()}, canary)
        runs = {"jobs2": run(root, "grade", fc.ASSIGNMENT, "--jobs", "2", *GRADE, env=env)}
        runs["feedback"] = run(root, "feedback", env=env)
        leftovers_after_grade = leftovers()
        again = [s for s, a in students.items() if a in attacks.CROSS_STUDENT or a == "control"]
        scores_jobs2 = gradebook_scores(root)
        runs["jobs1"] = run(root, "grade", fc.ASSIGNMENT, "--jobs", "1", *GRADE,
                            *[x for s in again for x in ("--student", s)], env=env)
    finally:
        listeners.close()
    return {"root": root, "canary": canary, "students": students, "runs": runs, "target": target,
            "before": before, "hits": listeners.hits, "leftovers_after_grade": leftovers_after_grade,
            "scores_jobs2": scores_jobs2}


def gradebook_scores(root):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {(sub.student.id, g.name): g.auto_score for sub in gb.assignment_submissions(fc.ASSIGNMENT)
                for nb in sub.notebooks for g in nb.grades}


def test_enough_attacks_and_every_one_graded(attacked):
    assert len(attacks.ATTACKS) >= 30
    for name in ("jobs2", "jobs1", "feedback"):
        proc = attacked["runs"][name]
        assert proc.returncode == 0, (name, proc.stderr[-3000:])
    results = attacked["root"] / "reports" / "results" / fc.ASSIGNMENT
    for student in attacked["students"]:
        result = json.loads((results / f"{student}.json").read_text())
        assert result["error"] is None, (student, result["error"])
        html = attacked["root"] / "feedback" / student / fc.ASSIGNMENT / f"{fc.ASSIGNMENT}.html"
        assert html.exists(), student  # marker text in a cell included: everyone gets feedback


@pytest.mark.parametrize("run_name", ["jobs2", "jobs1"])
def test_controls_graded_after_the_attackers_keep_full_marks(attacked, run_name):
    scores = attacked["scores_jobs2"] if run_name == "jobs2" else gradebook_scores(attacked["root"])
    full = fc.expected_scores(fc._expect())
    for student in ("m_victim", "z_control1", "z_control2"):
        got = {gid: scores[(student, gid)] for gid in full}
        assert got == pytest.approx(full), (run_name, student, got)


def test_no_secret_in_any_output(attacked):
    root, canary = attacked["root"], attacked["canary"]
    assert secrets_in(outputs(root, attacked["runs"]), canary) == []
    # the attacks did run: their reports are in their own feedback
    sample = (root / "autograded" / next(s for s, a in attacked["students"].items() if a == "read_own_environment")
              / fc.ASSIGNMENT / f"{fc.ASSIGNMENT}.ipynb").read_text()
    assert "ATTACK env []" in sample


def test_no_process_survives(attacked):
    assert attacked["leftovers_after_grade"] == [] and leftovers() == []
    groups = isolation.PIDS_ROOT / "autograder"
    if groups.is_dir():  # every child's pids cgroup was emptied and removed
        assert [p.name for p in groups.iterdir() if p.is_dir()] == []


def test_nothing_outside_was_written_or_changed(attacked):
    root = attacked["root"]
    assert attacked["target"].read_text() == "untouched"
    assert metadata(attacked["target"]) == attacked["before"]
    assert not (root / "reports" / "attack-canary.txt").exists()
    assert [p for p in HOST_LEFTOVERS if os.path.lexists(p)] == []
    con = sqlite3.connect(root / "gradebook.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_no_packet_reached_the_listeners(attacked):
    assert attacked["hits"] == []


def test_the_references_result_is_out_of_reach(attacked):
    scores = gradebook_scores(attacked["root"])
    for student, name in attacked["students"].items():
        if name in ("reference_by_every_route", "forge_reply"):
            assert scores[(student, "test_adam")] == 0 and scores[(student, "test_adam_hidden")] == 0, student


def test_marker_text_is_shown_defanged(attacked):
    root = attacked["root"]
    student = next(s for s, a in attacked["students"].items() if a == "marker_text")
    html = (root / "feedback" / student / fc.ASSIGNMENT / f"{fc.ASSIGNMENT}.html").read_text()
    assert "EGIN HIDDEN TESTS" in html and "BEGIN HIDDEN TESTS" not in html
    scores = gradebook_scores(root)
    assert scores[(student, "test_ewma")] == 1.0  # the marker costs the student nothing
