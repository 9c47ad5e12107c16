"""export, report: the grades for nbgrader's CSV or an LMS's import, and the class report."""

import sys
from pathlib import Path

from ..exitcodes import NBGRADER, NOTHING, OK, PARTIAL, USAGE
from ..release import nbgrader
from . import course_of, fail, say


def cmd_export(args):
    course = course_of(args)
    if args.lms:
        from ..lms_export import export

        try:
            out, problems = export(course, args.lms, to=args.to, assignment=args.assignment, rosters=args.roster or (),
                                   column=args.column, say=lambda m: say(args, m))
        except ValueError as exc:
            return fail(str(exc), USAGE)
        for p in problems:
            print(f"problem: {p}", file=sys.stderr)
        if out is None:
            return NOTHING
        say(args, f"{args.lms} grades written to {out}")
        return PARTIAL if problems else OK
    out = Path(args.to) if args.to else course.path("reports", "grades.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    code, _ = nbgrader(course, "export", f"--to={out.resolve()}", "--log-level=ERROR")
    if code == 0:
        say(args, f"grades written to {out}")
    return NBGRADER if code != 0 else OK


# ----------------------------------------------------------------------------------------------------- report
def cmd_report(args):
    from ..report import build_report

    course = course_of(args)
    assignments = [args.assignment] if args.assignment else course.assignments()
    made = 0
    for assignment in assignments:
        path = build_report(course, assignment, threshold=args.similarity, say=lambda m: say(args, m))
        if path:
            made += 1
            say(args, f"report: {path}")
    return OK if made else NOTHING


