"""Safe autograding on top of nbgrader: one submission at a time in a worker, gradebook writes in the parent.

Why not `nbgrader autograde`: it runs the student's code and the hidden tests in one kernel (a student can
monkeypatch the tests), zeroes a cell for any stderr output (a numpy RuntimeWarning), aborts the whole run on a
duplicated cell or a locked gradebook, and writes sqlite from inside its preprocessors. Here:

1. The parent reads what nbgrader recorded at release time (gradebook source cells: test cells WITH hidden tests,
   points, locked cells) and the release notebook (cell order, markdown) into an AssignmentSpec.
2. A worker (a separate process when --jobs > 1) grades one submission, touching no database:
   - builds the notebook from the instructor's template: locked and test cells from the gradebook (restored if the
     student deleted, edited, duplicated or moved them; the submitted copy and its metadata/points are ignored),
     the student's answer for each solution cell (matched by grade_id, or by the functions it defines);
   - loads the student's imports, functions and classes into a sandbox child (autograder.sandbox); top-level
     statements are not run;
   - runs each test cell in the worker, in a fresh namespace holding `check`, `np` and proxies to the student's
     functions; a failure becomes an error output (0 points), a pass gives the cell's points;
   - writes the autograded notebook (hidden test source removed) to a staging folder and returns a JSON result.
3. The parent records each result in the gradebook in ONE transaction (retried with backoff while sqlite is
   locked), then moves the staged notebook into autograded/<student>/<assignment>/. Re-running is idempotent.
"""

import contextlib
import copy
import datetime
import difflib
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import time
import traceback
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import isolation
from .policy import DEFAULT, Limits
from .sandbox import Sandbox, view_for

log = logging.getLogger("autograder")

HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
HIDDEN_NOTE = "# (hidden tests: run by the grader; the result is shown below)"
# nbgrader's marker texts: inside a student's cell or output they would make nbgrader (or our leak scans) treat the
# student's text as the instructor's; the autograded copy shows them with a zero-width space after the first letter
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "hidden=True")
UNSAFE_NOTE = ("graded WITHOUT kernel isolation (--unsafe-no-isolation): the student's code could read what the "
               "grading user can read and start processes outside the sandbox; see the README")


# ------------------------------------------------------------------------- nbgrader's cell rules, without nbgrader
# (importing nbgrader costs seconds: it loads its server extensions; the workers only need these few rules,
# copied from nbgrader.utils 0.9.6 so scores and "No response." comments agree with nbgrader's own)
def _nbg(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def compute_checksum(cell):
    """nbgrader.utils.compute_checksum."""
    meta = _nbg(cell)
    is_grade, is_solution = bool(meta.get("grade")), bool(meta.get("solution"))
    is_locked = False if is_solution else (True if is_grade else bool(meta.get("locked")))
    m = hashlib.md5()
    for part in (_src(cell), cell["cell_type"], str(is_grade), str(is_solution), str(is_locked),
                 meta["grade_id"]):
        m.update(part.encode("utf-8"))
    if is_grade:
        m.update(str(float(meta["points"])).encode("utf-8"))
    return m.hexdigest()


def determine_grade(cell, max_points):
    """nbgrader.utils.determine_grade: (score or None): errors (or stderr) -> 0, unchanged solution -> 0."""
    meta = _nbg(cell)
    if meta.get("solution"):
        return 0.0 if meta.get("checksum") == compute_checksum(cell) else None
    if cell["cell_type"] == "code":
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or (out.get("output_type") == "stream"
                                                     and out.get("name") == "stderr"):
                return 0.0
        return float(max_points)
    return None


def parse_utc(text):
    """A timestamp string (nbgrader's formats; 'UTC' or an offset) -> aware UTC datetime; ValueError if not."""
    text = str(text).strip()
    if not text:
        raise ValueError("empty timestamp")
    try:
        ts = datetime.datetime.fromisoformat(text.replace(" UTC", "+00:00").replace("Z", "+00:00"))
    except ValueError:
        from dateutil.parser import parse

        ts = parse(text)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=datetime.UTC)
    return ts.astimezone(datetime.UTC)


# ----------------------------------------------------------------------------------------------- course layout
@dataclass
class Course:
    root: Path
    source: str = "notebooks"
    db_name: str = "gradebook.db"

    def __post_init__(self):
        self.root = Path(self.root).resolve()

    @property
    def db_url(self):
        return f"sqlite:///{self.root / self.db_name}"

    def path(self, *parts):
        return self.root.joinpath(*parts)

    def assignments(self):
        src = self.path(self.source)
        return sorted(p.name for p in src.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) \
            if src.is_dir() else []

    def students(self, assignment=None):
        sub = self.path("submitted")
        if not sub.is_dir():
            return []
        return sorted(p.name for p in sub.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and (assignment is None or (p / assignment).is_dir()))


# -------------------------------------------------------------------------------------------- assignment spec
def load_spec(course, assignment):
    """What nbgrader recorded for `assignment` (gradebook) + the release notebooks; JSON-able."""
    from nbgrader.api import Gradebook

    spec = {"assignment": assignment, "notebooks": {}}
    with Gradebook(course.db_url) as gb:
        a = gb.find_assignment(assignment)
        for nb in a.notebooks:
            grade = {c.name: {"max_score": float(c.max_score), "cell_type": c.cell_type} for c in nb.grade_cells}
            source = {c.name: {"source": c.source, "locked": bool(c.locked), "cell_type": c.cell_type,
                               "checksum": c.checksum} for c in nb.source_cells}
            release = course.path("release", assignment, f"{nb.name}.ipynb")
            template = json.loads(release.read_text(encoding="utf-8"))
            for cell in template["cells"]:
                cell["source"] = _src(cell)
            spec["notebooks"][nb.name] = {"grade_cells": grade, "solution_cells": [c.name for c in nb.solution_cells],
                                          "source_cells": source, "template": template}
    return spec


# ------------------------------------------------------------------------------------------- reading a notebook
def defang(text):
    """`text` with every nbgrader marker broken by a zero-width space (it reads the same; nothing matches it)."""
    for marker in MARKERS:
        if marker in text:
            text = text.replace(marker, marker[0] + "\u200b" + marker[1:])
    return text


def read_submission(path, max_bytes=DEFAULT.notebook_bytes):
    """(notebook dict, None) or (None, reason): never raises for a bad file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, f"{path.name} is {size >> 20} MiB: too large to be a notebook"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"could not read {path.name}: {exc.strerror or exc}"
    try:
        nb = json.loads(raw.decode("utf-8", "replace"))
    except ValueError as exc:
        what = "truncated or corrupted" if raw.lstrip().startswith(b"{") else "not a notebook"
        return None, f"{path.name} is {what} (invalid JSON: {exc}); nothing in it could be graded"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and isinstance(nb.get("worksheets"), list):  # nbformat 3
            try:
                import nbformat

                nb = json.loads(nbformat.writes(nbformat.reads(raw.decode(), as_version=4)))
                return nb, None
            except Exception:
                pass
        return None, f"{path.name} is JSON but not a Jupyter notebook (no 'cells' list)"
    cells = []
    for cell in nb["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw"):
            src = cell.get("source", "")
            cell = dict(cell, source="".join(src) if isinstance(src, list) else str(src))
            if not isinstance(cell.get("metadata"), dict):
                cell["metadata"] = {}
            cells.append(cell)
    return dict(nb, cells=cells), None


def _grade_id(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def _src(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _defined_functions(source):
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


def strip_hidden(source):
    """Drop the hidden-test region(s) of a test cell's source."""
    out, hidden, noted = [], False, False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            if not noted:
                out.append(HIDDEN_NOTE)
                noted = True
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------- grading one nb
@dataclass
class CellResult:
    grade_id: str
    kind: str                   # "test" | "solution" | "manual"
    max_score: float
    score: float | None
    passed: bool | None = None
    message: str = ""
    mistake: str | None = None


@dataclass
class NotebookResult:
    name: str
    status: str = "graded"      # graded | missing | unreadable
    notes: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    solutions: dict = field(default_factory=dict)
    seconds: float = 0.0


def _match_solutions(spec_nb, student_nb, notes):
    """{solution grade_id: student cell} for the template's solution cells, and the list of other student cells."""
    solution_ids = [g for g in spec_nb["solution_cells"]]
    template_by_id = {_grade_id(c): c for c in spec_nb["template"]["cells"] if _grade_id(c)}
    by_id = {}
    for cell in student_nb["cells"]:
        gid = _grade_id(cell)
        if gid:
            by_id.setdefault(gid, []).append(cell)
    matched, used = {}, set()
    for gid in solution_ids:
        cands = [c for c in by_id.get(gid, []) if c.get("cell_type") == spec_nb["source_cells"].get(gid, {}).get(
            "cell_type", c.get("cell_type"))] or by_id.get(gid, [])
        if len(by_id.get(gid, [])) > 1:
            notes.append(f"cell {gid!r} appears {len(by_id[gid])} times; the first answered copy was graded")
        if cands:
            stub = _src(template_by_id.get(gid, {}))
            answered = [c for c in cands if _src(c).strip() != stub.strip()]
            matched[gid] = (answered or cands)[0]
            used.add(id(matched[gid]))
    for gid in solution_ids:  # metadata lost (copied/pasted cell): find the cell that defines the same functions
        if gid in matched or spec_nb["source_cells"].get(gid, {}).get("cell_type") != "code":
            continue
        wanted = _defined_functions(_src(template_by_id.get(gid, {})))
        if not wanted:
            continue
        owners = [c for c in student_nb["cells"] if c.get("cell_type") == "code" and id(c) not in used
                  and _grade_id(c) not in spec_nb["source_cells"] and wanted <= _defined_functions(_src(c))]
        if owners:
            matched[gid] = owners[-1]
            used.add(id(owners[-1]))
            notes.append(f"solution cell {gid!r} had lost its nbgrader metadata; graded the cell that defines "
                         f"{', '.join(sorted(wanted))}")
        else:
            notes.append(f"solution cell {gid!r} is missing from the submission; it counts as unanswered")
    others = [c for c in student_nb["cells"] if id(c) not in used]
    return matched, others


def _is_test(spec_nb, gid):
    g = spec_nb["grade_cells"].get(gid)
    return g is not None and gid not in spec_nb["solution_cells"] and g["cell_type"] == "code"


def grade_notebook(spec_nb, name, student_nb, limits, *, check=None, read_problem=None, notes=(), isolated=True,
                   withheld=(), view=None):
    """Grade one notebook: returns (autograded notebook dict, NotebookResult)."""
    t0 = time.monotonic()
    result = NotebookResult(name=name, notes=list(notes))
    template = copy.deepcopy(spec_nb["template"])
    source_cells = spec_nb["source_cells"]
    if student_nb is None:
        result.status = "missing" if read_problem is None else "unreadable"
        result.notes.append(read_problem or f"{name}.ipynb was not submitted")
        matched, others = {}, []
    else:
        matched, others = _match_solutions(spec_nb, student_nb, result.notes)

    # the graded notebook: template structure, gradebook source for locked/test cells, student answers
    cells = []
    for tcell in template["cells"]:
        gid = _grade_id(tcell)
        cell = copy.deepcopy(tcell)
        if gid in matched:
            cell["source"] = _src(matched[gid])
        elif gid in source_cells and (source_cells[gid]["locked"] or _is_test(spec_nb, gid)):
            cell["source"] = source_cells[gid]["source"]
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)

    segments = []
    for cell in cells:  # trusted setup imports first (from the gradebook copy)
        gid = _grade_id(cell)
        if cell["cell_type"] == "code" and gid in source_cells and source_cells[gid]["locked"] \
                and not _is_test(spec_nb, gid):
            segments.append((gid, _src(cell), "imports"))
    for cell in others:
        gid = _grade_id(cell)
        if cell.get("cell_type") == "code" and not (gid in source_cells and source_cells[gid]["locked"]):
            segments.append((gid or "extra", _src(cell), "imports"))
    for cell in cells:
        gid = _grade_id(cell)
        if gid in matched and cell["cell_type"] == "code":
            segments.append((gid, _src(cell), "solution"))
            result.solutions[gid] = _src(cell)

    tests = [c for c in cells if _grade_id(c) and _is_test(spec_nb, _grade_id(c))]
    sandbox = None
    base_ns = _trusted_namespace(cells, spec_nb)
    proxies = {}
    try:
        if student_nb is not None and tests:
            sandbox = Sandbox(limits, isolated=isolated, withheld=withheld, view=view)
            try:
                sandbox.start()
                problems = sandbox.load(segments)
                for gid, msgs in problems.items():
                    for msg in msgs:
                        result.notes.append(f"cell {gid}: {msg}")
                proxies = {n: sandbox.proxy(n) for n in sandbox.names()}
            except Exception as exc:  # the sandbox could not even start: every test cell fails with the reason
                result.notes.append(f"the sandbox failed: {exc}")
                sandbox.close()
                sandbox = None
        count = 0
        for cell in cells:
            gid = _grade_id(cell)
            if cell["cell_type"] == "code" and gid and _is_test(spec_nb, gid):
                count += 1
                _run_test(cell, gid, spec_nb, sandbox, proxies, base_ns, check, result, count, limits)
    finally:
        if sandbox is not None:
            sandbox.close()
            result.notes.extend(dict.fromkeys(sandbox.notes))

    # scores nbgrader's way (errors -> 0, otherwise full points; unchanged solution -> 0; markdown -> manual)
    for cell in cells:
        gid = _grade_id(cell)
        if not gid:
            continue
        if gid in spec_nb["grade_cells"]:
            max_score = spec_nb["grade_cells"][gid]["max_score"]
            cell["metadata"]["nbgrader"]["points"] = max_score
            if gid in result.cells:
                result.cells[gid].score = determine_grade(cell, max_score)
            else:
                result.cells[gid] = CellResult(gid, "solution" if gid in spec_nb["solution_cells"] else "manual",
                                               max_score, determine_grade(cell, max_score))
        if gid in spec_nb["solution_cells"]:
            unchanged = _nbg(cell).get("checksum") == compute_checksum(cell)
            result.comments[gid] = "No response." if unchanged or gid not in matched else None
        if _is_test(spec_nb, gid):  # the autograded copy never carries the hidden test source
            cell["source"] = strip_hidden(cell["source"])
    defanged = False
    for cell in cells:  # the student's text (answers, printed output, messages) never carries a marker
        gid = _grade_id(cell)
        if not (gid in source_cells and (source_cells[gid]["locked"] or _is_test(spec_nb, gid))):
            new = defang(cell["source"])
            defanged |= new != cell["source"]
            cell["source"] = new
        for out in cell.get("outputs", []):
            for key in ("text", "evalue"):
                if isinstance(out.get(key), str):
                    out[key] = defang(out[key])
            if isinstance(out.get("traceback"), list):
                out["traceback"] = [defang(str(t)) for t in out["traceback"]]
    for cr in result.cells.values():
        cr.message = defang(cr.message)
    if defanged:
        result.notes.append("your answer contains nbgrader's delimiter text (of hidden tests or solutions); it is "
                            "shown with a zero-width space after its first letter")

    if result.notes:
        text = defang("**Autograder notes**\n\n" + "\n".join(f"- {n}" for n in result.notes))
        cells.insert(0, {"cell_type": "markdown", "metadata": {"autograder": "notes"}, "source": text})
    template["cells"] = cells
    result.seconds = time.monotonic() - t0
    return template, result


def _trusted_namespace(cells, spec_nb):
    """Imports of the instructor's locked (non-test) code cells, run in the trusted worker."""
    import ast

    ns = {}
    for cell in cells:
        gid = _grade_id(cell)
        if cell["cell_type"] != "code" or gid not in spec_nb["source_cells"] or \
                not spec_nb["source_cells"][gid]["locked"] or _is_test(spec_nb, gid):
            continue
        try:
            tree = ast.parse(_src(cell))
        except SyntaxError:
            continue
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                try:
                    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        exec(compile(ast.Module([stmt], []), "<setup>", "exec"), ns)
                except Exception:
                    pass
    ns.pop("__builtins__", None)
    return ns


def _run_test(cell, gid, spec_nb, sandbox, proxies, base_ns, check, result, count, limits):
    import numpy as np

    max_score = spec_nb["grade_cells"][gid]["max_score"]
    cr = CellResult(gid, "test", max_score, None)
    result.cells[gid] = cr
    out = io.StringIO()
    error = None
    if sandbox is not None:
        try:
            sandbox.new_cell()
        except Exception as exc:
            error = exc
    if sandbox is None and error is None:
        reason = result.notes[0] if result.notes else "nothing could be loaded"
        error = RuntimeError(f"not graded: {reason}")
    if error is None:
        ns = dict(base_ns)
        ns.update(proxies)
        ns.update({"check": check, "np": np})
        try:
            with contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(cell["source"], f"<test {gid}>", "exec"), ns)
        except NameError as exc:
            error = exc
            name = getattr(exc, "name", None) or str(exc)
            error_text = (f"{name} is not defined: the function is missing from your notebook "
                          "(deleted, renamed, or its cell has a syntax error?)")
            error = NameError(error_text)
        except BaseException as exc:  # noqa: BLE001 - any failure of a test cell costs that cell only
            if isinstance(exc, KeyboardInterrupt):
                raise
            error = exc
    stream = out.getvalue()
    if sandbox is not None:
        printed = sandbox.take_output()
        if printed.strip():
            stream += "\n[output of your code]\n" + printed
    cap = limits.output_chars
    if len(stream) > cap:
        stream = stream[:cap] + f"\n[... {len(stream) - cap} more characters]\n"
    outputs = []
    if stream:
        outputs.append({"output_type": "stream", "name": "stdout", "text": stream})
    if error is not None:
        ename = type(error).__name__
        evalue = str(error)
        if len(evalue) > limits.message_chars:
            evalue = evalue[:limits.message_chars] + f" [... {len(evalue) - limits.message_chars} more characters]"
        cr.passed, cr.message = False, f"{ename}: {evalue}"
        cr.mistake = getattr(error, "mistake", None)
        if cr.mistake is not None and not isinstance(cr.mistake, str):
            cr.mistake = str(cr.mistake)
        outputs.append({"output_type": "error", "ename": ename, "evalue": evalue,
                        "traceback": [f"{ename}: {evalue}"]})
    else:
        cr.passed, cr.message = True, "passed"
    cell["outputs"], cell["execution_count"] = outputs, count


# ---------------------------------------------------------------------------------------- grading a submission
def parse_timestamp(folder):
    """(datetime or None, note or None) from timestamp.txt; garbage is a note, never a crash."""
    path = folder / "timestamp.txt"
    if not path.exists():
        return None, None
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()[:200]
        ts = parse_utc(text)
        if not (datetime.datetime(1990, 1, 1) < ts.replace(tzinfo=None) <
                              datetime.datetime(2200, 1, 1)):
            raise ValueError(text)
        return ts, None
    except Exception:
        return None, f"timestamp.txt is unreadable ({text[:40]!r}); the submission is treated as on time"


def _find_notebook(folder, name, expected):
    path = folder / f"{name}.ipynb"
    if path.exists():
        return path, None
    strays = sorted(p for p in folder.glob("*.ipynb") if p.stem not in expected)
    if not strays:
        return None, None
    scored = sorted(strays, key=lambda p: difflib.SequenceMatcher(None, p.stem.lower(), name.lower()).ratio())
    return scored[-1], f"{name}.ipynb was not found; graded {scored[-1].name} instead (renamed?)"


def grade_submission(job):
    """Worker entry point: job = {"course", "spec", "student", "staging", "limits"} -> JSON-able result."""
    from . import check  # the contract's check(), imported in the trusted worker only

    course = Course(job["course"])
    spec, student = job["spec"], job["student"]
    assignment = spec["assignment"]
    limits = Limits(**job.get("limits", {}))
    isolated, withheld, view = job.get("isolated", True), job.get("withheld", ()), job.get("view")
    folder = course.path("submitted", student, assignment)
    t0 = time.monotonic()
    out = {"student": student, "assignment": assignment, "notes": [], "notebooks": {}, "timestamp": None,
           "error": None}
    try:
        ts, note = parse_timestamp(folder)
        if note:
            out["notes"].append(note)
        out["timestamp"] = ts.isoformat() if ts else None
        staging = Path(job["staging"])
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        for name, spec_nb in sorted(spec["notebooks"].items()):
            path, note = _find_notebook(folder, name, spec["notebooks"])
            student_nb, problem = (None, None) if path is None else read_submission(path, limits.notebook_bytes)
            if path is None:
                problem = None
            nb, res = grade_notebook(spec_nb, name, student_nb, limits, check=check, read_problem=problem,
                                     notes=[note] if note else [], isolated=isolated, withheld=withheld,
                                     view=view)
            (staging / f"{name}.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")
            out["notebooks"][name] = asdict(res)
        if ts is not None:
            (staging / "timestamp.txt").write_text(ts.strftime("%Y-%m-%d %H:%M:%S.%f %Z").strip())
        src_dir = course.path(course.source, assignment)  # supporting files (data), as nbgrader copies them
        for p in src_dir.rglob("*"):
            if p.is_file() and p.suffix != ".ipynb" and ".ipynb_checkpoints" not in p.parts:
                dest = staging / p.relative_to(src_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(p, dest)
    except Exception as exc:  # a grader bug: this submission is reported, nothing is recorded for it
        out["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=6)}"
    out["seconds"] = time.monotonic() - t0
    return out


# --------------------------------------------------------------------------------------------------- gradebook
@contextlib.contextmanager
def atomic(gb):
    """Every commit() inside becomes a flush: the whole block is ONE sqlite transaction (all or nothing)."""
    session = gb.db
    real_commit = session.commit
    session.commit = session.flush
    try:
        yield gb
        del session.commit
        real_commit()
    except BaseException:
        with contextlib.suppress(Exception):
            del session.commit
        session.rollback()
        raise


def with_gradebook(course, fn, *, attempts=12, first_delay=0.1, log_=None, books=None):
    """Run fn(gb) in one transaction; retry with exponential backoff while the database is locked or busy.
    `books` (a dict) keeps the Gradebook open between calls of one run (opening one costs ~0.2 s)."""
    import sqlalchemy.exc
    from nbgrader.api import Gradebook

    books = {} if books is None else books
    delay = first_delay
    for attempt in range(attempts):
        gb = books.get(course.db_url)
        try:
            if gb is None:
                gb = books[course.db_url] = Gradebook(course.db_url)
            with atomic(gb):
                return fn(gb)
        except (sqlalchemy.exc.OperationalError, sqlite3.OperationalError) as exc:
            books.pop(course.db_url, None)
            if gb is not None:
                with contextlib.suppress(Exception):
                    gb.close()
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or attempt == attempts - 1:
                raise
            (log_ or log).warning("gradebook is busy (%s); retrying in %.1f s", text.splitlines()[0][:80], delay)
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        except BaseException:
            books.pop(course.db_url, None)
            if gb is not None:
                with contextlib.suppress(Exception):
                    gb.close()
            raise


def record(course, result, books=None):
    """Write one graded submission into the gradebook (one transaction), then publish its autograded folder."""
    student, assignment = result["student"], result["assignment"]

    def write(gb):
        gb.update_or_create_student(student)
        kwargs = {"timestamp": parse_utc(result["timestamp"]).replace(tzinfo=None)} if result["timestamp"] else {}
        gb.update_or_create_submission(assignment, student, **kwargs)
        for nb_name, nb in result["notebooks"].items():
            for gid, cell in nb["cells"].items():
                grade = gb.find_grade(gid, nb_name, assignment, student)
                grade.auto_score = cell["score"]
                grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
            for gid, comment_text in nb["comments"].items():
                comment = gb.find_comment(gid, nb_name, assignment, student)
                comment.auto_comment = comment_text
            gb.db.commit()

    with warnings.catch_warnings():  # nbgrader's own autoflush SAWarnings while it creates the rows
        warnings.simplefilter("ignore")
        with_gradebook(course, write, books=books)
    staging = Path(result["staging"])
    dest = course.path("autograded", student, assignment)
    if dest.exists():
        old = dest.with_name(f".{assignment}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(dest, old)
        os.replace(staging, dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, dest)
    results = course.path("reports", "results", assignment)
    results.mkdir(parents=True, exist_ok=True)
    tmp = results / f".{student}.json.tmp"
    tmp.write_text(json.dumps(result, indent=1, default=str))
    os.replace(tmp, results / f"{student}.json")


# ------------------------------------------------------------------------------------------------ the whole run
def summarize(result):
    score = sum(c["score"] or 0 for nb in result["notebooks"].values() for c in nb["cells"].values())
    total = sum(c["max_score"] for nb in result["notebooks"].values() for c in nb["cells"].values())
    return score, total


class IsolationUnavailable(RuntimeError):
    """Kernel isolation (bubblewrap) does not work here, and the caller did not ask for the unsafe fallback."""


def functions_under_test(spec):
    """The dlcore functions the assignment's test cells check: withheld from the child (registry.forbidden_for)."""
    import re

    from . import registry

    names = set()
    for nb in spec["notebooks"].values():
        for cell in nb["source_cells"].values():
            names |= set(re.findall(r"""check\(\s*["'](\w+)["']""", cell["source"]))
    withheld = set()
    for name in sorted(names):
        try:
            withheld |= set(registry.forbidden_for(name) or ())
        except (LookupError, ValueError):  # not a registered exercise: nothing to withhold
            continue
    return sorted(withheld)


def grade(course, assignment, students=None, *, jobs=1, limits=None, progress=None, isolated=True):
    """Grade the submissions of one assignment; returns the list of results (in completion order).
    isolated=False is the unsafe fallback (no namespaces): every result carries a note saying so."""
    if isolated and isolation.unavailable():
        raise IsolationUnavailable(isolation.unavailable())
    limits = limits or Limits()
    spec = load_spec(course, assignment)
    withheld = functions_under_test(spec)
    view = view_for(withheld)  # built once per run, read by every child
    students = students if students is not None else course.students(assignment)
    stage_root = course.path("autograded", ".staging")
    jobs_list = [{"course": str(course.root), "spec": spec, "student": s, "limits": asdict(limits),
                  "isolated": isolated, "withheld": withheld, "view": view, "staging": str(stage_root / s / assignment)}
                 for s in students]
    results = []
    books = {}

    def finish(job, result):
        result["staging"] = job["staging"]
        if not isolated:
            result.setdefault("notes", []).insert(0, UNSAFE_NOTE)
        if result.get("error") is None:
            try:
                record(course, result, books)
            except Exception as exc:
                result["error"] = f"recording failed: {type(exc).__name__}: {exc}"
        for nb in result.get("notebooks", {}).values():
            for note in nb["notes"]:
                log.warning("%s/%s/%s: %s", result["student"], assignment, nb["name"], note)
        for note in result.get("notes", []):
            log.warning("%s/%s: %s", result["student"], assignment, note)
        if result.get("error"):
            log.error("%s/%s NOT graded: %s", result["student"], assignment, result["error"])
        results.append(result)
        if progress:
            progress(len(results), len(jobs_list), result)

    if jobs <= 1 or len(jobs_list) <= 1:
        for job in jobs_list:
            finish(job, grade_submission(job))
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor, as_completed

        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init) as pool:
            futures = {pool.submit(grade_submission, job): job for job in jobs_list}
            for fut in as_completed(futures):
                job = futures[fut]
                try:
                    result = fut.result()
                except Exception as exc:  # the worker itself died
                    result = {"student": job["student"], "assignment": assignment, "notebooks": {},
                              "notes": [], "timestamp": None, "error": f"worker failed: {exc!r}"}
                finish(job, result)
    for gb in books.values():
        gb.close()
    shutil.rmtree(stage_root, ignore_errors=True)
    return results


def _worker_init():
    import warnings as _w

    _w.simplefilter("ignore")
    from . import check  # noqa: F401  (import the checks once per worker)
