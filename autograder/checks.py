"""check(name, fn): compare a student's function with dlcore's reference on seeded cases, stage by stage.

    check("adam", adam)                # the visible cases; prints one line when they pass
    check("adam", adam, hidden=True)   # the hidden cases (more of them, other seeds)

Stages, in order: signature -> runs (no exception; calling dlcore's own implementation is "delegation") ->
structure -> shape (and dtype) -> values -> mutation (inputs unchanged). A failure raises CheckFailed (an
AssertionError) whose message says what was expected, what came back and on which case; if the answer matches a
catalogued mistake, it names the mistake and the fix. Expected values come from dlcore when the check runs.
Warnings from the student's code are recorded and ignored: a correct answer that warns still passes.

`fn` may be the student's own function or a proxy to it in the grading sandbox: it is only ever called with
values that can cross that boundary (arrays, numbers, strings, containers, generators, dlcore models, and
functions of dlcore or autograder.objectives).
"""

import inspect
import math
import traceback
import warnings

import numpy as np

from . import delegation, registry
from .compare import compare
from .errors import DelegationDetected, StudentError
from .registry import materialize, split_args, summarize


class CheckFailed(AssertionError):
    """A check did not pass. Attributes: exercise, stage, case (1-based, None for the signature), mistake
    (a catalogue id or None)."""

    def __init__(self, message, *, exercise, stage, case=None, mistake=None):
        super().__init__(message)
        self.exercise, self.stage, self.case, self.mistake = exercise, stage, case, mistake


def check(name, fn, *, hidden=False):
    """Run the visible (or hidden) cases of exercise `name` against `fn`; return None or raise CheckFailed."""
    ex = registry.get(name)
    problem = signature_problem(ex.reference, fn)
    if problem:
        raise CheckFailed(f"{name}: {problem}", exercise=name, stage="signature")
    cases = ex.make_cases(hidden)
    for number, case in enumerate(cases, 1):
        _run_case(ex, fn, case, number, hidden, cases)
    print(f"✓ {name}: {len(cases)} {'hidden' if hidden else 'visible'} case{'s' * (len(cases) != 1)} passed")


# ---------------------------------------------------------------- stage (a): the signature
def signature_problem(reference, fn):
    """None if fn can be called like the reference (same parameter names, positional ones in the same order,
    defaults where the reference has them; extra parameters need defaults); else what is wrong."""
    if not callable(fn):
        return f"expected a function; got {type(fn).__name__} (did the cell defining it run?)"
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None  # e.g. a builtin or an opaque proxy: let the cases speak
    want = inspect.signature(reference)
    expected = f"expected {reference.__name__}{want}"
    params = list(sig.parameters.values())
    by_name = sig.parameters
    takes_kwargs = any(p.kind is p.VAR_KEYWORD for p in params)
    for i, ref in enumerate(want.parameters.values()):
        if ref.kind is ref.POSITIONAL_OR_KEYWORD:
            if i >= len(params) or params[i].kind not in (ref.POSITIONAL_OR_KEYWORD, ref.POSITIONAL_ONLY):
                if ref.name in by_name or not takes_kwargs or ref.default is ref.empty:
                    return f"parameter {i + 1} should be {ref.name!r}; {expected}"
                continue
            if params[i].name != ref.name:
                return f"parameter {i + 1} should be called {ref.name!r}, not {params[i].name!r}; {expected}"
        p = by_name.get(ref.name)
        if p is None:
            if takes_kwargs:
                continue
            return f"missing parameter {ref.name!r}; {expected}"
        if ref.default is not ref.empty:
            if p.default is p.empty:
                return f"parameter {ref.name!r} needs a default ({ref.default!r}); {expected}"
            if not _same_default(ref.default, p.default):
                return f"the default of {ref.name!r} should be {ref.default!r}, not {p.default!r}; {expected}"
    names = set(want.parameters)
    for p in params:
        if p.name not in names and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty:
            return f"extra parameter {p.name!r} needs a default value; {expected}"
    return None


def _same_default(a, b):
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)):
        return len(a) == len(b) and all(_same_default(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return math.isclose(a, b, rel_tol=1e-12)
    try:
        return bool(a == b)
    except Exception:  # arrays and other oddities: not our business
        return True


# ---------------------------------------------------------------- stages (b)-(f) for one case
def _run_case(ex, fn, case, number, hidden, cases):
    args = case.args
    for step in range(1, case.steps + 1):
        label = f"{'hidden case' if hidden else 'case'} {number}: {summarize(args)}"
        if case.steps > 1:
            label += f" (step {step} of {case.steps})"

        def fail(stage, text, mistake=None, label=label):
            raise CheckFailed(f"{ex.name}, {label}\n{stage}: {text}", exercise=ex.name, stage=stage, case=number,
                              mistake=mistake)

        expected = call(ex.reference, ex.reference, args)
        given = materialize(args)
        positional, keyword = split_args(ex.reference, given)
        try:
            got = _call_student(fn, positional, keyword, ex.forbidden)
        except DelegationDetected as exc:
            fail("delegation", str(exc))
        except StudentError as exc:
            fail("runs", f"your function raised an error:\n{exc}")
        except Exception as exc:  # the student's own kernel
            fail("runs", f"your function raised {_describe_exception(exc)}")
        bad = compare(expected, got, rtol=ex.rtol, atol=ex.atol)
        if bad:
            found = find_mistake(ex, args, got, expected, fn, cases)
            hint = f"\nThis looks like a known mistake: {found.name}. Fix: {found.fix}" if found else ""
            fail(bad.stage, bad.text + hint, found.id if found else None)
        changed = changed_inputs(args, given)
        if changed:
            fail("mutation", f"your function changed its input {', '.join(changed)}; work on a copy "
                             "(e.g. x = x.copy(), or build a new array) and return the result instead")
        if step < case.steps:
            args = case.feed(args, got, step)


def call(reference, fn, args):
    """fn called with freshly materialised case arguments, warnings silenced."""
    positional, keyword = split_args(reference, materialize(args))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*positional, **keyword)


def _call_student(fn, positional, keyword, forbidden):
    with warnings.catch_warnings(record=True), np.errstate(all="warn"):
        warnings.simplefilter("always")
        return delegation.call_watching(fn, positional, keyword, forbidden)


def _describe_exception(exc):
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = traceback.extract_tb(exc.__traceback__)
    if len(frames) > 1:  # the first frame is ours
        last = frames[-1]
        text += f"\n  (raised at line {last.lineno}: {last.line})" if last.line else ""
    return text


# ---------------------------------------------------------------- diagnosis and mutation
def find_mistake(ex, args, got, expected, fn=None, cases=()):
    """The catalogued mistake whose output matches the student's on this case (and differs from the
    reference's), or None. A candidate must also agree with the student's function on the other cases (their
    first step), so a mistake is only named when it explains every answer."""
    candidates = [m for m in ex.mistakes if _matches(ex, m.fn, args, got, expected)]
    if fn is None:
        return candidates[0] if candidates else None
    for case in cases:
        if not candidates:
            break
        if case.args is args:
            continue
        try:
            theirs = _call_student(fn, *split_args(ex.reference, materialize(case.args)), ex.forbidden)
        except Exception:
            continue  # an error elsewhere says nothing about this mistake
        candidates = [m for m in candidates if _matches(ex, m.fn, case.args, theirs, None)]
    return candidates[0] if candidates else None


def _matches(ex, wrong_fn, args, got, expected):
    """Does wrong_fn reproduce got on args (and, if expected is given, differ from it)?"""
    try:
        wrong = call(ex.reference, wrong_fn, args)
    except Exception:
        return False
    if expected is not None and compare(expected, wrong, rtol=ex.rtol, atol=ex.atol, nan_equal=True) is None:
        return False  # this mistake makes no difference on this case
    return compare(wrong, got, rtol=ex.rtol, atol=ex.atol, nan_equal=True) is None


def changed_inputs(original, given):
    """Names of the arguments the call changed (compared with the case's pristine arguments)."""
    return [k for k in original if k in given and not _same(original[k], given[k])]


def _same(a, b):
    from dlcore.model import Sequential, to_arrays

    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype and np.array_equal(
            a, b, equal_nan=a.dtype.kind in "fc")
    if isinstance(a, dict):
        return isinstance(b, dict) and set(a) == set(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, Sequential):
        return isinstance(b, Sequential) and _same(to_arrays(a), to_arrays(b))
    if isinstance(a, registry.Seeded) or callable(a):
        return True  # generators are meant to be consumed; functions are ours
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b
