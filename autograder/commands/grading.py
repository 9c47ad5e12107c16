"""grade, feedback: the submissions graded with student code in the sandbox, then nbgrader's feedback files."""

import logging
import sys
import time
from pathlib import Path

from ..exitcodes import GRADEBOOK, NBGRADER, NO_ISOLATION, NOTHING, OK, PARTIAL, UNSAFE, USAGE
from ..release import nbgrader, release, scan_for_leaks
from . import course_of, fail, say

log = logging.getLogger("autograder")


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
    say(args, f"{assignment} is not released yet: running nbgrader generate_assignment first")
    return release(course, [assignment], quiet=args.quiet, say=lambda m: say(args, m))


def cmd_grade(args):
    from .. import isolation
    from ..pipeline import grade
    from ..policy import Limits

    course = course_of(args)
    isolated = not args.unsafe_no_isolation
    try:
        limits = Limits(call_timeout=args.timeout, notebook_timeout=args.notebook_timeout, memory_mb=args.memory,
                        host_uid=args.host_uid)
    except ValueError as exc:
        return fail(f"--host-uid: {exc}", USAGE)
    if isolated and isolation.unavailable(args.host_uid):
        return fail(f"refusing to grade: {isolation.unavailable(args.host_uid)}", NO_ISOLATION)
    if not isolated:
        print("WARNING: --unsafe-no-isolation: student code runs WITHOUT kernel isolation; it can read what this "
              "user can read (the gradebook, the solutions, other students' work) and leave processes behind. "
              "Every result says so.", file=sys.stderr)
    if args.assignment:
        if args.assignment not in course.assignments():
            return fail(f"unknown assignment {args.assignment!r}; known: {', '.join(course.assignments())}",
                         USAGE)
        assignments = [args.assignment]
    else:
        assignments = [a for a in course.assignments() if course.students(a)]
    if not assignments:
        say(args, "nothing to grade: submitted/ holds no submissions of a course assignment")
        return NOTHING
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
            from ..pipeline import summarize

            score, total_points = summarize(result)
            status = "NOT GRADED" if result.get("error") else f"{score:g}/{total_points:g}"
            say(args, f"[{done}/{total}] {assignment} {result['student']}: {status} "
                       f"({result.get('seconds', 0):.1f} s; {time.monotonic() - t0:.0f} s elapsed)")

        try:
            results = grade(course, assignment, students, jobs=args.jobs, limits=limits, progress=progress,
                            isolated=isolated)
        except Exception as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return fail(f"the gradebook stayed locked: {exc}", GRADEBOOK)
            raise
        graded += len(results)
        failed = [r for r in results if r.get("error")]
        if failed:
            worst = max(worst, GRADEBOOK if all("recording failed" in r["error"] for r in failed) else PARTIAL)
        say(args, f"{assignment}: graded {len(results) - len(failed)} of {len(results)} submission(s) in "
                   f"{time.monotonic() - t0:.1f} s")
    if graded == 0 and worst == OK:
        return NOTHING
    return worst


# --------------------------------------------------------------------------------------------------- feedback
def cmd_feedback(args):
    course = course_of(args)
    graded = course.path("autograded")
    assignments = [args.assignment] if args.assignment else sorted(
        {p.parent.name for p in graded.glob("*/*/*.ipynb")} if graded.is_dir() else set())
    if not assignments:
        say(args, "nothing to give feedback on: run `python -m autograder grade` first")
        return NOTHING
    worst = OK
    for i, assignment in enumerate(assignments, 1):
        argv = ["generate_feedback", assignment, "--force", "--log-level=ERROR"]
        if args.student:
            argv.append(f"--student={args.student}")
        t0 = time.monotonic()
        code, _ = nbgrader(course, *argv)
        say(args, f"[{i}/{len(assignments)}] feedback {assignment}: {'ok' if code == 0 else 'FAILED'} "
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
    say(args, f"feedback: {n} html file(s) under feedback/")
    return worst


