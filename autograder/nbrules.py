"""nbgrader's cell rules, copied so the workers need not import nbgrader (that costs seconds: it loads its server
extensions). Copied from nbgrader 0.9.6 (utils.compute_checksum, utils.determine_grade, the ClearHiddenTests and
ClearSolutions delimiters) so that scores and "No response." comments agree with nbgrader's own;
tests/test_grading_isolation.py pins them to nbgrader's.
"""

import hashlib

HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
HIDDEN_NOTE = "# (hidden tests: run by the grader; the result is shown below)"
# nbgrader's marker texts: inside a student's cell or output they would make nbgrader (or our leak scans) treat the
# student's text as the instructor's; the autograded copy shows them with a zero-width space after the first letter
MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "hidden=True")


def _nbg(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _grade_id(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


def _src(cell):
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def compute_checksum(cell):
    """nbgrader.utils.compute_checksum."""
    meta = _nbg(cell)
    is_grade, is_solution = bool(meta.get("grade")), bool(meta.get("solution"))
    is_locked = False if is_solution else (True if is_grade else bool(meta.get("locked")))
    m = hashlib.md5()
    for part in (_src(cell), cell["cell_type"], str(is_grade), str(is_solution), str(is_locked),
                 meta["grade_id"]):
        m.update(part.encode("utf-8"))
    if is_grade:
        m.update(str(float(meta["points"])).encode("utf-8"))
    return m.hexdigest()


def determine_grade(cell, max_points):
    """nbgrader.utils.determine_grade: (score or None): errors (or stderr) -> 0, unchanged solution -> 0."""
    meta = _nbg(cell)
    if meta.get("solution"):
        return 0.0 if meta.get("checksum") == compute_checksum(cell) else None
    if cell["cell_type"] == "code":
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or (out.get("output_type") == "stream"
                                                     and out.get("name") == "stderr"):
                return 0.0
        return float(max_points)
    return None


def strip_hidden(source):
    """Drop the hidden-test region(s) of a test cell's source."""
    out, hidden, noted = [], False, False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            hidden = True
            if not noted:
                out.append(HIDDEN_NOTE)
                noted = True
        elif HIDDEN_END in line:
            hidden = False
        elif not hidden:
            out.append(line)
    return "\n".join(out)


def defang(text):
    """`text` with every nbgrader marker broken by a zero-width space (it reads the same; nothing matches it)."""
    for marker in MARKERS:
        if marker in text:
            text = text.replace(marker, marker[0] + "\u200b" + marker[1:])
    return text
