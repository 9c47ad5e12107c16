"""`python -m autograder`: the instructor's commands (release, collect, grade, feedback, export, report, publish).

Run from the course root (the repository: nbgrader_config.py, notebooks/, gradebook.db) or pass --root. This module
is the command line (the parser and main); the commands themselves are in autograder/commands/, by what they do.
"""

import argparse
import logging
import sys

from .commands import grading, materials, results
from .exitcodes import EXIT_CODES, USAGE
from .policy import DEFAULT


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

    p = add("release", materials.cmd_release, "generate the student versions into release/",
            "nbgrader generate_assignment for each assignment under notebooks/ (or the ones named): solutions and "
            "hidden tests stripped; the gradebook learns the cells and points. Checks release/ for leaks.")
    p.add_argument("assignment", nargs="*", help="assignments (default: all)")

    p = add("collect", materials.cmd_collect, "copy LMS downloads into submitted/",
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

    p = add("grade", grading.cmd_grade, "grade submissions safely (sandboxed student code)",
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
    p.add_argument("--host-uid", type=int, default=DEFAULT.host_uid, metavar="UID",
                   help=f"when grading as root: the unprivileged uid and gid the student's code runs as on the host "
                        f"(default {DEFAULT.host_uid}, nobody)")

    p = add("feedback", grading.cmd_feedback, "HTML feedback into feedback/ (hidden tests never shown)",
            "nbgrader generate_feedback for the autograded notebooks, then a scan that no hidden test leaked.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all)")
    p.add_argument("--student", help="only this student")

    p = add("export", results.cmd_export, "grades as CSV (or in an LMS's import format)",
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

    p = add("report", results.cmd_report, "class report: pass rates, histogram, common mistakes, look-alikes",
            "Per-exercise pass rates, a score histogram (PNG), the most common catalogued mistakes, and "
            "solutions nearly identical to dlcore's reference (flagged for review, not zeroed), under reports/.")
    p.add_argument("assignment", nargs="?", help="assignment (default: all graded)")
    p.add_argument("--similarity", type=float, default=0.9,
                   help="flag solutions at least this similar to the reference (0..1, default 0.9)")

    p = add("publish", materials.cmd_publish, "build the students' repository in DIR",
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
