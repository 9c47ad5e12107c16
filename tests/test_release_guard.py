"""Student work is never lost: rebuilding release/ keeps a release copy someone edited (and says so) and
regenerates the others; `make student` opens release/ without nbgrader's instructor UI."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from autograder.release_guard import KEPT_DIR, MANIFEST, ReleaseGuard

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "01_bias_variance"


# ------------------------------------------------------------------------------------------ the guard alone
def _tree(root, files):
    for name, text in files.items():
        path = root / "release" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_guard_keeps_edited_and_unknown_files_and_never_overwrites_a_kept_copy(tmp_path):
    _tree(tmp_path, {"a/a.ipynb": "generated", "a/data.csv": "1,2", "b/b.ipynb": "generated b"})
    guard = ReleaseGuard(tmp_path)
    assert [p.name for p in guard.edited("a")] == ["a.ipynb", "data.csv"]  # no record yet: nothing is known
    guard.record(["a", "b"])
    assert guard.edited("a") == [] and guard.edited("b") == [] and guard.keep_edited(["a", "b"]) == []
    assert json.loads((tmp_path / "release" / MANIFEST).read_text())["a/a.ipynb"]

    (tmp_path / "release/a/a.ipynb").write_text("generated + my work")
    (tmp_path / "release/a/scratch.py").write_text("x = 1")  # a file the person made: not generated
    (tmp_path / "release/a/.ipynb_checkpoints").mkdir()
    (tmp_path / "release/a/.ipynb_checkpoints/a-checkpoint.ipynb").write_text("checkpoint")
    first = guard.keep_edited(["a", "b"])
    second = guard.keep_edited(["a"])  # a second rebuild before the first regenerated: a new copy, none lost
    assert len(first) == 2 and len(second) == 2 and "release/a/a.ipynb" in first[0], first
    kept = sorted((tmp_path / KEPT_DIR / "a").iterdir())
    assert len(kept) == 4 and {p.read_text() for p in kept} == {"generated + my work", "x = 1"}
    assert all(re.fullmatch(r"(a|scratch)\.\d{8}-\d{6}(-2)?\.(ipynb|py)", p.name) for p in kept), kept
    assert not (tmp_path / KEPT_DIR / "b").exists()


def test_a_corrupt_manifest_means_nothing_is_known(tmp_path):
    _tree(tmp_path, {"a/a.ipynb": "generated"})
    (tmp_path / "release" / MANIFEST).write_text("{not json")
    assert [p.name for p in ReleaseGuard(tmp_path).edited("a")] == ["a.ipynb"]


# ------------------------------------------------------------------------------- through the release command
def _release(course):
    return subprocess.run([sys.executable, "-m", "autograder", "release", ASSIGNMENT, "--root", str(course)],
                          capture_output=True, text=True, timeout=600, cwd=course)


def _autosave(source, marker):
    """What an instructor's edit + JupyterLab autosave does to the source notebook."""
    nb = nbformat.read(source, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(marker))
    nbformat.write(nb, source)


@pytest.mark.slow
def test_rebuild_keeps_an_edited_release_notebook_and_regenerates_the_rest(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks" / ASSIGNMENT, course / "notebooks" / ASSIGNMENT)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    source = course / "notebooks" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    released = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    done = _release(course)
    assert done.returncode == 0 and released.exists(), done.stderr

    _autosave(source, "instructor's change 1")  # nobody touched the release copy: regenerated, nothing said
    done = _release(course)
    assert done.returncode == 0 and "kept" not in done.stderr, done.stderr
    assert "instructor's change 1" in released.read_text() and not (course / KEPT_DIR).exists()

    student = nbformat.read(released, as_version=4)  # someone works in the release copy
    student.cells[0].source += "\n\nMY OWN NOTES"
    nbformat.write(student, released)
    _autosave(source, "instructor's change 2")
    done = _release(course)
    assert done.returncode == 0, done.stderr
    kept = list((course / KEPT_DIR / ASSIGNMENT).glob(f"{ASSIGNMENT}.*.ipynb"))
    assert len(kept) == 1 and "MY OWN NOTES" in kept[0].read_text()
    assert (f"kept your edited release/{ASSIGNMENT}/{ASSIGNMENT}.ipynb" in done.stderr
            and str(kept[0].relative_to(course)) in done.stderr), done.stderr
    fresh = released.read_text()
    assert "instructor's change 2" in fresh and "MY OWN NOTES" not in fresh

    done = _release(course)  # the fresh copy is the generated one again: nothing more to keep
    assert done.returncode == 0 and "kept" not in done.stderr, done.stderr
    assert len(list((course / KEPT_DIR / ASSIGNMENT).iterdir())) == 1


# -------------------------------------------------------------------------------------------- make student
def _make(*args):
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.xdist_group("jupyterlab")
def test_make_student_opens_release_without_the_instructor_ui(tmp_path):
    config = tmp_path / "student-config"
    plan = _make("-n", "student", f"STUDENT_CONFIG={config}").stdout
    assert re.search(rf"JUPYTER_CONFIG_DIR={config} .*jupyter lab --notebook-dir=release", plan), plan
    done = _make("student-config", f"STUDENT_CONFIG={config}")
    assert done.returncode == 0, done.stderr
    page = json.loads((config / "labconfig" / "page_config.json").read_text())
    assert page["disabledExtensions"]["@jupyter/nbgrader"] is True

    # the server the student view starts (make student's command line) serves no formgrader and disables the
    # nbgrader lab extension in the page it sends; without that config dir (the instructor's `make lab`) both are on
    student = _lab_page_and_formgrader(tmp_path, config)
    instructor = _lab_page_and_formgrader(tmp_path, tmp_path / "empty-config")
    assert "@jupyter/nbgrader" in student[0] and student[1] == 404, student
    assert "@jupyter/nbgrader" not in instructor[0] and instructor[1] == 200, instructor


def _lab_page_and_formgrader(tmp_path, config):
    """(disabledExtensions of the /lab page, HTTP status of /formgrader) of a JupyterLab with this config dir."""
    port, token = _free_port(), "student-view-test"
    (tmp_path / "release").mkdir(exist_ok=True)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(config), "HOME": str(tmp_path)}
    server = subprocess.Popen([str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser",
                               f"--notebook-dir={tmp_path / 'release'}", "--ServerApp.allow_root=True",
                               f"--ServerApp.port={port}", f"--IdentityProvider.token={token}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        lab = urllib.request.urlopen(f"{base}/lab?token={token}", timeout=30).read().decode()
        page = json.loads(re.search(r'id="jupyter-config-data"[^>]*>\s*(.*?)\s*</script>', lab, re.S).group(1))
        try:
            status = urllib.request.urlopen(f"{base}/formgrader?token={token}", timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        return page.get("disabledExtensions", []), status
    finally:
        server.terminate()
        server.wait(timeout=30)
