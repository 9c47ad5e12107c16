"""What a student sees: in their own kernel a check reports instead of raising (Run All reaches the end), while
nbgrader (NBGRADER_EXECUTION), the grader and plain Python still see a failure as an exception; failure messages
lead with what is wrong, on which case, and the fix; only the student's own frames; the progress summary."""

import re
import subprocess
import sys

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from autograder import CheckFailed, check, registry, student, summary, yours_or_reference
from autograder.student import status
from dlcore import optim

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
from student_versions import NOTEBOOKS, fill_in_solutions, make_student_version  # noqa: E402


def stub(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    raise NotImplementedError()


def text_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def errors_of(nb):
    return [(i, o["ename"], o["evalue"][:300]) for i, c in enumerate(nb.cells) for o in c.get("outputs", [])
            if o.get("output_type") == "error"]


def execute(nb, cwd, env=None, monkeypatch=None):
    from nbclient import NotebookClient

    for key, value in (env or {}).items():  # the kernel inherits this process's environment
        monkeypatch.setenv(key, value)
    NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


# ------------------------------------------------------------------------------ outside a kernel: always raises
def test_outside_a_kernel_check_raises_and_says_not_done():
    assert not student.in_student_kernel()
    with pytest.raises(CheckFailed) as info:
        check("adam", stub)
    assert info.value.not_done and info.value.stage == "runs"
    assert str(info.value).startswith("adam: not done yet: your function still raises NotImplementedError")


def test_a_not_implemented_error_raised_inside_a_library_is_a_failure_not_unfinished():
    import logging

    def calls_a_library(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        logging.Handler().emit(None)  # the stdlib raises NotImplementedError here

    with pytest.raises(CheckFailed) as info:
        check("adam", calls_a_library)
    text = str(info.value)
    assert not info.value.not_done and text.startswith("adam, case 1: your function raised NotImplementedError")
    assert "in calls_a_library, line" in text and "logging" not in text.replace("logging.Handler", ""), text


def test_the_grading_sandboxs_not_implemented_is_not_done_too():
    from autograder.child_reports import error_class as _error_class

    def proxy(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):  # as the sandbox raises it
        raise _error_class("NotImplementedError")("NotImplementedError: \n  File \"<cell 3>\", line 3, in adam")

    with pytest.raises(CheckFailed) as info:
        check("adam", proxy)
    assert info.value.not_done and str(info.value).startswith("adam: not done yet")


def my_adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    v_corrected, s_corrected = v / (1 - beta1**t), s / (1 - beta2**t)
    return w - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon), {**state, "v": v, "s": s, "t": t}


def my_momentum(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


def test_status_summary_and_stand_in(capsys):
    assert status("adam", my_adam)[0] == "passes"
    assert status("adam", optim.adam)[0] == "fails"  # the reference itself is delegation
    assert status("adam", stub)[0] == "not done yet"
    assert status("adam", None)[0] == "not defined"
    wrong = status("adam", lambda w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8: (w, state))
    assert wrong[0] == "fails" and wrong[1].startswith("adam, case 1: ")
    capsys.readouterr()
    rule, yours = yours_or_reference("adam", stub)
    assert rule is optim.adam and not yours and "dlcore.optim.adam is used in its place" in capsys.readouterr().out
    assert yours_or_reference("momentum", my_momentum) == (my_momentum, True)
    summary("06_optimizers", {"momentum": my_momentum, "adam": stub})
    lines = capsys.readouterr().out.splitlines()
    names = registry.names("06_optimizers")  # in the notebook's order
    todo = [f"{n} ({'not done yet' if n == 'adam' else 'not defined'})" for n in names if n != "momentum"]
    assert lines == [f"1 of {len(names)} exercises pass; still to do: " + ", ".join(todo)], lines
    with pytest.raises(ValueError, match="notebook: no exercises registered for '99_nothing'"):
        summary("99_nothing", {})


# --------------------------------------------------------------- in a kernel: reports; under nbgrader: raises
def _tiny_notebook():
    cells = [new_code_cell("from autograder import check\n"
                           "def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):\n"
                           "    # YOUR CODE HERE\n    raise NotImplementedError()"),
             new_code_cell('check("adam", adam)'),
             new_code_cell('print("the cell after the check ran")')]
    cells[1].metadata["nbgrader"] = {"grade": True, "grade_id": "test_adam", "locked": True, "points": 1,
                                     "schema_version": 3, "solution": False, "task": False}
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


@pytest.mark.slow
def test_a_students_kernel_reports_and_runs_on(tmp_path):
    nb = execute(_tiny_notebook(), tmp_path)
    assert not errors_of(nb)
    assert text_of(nb.cells[1]).startswith("… adam: not done yet")
    assert text_of(nb.cells[2]) == "the cell after the check ran\n"


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["autograde", "validate"])
def test_under_nbgrader_the_check_raises_with_a_short_message(tmp_path, monkeypatch, mode):
    nb = execute(_tiny_notebook(), tmp_path, {"NBGRADER_EXECUTION": mode}, monkeypatch)
    (cell, ename, evalue), = errors_of(nb)
    assert cell == 1 and ename == "CheckFailed" and evalue.startswith("adam: not done yet")
    traceback = next(o for o in nb.cells[1].outputs if o["output_type"] == "error")["traceback"]
    assert traceback == [f"CheckFailed: {evalue}"]  # the message only: no frames of checks.py


@pytest.mark.slow
def test_nbgrader_validate_still_reports_the_failure(tmp_path):
    path = tmp_path / "tiny.ipynb"
    nbformat.write(_tiny_notebook(), path)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    out = done.stdout + done.stderr
    assert "VALIDATION FAILED" in out and "adam: not done yet" in out, out[-2000:]


# ------------------------------------------------------------ a student's mistakes, read as the student reads them
NO_BIAS_CORRECTION = '''def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    return w - learning_rate * v / (np.sqrt(s) + epsilon), {**state, "v": v, "s": s, "t": t}
'''
RAISES_INSIDE = '''def _first_value(theta):
    return theta["first"]


def ewma(theta, beta, *, bias_correction=True):
    v = 0 * _first_value(theta)
    return v
'''
OFF_BY_A_BIT = '''def momentum(w, dw, state, learning_rate, beta=0.9):
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v + 1e-3, {**state, "v": v}
'''


@pytest.mark.slow
def test_planted_mistakes_read_as_a_student_reads_them(tmp_path):
    release = make_student_version("06_optimizers", tmp_path)
    path = fill_in_solutions(release / "06_optimizers.ipynb", NOTEBOOKS / "06_optimizers" / "06_optimizers.ipynb")
    nb = nbformat.read(path, as_version=4)
    planted = {"ex_adam": NO_BIAS_CORRECTION, "ex_ewma": RAISES_INSIDE, "ex_momentum": OFF_BY_A_BIT}
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for gid, source in planted.items():
        cells[gid].source = source
    execute(nb, release)
    assert not errors_of(nb), errors_of(nb)

    adam = text_of(cells["test_adam"])
    assert re.match(r"✗ adam, case \d+: this looks like a known mistake: Adam with the bias correction left out\. "
                    r"Fix: use v_corrected = v / \(1 - beta1\*\*t\)", adam), adam
    ewma = text_of(cells["test_ewma"]).splitlines()
    assert re.match(r"✗ ewma, case 1: your function raised (IndexError|TypeError|ValueError): ", ewma[0]), ewma
    assert ewma[-2:] == ["  in ewma, line 6: v = 0 * _first_value(theta)",
                         '  in _first_value, line 2: return theta["first"]'], ewma  # the student's frames only
    momentum = text_of(cells["test_momentum"])
    assert momentum.startswith("✗ momentum, case 1: wrong values: result[0]: "), momentum
    for text in (adam, "\n".join(ewma), momentum):
        assert "Traceback" not in text and "checks.py" not in text and "site-packages" not in text, text

    race = next(c for c in nb.cells if "yours_or_reference(name, mine)" in c.source)
    assert "Note: your momentum does not pass its check yet (fails)" in text_of(race)
    assert "Note: your adam does not pass its check yet (fails)" in text_of(race)
    lines = text_of(nb.cells[-1]).splitlines()
    total = len(registry.names("06_optimizers"))
    assert lines[0] == (f"{total - 3} of {total} exercises pass; "
                        "still to do: ewma (fails), momentum (fails), adam (fails)"), lines
    assert [line.split(",")[0] for line in lines[1:]] == ["  ewma", "  momentum", "  adam"], lines
