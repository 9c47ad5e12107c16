"""What a student sees in their own notebook: checks that report instead of stopping Run All, a stand-in for an
unfinished function, and the notebook's progress summary.

    check("adam", adam)                      # in a student's kernel: prints ✓, "not done yet" or what is wrong
    rule, yours = yours_or_reference("adam", adam)   # dlcore's adam (and a note) until yours passes
    summary("06_optimizers", globals())      # "5 of 8 exercises pass; still to do: ..."

Only in a student's own Jupyter kernel does a failing check print instead of raise. Everywhere else it raises
CheckFailed as autograder.checks.check does: under nbgrader (autograde and validate set NBGRADER_EXECUTION in the
kernel's environment), in the instructor's grading pipeline (a plain Python process) and in tests.
"""

import contextlib
import io
import os
import sys

from . import checks, registry

DONE, NOT_DONE, FAILING, MISSING = "passes", "not done yet", "fails", "not defined"


def in_student_kernel():
    """True in an interactive Jupyter kernel that nbgrader is not grading or validating."""
    if os.environ.get("NBGRADER_EXECUTION"):
        return False
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    return shell is not None and getattr(shell, "kernel", None) is not None


def check(name, fn, *, hidden=False, **options):
    """checks.check; in a student's own kernel a failure is printed (first line: what is wrong, on which case,
    the fix when the mistake is known) instead of raised, so Run All reaches the end of the notebook. options:
    checks.check's (student=, derivative_of=)."""
    if not in_student_kernel():
        return checks.check(name, fn, hidden=hidden, **options)
    try:
        checks.check(name, fn, hidden=hidden, **options)
    except checks.CheckFailed as failure:
        if failure.not_done:
            print(f"… {failure}")
        else:
            print(f"✗ {failure}", file=sys.stderr)
    return None


def status(name, fn):
    """(DONE | NOT_DONE | FAILING | MISSING, the first line of the failure or "") of fn on the visible cases."""
    if fn is None:
        return MISSING, f"{name} is not defined: run its cell"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            checks.check(name, fn)
    except checks.CheckFailed as failure:
        return (NOT_DONE if failure.not_done else FAILING), str(failure).splitlines()[0]
    return DONE, ""


def yours_or_reference(name, fn):
    """(fn, True) if fn passes the visible check of exercise `name`; else (dlcore's reference, False), with a note
    saying so, for cells and explorers that use the student's function."""
    state, why = status(name, fn)
    if state == DONE:
        return fn, True
    reference = registry.reference_for(name)
    print(f"Note: your {name} does not pass its check yet ({state}), so dlcore's "
          f"{reference.__module__}.{reference.__name__} is used in its place until it does.")
    return reference, False


def summary(notebook, namespace):
    """Print which of the notebook's exercises (the registry's list) pass their visible checks, from the
    functions of the same name in `namespace` (the notebook's globals()). Returns None (a notebook's last line
    would otherwise display the value); `status` gives one exercise's state."""
    names = registry.names(notebook)
    if not names:
        raise ValueError(f"notebook: no exercises registered for {notebook!r}; known notebooks: "
                         f"{', '.join(nb.id for nb in registry.notebooks())}")
    states = {name: status(name, namespace.get(name)) for name in names}
    todo = [f"{name} ({state})" for name, (state, _) in states.items() if state != DONE]
    passed = len(names) - len(todo)
    line = f"{passed} of {len(names)} exercises pass"
    print(f"{line}; still to do: {', '.join(todo)}" if todo else f"{line}: all done.")
    for state, why in states.values():
        if state == FAILING:
            print(f"  {why}")
