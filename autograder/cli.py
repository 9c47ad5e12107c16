"""`python -m autograder`: the instructor's commands (release, collect, grade, feedback, export, report, publish).

Run from the course root (the repository: nbgrader_config.py, notebooks/, gradebook.db) or pass --root.
"""

import argparse
import logging
import sys
import time
from pathlib import Path

from .exitcodes import EXIT_CODES, GRADEBOOK, NBGRADER, NO_ISOLATION, NOTHING, OK, PARTIAL, UNSAFE, USAGE
from .release import nbgrader, release, scan_for_leaks

log = logging.getLogger("autograder")


def _course(args):
    from .course import Course

    root = Path(args.root).resolve()
    if not (root / "nbgrader_config.py").exists():
        raise SystemExit(_fail(f"{root} is not a course root (no nbgrader_config.py); use --root", USAGE))
    return Course(root)


def _fail(message, code):
    print(f"error: {message}", file=sys.stderr)
    return code


def _say(args, message):
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------- release
def cmd_release(args):
    course = _course(args)
    return release(course, args.assignment or None, quiet=args.quiet, say=lambda m: _say(args, m))


# ---------------------------------------------------------------------------------------------------- collect
def cmd_collect(args):
    from .intake import collect

    course = _course(args)
    try:
        report = collect(course, args.path, rosters=args.roster or (), due=args.due, timezone=args.timezone,
                         student=args.student, assignment=args.assignment)
    except FileNotFoundError as exc:
        return _fail(str(exc), USAGE)
    except ValueError as exc:
        return _fail(str(exc), USAGE)
    for note in report.notes:
        _say(args, f"note: {note}")
    for p in report.problems:
        print(f"problem: {p}", file=sys.stderr)
    _say(args, f"collected {report.collected} notebook(s) of {len(report.students)} student(s): {report.new} new, "
               f"{report.updated} updated, {report.unchanged} unchanged, {report.kept} kept over an older or empty "
               f"file; {len(report.problems)} problem(s)")
    if report.collected == 0:
        return NOTHING if not report.problems else PARTIAL
    return PARTIAL if report.problems else OK


# ------------------------------------------------------------------------------------------------------ grade
def _ensure_released(course, assignment, args):
    from nbgrader.api import Gradebook, MissingEntry

    released = course.path("release", assignment).is_dir()
    known = False
    if course.path(course.db_name).exists():
        with Gradebook(course.db_url) as gb:
            try:
                gb.find_assignment(assignment)
                known = True
            except MissingEntry:
                pass
    if released and known:
        return OK
    _say(args, f"{assignment} is not released yet: running nbgrader generate_assignment first")
    return release(course, [assignment], quiet=args.quiet, say=lambda m: _say(args, m))


def cmd_grade(args):
    from . import isolation
    from .pipeline import grade
    from .policy import Limits

    course = _course(args)
    isolated = not args.unsafe_no_isolation
    if isolated and isolation.unavailable():
        return _fail(f"refusing to grade: {isolation.unavailable()}", NO_ISOLATION)
    if not isolated:
        print("WARNING: --unsafe-no-isolation: student code runs WITHOUT kernel isolation; it can read what this "
              "user can read (the gradebook, the solutions, other students' work) and leave processes behind. "
              "Every result says so.", file=sys.stderr)
    if args.assignment:
        if args.assignment not in course.assignments():
            return _fail(f"unknown assignment {args.assignment!r}; known: {', '.join(course.assignments())}",
                         USAGE)
        assignments = [args.assignment]
    else:
        assignments = [a for a in course.assignments() if course.students(a)]
    if not assignments:
        _say(args, "nothing to grade: submitted/ holds no submissions of a course assignment")
        return NOTHING
    limits = Limits(call_timeout=args.timeout, notebook_timeout=args.notebook_timeout, memory_mb=args.memory)
    course.path("reports").mkdir(exist_ok=True)
    handler = logging.FileHandler(course.path("reports", "grading.log"))  # every note, for the instructor
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    worst = OK
    graded = 0
    for assignment in assignments:
        code = _ensure_released(course, assignment, args)
        if code != OK:
            worst = max(worst, code)
            continue
        students = course.students(assignment)
        if args.student:
            students = [s for s in students if s in set(args.student)]
        if not students:
            continue
        t0 = time.monotonic()

        def progress(done, total, result, t0=t0, assignment=assignment):
            from .pipeline import summarize

            score, total_points = summarize(result)
            status = "NOT GRADED" if result.get("error") else f"{score:g}/{total_points:g}"
            _say(args, f"[{done}/{total}] {assignment} {result['student']}: {status} "
                       f"({result.get('seconds', 0):.1f} s; {time.monotonic() - t0:.0f} s elapsed)")

        try:
            results = grade(course, assignment, students, jobs=args.jobs, limits=limits, progress=progress,
                            isolated=isolated)
        except Exception as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return _fail(f"the gradebook stayed locked: {exc}", GRADEBOOK)
            raise
        graded += len(results)
        failed = [r for r in results if r.get("error")]
        if failed:
            worst = max(worst, GRADEBOOK if all("recording failed" in r["error"] for r in failed) else PARTIAL)
        _say(args, f"{assignment}: graded {len(results) - len(failed)} of {len(results)} submission(s) in "
                   f"{time.monotonic() - t0:.1f} s")
    if graded == 0 and worst == OK:
        return NOTHING
    return worst


# --------------------------------------------------------------------------------------------------- feedback
def cmd_feedback(args):
    course = _course(args)
    graded = course.path("autograded")
    assignments = [args.assignment] if args.assignment else sorted(
        {p.parent.name for p in graded.glob("*/*/*.ipynb")} if graded.is_dir() else set())
    if not assignments:
        _say(args, "nothing to give feedback on: run `python -m autograder grade` first")
        return NOTHING
    worst = OK
    for i, assignment in enumerate(assignments, 1):
        argv = ["generate_feedback", assignment, "--force", "--log-level=ERROR"]
        if args.student:
            argv.append(f"--student={args.student}")
        t0 = time.monotonic()
        code, _ = nbgrader(course, *argv)
        _say(args, f"[{i}/{len(assignments)}] feedback {assignment}: {'ok' if code == 0 else 'FAILED'} "
                   f"({time.monotonic() - t0:.1f} s)")
        if code != 0:
            worst = NBGRADER
    leaks = scan_for_leaks(course.path("feedback"))
    for leak in leaks:
        print(f"error: hidden tests in feedback: {leak}; removing that file", file=sys.stderr)
        Path(leak.split(": contains")[0]).unlink(missing_ok=True)
    if leaks:
        return UNSAFE
    n = len(list(course.path("feedback").rglob("*.html"))) if course.path("feedback").is_dir() else 0
    _say(args, f"feedback: {n} html file(s) under feedback/")
    return worst


# ----------------------------------------------------------------------------------------------------- export
def cmd_export(args):
    course = _course(args)
    if args.lms:
        from .lms_export import export

        try:
            out, problems = export(course, args.lms, to=args.to, assignment=args.assignment, rosters=args.roster or (),
                                   column=args.column, say=lambda m: _say(args, m))
        except ValueError as exc:
            return _fail(str(exc), USAGE)
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        if out is None:
            return NOTHING
        _say(args, f"{args.lms} grades written to {out}")
        return PARTIAL if problems else OK
    out = Path(args.to) if args.to else course.path("reports", "grades.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    code, _ = nbgrader(course, "export", f"--to={out.resolve()}", "--log-level=ERROR")
    if code == 0:
        _say(args, f"grades written to {out}")
    return NBGRADER if code != 0 else OK


# ----------------------------------------------------------------------------------------------------- report
def cmd_report(args):
    from .report import build_report

    course = _course(args)
    assignments = [args.assignment] if args.assignment else course.assignments()
    made = 0
    for assignment in assignments:
        path = build_report(course, assignment, threshold=args.similarity, say=lambda m: _say(args, m))
        if path:
            made += 1
            _say(args, f"report: {path}")
    return OK if made else NOTHING


# ---------------------------------------------------------------------------------------------------- publish
def cmd_publish(args):
    from .publish import publish

    course = _course(args)
    return publish(course, Path(args.dir), force=args.force, binder_repo=args.binder_repo,
                   say=lambda m: _say(args, m))


# ----------------------------------------------------------------------------------------------------- parser
def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m autograder", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The course's instructor pipeline on nbgrader: release, collect, grade (safely), feedback, "
                    "export, report, publish.", epilog=EXIT_CODES)
    parser.add_argument("--root", default=".", help="course root (default: the current folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name, fn, help_text, description):
        p = sub.add_parser(name, help=help_text, description=description, epilog=EXIT_CODES,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--root", default=argparse.SUPPRESS, help="course root (default: the current folder)")
        p.add_argument("-q", "--quiet", action="store_true", help="no progress output")
        p.set_defaults(func=fn)
        return p

    p = add("release", cmd_release, "generate the student versions into release/",
            "nbgrader generate_assignment for each assignment under notebooks/ (or the ones named): solutions and "
            "hidden tests stripped; the gradebook learns the cells and points. Checks release/ for leaks.")
    p.add_argument("assignment", nargs="*", help="assignments (default: all)")

    p = add("collect", cmd_collect, "copy LMS downloads into submitted/",
            "Copy submissions from LMS downloads (a .zip or a folder) into submitted/<student>/<assignment>/: "
            "Canvas 'Download Submissions', Moodle 'Download all submissions' (folders or flat, blind marking), "
            "Blackboard 'Assignment File Download', Gradescope 'Export Submissions', nbgrader's exchange and "
            "submitted/ layouts, or a folder per student. The newest attempt wins by the LMS's own evidence; times "
            "come from the LMS, never from a student's file; damaged or unsafe entries are reported, the rest is "
            "collected. Re-running is idempotent.")
    p.add_argument("path", nargs="+", help="downloads: .zip files or folders (with --student: one notebook file)")
    p.add_argument("--roster", action="append", metavar="CSV",
                   help="the LMS's roster: Canvas gradebook export, Moodle grading worksheet or participants list, "
                        "Blackboard Grade Center download, Gradescope roster (names, e-mails, ids, Moodle's "
                        "submission times); repeatable")
    p.add_argument("--assignment", metavar="NAME", help="the assignment the download (or FILE) is of: files that do "
                   "not have the notebook's name are taken as its notebook")
    p.add_argument("--student", metavar="ID", help="assign one misnamed FILE by hand to this student "
                   "(with --assignment)")
    p.add_argument("--due", metavar="TIME", help="the assignment's due date, e.g. '2026-03-01 23:59' (in --timezone); "
                   "written to the gradebook, where nbgrader's late-penalty logic reads it")
    p.add_argument("--timezone", metavar="ZONE", help="the LMS's time zone for times it prints without one (Moodle "
                   "worksheet, Blackboard attempt names), e.g. Europe/Berlin (default: this machine's)")

    p = add("grade", cmd_grade, "grade submissions safely (sandboxed student code)",
            "Grade submitted/ into the gradebook and autograded/: student code in a limited child process isolated by "
            "the kernel (bubblewrap: own user, PID, mount and network namespaces; refuses to run without it unless "
            "--unsafe-no-isolation), the instructor's tests in the trusted parent, test cells restored from the "
            "gradebook.")
    p.add_argument("assignment", nargs="?", help="assignment (default: every assignment with submissions)")
    p.add_argument("--student", action="append", help="only this student (repeatable)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="submissions graded in parallel (processes)")
    p.add_argument("--timeout", type=float, default=10.0, help="wall-clock limit per call, seconds (10)")
    p.add_argument("--notebook-timeout", type=float, default=180.0,
                   help="wall-clock budget per notebook, seconds (180)")
    p.add_argument("--memory", type=int, default=1536, help="address-space limit of the child, MiB (1536)")
    p.add_argument("--unsafe-no-isolation", action="store_true",
                   help="grade without kernel isolation when bubblewrap/user namespaces are unavailable: resource "
                        "limits, a session and Landlock only; the student's code can read what you can read "
                        "(every result carries a warning)")

    p = add("feedback", cmd_feedback, "HTML feedback into feedback/ (hidden tests never shown)",
            "nbgrader generate_feedback for the autograded notebooks, then a scan that no hidden test leaked.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    p.add_argument("--student", help="only this student")

    p = add("export", cmd_export, "grades as CSV (or in an LMS's import format)",
            "nbgrader export (one row per student and assignment, with names), or with --lms a CSV the LMS "
            "imports as it is: canvas (Grades > Import), moodle (the assignment's 'Upload grading worksheet'), "
            "blackboard (Grade Center > Work Offline > Upload). Every graded student once; students without the "
            "LMS's id are listed, not guessed.")
    p.add_argument("--to", help="output CSV (default: reports/grades.csv, or reports/<lms>_<assignment>.csv)")
    p.add_argument("--lms", choices=["canvas", "moodle", "blackboard", "gradescope"],
                   help="write that LMS's import format")
    p.add_argument("--assignment", metavar="NAME", help="only this assignment (moodle: required with several)")
    p.add_argument("--roster", action="append", metavar="CSV",
                   help="the LMS's own export (Canvas gradebook, Moodle grading worksheet, Blackboard Grade Center): "
                        "its column ids, points possible and rows are reused; repeatable")
    p.add_argument("--column", metavar="HEADER", help="the LMS's column header for the assignment, e.g. "
                   "'Optimizers (123456)' (Canvas) or 'Optimizers [Total Pts: 10 Score] |987' (Blackboard)")

    p = add("report", cmd_report, "class report: pass rates, histogram, common mistakes, look-alikes",
            "Per-exercise pass rates, a score histogram (PNG), the most common catalogued mistakes, and "
            "solutions nearly identical to dlcore's reference (flagged for review, not zeroed), under reports/.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all graded)")
    p.add_argument("--similarity", type=float, default=0.9,
                   help="flag solutions at least this similar to the reference (0..1, default 0.9)")

    p = add("publish", cmd_publish, "build the students' repository in DIR",
            "Student notebooks from release/, binder/, dlcore and the student part of autograder into DIR; "
            "no instructor notebooks, no hidden tests, no grading pipeline. Refuses to write into a non-empty "
            "DIR without --force.")
    p.add_argument("dir", help="output folder (a separate repository)")
    p.add_argument("--force", action="store_true", help="replace the contents of DIR")
    p.add_argument("--binder-repo", default="OWNER/REPO", metavar="OWNER/NAME",
                   help="the student repository on GitHub, for the Binder badge in its README")
    return parser


def _venv_on_path():
    """nbgrader runs `alembic` from PATH when it creates a gradebook: put this interpreter's bin/ first."""
    import os

    bindir = os.path.dirname(sys.executable)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def main(argv=None):
    _venv_on_path()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if not args.quiet else logging.ERROR,
                        format="%(levelname)s %(message)s", stream=sys.stderr)
    try:
        return args.func(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
