"""Build the students' repository: release notebooks + binder/ + dlcore + the student part of autograder.

What goes in: release/<assignment>/ (nbgrader's student versions: no solutions, no hidden tests) as notebooks/,
binder/, dlcore/, autograder/ without the instructor-only modules (the grading pipeline), pyproject.toml, a short
README. What never goes in: the instructor notebooks (notebooks/ of the course), tests/, benchmarks/, the gradebook,
submissions, feedback. A final scan refuses the result if any hidden test or solution marker slipped in.
"""

import re
import shutil
import sys
from pathlib import Path

from .exitcodes import NOTHING, OK, UNSAFE, USAGE
from .release import release, scan_for_leaks

INSTRUCTOR_ONLY = {"sandbox.py", "child.py", "codec.py", "pipeline.py", "cli.py", "collect.py", "report.py",
                   "isolation.py", "course.py", "grading.py", "gradebook.py", "release.py", "release_guard.py",
                   "exitcodes.py", "nbrules.py", "publish.py", "commands", "child_reports.py", "leftovers.py",
                   "__main__.py"}
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", ".pytest_cache")

README = """# Improving deep neural networks: the course notebooks

[![Binder](https://mybinder.org/badge_logo.svg)]({binder})
opens the first notebook in JupyterLab on Binder, with everything installed (save your work with File → Download:
Binder forgets it after about 10 idle minutes). To work on your own machine instead:

    python -m pip install -e ".[notebooks]"
    jupyter lab notebooks/

Each notebook explains one block of the course, asks you to write a few functions, and checks them with
`check("name", your_function)`. Your work is graded with more (hidden) cases after you submit: hand in the
notebook file itself (`notebooks/<assignment>/<assignment>.ipynb`), as your instructor asks, without renaming it.
"""
FIRST = "01_bias_variance"


def binder_url(repo, notebook):
    """The mybinder.org link that builds `repo` ("owner/name" on GitHub) and opens `notebook` in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{repo}/main?urlpath=lab/tree/{notebook}"


def publish(course, dest, *, force=False, binder_repo="OWNER/REPO", say=print):
    if not re.fullmatch(r"[\w.-]+/[\w.-]+", binder_repo):
        print(f"error: --binder-repo: expected OWNER/NAME of a GitHub repository; got {binder_repo!r}", file=sys.stderr)
        return USAGE
    dest = Path(dest).resolve()
    if dest == course.root or course.root in dest.parents and dest.parent == course.root and \
            dest.name in {"notebooks", "dlcore", "autograder", "binder"}:
        print(f"error: refusing to publish into {dest}", file=sys.stderr)
        return USAGE
    if dest.exists() and any(dest.iterdir()):
        if not force:
            print(f"error: {dest} is not empty (use --force to replace its contents)", file=sys.stderr)
            return USAGE
        for child in dest.iterdir():
            if child.name == ".git":
                continue  # keep the student repository's history
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    dest.mkdir(parents=True, exist_ok=True)
    assignments = course.assignments()
    if not assignments:
        return NOTHING
    missing = [a for a in assignments if not course.path("release", a).is_dir()]
    if missing:
        say(f"releasing {', '.join(missing)} first")
        code = release(course, missing, quiet=True, say=say)
        if code != OK:
            return code
    for a in assignments:
        shutil.copytree(course.path("release", a), dest / "notebooks" / a, ignore=IGNORE)
    src = Path(__file__).resolve().parent
    repo = src.parent  # the course's own package and binder/, even when grading in another course root
    for folder in ("binder", "dlcore"):
        where = course.path(folder) if course.path(folder).is_dir() else repo / folder
        if where.is_dir():
            shutil.copytree(where, dest / folder, ignore=IGNORE)
    shutil.copytree(src, dest / "autograder",
                    ignore=lambda d, names: set(IGNORE(d, names)) | (INSTRUCTOR_ONLY & set(names)
                                                                    if Path(d) == src else set()))
    for name in ("pyproject.toml", "LICENSE"):
        where = course.path(name) if course.path(name).exists() else repo / name
        if where.exists():
            shutil.copy2(where, dest / name)
    first = FIRST if FIRST in assignments else assignments[0]
    (dest / "README.md").write_text(README.format(binder=binder_url(binder_repo, f"notebooks/{first}/{first}.ipynb")))
    (dest / ".gitignore").write_text("__pycache__/\n*.pyc\n.ipynb_checkpoints/\n")
    leaks = scan_for_leaks(dest / "notebooks", solutions=True)
    for leak in leaks:
        print(f"error: {leak}", file=sys.stderr)
    if leaks:
        shutil.rmtree(dest / "notebooks")
        return UNSAFE
    say(f"published {len(assignments)} assignment(s) to {dest}")
    return OK
