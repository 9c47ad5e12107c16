"""Grading one notebook: the instructor's template with the student's answers, the student's code in a sandbox
child, each test cell run in this (trusted) process against proxies, nbgrader's scores. No database is touched."""

import contextlib
import copy
import io
import time
import warnings
from dataclasses import dataclass, field

from .nbrules import _grade_id, _nbg, _src, compute_checksum, defang, determine_grade, strip_hidden
from .sandbox import Sandbox


def _defined_functions(source):
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}


@dataclass
class CellResult:
    grade_id: str
    kind: str                   # "test" | "solution" | "manual"
    max_score: float
    score: float | None
    passed: bool | None = None
    message: str = ""
    mistake: str | None = None


@dataclass
class NotebookResult:
    name: str
    status: str = "graded"      # graded | missing | unreadable
    notes: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    solutions: dict = field(default_factory=dict)
    seconds: float = 0.0


def _match_solutions(spec_nb, student_nb, notes):
    """{solution grade_id: student cell} for the template's solution cells, and the list of other student cells."""
    solution_ids = [g for g in spec_nb["solution_cells"]]
    template_by_id = {_grade_id(c): c for c in spec_nb["template"]["cells"] if _grade_id(c)}
    by_id = {}
    for cell in student_nb["cells"]:
        gid = _grade_id(cell)
        if gid:
            by_id.setdefault(gid, []).append(cell)
    matched, used = {}, set()
    for gid in solution_ids:
        cands = [c for c in by_id.get(gid, []) if c.get("cell_type") == spec_nb["source_cells"].get(gid, {}).get(
            "cell_type", c.get("cell_type"))] or by_id.get(gid, [])
        if len(by_id.get(gid, [])) > 1:
            notes.append(f"cell {gid!r} appears {len(by_id[gid])} times; the first answered copy was graded")
        if cands:
            stub = _src(template_by_id.get(gid, {}))
            answered = [c for c in cands if _src(c).strip() != stub.strip()]
            matched[gid] = (answered or cands)[0]
            used.add(id(matched[gid]))
    for gid in solution_ids:  # metadata lost (copied/pasted cell): find the cell that defines the same functions
        if gid in matched or spec_nb["source_cells"].get(gid, {}).get("cell_type") != "code":
            continue
        wanted = _defined_functions(_src(template_by_id.get(gid, {})))
        if not wanted:
            continue
        owners = [c for c in student_nb["cells"] if c.get("cell_type") == "code" and id(c) not in used
                  and _grade_id(c) not in spec_nb["source_cells"] and wanted <= _defined_functions(_src(c))]
        if owners:
            matched[gid] = owners[-1]
            used.add(id(owners[-1]))
            notes.append(f"solution cell {gid!r} had lost its nbgrader metadata; graded the cell that defines "
                         f"{', '.join(sorted(wanted))}")
        else:
            notes.append(f"solution cell {gid!r} is missing from the submission; it counts as unanswered")
    others = [c for c in student_nb["cells"] if id(c) not in used]
    return matched, others


def _is_test(spec_nb, gid):
    g = spec_nb["grade_cells"].get(gid)
    return g is not None and gid not in spec_nb["solution_cells"] and g["cell_type"] == "code"


def grade_notebook(spec_nb, name, student_nb, limits, *, check=None, read_problem=None, notes=(), isolated=True,
                   withheld=(), view=None):
    """Grade one notebook: returns (autograded notebook dict, NotebookResult)."""
    t0 = time.monotonic()
    result = NotebookResult(name=name, notes=list(notes))
    template = copy.deepcopy(spec_nb["template"])
    source_cells = spec_nb["source_cells"]
    if student_nb is None:
        result.status = "missing" if read_problem is None else "unreadable"
        result.notes.append(read_problem or f"{name}.ipynb was not submitted")
        matched, others = {}, []
    else:
        matched, others = _match_solutions(spec_nb, student_nb, result.notes)

    # the graded notebook: template structure, gradebook source for locked/test cells, student answers
    cells = []
    for tcell in template["cells"]:
        gid = _grade_id(tcell)
        cell = copy.deepcopy(tcell)
        if gid in matched:
            cell["source"] = _src(matched[gid])
        elif gid in source_cells and (source_cells[gid]["locked"] or _is_test(spec_nb, gid)):
            cell["source"] = source_cells[gid]["source"]
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)

    segments = []
    for cell in cells:  # trusted setup imports first (from the gradebook copy)
        gid = _grade_id(cell)
        if cell["cell_type"] == "code" and gid in source_cells and source_cells[gid]["locked"] \
                and not _is_test(spec_nb, gid):
            segments.append((gid, _src(cell), "imports"))
    for cell in others:
        gid = _grade_id(cell)
        if cell.get("cell_type") == "code" and not (gid in source_cells and source_cells[gid]["locked"]):
            segments.append((gid or "extra", _src(cell), "imports"))
    for cell in cells:
        gid = _grade_id(cell)
        if gid in matched and cell["cell_type"] == "code":
            segments.append((gid, _src(cell), "solution"))
            result.solutions[gid] = _src(cell)

    tests = [c for c in cells if _grade_id(c) and _is_test(spec_nb, _grade_id(c))]
    sandbox = None
    base_ns = _trusted_namespace(cells, spec_nb)
    proxies = {}
    try:
        if student_nb is not None and tests:
            sandbox = Sandbox(limits, isolated=isolated, withheld=withheld, view=view)
            try:
                sandbox.start()
                problems = sandbox.load(segments)
                for gid, msgs in problems.items():
                    for msg in msgs:
                        result.notes.append(f"cell {gid}: {msg}")
                proxies = {n: sandbox.proxy(n) for n in sandbox.names()}
            except Exception as exc:  # the sandbox could not even start: every test cell fails with the reason
                result.notes.append(f"the sandbox failed: {exc}")
                sandbox.close()
                sandbox = None
        count = 0
        for cell in cells:
            gid = _grade_id(cell)
            if cell["cell_type"] == "code" and gid and _is_test(spec_nb, gid):
                count += 1
                _run_test(cell, gid, spec_nb, sandbox, proxies, base_ns, check, result, count, limits)
    finally:
        if sandbox is not None:
            sandbox.close()
            result.notes.extend(dict.fromkeys(sandbox.notes))

    # scores nbgrader's way (errors -> 0, otherwise full points; unchanged solution -> 0; markdown -> manual)
    for cell in cells:
        gid = _grade_id(cell)
        if not gid:
            continue
        if gid in spec_nb["grade_cells"]:
            max_score = spec_nb["grade_cells"][gid]["max_score"]
            cell["metadata"]["nbgrader"]["points"] = max_score
            if gid in result.cells:
                result.cells[gid].score = determine_grade(cell, max_score)
            else:
                result.cells[gid] = CellResult(gid, "solution" if gid in spec_nb["solution_cells"] else "manual",
                                               max_score, determine_grade(cell, max_score))
        if gid in spec_nb["solution_cells"]:
            unchanged = _nbg(cell).get("checksum") == compute_checksum(cell)
            result.comments[gid] = "No response." if unchanged or gid not in matched else None
        if _is_test(spec_nb, gid):  # the autograded copy never carries the hidden test source
            cell["source"] = strip_hidden(cell["source"])
    defanged = False
    for cell in cells:  # the student's text (answers, printed output, messages) never carries a marker
        gid = _grade_id(cell)
        if not (gid in source_cells and (source_cells[gid]["locked"] or _is_test(spec_nb, gid))):
            new = defang(cell["source"])
            defanged |= new != cell["source"]
            cell["source"] = new
        for out in cell.get("outputs", []):
            for key in ("text", "evalue"):
                if isinstance(out.get(key), str):
                    out[key] = defang(out[key])
            if isinstance(out.get("traceback"), list):
                out["traceback"] = [defang(str(t)) for t in out["traceback"]]
    for cr in result.cells.values():
        cr.message = defang(cr.message)
    if defanged:
        result.notes.append("your answer contains nbgrader's delimiter text (of hidden tests or solutions); it is "
                            "shown with a zero-width space after its first letter")

    if result.notes:
        text = defang("**Autograder notes**\n\n" + "\n".join(f"- {n}" for n in result.notes))
        cells.insert(0, {"cell_type": "markdown", "metadata": {"autograder": "notes"}, "source": text})
    template["cells"] = cells
    result.seconds = time.monotonic() - t0
    return template, result


def _trusted_namespace(cells, spec_nb):
    """Imports of the instructor's locked (non-test) code cells, run in the trusted worker."""
    import ast

    ns = {}
    for cell in cells:
        gid = _grade_id(cell)
        if cell["cell_type"] != "code" or gid not in spec_nb["source_cells"] or \
                not spec_nb["source_cells"][gid]["locked"] or _is_test(spec_nb, gid):
            continue
        try:
            tree = ast.parse(_src(cell))
        except SyntaxError:
            continue
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                try:
                    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        exec(compile(ast.Module([stmt], []), "<setup>", "exec"), ns)
                except Exception:
                    pass
    ns.pop("__builtins__", None)
    return ns


def _run_test(cell, gid, spec_nb, sandbox, proxies, base_ns, check, result, count, limits):
    import numpy as np

    max_score = spec_nb["grade_cells"][gid]["max_score"]
    cr = CellResult(gid, "test", max_score, None)
    result.cells[gid] = cr
    out = io.StringIO()
    error = None
    if sandbox is not None:
        try:
            sandbox.new_cell()
        except Exception as exc:
            error = exc
    if sandbox is None and error is None:
        reason = result.notes[0] if result.notes else "nothing could be loaded"
        error = RuntimeError(f"not graded: {reason}")
    if error is None:
        ns = dict(base_ns)
        ns.update(proxies)
        ns.update({"check": check, "np": np})
        try:
            with contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(cell["source"], f"<test {gid}>", "exec"), ns)
        except NameError as exc:
            error = exc
            name = getattr(exc, "name", None) or str(exc)
            error_text = (f"{name} is not defined: the function is missing from your notebook "
                          "(deleted, renamed, or its cell has a syntax error?)")
            error = NameError(error_text)
        except BaseException as exc:  # noqa: BLE001 - any failure of a test cell costs that cell only
            if isinstance(exc, KeyboardInterrupt):
                raise
            error = exc
    stream = out.getvalue()
    if sandbox is not None:
        printed = sandbox.take_output()
        if printed.strip():
            stream += "\n[output of your code]\n" + printed
    cap = limits.output_chars
    if len(stream) > cap:
        stream = stream[:cap] + f"\n[... {len(stream) - cap} more characters]\n"
    outputs = []
    if stream:
        outputs.append({"output_type": "stream", "name": "stdout", "text": stream})
    if error is not None:
        ename = type(error).__name__
        evalue = str(error)
        if len(evalue) > limits.message_chars:
            evalue = evalue[:limits.message_chars] + f" [... {len(evalue) - limits.message_chars} more characters]"
        cr.passed, cr.message = False, f"{ename}: {evalue}"
        cr.mistake = getattr(error, "mistake", None)
        if cr.mistake is not None and not isinstance(cr.mistake, str):
            cr.mistake = str(cr.mistake)
        outputs.append({"output_type": "error", "ename": ename, "evalue": evalue,
                        "traceback": [f"{ename}: {evalue}"]})
    else:
        cr.passed, cr.message = True, "passed"
    cell["outputs"], cell["execution_count"] = outputs, count
