"""Collect submissions downloaded from an LMS (a folder or a .zip) into submitted/<student>/<assignment>/.

Recognised names (the notebook file may have been renamed by the LMS, e.g. "06_optimizers-1.ipynb"):

    jdoe_12345_67890_06_optimizers.ipynb             Canvas: <login>[_LATE]_<user id>_<file id>_<file name>
    Doe, Jane (jdoe)/06_optimizers.ipynb              a folder per student, login in parentheses
    Jane Doe_123456_assignsubmission_file_/x.ipynb    Moodle: the folder name up to the first "_"
    jdoe/06_optimizers/06_optimizers.ipynb            nbgrader's own layout (timestamp.txt kept when present)
    jdoe/06_optimizers.ipynb                          a folder per student

The assignment is the course notebook whose name the file name contains (the longest match). The timestamp is
the file's (zip entry's) modification time unless a timestamp.txt comes with it. Files are copied byte for byte:
a corrupted notebook is graded (as zero, with a message), not dropped.
"""

import datetime
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 50 * 2**20
CANVAS = re.compile(r"^(?P<login>[A-Za-z0-9.\-]+?)(?:_LATE|_late)?_\d+_\d+_(?P<rest>.+)$")
PAREN = re.compile(r"\(([^()]+)\)\s*$")


@dataclass
class Item:
    parts: tuple          # the path inside the folder or zip, as parts
    read: object          # () -> bytes
    mtime: datetime.datetime
    size: int


def _safe_id(text):
    text = re.sub(r"[^A-Za-z0-9._-]+", "_", text.strip()).strip("._")
    return text.lower() or None


def identify(parts, notebooks):
    """(student, assignment, notebook) for an item's path parts, or (None, None, reason)."""
    name = parts[-1]
    stem = PurePosixPath(name).stem
    known = sorted(notebooks, key=len, reverse=True)
    notebook = next((nb for nb in known if nb.lower() in name.lower()), None)
    if notebook is None:
        for part in reversed(parts[:-1]):  # nbgrader layout: the assignment folder names it
            notebook = next((nb for nb in known if nb.lower() == part.lower()), None)
            if notebook:
                break
    if notebook is None:
        return None, None, f"{'/'.join(parts)}: no course notebook name in it"
    m = CANVAS.match(stem if name.endswith(".ipynb") else name)
    if m and notebook.lower() in m.group("rest").lower():
        return _safe_id(m.group("login")), notebooks[notebook], notebook
    folders = [p for p in parts[:-1] if p.lower() not in {notebook.lower(), notebooks[notebook].lower()}]
    for folder in reversed(folders):
        paren = PAREN.search(folder)
        if paren:
            return _safe_id(paren.group(1)), notebooks[notebook], notebook
        if "_assignsubmission_" in folder:
            return _safe_id(folder.split("_")[0]), notebooks[notebook], notebook
    if folders:
        return _safe_id(folders[-1]), notebooks[notebook], notebook
    return None, None, f"{'/'.join(parts)}: cannot tell whose submission this is"


def items_from(path):
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        zf = zipfile.ZipFile(path)
        for info in zf.infolist():
            if info.is_dir():
                continue
            parts = tuple(p for p in PurePosixPath(info.filename).parts if p not in ("", ".", ".."))
            if not parts or parts[0] == "__MACOSX":
                continue
            yield Item(parts, (lambda i=info: zf.read(i)), datetime.datetime(*info.date_time), info.file_size)
    elif path.is_dir():
        for p in sorted(path.rglob("*")):
            if p.is_file():
                st = p.stat()
                yield Item(p.relative_to(path).parts, p.read_bytes, datetime.datetime.fromtimestamp(st.st_mtime),
                           st.st_size)
    else:
        raise FileNotFoundError(f"{path}: not a folder or a .zip file")


def collect(course, source, *, log=print):
    """Copy submissions into submitted/; returns (number collected, list of problems)."""
    notebooks = {}
    src = course.path(course.source)
    for folder in sorted(src.iterdir()) if src.is_dir() else []:
        for nb in folder.glob("*.ipynb"):
            notebooks[nb.stem] = folder.name
    items = list(items_from(source))
    stamps = {item.parts[:-1]: item for item in items if item.parts[-1] == "timestamp.txt"}
    collected, problems = 0, []
    for item in items:
        if item.parts[-1] == "timestamp.txt" or item.parts[-1].startswith("."):
            continue
        if not item.parts[-1].lower().endswith(".ipynb"):
            problems.append(f"{'/'.join(item.parts)}: not a notebook; skipped")
            continue
        student, assignment, notebook = identify(item.parts, notebooks)
        if student is None:
            problems.append(notebook)
            continue
        if item.size > MAX_FILE_BYTES:
            problems.append(f"{'/'.join(item.parts)}: {item.size >> 20} MiB, too large; skipped")
            continue
        dest = course.path("submitted", student, assignment)
        dest.mkdir(parents=True, exist_ok=True)
        (dest / f"{notebook}.ipynb").write_bytes(item.read())
        stamp = stamps.get(item.parts[:-1])
        text = stamp.read().decode("utf-8", "replace").strip() if stamp else \
            item.mtime.strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"
        (dest / "timestamp.txt").write_text(text + "\n")
        collected += 1
        log(f"collected {'/'.join(item.parts)} -> submitted/{student}/{assignment}/{notebook}.ipynb")
    return collected, problems
