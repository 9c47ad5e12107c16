"""The course notebooks: clean source files, the exercise contract, execution, student versions, grading.

Every assignment notebook notebooks/<NN_name>/<NN_name>.ipynb found is tested (so this file works while the
notebooks are being written). The fast tests read the JSON only; the slow ones run kernels or nbgrader:

- the committed notebook is clean (no outputs, execution counts or widget state) and its nbgrader metadata valid;
- each exercise of the registry has its solution, visible and hidden test cells, with the registry's points (split
  between the visible and the hidden cell as the registry says), and no notebook has an exercise the registry lacks;
- every explorer of the registry is shown by its notebook;
- solution cells hold only imports and definitions, and each solution gives the reference's outputs (drift);
- docs/SYLLABUS.md names only the registry's exercises and explorers; the README's table is the registry's;
- [slow] the instructor version runs top to bottom headless with every check passing ("N of N" in the summary);
- [slow] the student version has no solutions or hidden tests, and Run All reaches its end with no error: each
  visible check says "not done yet" and the closing summary "0 of N exercises pass" with every name;
- [slow] graded by `python -m autograder grade`, the instructor version scores full marks, the untouched one 0.
"""

import ast
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from student_versions import fill_in_solutions, make_student_version  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
SYLLABUS = ROOT / "docs" / "SYLLABUS.md"
README = ROOT / "README.md"

# The syllabus comes from the registry (autograder/registry): notebook -> {exercise: total points}, and the
# explorers each notebook shows (the cell must call widgets.<name>(...)).
EXERCISES = {nb.id: {name: registry.get(name).points for name in registry.names(nb.id)} for nb in registry.notebooks()}
EXPLORERS = {nb.id: [e.name for e in nb.explorers] for nb in registry.notebooks()}
CELL_TIMEOUT = 180  # seconds per cell: generous, a hang fails instead of eating CI's budget
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution", "task"}


def _found():
    return sorted(p for p in NOTEBOOK_DIR.glob("*/*.ipynb")
                  if p.stem == p.parent.name and ".ipynb_checkpoints" not in p.parts)


NOTEBOOKS = _found()
IDS = [p.stem for p in NOTEBOOKS]
# Slow tests of one notebook share its release and run on one xdist worker (`pytest -n 2 --dist loadgroup`).
GROUPED = [pytest.param(p, id=p.stem, marks=pytest.mark.xdist_group(p.stem)) for p in NOTEBOOKS]
needs_notebooks = pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks under notebooks/*/ yet")


def _nbgrader(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _read(path):
    return nbformat.read(path, as_version=4)


def _solution_cells(nb):
    return [c for c in nb.cells if _nbgrader(c).get("solution")]


def _defined_names(source):
    tree = ast.parse(_strip_magics(source))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def _strip_magics(source):
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _error_outputs(nb):
    """[(cell index, grade_id or None, ename, evalue)] of every error output in an executed notebook."""
    errors = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append((i, _nbgrader(cell).get("grade_id"), out.get("ename"), out.get("evalue", "")[:400]))
    return errors


def _execute(nb, cwd):
    """Run a notebook headless (kernel python3 of this environment) without stopping at errors."""
    from nbclient import NotebookClient

    env_backup = {k: os.environ.get(k) for k in ("MPLBACKEND", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    try:
        client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(cwd)}})
        t0 = time.perf_counter()
        client.execute()
        return time.perf_counter() - t0
    finally:
        for k, v in env_backup.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


# ------------------------------------------------------------------------------------------------ fast tests
def test_notebook_folders_follow_the_layout():
    """Every folder under notebooks/ holds one notebook named like the folder (nbgrader's assignment layout)."""
    for folder in sorted(p for p in NOTEBOOK_DIR.iterdir() if p.is_dir() and not p.name.startswith(".")):
        notebooks = [p for p in folder.glob("*.ipynb")]
        if not notebooks:
            continue  # a folder being written right now
        assert [p.name for p in notebooks] == [f"{folder.name}.ipynb"], (
            f"{folder.name}: expected exactly notebooks/{folder.name}/{folder.name}.ipynb; found "
            f"{[p.name for p in notebooks]}")
        assert folder.name in EXERCISES, f"{folder.name}: not an assignment of the course ({sorted(EXERCISES)})"


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_committed_notebook_is_clean(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    nb = _read(path)
    nbformat.validate(nb)
    assert "widgets" not in raw.get("metadata", {}), "widget state is saved in the notebook metadata"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", "kernelspec should be python3"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {i} has outputs: clear them before committing"
            assert cell.execution_count is None, f"cell {i} has an execution count"
        assert "widgets" not in cell.get("metadata", {}), f"cell {i} holds widget state"


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_nbgrader_metadata_is_valid(path):
    nb = _read(path)
    ids = []
    for i, cell in enumerate(nb.cells):
        meta = _nbgrader(cell)
        if not meta:
            continue
        assert NBGRADER_KEYS <= set(meta), f"cell {i}: nbgrader metadata lacks {NBGRADER_KEYS - set(meta)}"
        assert meta["schema_version"] == 3, f"cell {i}: schema_version should be 3"
        assert meta["task"] is False, f"cell {i}: task cells are not used"
        ids.append(meta["grade_id"])
        if meta["grade"]:
            assert isinstance(meta.get("points"), (int, float)) and meta["points"] > 0, (
                f"cell {i} ({meta['grade_id']}): a grade cell needs positive points")
            assert meta["locked"], f"cell {i} ({meta['grade_id']}): test cells must be locked"
            assert cell.cell_type == "code" and "check(" in cell.source, f"{meta['grade_id']}: a test calls check"
        if meta["solution"]:
            assert cell.cell_type == "code", f"{meta['grade_id']}: solution cells are code cells"
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, (
                f"{meta['grade_id']}: solution markers missing")
            assert not meta["grade"], f"{meta['grade_id']}: solutions are graded by test cells, not themselves"
        if "BEGIN HIDDEN TESTS" in cell.source:
            assert meta["grade"], f"{meta['grade_id']}: hidden tests belong in a grade cell"
            assert "END HIDDEN TESTS" in cell.source
    dupes = sorted({g for g in ids if ids.count(g) > 1})
    assert not dupes, f"grade ids must be unique; repeated: {dupes}"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert _nbgrader(first_code).get("grade_id") == "setup" and _nbgrader(first_code).get("locked"), (
        "the first code cell is the locked setup cell (grade_id 'setup')")
    imported = {(node.module, alias.name) for node in ast.walk(ast.parse(_strip_magics(first_code.source)))
                if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert ("autograder", "check") in imported, "the setup cell should do `from autograder import check`"
    assert ("dlcore", "widgets") in imported, "the setup cell should do `from dlcore import widgets`"


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solution_cells_only_define(path):
    """Top-level statements in solution cells are not graded, so there must be none (imports and defs only)."""
    for cell in _solution_cells(_read(path)):
        tree = ast.parse(_strip_magics(cell.source))
        for node in tree.body:
            ok = isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))  # a docstring / comment string
            assert ok, (f"{_nbgrader(cell)['grade_id']}: line {node.lineno} is a top-level statement "
                        f"({type(node).__name__}); solution cells may hold only imports and definitions")


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_match_the_table(path):
    """Each exercise: solution cell ex_<name> defining <name>, test_<name> (visible), test_<name>_hidden, and the
    table's points split between the two; no exercise outside the table."""
    nb = _read(path)
    cells = {_nbgrader(c)["grade_id"]: c for c in nb.cells if _nbgrader(c)}
    expected = EXERCISES[path.stem]
    for name, points in expected.items():
        sol = cells.get(f"ex_{name}")
        assert sol is not None and _nbgrader(sol)["solution"], f"missing solution cell ex_{name}"
        assert name in _defined_names(sol.source), f"ex_{name} does not define {name}"
        visible, hidden = cells.get(f"test_{name}"), cells.get(f"test_{name}_hidden")
        assert visible is not None, f"missing visible test cell test_{name}"
        assert hidden is not None, f"missing hidden test cell test_{name}_hidden"
        assert re.search(rf"check\(\s*['\"]{name}['\"]\s*,\s*{name}\s*\)", visible.source), (
            f"test_{name} should call check({name!r}, {name})")
        assert "hidden=True" not in visible.source and "BEGIN HIDDEN TESTS" not in visible.source
        assert re.search(rf"### BEGIN HIDDEN TESTS\s*\n.*check\(\s*['\"]{name}['\"]\s*,\s*{name}\s*,\s*hidden=True\s*\)"
                         rf".*\n\s*### END HIDDEN TESTS", hidden.source, flags=re.S), (
            f"test_{name}_hidden should hold check({name!r}, {name}, hidden=True) between hidden-test markers")
        ex = registry.get(name)
        got = (_nbgrader(visible)["points"], _nbgrader(hidden)["points"])
        assert got == pytest.approx((ex.visible_points, ex.hidden_points)), (
            f"{name}: points {got} (visible, hidden) in the notebook, {(ex.visible_points, ex.hidden_points)} in "
            f"the registry (autograder/registry/{ex.notebook[3:]}.py)")
        assert sum(got) == pytest.approx(points)
    extra = {g[3:] for g in cells if g.startswith("ex_")} - set(expected)
    assert not extra, f"exercises not in the registry: {sorted(extra)}"


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_explorers_are_shown(path):
    """Each explorer of the registry is shown (widgets.<name>(...)), in the registry's order, and no other."""
    sources = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
    shown = re.findall(r"widgets\.(\w+_explorer)\(", sources)
    for name in EXPLORERS[path.stem]:
        assert name in shown, f"no cell shows widgets.{name}()"
    assert list(dict.fromkeys(shown)) == EXPLORERS[path.stem], (
        f"explorers shown {list(dict.fromkeys(shown))}; the registry declares {EXPLORERS[path.stem]}")


def _syllabus_lists(text, bullet):
    """{section: [names]} from the '- <bullet>:' lines of SYLLABUS.md (names in backticks)."""
    out = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        name = section.split()[0]
        match = re.search(rf"^- {bullet}:(.*?)(?=^- |\Z)", section, flags=re.M | re.S)
        out[name] = re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", match.group(1)) if match else []
    return out


def test_syllabus_names_only_what_the_registry_has():
    """docs/SYLLABUS.md is the course's plan: every exercise and explorer it names exists in the registry, in the
    notebook it says (the complete lists are the registry's, rendered in the README's table)."""
    text = SYLLABUS.read_text(encoding="utf-8")
    exercises, explorers = _syllabus_lists(text, "Exercises"), _syllabus_lists(text, "Explorers")
    assert set(exercises) == set(EXERCISES), f"syllabus sections {sorted(exercises)} vs registry {sorted(EXERCISES)}"
    for section in EXERCISES:
        missing = set(exercises[section]) - set(EXERCISES[section])
        assert not missing, f"{section}: docs/SYLLABUS.md names exercises the registry lacks: {sorted(missing)}"
        missing = set(explorers[section]) - set(EXPLORERS[section])
        assert not missing, f"{section}: docs/SYLLABUS.md names explorers the registry lacks: {sorted(missing)}"


def test_readme_table_is_the_registrys():
    """The README's syllabus table is the one the registry renders (python -m autograder.registry table --write
    README.md rewrites it)."""
    text = README.read_text(encoding="utf-8")
    assert registry.syllabus_table() in text, (
        "README.md's syllabus table differs from the registry's; run `python -m autograder.registry table --write "
        "README.md`")


def test_readme_table_check_can_fail(tmp_path):
    from autograder.registry.__main__ import main

    readme = tmp_path / "README.md"
    readme.write_text(README.read_text(encoding="utf-8").replace("`adam` 3", "`adam` 4"), encoding="utf-8")
    assert registry.syllabus_table() not in readme.read_text(encoding="utf-8")
    assert main(["table", "--write", str(readme)]) == 0
    assert registry.syllabus_table() in readme.read_text(encoding="utf-8")


def test_every_exercise_has_a_solution_cell():
    """Coverage: every exercise of the registry is written as a solution in its notebook."""
    missing = []
    for notebook, names in sorted(EXERCISES.items()):
        path = NOTEBOOK_DIR / notebook / f"{notebook}.ipynb"
        defined = set()
        if path.exists():
            for cell in _solution_cells(_read(path)):
                defined |= _defined_names(cell.source)
        missing += [f"{notebook}: {n}" for n in sorted(set(names) - defined)]
    assert not missing, "exercises without a solution cell:\n  " + "\n  ".join(missing)


def _solution_namespace(path):
    """Run the setup cell (minus magics) and every solution cell of a notebook; return the namespace."""
    nb = _read(path)
    namespace = {"__name__": f"notebook_{path.stem}"}
    setup = next(c for c in nb.cells if _nbgrader(c).get("grade_id") == "setup")
    with redirect_stdout(io.StringIO()):
        exec(compile(_strip_magics(setup.source), f"{path.stem}:setup", "exec"), namespace)
        for cell in _solution_cells(nb):
            exec(compile(_strip_magics(cell.source), f"{path.stem}:{_nbgrader(cell)['grade_id']}", "exec"),
                 namespace)
    return namespace


@needs_notebooks
@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_solutions_agree_with_dlcore(path):
    """Drift: each solution passes the visible and hidden checks, which compare it with its dlcore reference on
    seeded random cases (shapes, values, errors, no mutation)."""
    from autograder import check

    namespace = _solution_namespace(path)
    failures = []
    for name in EXERCISES[path.stem]:
        for hidden in (False, True):
            try:
                with redirect_stdout(io.StringIO()):
                    check(name, namespace[name], hidden=hidden)
            except Exception as exc:  # CheckFailed, or an unknown exercise in the registry
                failures.append(f"{name} ({'hidden' if hidden else 'visible'}): {type(exc).__name__}: {str(exc)[:300]}")
    assert not failures, "solutions that disagree with dlcore:\n" + "\n".join(failures)


# ------------------------------------------------------------------------------------------------ slow tests
def _pipeline_ready():
    grade = ROOT / "autograder" / "commands" / "grading.py"
    return (ROOT / "nbgrader_config.py").exists() and grade.exists() and "def cmd_grade" in grade.read_text()


def _autograder(*args, root):
    return subprocess.run([sys.executable, "-m", "autograder", *args, "--root", str(root)], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)


@pytest.fixture(scope="session")
def released(tmp_path_factory):
    """released(path) -> (course root, release folder) of a throw-away course holding that one assignment, made
    once per session by `python -m autograder release` (or nbgrader's generate_assignment before it exists)."""
    cache = {}

    def get(path):
        if path not in cache:
            assignment = path.parent.name
            work = tmp_path_factory.mktemp(assignment)
            if _pipeline_ready():
                course = work / "course"
                (course / "notebooks").mkdir(parents=True)
                shutil.copy(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
                shutil.copytree(path.parent, course / "notebooks" / assignment)
                done = _autograder("release", assignment, "--quiet", root=course)
                assert done.returncode == 0, f"release failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
                cache[path] = (course, course / "release" / assignment)
            else:
                release = make_student_version(assignment, work)
                cache[path] = (work / "course", release)
        return cache[path]

    return get


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("path", GROUPED)
def test_instructor_version_runs_clean(path):
    """Headless, top to bottom, solutions in place: no error anywhere, so every check and expectation passes."""
    nb = _read(path)
    seconds = _execute(nb, path.parent)
    errors = _error_outputs(nb)
    assert not errors, f"{path.stem} raised in {len(errors)} cell(s) ({seconds:.0f} s):\n" + "\n".join(
        f"  cell {i} [{gid}]: {ename}: {evalue}" for i, gid, ename, evalue in errors)
    # in a kernel a failing check prints instead of raising: every test cell must print its pass line, and nothing else
    not_passed = [(_nbgrader(c)["grade_id"], _text(c)[:300]) for c in nb.cells if _nbgrader(c).get("grade")
                  and (not re.search(r"^✓ \w+: \d+ (visible|hidden) cases? passed$", _text(c), flags=re.M)
                       or re.search(r"^(✗|…) ", _text(c), flags=re.M))]
    assert not not_passed, f"test cells without a clean pass line (did check run?): {not_passed}"
    names = list(EXERCISES[path.stem])
    assert _text(nb.cells[-1]).splitlines()[0] == f"{len(names)} of {len(names)} exercises pass: all done.", (
        _text(nb.cells[-1]))
    print(f"{path.stem}: executed in {seconds:.1f} s")


def _text(cell):
    """Everything a cell printed (stdout and stderr), as the student reads it."""
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("path", GROUPED)
def test_student_version(path, released):
    """The release strips every solution and hidden test; run as released, Run All reaches the end of it."""
    _, release = released(path)
    student = _read(release / path.name)
    source = _read(path)
    text = "\n".join(c.source for c in student.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden=True"):
        assert marker not in text, f"the student version still contains {marker!r}"
    student_cells = {_nbgrader(c).get("grade_id"): c for c in student.cells if _nbgrader(c)}
    for cell in _solution_cells(source):
        gid = _nbgrader(cell)["grade_id"]
        match = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S)
        outside = cell.source[:match.start()] + cell.source[match.end():]  # signature, docstring: kept on purpose
        released_source = student_cells[gid].source
        assert "raise NotImplementedError" in released_source, f"{gid}: the stub should raise NotImplementedError"
        leaked = [ln.strip() for ln in match.group(1).splitlines()
                  if len(ln.strip()) > 12 and ln.strip() in released_source and ln.strip() not in outside]
        assert not leaked, f"{gid}: solution lines leaked into the student version: {leaked[:3]}"

    _execute(student, path.parent)  # Run All on the fresh student version: it must reach the end
    errors = _error_outputs(student)
    assert not errors, "Run All stops on the fresh student version:\n" + "\n".join(
        f"  cell {i} [{gid}]: {ename}: {evalue}" for i, gid, ename, evalue in errors)
    names = list(EXERCISES[path.stem])
    for name in names:  # each visible check says "not done yet", on its first line, and no more
        cell = student_cells[f"test_{name}"]
        assert _text(cell).startswith(f"… {name}: not done yet: your function still raises NotImplementedError"), (
            f"test_{name} printed {_text(cell)[:300]!r}")
    summary = _text(student.cells[-1]).splitlines()
    assert summary == [f"0 of {len(names)} exercises pass; still to do: "
                       + ", ".join(f"{name} (not done yet)" for name in names)], summary


@pytest.mark.slow
@needs_notebooks
@pytest.mark.parametrize("path", GROUPED)
def test_round_trip_through_the_autograder(path, released):
    """`python -m autograder grade` and `export`: the instructor's answers (filled into the released notebook)
    score full marks, the untouched student version scores 0."""
    if not _pipeline_ready():
        pytest.skip("the grading pipeline (`python -m autograder grade`, nbgrader_config.py) is not there yet")
    assignment = path.parent.name
    course, release = released(path)
    for student in ("full_marks", "untouched"):
        folder = course / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(release / path.name, folder / path.name)
        (folder / "timestamp.txt").write_text("2030-01-01 12:00:00.000000 UTC\n")
    fill_in_solutions(course / "submitted" / "full_marks" / assignment / path.name, path)

    done = _autograder("grade", assignment, "--quiet", "--jobs", "1", root=course)
    assert done.returncode == 0, f"grade failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    out = course / "grades.csv"
    done = _autograder("export", "--to", str(out), "--quiet", root=course)
    assert done.returncode == 0 and out.exists(), f"export failed:\n{done.stdout}\n{done.stderr}"
    scores = {}
    for row in csv.DictReader(out.open()):
        if row.get("assignment", assignment) != assignment:
            continue
        student = row.get("student_id") or row.get("student")
        score = row.get("score") if row.get("score") not in (None, "") else row.get("raw_score")
        scores[student] = float(score)
    total = sum(EXERCISES[assignment].values())
    assert scores.get("full_marks") == pytest.approx(total), f"instructor answers: {scores} (of {total})"
    assert scores.get("untouched") == pytest.approx(0.0), f"untouched student version: {scores}"


# ------------------------------------------------------------------ what the notebooks' text says their explorers show
# Each test below holds one "move this and watch that" sentence of a notebook to the explorer it is about, on the
# explorer's own defaults (the first thing a student sees); the margins are the measured figures in the comments.
@pytest.mark.slow
def test_01_capacity_explorer_shows_the_text():
    """01: "the training error falls steadily, at high degrees even below the Bayes error, while the dev error first
    falls towards the Bayes error and then climbs far above it; with more training points the same high degree
    overfits much less"."""
    from dlcore import widgets

    e = widgets.capacity_explorer().explorer
    bayes, small, large = e.noise ** 2, 20, max(e.sets)
    e.controls["m_train"].value = small
    train, dev = e.cap["train"].get_ydata(), e.cap["dev"].get_ydata()
    assert np.all(np.diff(train) <= 1e-12), train  # nested least-squares fits: never up
    assert train[-1] < 0.5 * bayes, (train[-1], bayes)  # measured 0.012 against 0.09
    best = int(np.argmin(dev))
    assert 2 <= best < len(dev) - 3 and dev[best] < 1.5 * bayes, dev  # measured 0.106 at degree 5
    assert dev[-1] > 10 * dev[best], dev  # measured 665 at degree 15
    e.controls["m_train"].value = large
    assert e.cap["dev"].get_ydata()[-1] < 2 * bayes  # measured 0.079 with 200 points


@pytest.mark.slow
def test_02_regularization_explorer_shows_the_text():
    """02: "as lambda grows the weight norm shrinks and the training and dev accuracy approach each other; push
    lambda too far and both accuracies drop"."""
    from dlcore import widgets

    e = widgets.regularization_explorer().explorer
    runs = {lambd: e.result(lambd, 1.0) for lambd in (0.0, 0.1, 1.0, 10.0)}
    squared_norm = {lambd: float(np.sum(np.square(r[4]))) for lambd, r in runs.items()}
    gap = {lambd: r[2] - r[3] for lambd, r in runs.items()}
    assert squared_norm[0.0] > squared_norm[0.1] > squared_norm[1.0] > squared_norm[10.0], squared_norm
    assert gap[1.0] < gap[0.0] - 0.1, gap  # measured 14.1 points -> -3.2
    assert runs[10.0][2] < runs[1.0][2] - 0.03 and runs[10.0][3] < runs[1.0][3] - 0.03  # measured 6.3 and 6.0 points


@pytest.mark.slow
def test_05_batchnorm_explorer_shows_the_text():
    """05: "batch norm gives the better dev accuracy at every rate with the explorer's default seed; only batch norm
    still trains at 3"; "at a large rate, in the deepest layer, without batch norm most values end up at 0 or pile up
    at the right edge, while with batch norm the histogram stays close to its starting shape"."""
    from dlcore import widgets

    e = widgets.batchnorm_explorer().explorer
    plain = {lr: e.runs[("plain", lr)][2] for lr in e.rates}
    bn = {lr: e.runs[("batch norm", lr)][2] for lr in e.rates}
    assert all(bn[lr] > plain[lr] + 0.03 for lr in e.rates), (plain, bn)  # smallest gap measured: 7 points (0.3)
    assert plain[3.0] < 0.6 and bn[3.0] > 0.85, (plain, bn)  # measured 54% (chance: 50%) and 93%
    zero, deepest = np.searchsorted(e.edges, 0.0, side="right") - 1, len(e.layer_dims) - 3
    for lr in (1.0, 3.0):
        start, end = (e.runs[("plain", lr)][1][i][deepest] for i in (0, -1))
        bn_start, bn_end = (e.runs[("batch norm", lr)][1][i][deepest] for i in (0, -1))
        assert end[zero] + end[-1] > 0.8 > start[zero] + start[-1], (lr, end)  # measured 86% and 100%, from 56%
        assert bn_end[zero] + bn_end[-1] < 0.75 and bn_end[-1] < 0.02, (lr, bn_end)  # measured 58% and 71%
        assert 0.5 * np.abs(bn_end - bn_start).sum() < 0.5 * np.abs(end - start).sum(), lr


@pytest.mark.slow
def test_06_optimizer_race_shows_the_text():
    """06: "on the elongated bowl (kappa = 50) gradient descent zig-zags across the valley while momentum smooths
    the path"; "on the plateau, raise epsilon and watch Adam slow down once it passes the size of the gradients
    there (about 1e-3)" (the race's round bowl, ravine and beta = 0 are tests/test_explorers_optimizers.py's)."""
    from dlcore import widgets

    e = widgets.optimizer_explorer().explorer
    assert e.controls["surface"].value == "bowl" and e.controls["condition"].value == 50

    def crossings(rule):
        w2 = e.paths[rule][:30, 1]
        return int(np.sum(np.sign(w2[1:]) != np.sign(w2[:-1])))

    assert crossings("gd") >= 25 and crossings("momentum") <= 8, (crossings("gd"), crossings("momentum"))  # 29, 4
    e.controls["surface"].value = "plateau"
    left = {}
    for epsilon in (1e-8, 1e-3, 1e-2, 1e-1):
        e.controls["epsilon"].value = epsilon
        left[epsilon] = float(np.linalg.norm(e.paths["adam"][-1]))
    # distance to the minimum after the race's 100 steps: 0.010, 0.006, 0.107, 3.96
    assert max(left[1e-8], left[1e-3]) < 0.05 and left[1e-2] > 5 * left[1e-8] and left[1e-1] > 2, left
    # "you can watch the same thing in the race by choosing its saddle or plateau surface": RMSProp and Adam get
    # away within a few steps, gradient descent and momentum not within the race's 100 (measured: saddle |w2| > 0.5
    # after 1 and 11 steps, never for gd and momentum; plateau 0.5 from the start after 1 and 4 steps, never)
    e.controls["epsilon"].value = 1e-8
    e.controls["surface"].value = "saddle"
    away = {r: np.flatnonzero(np.abs(e.paths[r][:, 1]) > 0.5) for r in ("gd", "momentum", "rmsprop", "adam")}
    assert away["gd"].size == away["momentum"].size == 0 and away["rmsprop"][0] <= 5 and away["adam"][0] <= 30, away
    e.controls["surface"].value = "plateau"
    moved = {r: np.flatnonzero(np.linalg.norm(e.paths[r] - e.paths[r][0], axis=1) > 0.5)
             for r in ("gd", "momentum", "rmsprop", "adam")}
    assert moved["gd"].size == moved["momentum"].size == 0 and moved["rmsprop"][0] <= 5 and moved["adam"][0] <= 20


@pytest.mark.slow
def test_01_normalization_explorer_shows_the_text():
    """01: "on the elongated surface a rate that is fine across the valley is far too small along it (or the path
    blows up); on the round surface one rate suits every direction"."""
    from dlcore import widgets

    e = widgets.normalization_explorer().explorer
    best = [np.linalg.lstsq(X.T, e.Y.ravel(), rcond=None)[0] for X in (e.X, e.X_norm)]

    def left_after(which, learning_rate, steps=30):
        path = e.path(which, learning_rate)
        return np.linalg.norm(path[min(steps, len(path) - 1)] - best[which]) / np.linalg.norm(path[0] - best[which])

    assert left_after(0, 0.01) > 0.3 and len(e.path(0, 0.1)) < 30  # raw: 43% of the way left at 0.01; 0.1 blows up
    assert left_after(1, 0.3) < 1e-3 and left_after(1, 1.0) < 1e-3  # standardised: measured 2e-5 and 0


@pytest.mark.slow
def test_07_babysitting_explorer_shows_the_text():
    """07: "flat (too low), smooth and falling (good), jumpy or exploding (too high; the run stops when the cost
    passes 3x its first value)"."""
    from dlcore import widgets

    e = widgets.babysitting_explorer().explorer
    runs = {float(lr): e.history(lr, "gd") for lr in e.grid}
    low, good, jumpy, high = (runs[min(runs, key=lambda lr: abs(np.log(lr / x)))] for x in (1e-4, 0.1, 1.0, 10.0))
    assert abs(low.cost[-1] - low.cost[0]) < 0.01 * low.cost[0]  # measured 0.629 -> 0.627
    assert good.cost[-1] < 0.5 * good.cost[0] and np.all(np.diff(good.cost) <= 0)  # 0.629 -> 0.259, never up
    assert np.sum(np.diff(jumpy.cost) > 0) > 20  # measured 65 rises in 150 epochs
    assert high.stopped is not None and len(high.cost) <= 5  # stopped after 2 epochs


# ------------------------------------------------------------------ the capstone's grading
@pytest.mark.slow
def test_08_the_reference_clears_the_threshold_with_margin_on_every_graded_set():
    """The reference's accuracy on the visible (dev) and hidden (test) sets of digits_classifier, against the
    registry's threshold: at least 3 points above it (measured 98.1%, 98.9%, 99.4% against 94%; over 8 splits and 3
    seeds the lowest was 96.4%), so the threshold passes every working classifier and not by luck."""
    from autograder.registry import capstone, materialize

    ex = registry.get("digits_classifier")
    cases = list(ex.cases(np.random.default_rng(0))) + list(ex.hidden(np.random.default_rng(0)))  # visible + extra
    assert len(cases) == 3
    for case in cases:
        args = materialize(case.args)
        truth = args.pop("true_labels")
        accuracy = float(np.mean(ex.reference(**args) == truth))
        assert accuracy >= capstone.THRESHOLD + 0.03, accuracy


def test_08_a_classifier_that_looks_the_labels_up_scores_nothing():
    """dlcore's loader holds the held-out labels, so calling it from digits_classifier is refused (delegation)."""
    from autograder import CheckFailed, check
    from dlcore import data

    def look_up(X_train, Y_train, X_new, *, rng=None):
        X_all, Y_all = data.load_digits()
        nearest = ((X_new[:, None, :] - X_all[:, :, None]) ** 2).sum(axis=0).argmin(axis=0)
        return Y_all[:, nearest]

    with pytest.raises(CheckFailed) as info:
        check("digits_classifier", look_up)
    assert info.value.stage == "delegation" or "load_digits" in str(info.value), str(info.value)
