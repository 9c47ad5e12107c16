"""nbgrader release (generate_assignment) and the leak scan that release, feedback and publish run on their output."""

import subprocess
import sys
import time
from pathlib import Path

from .exitcodes import NBGRADER, NOTHING, OK, UNSAFE
from .release_guard import ReleaseGuard


def nbgrader(course, *argv, quiet=False):
    """Run an nbgrader command in the course root; returns (returncode, combined output)."""
    cmd = [sys.executable, "-m", "nbgrader", *argv, f"--CourseDirectory.root={course.root}"]
    proc = subprocess.run(cmd, cwd=course.root, capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    if proc.returncode != 0 and not quiet:
        print(out[-4000:], file=sys.stderr)
    return proc.returncode, out


def release(course, assignments=None, *, quiet=False, say=print):
    names = assignments or course.assignments()
    if not names:
        return NOTHING
    failed, guard = [], ReleaseGuard(course.root)
    for message in guard.keep_edited(names):  # a person's work in release/ is never overwritten unseen
        print(f"note: {message}", file=sys.stderr)
    for i, name in enumerate(names, 1):
        t0 = time.monotonic()
        code, _ = nbgrader(course, "generate_assignment", name, "--force", "--log-level=ERROR", quiet=quiet)
        if code != 0:
            failed.append(name)
        say(f"[{i}/{len(names)}] release {name}: {'ok' if code == 0 else 'FAILED'} ({time.monotonic() - t0:.1f} s)")
    guard.record([name for name in names if name not in failed])
    leaks = scan_for_leaks(course.path("release"), solutions=True)
    for leak in leaks:
        print(f"error: {leak}", file=sys.stderr)
    if leaks:
        return UNSAFE
    return NBGRADER if failed else OK


def scan_for_leaks(folder, *, solutions=False):
    """Files under `folder` that contain hidden-test markers or hidden checks (and solution markers)."""
    markers = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "hidden=True"]
    if solutions:
        markers += ["BEGIN SOLUTION", "END SOLUTION"]
    found = []
    folder = Path(folder)
    if not folder.exists():
        return found
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in {".ipynb", ".html", ".py", ".md", ".txt", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".html":  # highlighted code: tokens are split by tags and entities
                import html
                import re

                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            for m in markers:
                if m in text:
                    found.append(f"{path}: contains {m!r}")
                    break
    return found
