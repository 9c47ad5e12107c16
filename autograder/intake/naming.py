"""Names: which course notebook a file is, and readable, safe student ids made from people's names."""

import re
import unicodedata
from pathlib import Path

# a copy the student's browser or the LMS made of the same file: "x (1).ipynb", "x-1.ipynb", "x_2.ipynb", and
# Canvas's "x-<uuid>.ipynb" after 8 same-named uploads (canvas-lms app/models/attachment.rb make_unique_filename)
COPY = re.compile(r"^(?:\s*\((?P<paren>\d+)\)|[-_ ](?P<dash>\d+)|-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                  r"[0-9a-f]{12})?$", re.I)
ID_OK = re.compile(r"^[^\W_][\w.-]{0,99}$")


def course_notebooks(course):
    """{notebook stem: assignment} for the course's source notebooks."""
    out = {}
    src = course.path(course.source)
    for folder in sorted(src.iterdir()) if src.is_dir() else []:
        if folder.is_dir():
            for nb in sorted(folder.glob("*.ipynb")):
                out[nb.stem] = folder.name
    return out


def is_notebook(filename):
    return filename.lower().endswith(".ipynb")


def notebook_of(filename, notebooks, *, hint=None, forced=None):
    """(notebook, copy number, note) for a file name: the longest course notebook name the name contains
    (case-insensitive: an LMS or a student may rename "fx_optim.ipynb" to "FX_OPTIM (1).IPYNB"), among the
    notebooks of `forced` when the instructor named the assignment. When none matches and the assignment (`forced`,
    else `hint`: the one the download is of) has a single notebook, that one, with a note. (None, 0, None) if not."""
    stem = filename[:-len(".ipynb")] if is_notebook(filename) else Path(filename).stem
    low = stem.lower()
    for nb in sorted(notebooks, key=len, reverse=True):
        at = low.find(nb.lower())
        if at >= 0 and (forced is None or notebooks[nb] == forced):
            m = COPY.match(stem[at + len(nb):])
            copy = int(m.group("paren") or m.group("dash") or 0) if m else 0
            return nb, copy, None
    assignment = forced or hint
    if assignment is not None:
        own = [nb for nb, a in notebooks.items() if a == assignment]
        if len(own) == 1:
            return own[0], 0, f"{filename} does not have the notebook's name; taken as {own[0]}.ipynb of {assignment}"
    return None, 0, None


def slug(text):
    """A readable id from a name: accents dropped (Élodie Müller -> elodie_muller), letters without an ASCII
    form kept (王芳 -> 王芳), apostrophes dropped (O'Brien -> obrien), other separators -> '_'. NFC, lowercase."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"['’`ʼ]", "", text)
    text = re.sub(r"[^\w]+|_+", "_", text).strip("_")
    return text[:60].strip("_")


def valid_id(student_id):
    """An id nbgrader and the file system both take: a letter or digit first, then letters, digits, . _ -"""
    return bool(student_id) and bool(ID_OK.match(student_id)) and ".." not in student_id


def same_name(a, b):
    def norm(s):
        return " ".join(unicodedata.normalize("NFC", str(s)).casefold().split())
    return bool(a) and norm(a) == norm(b)
