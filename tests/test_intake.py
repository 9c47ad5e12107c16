"""collect on bulk downloads written the way Canvas, Moodle, Blackboard, Gradescope and nbgrader write them
(tests/lms_downloads.py builds them from the LMSs' own naming code): who each file is, which attempt, what time."""

import datetime
import json
import os
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import fixture_class as fc  # noqa: E402
import lms_downloads as lms  # noqa: E402

pytest.importorskip("nbgrader")
A = fc.ASSIGNMENT
DUE = "2026-03-01 23:59"
DUE_UTC = datetime.datetime(2026, 3, 1, 23, 59)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A course with two assignments and an empty gradebook (nbgrader takes seconds to create one: made once)."""
    from nbgrader.api import Gradebook

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    r = fc.make_course(tmp_path_factory.mktemp("template"))
    second = r / "notebooks" / "fx_second"      # a second assignment, for ids across assignments
    second.mkdir()
    shutil.copy(r / "notebooks" / A / f"{A}.ipynb", second / "fx_second.ipynb")
    Gradebook(f"sqlite:///{r / 'gradebook.db'}").close()
    return r


@pytest.fixture
def root(template, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    return Path(shutil.copytree(template, tmp_path / "course"))


def nb(tag="x"):
    """A notebook's bytes; `tag` makes each student's file distinct."""
    return json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": tag}], "metadata": {},
                       "nbformat": 4, "nbformat_minor": 5}).encode()


def collect(root, *args, capsys=None):
    from autograder.cli import main

    code = main(["--root", str(root), "collect", *map(str, args)])
    out = capsys.readouterr() if capsys else None
    return code, (out.err if out else "")


def folders(root):
    sub = root / "submitted"
    return sorted(p.relative_to(sub).as_posix() for p in sub.glob("*/*/*.ipynb"))


def content(root, student, assignment=A, notebook=None):
    return (root / "submitted" / student / assignment / f"{notebook or assignment}.ipynb").read_bytes()


def stamp(root, student, assignment=A):
    p = root / "submitted" / student / assignment / "timestamp.txt"
    return p.read_text().strip() if p.exists() else None


def students(root):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        return {s.id: (s.first_name, s.last_name, s.email, s.lms_user_id) for s in gb.students}


def everything_under(path):
    return sorted(str(p.relative_to(path)) for p in Path(path).rglob("*"))


# --------------------------------------------------------------------------------------------------------- Canvas
def test_canvas_download(root, tmp_path, capsys):
    m = lms.canvas_member
    members = {
        m("Müller, Élodie", 48213, 901234, f"{A}.ipynb"): nb("elodie"),
        m("García, José", 48214, 901240, f"{A}.ipynb", late=True): nb("jose"),
        m("王芳", 48215, 901241, f"{A}.ipynb"): nb("wang"),
        m("O'Brien, Seán", 48216, 901100, f"{A}.ipynb", late=True): nb("sean full"),       # older, full
        m("O'Brien, Seán", 48216, 901300, lms.canvas_resubmitted(f"{A}.ipynb", 1), late=True): b"",  # newer, empty
        m("Smith, John", 111, 901500, f"{A}.ipynb"): nb("john 111"),
        m("Smith, John", 222, 901501, f"{A}.ipynb"): nb("john 222"),
        m("", None, 901600, f"{A}.ipynb", anon_id="aB3dE"): nb("anon 1"),
        m("", None, 901601, f"{A}.ipynb", anon_id="Xy12Z", late=True): nb("anon 2"),
        m("Lee, Ann", 333, 901700, "timestamp.txt"): b"2000-01-01 00:00:00.000000 UTC",   # forged by the student
        m("Lee, Ann", 333, 901701, f"{A.upper()} (1).IPYNB"): nb("ann"),
        m("Kim, Min", 444, 901800, "my_work.zip"): _zip_bytes({"my_work/fx_optim.ipynb": nb("min")}),
        m("Wolf, Ida", 555, 901900, "essay.pdf"): b"%PDF-1.4",
    }
    zpath = lms.write_zip(tmp_path / "course-fx_optim_submissions.zip", members)
    code, err = collect(root, zpath, "--due", DUE, "--timezone", "UTC", capsys=capsys)
    assert code == 0, err
    assert folders(root) == [f"{s}/{A}/{A}.ipynb" for s in sorted([
        "mullerelodie", "garciajose", "王芳", "obriensean", "smithjohn_111", "smithjohn_222", "anon_ab3de",
        "anon_xy12z", "leeann", "kimmin"])]
    assert content(root, "obriensean") == nb("sean full")            # the empty newer file did not replace it
    assert "is empty" in err and "901300" in err
    assert content(root, "kimmin") == nb("min")                      # from inside the student's zip
    assert stamp(root, "mullerelodie") == "2026-03-01 23:59:00.000000 UTC"   # on time: the due date
    assert stamp(root, "garciajose") == "2026-03-01 23:59:01.000000 UTC"     # LATE: one second after it
    assert stamp(root, "leeann") == "2026-03-01 23:59:00.000000 UTC"         # its own timestamp.txt ignored
    assert "timestamp.txt uploaded by the student" in err
    people = students(root)
    assert people["smithjohn_111"][3] == "canvas:111" and people["smithjohn_222"][3] == "canvas:222"
    assert people["王芳"][3] == "canvas:48215"
    rec = json.loads((root / "submitted" / "anon_xy12z" / A / "lms.json").read_text())
    assert rec["person"]["alias"] == "canvas:anon:Xy12Z" and rec["notebooks"][A]["late"] is True


def _zip_bytes(members):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for k, v in members.items():
            zf.writestr(k, v)
    return buf.getvalue()


def test_canvas_same_person_keeps_one_id_across_downloads_and_renames(root, tmp_path, capsys):
    m = lms.canvas_member
    first = lms.write_zip(tmp_path / "a.zip", {m("Müller, Élodie", 48213, 900001, f"{A}.ipynb"): nb("v1")})
    later = lms.write_zip(tmp_path / "b.zip", {m("Dupont, Élodie", 48213, 900002, lms.canvas_resubmitted(
        f"{A}.ipynb", 1)): nb("v2")})
    assert collect(root, first, capsys=capsys)[0] == 0
    code, err = collect(root, later, capsys=capsys)
    assert code == 0, err
    assert folders(root) == [f"mullerelodie/{A}/{A}.ipynb"] and content(root, "mullerelodie") == nb("v2")
    assert "replaced" in err
    code, err = collect(root, first, capsys=capsys)          # the older download again: the newer file stays
    assert code == 0 and content(root, "mullerelodie") == nb("v2") and "is older" in err
    before = (root / "submitted" / "mullerelodie" / A / f"{A}.ipynb").stat().st_mtime_ns
    code, err = collect(root, later, capsys=capsys)          # idempotent
    assert code == 0 and "1 unchanged" in err
    assert (root / "submitted" / "mullerelodie" / A / f"{A}.ipynb").stat().st_mtime_ns == before
    assert list(students(root)) == ["mullerelodie"]


def test_canvas_roster_gives_names_and_sis_ids(root, tmp_path, capsys):
    m = lms.canvas_member
    zpath = lms.write_zip(tmp_path / "s.zip", {m("Müller, Élodie", 48213, 1, f"{A}.ipynb"): nb(),
                                               m("O'Brien, Seán", 48216, 2, f"{A}.ipynb"): nb("2")}, utf8_flag=False)
    gradebook = tmp_path / "2026-03-02T1000_Grades-DNN.csv"
    gradebook.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Optimizers (7001),Current Score\n"
        "    Points Possible,,,,,10.00,(read only)\n"
        '"Müller, Élodie",48213,S-1,emuller,DNN 01,,\n'
        '"O\'Brien, Seán",48216,S-2,sobrien,DNN 02,,\n', encoding="utf-8-sig")
    code, err = collect(root, zpath, "--roster", gradebook, capsys=capsys)
    assert code == 0, err
    people = students(root)
    # new ids read as the roster spells the names; rubyzip's unflagged UTF-8 member names decoded right
    assert people["elodie_muller"] == ("Élodie", "Müller", None, "canvas:48213")
    assert people["sean_obrien"][:2] == ("Seán", "O'Brien")
    rec = json.loads((root / "submitted" / "sean_obrien" / A / "lms.json").read_text())
    assert rec["person"]["extra"]["sis_login_id"] == "sobrien" and rec["person"]["extra"]["section"] == "DNN 02"


def test_canvas_late_without_a_due_date_is_reported(root, tmp_path, capsys):
    zpath = lms.write_zip(tmp_path / "s.zip", {lms.canvas_member("Doe, Jane", 7, 8, f"{A}.ipynb", late=True): nb()})
    code, err = collect(root, zpath, capsys=capsys)
    assert code == 1 and "no due date" in err and "--due" in err
    assert stamp(root, "doejane") is None


# --------------------------------------------------------------------------------------------------------- Moodle
MOODLE = [("Élodie Müller", 17), ("José García", 18), ("王芳", 19), ("Ana Silva", 20), ("Ana Silva", 21),
          ("Seán O'Brien", 22)]


def test_moodle_download_folders_flat_blind_and_windows_separators(root, tmp_path, capsys):
    members = {}
    for i, (name, pid) in enumerate(MOODLE):
        members[lms.moodle_member(name, pid, f"{A}.ipynb", folders=i % 2 == 0)] = nb(name + str(pid))
    members[lms.moodle_member("Élodie Müller", 17, "timestamp.txt")] = b"2000-01-01 00:00:00 UTC"
    members[lms.moodle_member("x", 30, f"{A}.ipynb", blind=True)] = nb("blind 30")
    members[lms.moodle_member("x", 31, f"{A}.ipynb", blind=True)] = nb("blind 31")
    members[lms.moodle_member("Ida Wolf", 23, f"{A}.ipynb").replace("/", "\\")] = nb("ida")    # a Windows zip tool
    members["Bo Li_24_assignsubmission_onlinetext_/onlinetext.html"] = b"<p>hi</p>"
    zpath = lms.write_zip(tmp_path / "DNN-fx_optim-42.zip", members)
    code, err = collect(root, zpath, capsys=capsys)
    assert code == 0, err
    assert folders(root) == sorted(f"{s}/{A}/{A}.ipynb" for s in [
        "elodie_muller", "jose_garcia", "王芳", "ana_silva_20", "ana_silva_21", "sean_obrien", "participant_30",
        "participant_31", "ida_wolf"])
    assert content(root, "ana_silva_21") == nb("Ana Silva21")            # two people, two folders
    assert stamp(root, "elodie_muller") is None                          # the student's timestamp.txt is not used
    assert students(root)["王芳"][0] == "王芳"


def _worksheet(path, rows):
    head = ("Identifier,Full name,Email address,Status,Grade,Maximum grade,Grade can be changed,"
            "Last modified (submission),Last modified (grade),Feedback comments\n")
    lines = [f'Participant {pid},{name},{mail},Submitted for grading,,100.00,Yes,"{when}",-,\n'
             for pid, name, mail, when in rows]
    path.write_text(head + "".join(lines), encoding="utf-8-sig")
    return path


def test_moodle_worksheet_gives_times_and_links_assignments_by_email(root, tmp_path, capsys):
    z1 = lms.write_zip(tmp_path / "DNN-fx_optim-42.zip", {
        lms.moodle_member("Ana Silva", 20, f"{A}.ipynb"): nb("a20"),
        lms.moodle_member("Ana Silva", 21, f"{A}.ipynb"): nb("a21"),
        lms.moodle_member("José García", 18, f"{A}.ipynb"): nb("j"),
        lms.moodle_member("Bo Li", 25, f"{A}.ipynb"): nb("b")})
    ws1 = _worksheet(tmp_path / "Grades-fx_optim.csv", [
        (20, "Ana Silva", "ana.silva@uni.pt", "Sunday, 1 March 2026, 11:30 PM"),
        (21, "Ana Silva", "ana.m.silva@uni.pt", "Monday, 2 March 2026, 1:15 AM"),
        (18, "José García", "jose@uni.es", "sometime last week"),
        (25, "Bo Li", "bo@uni.cn", "-")])
    code, err = collect(root, z1, "--roster", ws1, "--timezone", "Europe/Lisbon", "--due", DUE, capsys=capsys)
    assert code == 1, err                                    # the unparseable and the missing time are problems
    assert "sometime last week" in err and "graded as on time" in err
    assert stamp(root, "ana_silva_20") == "2026-03-01 23:30:00.000000 UTC"   # Lisbon is UTC in March
    assert stamp(root, "ana_silva_21") == "2026-03-02 01:15:00.000000 UTC"
    assert stamp(root, "jose_garcia") is None
    people = students(root)
    assert people["ana_silva_21"][2:] == ("ana.m.silva@uni.pt", "moodle:ana.m.silva@uni.pt")
    # the next assignment: other participant ids, the same people (by e-mail)
    z2 = lms.write_zip(tmp_path / "DNN-fx_second-43.zip", {
        lms.moodle_member("Ana Silva", 93, "fx_second.ipynb"): nb("second a21"),
        lms.moodle_member("Ana Silva", 94, "fx_second.ipynb"): nb("second a20")})
    ws2 = _worksheet(tmp_path / "Grades-fx_second.csv", [(93, "Ana Silva", "ana.m.silva@uni.pt", "-"),
                                                        (94, "Ana Silva", "ana.silva@uni.pt", "-")])
    code, err = collect(root, z2, "--roster", ws2, capsys=capsys)
    assert code == 0, err
    assert content(root, "ana_silva_21", "fx_second") == nb("second a21")
    assert content(root, "ana_silva_20", "fx_second") == nb("second a20")
    assert sorted(students(root)) == ["ana_silva_20", "ana_silva_21", "bo_li", "jose_garcia"]


# ----------------------------------------------------------------------------------------------------- Blackboard
def test_blackboard_attempts_newest_wins_with_its_time(root, tmp_path, capsys):
    members = {}
    members.update(lms.blackboard_attempt("Homework 1", "jdoe", "Jane Doe", "2026-03-01-10-00-00",
                                          {f"{A}.ipynb": nb("old")}, submitted="Sunday, March 1, 2026 10:00:00 AM EST"))
    members.update(lms.blackboard_attempt("Homework 1", "jdoe", "Jane Doe", "2026-03-02-09-30-00",
                                          {f"{A}.ipynb": nb("new")}, submitted="Monday, March 2, 2026 9:30:00 AM EST"))
    members.update(lms.blackboard_attempt("Homework 1", "j_smith", "José Smith", "2026-03-01-08-00-00",
                                          {"my notebook.ipynb": nb("js")}))
    zpath = lms.write_zip(tmp_path / "gradebook_DNN_Homework201_2026-03-03-12-00-00.zip", members)
    code, err = collect(root, zpath, "--assignment", A, "--timezone", "America/New_York", capsys=capsys)
    assert code == 0, err
    assert folders(root) == [f"j_smith/{A}/{A}.ipynb", f"jdoe/{A}/{A}.ipynb"]
    assert content(root, "jdoe") == nb("new") and "2026-03-01-10-00-00" in err     # the older attempt reported
    assert stamp(root, "jdoe") == "2026-03-02 14:30:00.000000 UTC"                  # 9:30 EST
    assert stamp(root, "j_smith") == "2026-03-01 13:00:00.000000 UTC"               # name time, New York
    assert students(root)["j_smith"][3] == "blackboard:j_smith"


# ----------------------------------------------------------------------------------------------------- Gradescope
def test_gradescope_export_keys_on_the_person_not_the_submission(root, tmp_path, capsys):
    subs = [{"id": 900001, "submitters": [("Élodie Müller", "1001", "elodie@uni.fr")],
             "created_at": "2026-03-01 17:34:00.861687000 Z", "files": {f"{A}.ipynb": nb("e1")}},
            {"id": 900002, "submitters": [("Ana Silva", "1002", "ana@uni.pt"), ("Bo Li", "1003", "bo@uni.cn")],
             "created_at": "2026-03-02 08:00:00.000000000 -08:00", "files": {f"{A}.ipynb": nb("group")}}]
    z1 = lms.write_zip(tmp_path / "e1.zip", lms.gradescope_export(55, subs))
    code, err = collect(root, z1, capsys=capsys)
    assert code == 0, err
    assert folders(root) == sorted(f"{s}/{A}/{A}.ipynb" for s in ["elodie_muller", "ana_silva", "bo_li"])
    assert stamp(root, "bo_li") == "2026-03-02 16:00:00.000000 UTC"
    again = [{"id": 900777, "submitters": [("Élodie Müller", "1001", "elodie@uni.fr")],
              "created_at": "2026-03-03 09:00:00 Z", "files": {f"{A}.ipynb": nb("e2")}}]
    code, err = collect(root, lms.write_zip(tmp_path / "e2.zip", lms.gradescope_export(55, again)), capsys=capsys)
    assert code == 0, err
    assert content(root, "elodie_muller") == nb("e2") and "submission_900777" not in str(folders(root))
    assert students(root)["elodie_muller"][2:] == ("elodie@uni.fr", "gradescope:elodie@uni.fr")


# ------------------------------------------------------------------------------------------------------ nbgrader
def test_nbgrader_exchange_and_submitted_layouts(root, tmp_path, capsys):
    members = {f"inbound/jdoe+{A}+2026-03-01 10:00:00.000000 UTC+abc/{A}.ipynb": nb("old"),
               f"inbound/jdoe+{A}+2026-03-02 10:00:00.000000 UTC+def/{A}.ipynb": nb("new"),
               f"asmith/{A}/{A}.ipynb": nb("as"), f"asmith/{A}/timestamp.txt": b"2026-03-01 09:00:00.000000 UTC"}
    code, err = collect(root, lms.write_zip(tmp_path / "x.zip", members), capsys=capsys)
    assert code == 0, err
    assert content(root, "jdoe") == nb("new") and stamp(root, "jdoe") == "2026-03-02 10:00:00.000000 UTC"
    assert stamp(root, "asmith") == "2026-03-01 09:00:00.000000 UTC"


# ----------------------------------------------------------------------------------------------------- bad input
def test_damaged_and_unsafe_entries_are_reported_and_the_rest_collected(root, tmp_path, capsys):
    m = lms.canvas_member
    good, crc, liar = m("Good, One", 1, 10, f"{A}.ipynb"), m("Crc, Bad", 2, 20, f"{A}.ipynb"), \
        m("Liar, Head", 3, 30, f"{A}.ipynb")
    members = {good: nb("good"), crc: nb("crc" * 50), liar: nb("liar"),
               f"evil/../../notebooks/{A}/{A}.ipynb": nb("evil"), f"/etc/{A}.ipynb": nb("abs"),
               f"C:\\Users\\x\\{A}.ipynb": nb("drive"),
               m("Big, File", 4, 40, f"{A}.ipynb"): b"{" + b" " * (51 * 2**20) + b"}",
               m("Unknown, Work", 5, 50, "07_tuning.ipynb"): nb("other course"),
               f"{A}.ipynb": nb("nobody's")}
    zpath = lms.write_zip(tmp_path / "s.zip", members, stored=True)
    lms.corrupt_member(zpath, crc)
    lms.lie_in_local_header(zpath, liar, liar.replace("liarhead", "hackedxx"))
    lms.symlink_member(zpath, m("Link, Sym", 6, 60, f"{A}.ipynb"), "/etc/passwd")
    outside = everything_under(tmp_path.parent)
    code, err = collect(root, zpath, capsys=capsys)
    assert code == 1
    assert folders(root) == [f"goodone/{A}/{A}.ipynb"]
    for name in [crc, liar, "evil/../../notebooks", f"/etc/{A}.ipynb", "C:\\Users", "bigfile_4_40", "07_tuning",
                 "linksym_6_60", f"s.zip:{A}.ipynb"]:
        assert name in err, name
    assert "Bad CRC" in err and "symbolic link" in err and "larger than" in err and "cannot tell whose" in err
    assert (root / "notebooks" / A / f"{A}.ipynb").read_bytes() != nb("evil")
    new = set(everything_under(tmp_path.parent)) - set(outside)
    assert all("/submitted" in f"/{p}" or p.endswith("gradebook.db") for p in new), sorted(new)


def test_truncated_zip_keeps_the_complete_members(root, tmp_path, capsys):
    m = lms.canvas_member
    zpath = lms.write_zip(tmp_path / "s.zip", {m(f"S, N{i}", i, 100 + i, f"{A}.ipynb"): nb(f"s{i}" * 400)
                                              for i in range(1, 7)})
    data = zpath.read_bytes()
    zpath.write_bytes(data[:int(len(data) * 0.6)])
    code, err = collect(root, zpath, capsys=capsys)
    assert code == 1 and "truncated" in err and "download it again" in err
    assert 2 <= len(folders(root)) < 6


def test_folder_download_does_not_follow_symlinks(root, tmp_path, capsys):
    secret = tmp_path / "secret.ipynb"
    secret.write_bytes(nb("private"))
    dl = tmp_path / "download"
    (dl / "Ana Silva_20_assignsubmission_file_").mkdir(parents=True)
    (dl / "Ana Silva_20_assignsubmission_file_" / f"{A}.ipynb").symlink_to(secret)
    (dl / "Bo Li_21_assignsubmission_file_").mkdir()
    (dl / "Bo Li_21_assignsubmission_file_" / f"{A}.ipynb").write_bytes(nb("bo"))
    (dl / "linked").symlink_to(tmp_path, target_is_directory=True)
    code, err = collect(root, dl, capsys=capsys)
    assert code == 1 and "symbolic link" in err
    assert folders(root) == [f"bo_li/{A}/{A}.ipynb"]
    assert not any(p.read_bytes() == nb("private") for p in (root / "submitted").rglob("*.ipynb"))


def test_misnamed_file_assigned_by_hand_keeps_the_lms_late_flag(root, tmp_path, capsys):
    name = lms.canvas_member("王芳", 48215, 99, "my work.ipynb", late=True)
    zpath = lms.write_zip(tmp_path / "s.zip", {name: nb("wang")})
    code, err = collect(root, zpath, "--due", DUE, capsys=capsys)
    assert code == 1 and "--student" in err and folders(root) == []
    loose = tmp_path / name
    loose.write_bytes(nb("wang"))
    code, err = collect(root, loose, "--student", "王芳", "--assignment", A, "--due", DUE, capsys=capsys)
    assert code == 0, err
    assert content(root, "王芳") == nb("wang") and stamp(root, "王芳") == "2026-03-01 23:59:01.000000 UTC"
    code, err = collect(root, zpath, "--assignment", A, capsys=capsys)  # the download says its assignment
    assert code == 0 and "1 unchanged" in err and folders(root) == [f"王芳/{A}/{A}.ipynb"]  # the same person


def test_bad_arguments_are_usage_errors(root, tmp_path, capsys):
    f = tmp_path / "x.ipynb"
    f.write_bytes(nb())
    assert collect(root, tmp_path / "missing.zip", capsys=capsys)[0] == 2
    assert collect(root, f, "--student", "../evil", "--assignment", A, capsys=capsys)[0] == 2
    assert collect(root, f, "--student", "ok", capsys=capsys)[0] == 2
    assert collect(root, f, "--assignment", "nope", capsys=capsys)[0] == 2
    code, err = collect(root, f, "--due", "soon-ish", capsys=capsys)
    assert code == 2 and "--due" in err
    code, err = collect(root, f, "--timezone", "Mars/Olympus", capsys=capsys)
    assert code == 2 and "--timezone" in err


def test_moodle_participants_list_gives_emails_by_name_and_refuses_to_guess(root, tmp_path, capsys):
    zpath = lms.write_zip(tmp_path / "DNN-fx_optim-42.zip", {
        lms.moodle_member("Élodie Müller", 17, f"{A}.ipynb"): nb("e"),
        lms.moodle_member("Ana Silva", 20, f"{A}.ipynb"): nb("a")})
    participants = tmp_path / "courseid_7_participants.csv"
    participants.write_text("First name,Last name,Email address,Roles,Groups,Last access to course\n"
                            "Élodie,Müller,elodie@uni.fr,Student,,Now\n"
                            "Ana,Silva,ana.silva@uni.pt,Student,,Now\nAna,Silva,ana.m.silva@uni.pt,Student,,Now\n",
                            encoding="utf-8")
    code, err = collect(root, zpath, "--roster", participants, capsys=capsys)
    assert code == 1 and "2 people named Ana Silva" in err
    people = students(root)
    assert people["elodie_muller"] == ("Élodie", "Müller", "elodie@uni.fr", "moodle:elodie@uni.fr")
    assert people["ana_silva"][2] is None                      # not guessed


def test_an_unreadable_nbgrader_timestamp_is_reported_not_on_time(root, tmp_path, capsys):
    members = {f"asmith/{A}/{A}.ipynb": nb("as"), f"asmith/{A}/timestamp.txt": b"sometime last week"}
    code, err = collect(root, lms.write_zip(tmp_path / "x.zip", members), "--due", DUE, "--assignment", A,
                        capsys=capsys)
    assert code == 1 and "sometime last week" in err and "not a time" in err
    assert stamp(root, "asmith") is None and "graded as on time" in err


def test_unknown_roster_is_a_usage_error(root, tmp_path, capsys):
    bad = tmp_path / "notes.csv"
    bad.write_text("a,b\n1,2\n")
    code, err = collect(root, tmp_path, "--roster", bad, capsys=capsys)
    assert code == 2 and "not a roster" in err
