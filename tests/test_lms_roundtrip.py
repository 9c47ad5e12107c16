"""The round trip per LMS: a download as the LMS writes it -> collect -> grade -> export in that LMS's import
format -> every row is the right LMS person with the right score; lateness from the LMS is in the gradebook."""

import csv
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import fixture_class as fc  # noqa: E402
import lms_downloads as lms  # noqa: E402

pytest.importorskip("nbgrader")
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("lms_roundtrip")]
A = fc.ASSIGNMENT
MAX = 9.0          # the fixture's points: 8 autograded + 1 for the written answer (left to a human)


def run(root, *args):
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-m", "autograder", "--root", str(root), *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=900)


def notebook(root, mistake=None):
    release = json.loads((root / "release" / A / f"{A}.ipynb").read_text())
    sources = fc.solutions(root)
    if mistake:
        sources[mistake[0]] = fc.MISTAKES[mistake]
    fc._answer(release, sources)
    return json.dumps(release).encode()


SCORE = {None: 8.0, ("adam", "no_bias_correction"): 5.0, ("ewma", "weights_swapped"): 6.0}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("roundtrip")
    root = fc.make_course(tmp)
    assert run(root, "release", "--quiet").returncode == 0
    good, adam, ewma = (notebook(root, k) for k in SCORE)
    expect = {}
    # Canvas: a resubmission (the newer attempt has the adam mistake), a late one, a CJK name; a gradebook export
    c = lms.canvas_member
    lms.write_zip(tmp / "canvas.zip", {
        c("Müller, Élodie", 48213, 9001, f"{A}.ipynb"): good,
        c("O'Brien, Seán", 48216, 9002, f"{A}.ipynb", late=True): good,
        c("O'Brien, Seán", 48216, 9100, lms.canvas_resubmitted(f"{A}.ipynb", 1), late=True): adam,
        c("王芳", 48215, 9003, f"{A}.ipynb"): ewma}, utf8_flag=False)
    (tmp / "canvas_gradebook.csv").write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Fx Optim (7001),Current Score\n"
        "    Points Possible,,,,,10.00,(read only)\n"
        '"Müller, Élodie",48213,S1,emuller,DNN,,\n"O\'Brien, Seán",48216,S2,sobrien,DNN,,\n'
        '"王, 芳",48215,S3,wfang,DNN,,\n', encoding="utf-8-sig")
    expect["canvas"] = {"48213": (8.0, False), "48216": (5.0, True), "48215": (6.0, False)}
    proc = run(root, "collect", tmp / "canvas.zip", "--roster", tmp / "canvas_gradebook.csv", "--due",
               "2026-03-01 23:59", "--timezone", "UTC")
    assert proc.returncode == 0, proc.stderr
    # Moodle: two students with the same name, a grading worksheet with e-mails and times (one late)
    m = lms.moodle_member
    lms.write_zip(tmp / "moodle.zip", {m("Ana Silva", 20, f"{A}.ipynb"): good, m("Ana Silva", 21, f"{A}.ipynb"): adam,
                                       m("José García", 18, f"{A}.ipynb", folders=False): ewma})
    (tmp / "worksheet.csv").write_text(
        "Identifier,Full name,Email address,Status,Grade,Maximum grade,Grade can be changed,"
        "Last modified (submission),Last modified (grade),Feedback comments\n"
        'Participant 20,Ana Silva,ana.silva@uni.pt,Submitted for grading,,100.00,Yes,'
        '"Sunday, 1 March 2026, 11:00 PM",-,\n'
        'Participant 21,Ana Silva,ana.m.silva@uni.pt,Submitted for grading,,100.00,Yes,'
        '"Monday, 2 March 2026, 3:00 AM",-,\n'
        'Participant 18,José García,jose@uni.es,Submitted for grading,,100.00,Yes,"Sunday, 1 March 2026, 9:00 PM",-,\n'
        'Participant 19,Bo Li,bo@uni.cn,No submission,,100.00,Yes,-,-,\n', encoding="utf-8-sig")
    expect["moodle"] = {"20": (8.0, False), "21": (5.0, True), "18": (6.0, False)}
    proc = run(root, "collect", tmp / "moodle.zip", "--roster", tmp / "worksheet.csv", "--timezone", "UTC")
    assert proc.returncode == 0, proc.stderr
    # Blackboard: two attempts of one student, the older one correct
    b = {}
    b.update(lms.blackboard_attempt("Homework 1", "jdoe", "Jane Doe", "2026-03-01-10-00-00", {f"{A}.ipynb": good},
                                    submitted="Sunday, March 1, 2026 10:00:00 AM EST"))
    b.update(lms.blackboard_attempt("Homework 1", "jdoe", "Jane Doe", "2026-03-02-10-00-00", {f"{A}.ipynb": ewma},
                                    submitted="Monday, March 2, 2026 10:00:00 AM EST"))
    b.update(lms.blackboard_attempt("Homework 1", "j_smith", "Jo Smith", "2026-03-01-09-00-00",
                                    {"notebook.ipynb": good}, submitted="Sunday, March 1, 2026 9:00:00 AM EST"))
    lms.write_zip(tmp / "blackboard.zip", b)
    expect["blackboard"] = {"jdoe": (6.0, True), "j_smith": (8.0, False)}
    proc = run(root, "collect", tmp / "blackboard.zip", "--assignment", A)
    assert proc.returncode == 0, proc.stderr
    # Gradescope
    subs = [{"id": 700001, "submitters": [("Lin Wei", "5001", "lin@uni.cn")], "created_at": "2026-03-01 12:00:00 Z",
             "files": {f"{A}.ipynb": good}}]
    lms.write_zip(tmp / "gradescope.zip", lms.gradescope_export(1, subs))
    proc = run(root, "collect", tmp / "gradescope.zip")
    assert proc.returncode == 0, proc.stderr
    proc = run(root, "grade", A, "--jobs", "2", "--timeout", "5")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"root": root, "tmp": tmp, "expect": expect}


def read_csv(path):
    raw = Path(path).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with the BOM the LMS's own exports carry
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def lateness(root):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.student.id: s.total_seconds_late for s in gb.assignment_submissions(A)}


def test_canvas_round_trip(course):
    root, tmp = course["root"], course["tmp"]
    out = tmp / "canvas_import.csv"
    proc = run(root, "export", "--lms", "canvas", "--roster", tmp / "canvas_gradebook.csv", "--to", out)
    assert proc.returncode == 1, proc.stderr          # the non-Canvas students are listed, not guessed
    assert "ana_silva_20" in proc.stderr and "no Canvas user id" in proc.stderr
    rows = read_csv(out)
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Fx Optim (7001)"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == "10"
    got = {r[1]: (r[0], r[3], float(r[5])) for r in rows[2:]}
    assert len(rows) - 2 == len(got) == 3                                   # each person once
    for uid, (score, _) in course["expect"]["canvas"].items():
        assert got[uid][2] == pytest.approx(round(score * 10 / MAX, 2)), uid
    assert got["48213"][:2] == ("Müller, Élodie", "emuller")
    late = lateness(root)
    assert late["sean_obrien"] > 0 and late["elodie_muller"] == 0 and late["芳_王"] == 0


def test_moodle_round_trip(course):
    root, tmp = course["root"], course["tmp"]
    out = tmp / "moodle_import.csv"
    proc = run(root, "export", "--lms", "moodle", "--roster", tmp / "worksheet.csv", "--to", out)
    rows = read_csv(out)
    header = rows[0]
    assert header[:3] == ["Identifier", "Full name", "Email address"]
    by = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert len(by) == 4 and len(rows) == 5                                  # the worksheet's rows, once each
    for pid, (score, _) in course["expect"]["moodle"].items():
        assert float(by[f"Participant {pid}"]["Grade"]) == pytest.approx(round(score * 100 / MAX, 2)), pid
        datetime.datetime.fromisoformat(by[f"Participant {pid}"]["Last modified (grade)"])
    assert by["Participant 19"]["Grade"] == ""                              # not submitted: left as it was
    assert proc.returncode == 1 and "no Moodle participant id" in proc.stderr
    late = lateness(root)
    assert late["ana_silva_21"] == 3 * 3600 + 60 and late["ana_silva_20"] == 0 and late["jose_garcia"] == 0


def test_blackboard_round_trip(course):
    root, tmp = course["root"], course["tmp"]
    out = tmp / "bb.csv"
    column = "Homework 1 [Total Pts: 9 Score] |55123"
    run(root, "export", "--lms", "blackboard", "--assignment", A, "--column", column, "--to", out)
    raw = out.read_bytes().decode("utf-8-sig")
    assert raw.startswith('"Last Name","First Name","Username","Homework 1 [Total Pts: 9 Score] |55123"')
    rows = read_csv(out)
    got = {r[2]: float(r[3]) for r in rows[1:]}
    assert got == {u: s for u, (s, _) in course["expect"]["blackboard"].items()}
    late = lateness(root)
    assert late["jdoe"] > 0 and late["j_smith"] == 0


def test_gradescope_export_is_refused_with_a_reason_and_plain_export_keeps_names(course):
    root, tmp = course["root"], course["tmp"]
    proc = run(root, "export", "--lms", "gradescope")
    assert proc.returncode == 2 and "Gradescope" in proc.stderr
    assert run(root, "export", "--to", tmp / "plain.csv").returncode == 0
    rows = {r["student_id"]: r for r in csv.DictReader(open(tmp / "plain.csv", encoding="utf-8"))}
    assert rows["elodie_muller"]["first_name"] == "Élodie" and rows["elodie_muller"]["last_name"] == "Müller"
    assert rows["lin_wei"]["email"] == "lin@uni.cn" and float(rows["lin_wei"]["score"]) == 8.0
    assert len(rows) == 9                     # every graded student once
