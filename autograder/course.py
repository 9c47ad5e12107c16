"""The course on disk: its layout (Course), what nbgrader recorded for an assignment (load_spec), and reading what
a student submitted (a notebook that may be anything, a timestamp that may be garbage) without ever raising."""

import datetime
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from .nbrules import _src
from .policy import DEFAULT


def parse_utc(text):
    """A timestamp string (nbgrader's formats; 'UTC' or an offset) -> aware UTC datetime; ValueError if not."""
    text = str(text).strip()
    if not text:
        raise ValueError("empty timestamp")
    try:
        ts = datetime.datetime.fromisoformat(text.replace(" UTC", "+00:00").replace("Z", "+00:00"))
    except ValueError:
        from dateutil.parser import parse

        ts = parse(text)
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=datetime.UTC)
    return ts.astimezone(datetime.UTC)


@dataclass
class Course:
    root: Path
    source: str = "notebooks"
    db_name: str = "gradebook.db"

    def __post_init__(self):
        self.root = Path(self.root).resolve()

    @property
    def db_url(self):
        return f"sqlite:///{self.root / self.db_name}"

    def path(self, *parts):
        return self.root.joinpath(*parts)

    def assignments(self):
        src = self.path(self.source)
        return sorted(p.name for p in src.iterdir() if p.is_dir() and any(p.glob("*.ipynb"))) \
            if src.is_dir() else []

    def students(self, assignment=None):
        sub = self.path("submitted")
        if not sub.is_dir():
            return []
        return sorted(p.name for p in sub.iterdir() if p.is_dir() and not p.name.startswith(".")
                      and (assignment is None or (p / assignment).is_dir()))


def load_spec(course, assignment):
    """What nbgrader recorded for `assignment` (gradebook) + the release notebooks; JSON-able."""
    from nbgrader.api import Gradebook

    spec = {"assignment": assignment, "notebooks": {}}
    with Gradebook(course.db_url) as gb:
        a = gb.find_assignment(assignment)
        for nb in a.notebooks:
            grade = {c.name: {"max_score": float(c.max_score), "cell_type": c.cell_type} for c in nb.grade_cells}
            source = {c.name: {"source": c.source, "locked": bool(c.locked), "cell_type": c.cell_type,
                               "checksum": c.checksum} for c in nb.source_cells}
            release = course.path("release", assignment, f"{nb.name}.ipynb")
            template = json.loads(release.read_text(encoding="utf-8"))
            for cell in template["cells"]:
                cell["source"] = _src(cell)
            spec["notebooks"][nb.name] = {"grade_cells": grade, "solution_cells": [c.name for c in nb.solution_cells],
                                          "source_cells": source, "template": template}
    return spec


def read_submission(path, max_bytes=DEFAULT.notebook_bytes):
    """(notebook dict, None) or (None, reason): never raises for a bad file."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, f"{path.name} is {size >> 20} MiB: too large to be a notebook"
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"could not read {path.name}: {exc.strerror or exc}"
    try:
        nb = json.loads(raw.decode("utf-8", "replace"))
    except ValueError as exc:
        what = "truncated or corrupted" if raw.lstrip().startswith(b"{") else "not a notebook"
        return None, f"{path.name} is {what} (invalid JSON: {exc}); nothing in it could be graded"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        if isinstance(nb, dict) and isinstance(nb.get("worksheets"), list):  # nbformat 3
            try:
                import nbformat

                nb = json.loads(nbformat.writes(nbformat.reads(raw.decode(), as_version=4)))
                return nb, None
            except Exception:
                pass
        return None, f"{path.name} is JSON but not a Jupyter notebook (no 'cells' list)"
    cells = []
    for cell in nb["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") in ("code", "markdown", "raw"):
            src = cell.get("source", "")
            cell = dict(cell, source="".join(src) if isinstance(src, list) else str(src))
            if not isinstance(cell.get("metadata"), dict):
                cell["metadata"] = {}
            cells.append(cell)
    return dict(nb, cells=cells), None


def parse_timestamp(folder):
    """(datetime or None, note or None) from timestamp.txt; garbage is a note, never a crash."""
    path = folder / "timestamp.txt"
    if not path.exists():
        return None, None
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip()[:200]
        ts = parse_utc(text)
        if not (datetime.datetime(1990, 1, 1) < ts.replace(tzinfo=None) <
                              datetime.datetime(2200, 1, 1)):
            raise ValueError(text)
        return ts, None
    except Exception:
        return None, f"timestamp.txt is unreadable ({text[:40]!r}); the submission is treated as on time"


def _find_notebook(folder, name, expected):
    path = folder / f"{name}.ipynb"
    if path.exists():
        return path, None
    strays = sorted(p for p in folder.glob("*.ipynb") if p.stem not in expected)
    if not strays:
        return None, None
    scored = sorted(strays, key=lambda p: difflib.SequenceMatcher(None, p.stem.lower(), name.lower()).ratio())
    return scored[-1], f"{name}.ipynb was not found; graded {scored[-1].name} instead (renamed?)"
