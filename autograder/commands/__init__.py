"""The instructor's commands, grouped by what they do; autograder.cli parses the command line and calls them.

    materials.py   release, collect, publish: the notebooks going out to students and their work coming in
    grading.py     grade, feedback: student code in the sandbox, the gradebook, the feedback files
    results.py     export, report: grades for the LMS, the class report

Each command takes the parsed arguments and returns an exit code (autograder.exitcodes). Shared here: finding the
course root, and the two ways a command speaks (an error, a progress line).
"""

import sys
from pathlib import Path

from ..exitcodes import USAGE


def course_of(args):
    """The course at --root, or SystemExit(USAGE) naming the folder when it is not a course root."""
    from ..course import Course

    root = Path(args.root).resolve()
    if not (root / "nbgrader_config.py").exists():
        raise SystemExit(fail(f"{root} is not a course root (no nbgrader_config.py); use --root", USAGE))
    return Course(root)


def fail(message, code):
    print(f"error: {message}", file=sys.stderr)
    return code


def say(args, message):
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr, flush=True)
