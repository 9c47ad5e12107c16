"""Helpers for tests that need student versions of the course notebooks (no pytest fixtures here).

make_student_version() runs nbgrader's generate_assignment in a throw-away course root, exactly as
`python -m autograder release` does for the real course; fill_in_solutions() plays a student who finished.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def make_student_version(assignment, workdir):
    """Generate the student version of notebooks/<assignment>/ under workdir; return the release folder."""
    course = Path(workdir) / "course"
    shutil.copytree(NOTEBOOKS / assignment, course / "notebooks" / assignment)
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force", "--log-level=ERROR",
         f"--CourseDirectory.root={course}", "--CourseDirectory.source_directory=notebooks",
         f"--CourseDirectory.db_url=sqlite:///{course / 'gradebook.db'}"],
        check=True, cwd=course, capture_output=True, text=True,
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"})
    return course / "release" / assignment


def fill_in_solutions(student_path, source_path):
    """Copy every solution cell of the instructor version into the student version (markers removed)."""
    source = {c.metadata["nbgrader"]["grade_id"]: c.source for c in nbformat.read(source_path, as_version=4).cells
              if c.get("metadata", {}).get("nbgrader", {}).get("solution")}
    nb = nbformat.read(student_path, as_version=4)
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution") and meta.get("grade_id") in source:
            cell.source = re.sub(r"^\s*### (BEGIN|END) SOLUTION\s*$\n?", "", source[meta["grade_id"]], flags=re.M)
    nbformat.write(nb, student_path)
    return student_path
