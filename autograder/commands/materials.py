"""release, collect, publish: the student versions going out, the students' work coming in, the students' repository."""

import sys
from pathlib import Path

from ..exitcodes import NOTHING, OK, PARTIAL, USAGE
from ..release import release
from . import course_of, fail, say


def cmd_release(args):
    course = course_of(args)
    return release(course, args.assignment or None, quiet=args.quiet, say=lambda m: say(args, m))


# ---------------------------------------------------------------------------------------------------- collect
def cmd_collect(args):
    from ..intake import collect

    course = course_of(args)
    try:
        report = collect(course, args.path, rosters=args.roster or (), due=args.due, timezone=args.timezone,
                         student=args.student, assignment=args.assignment)
    except FileNotFoundError as exc:
        return fail(str(exc), USAGE)
    except ValueError as exc:
        return fail(str(exc), USAGE)
    for note in report.notes:
        say(args, f"note: {note}")
    for p in report.problems:
        print(f"problem: {p}", file=sys.stderr)
    say(args, f"collected {report.collected} notebook(s) of {len(report.students)} student(s): {report.new} new, "
               f"{report.updated} updated, {report.unchanged} unchanged, {report.kept} kept over an older or empty "
               f"file; {len(report.problems)} problem(s)")
    if report.collected == 0:
        return NOTHING if not report.problems else PARTIAL
    return PARTIAL if report.problems else OK


def cmd_publish(args):
    from ..publish import publish

    course = course_of(args)
    return publish(course, Path(args.dir), force=args.force, binder_repo=args.binder_repo,
                   say=lambda m: say(args, m))


