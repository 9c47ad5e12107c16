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

The modules, one concern each: nbrules (nbgrader's rules), course (layout, spec, reading submissions), grading
(one notebook), gradebook (the transaction), isolation and sandbox (the child), this one (a submission in a
worker, and the parallel run).
"""

import json
import logging
import shutil
import time
import traceback
from dataclasses import asdict
from functools import partial
from pathlib import Path

from . import isolation
from .course import Course, _find_notebook, load_spec, parse_timestamp, read_submission
from .gradebook import record
from .grading import grade_notebook
from .policy import Limits
from .sandbox import view_for

log = logging.getLogger("autograder")
UNSAFE_NOTE = ("graded WITHOUT kernel isolation (--unsafe-no-isolation): the student's code could read what the "
               "grading user can read and start processes outside the sandbox; see the README")


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
            nb, res = grade_notebook(spec_nb, name, student_nb, limits, check=partial(check, student=student),
                                     read_problem=problem,
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
    limits = limits or Limits()
    if isolated and isolation.unavailable(limits.host_uid):
        raise IsolationUnavailable(isolation.unavailable(limits.host_uid))
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
