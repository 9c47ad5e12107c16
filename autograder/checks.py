"""check(name, fn): compare a student's function with dlcore's reference on seeded cases, stage by stage.

    check("adam", adam)                # the visible cases; prints one line when they pass
    check("adam", adam, hidden=True)   # the hidden cases (more of them, other seeds)

Stages, in order: signature -> runs (no exception; calling dlcore's own implementation is "delegation") ->
structure -> shape (and dtype) -> values -> mutation (inputs unchanged). A failure raises CheckFailed (an
AssertionError) whose message says what was expected, what came back and on which case; if a catalogued mistake
family explains the answers on every failing case better than any other family, it names the mistake and the fix
(see diagnose). Expected values come from dlcore when the check runs.
Warnings from the student's code are recorded and ignored: a correct answer that warns still passes.

`fn` may be the student's own function or a proxy to it in the grading sandbox: it is only ever called with
values that can cross that boundary (arrays, numbers, strings, containers, generators, dlcore models, and
functions of dlcore or autograder.objectives).
"""

import math
import sysconfig
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

import dlcore

from . import delegation, registry
from .compare import compare
from .errors import DelegationDetected, StudentError
from .registry import materialize, split_args, summarize
from .signature import signature_problem


class CheckFailed(AssertionError):
    """A check did not pass. Attributes: exercise, stage, case (1-based, None for the signature), mistake
    (the id of the mistake family that explains the answers, or None), diagnosis (a Diagnosis: the family's
    name and fix for the member that matched, the failing cases it explains, or None) and not_done (the function
    still raises the template's NotImplementedError). The message's first line says what is wrong, on which case,
    and the fix when a mistake is recognised; the lines below give the case and the details."""

    def __init__(self, message, *, exercise, stage, case=None, mistake=None, diagnosis=None, not_done=False):
        super().__init__(message)
        self.exercise, self.stage, self.case, self.mistake = exercise, stage, case, mistake
        self.diagnosis, self.not_done = diagnosis, not_done

    def _render_traceback_(self):
        """What IPython shows when a check raises in a kernel (as under nbgrader): the message, no traceback."""
        return [f"{type(self).__name__}: {self}"]


def check(name, fn, *, hidden=False, student=None, derivative_of=None):
    """Run the visible (or hidden) cases of exercise `name` against `fn`; return None or raise CheckFailed.
    student: the student id the grader passes; a per-student exercise (the bug hunt) starts from that student's
    own case (None: the id of this environment). Other exercises ignore it.
    derivative_of: the student's forward function: instead of comparing with dlcore, check that the backward pass
    `fn` is the derivative of THAT forward, by centred differences (autograder.derivations)."""
    if derivative_of is not None:
        from .derivations import derivation_check

        return derivation_check(name, derivative_of, fn, hidden=hidden)
    ex = registry.get(name)
    problem = signature_problem(ex.reference, fn)
    if problem:
        raise CheckFailed(f"{name}: {problem}", exercise=name, stage="signature")
    tag = ex.student_tag(student)
    cases = ex.make_cases(hidden, tag)
    for number, case in enumerate(cases, 1):
        _run_case(ex, fn, case, number, hidden, tag)
    print(f"✓ {name}: {len(cases)} {'hidden' if hidden else 'visible'} case{'s' * (len(cases) != 1)} passed")


# ---------------------------------------------------------------- stages (b)-(f) for one case
HEADLINE = {"structure": "wrong kind of result: ", "shape": "wrong shape: ", "values": "wrong values: "}
NOT_DONE = ("not done yet: your function still raises NotImplementedError. Replace `raise NotImplementedError()` "
            "in its cell with your code, run that cell, then this check again")


def _run_case(ex, fn, case, number, hidden, tag=None):
    args = case.args
    for step in range(1, case.steps + 1):
        def fail(stage, text, diagnosis=None, args=args, step=step, not_done=False):
            where = f"{'hidden case' if hidden else 'case'} {number}"
            label = f"{where}: {summarize(args)}" + (f" (step {step} of {case.steps})" if case.steps > 1 else "")
            first, _, rest = text.partition("\n")
            if not_done:
                lines = [f"{ex.name}: {NOT_DONE}"]
            elif diagnosis:
                lines = [f"{ex.name}, {where}: this looks like a known mistake: {diagnosis.name}. "
                         f"Fix: {diagnosis.fix}", label, f"{stage}: {text}"]
            else:
                lines = [f"{ex.name}, {where}: {HEADLINE.get(stage, '')}{first}", label, *rest.splitlines()]
            raise CheckFailed("\n".join(lines[:1] + [f"  {line}" for line in lines[1:]]), exercise=ex.name,
                              stage=stage, case=number, mistake=diagnosis.id if diagnosis else None,
                              diagnosis=diagnosis, not_done=not_done)

        if step == 1:  # the same for every student (visible case k is hidden case k): computed once
            expected = ex.memo(("first result", number, tag),
                               lambda args=args: call(ex.reference, ex.reference, args))
        else:
            expected = call(ex.reference, ex.reference, args)
        given = materialize(args)
        positional, keyword = split_args(ex.reference, given)
        try:
            got = _call_student(fn, positional, keyword, ex.forbidden)
        except DelegationDetected as exc:
            fail("delegation", str(exc))
        except StudentError as exc:
            fail("runs", f"your function raised {exc}", not_done=isinstance(exc, NotImplementedError))
        except Exception as exc:  # the student's own kernel
            frames = traceback.extract_tb(exc.__traceback__)
            if isinstance(exc, NotImplementedError) and not frames[-1].filename.startswith(_NOT_THE_STUDENTS):
                fail("runs", "your function raised NotImplementedError", not_done=True)  # the template's raise
            fail("runs", f"your function raised {_describe_exception(exc)}")
        rtol, atol = _tolerances(ex, case)
        bad = _judged(ex, args, got) if ex.judge is not None else compare(expected, got, rtol=rtol, atol=atol)
        if bad:
            found = diagnose(ex, fn, hidden, known={number - 1: [got]} if step == 1 else None, student=tag)
            fail(bad.stage, bad.text, found)
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
    """The exception, then the student's own frames of its traceback (not the checks', dlcore's or numpy's)."""
    text = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not f.filename.startswith(_NOT_THE_STUDENTS)]
    for frame in frames[-TRACEBACK_FRAMES:]:
        text += f"\nin {frame.name}, line {frame.lineno}" + (f": {frame.line.strip()}" if frame.line else "")
    return text


TRACEBACK_FRAMES = 4  # the innermost frames of the student's code shown with an exception it raised
_NOT_THE_STUDENTS = tuple(str(Path(m.__file__).resolve().parents[i]) for m, i in ((registry, 1), (np, 0), (dlcore, 0))
                          ) + (sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"])


# ---------------------------------------------------------------- diagnosis: which mistake family explains it
@dataclass
class Diagnosis:
    """The mistake family that explains a student's failing cases best. member: the family member's parameters
    ({} for a family of one); explained: the failing case numbers it reproduces; contradictions: case numbers the
    student got right although this member would have got them wrong (fewer is a better explanation)."""

    id: str
    name: str
    fix: str
    member: dict
    explained: list
    contradictions: list


FAILED = object()  # a call (or a step of it) raised: the case tells nothing about a mistake


def trajectory(ex, fn, case, *, student=False, steps=None):
    """fn's results on the steps of a case (all, or the first `steps`), each step fed from fn's own previous
    result; FAILED if it raised."""
    args, results = case.args, []
    try:
        for step in range(1, (case.steps if steps is None else min(steps, case.steps)) + 1):
            if student:
                result = _call_student(fn, *split_args(ex.reference, materialize(args)), ex.forbidden)
            else:
                result = call(ex.reference, fn, args)
            results.append(result)
            if step < case.steps and (steps is None or step < steps):
                args = case.feed(args, result, step)
    except Exception:
        return FAILED
    return results


def _tolerances(ex, case):
    return (case.rtol if case.rtol is not None else ex.rtol), (case.atol if case.atol is not None else ex.atol)


def _differs(ex, case, expected, got, *, nan_equal=False):
    if got is FAILED or expected is FAILED:
        return got is not expected
    rtol, atol = _tolerances(ex, case)
    try:
        return compare(expected, got, rtol=rtol, atol=atol, nan_equal=nan_equal) is not None
    except TypeError:
        return True


def outcome_differs(ex, fn, case):
    """Does fn's result on this case differ from the reference's (or raise where the reference does not)?"""
    return _differs(ex, case, trajectory(ex, ex.reference, case), trajectory(ex, fn, case))


def diagnose(ex, fn, hidden=False, *, known=None, student=None):
    """The Diagnosis of fn's answers on the visible (or hidden) cases, or None.

    A family member explains a failing case when its result matches the student's there (the exercise's
    tolerances, on the part of the result the family is about), or the family's property recognises it. A
    family is a candidate when one member explains every failing case; it is named when it has strictly fewer
    contradictions (cases the student got right but the member gets wrong) than every other candidate.

    The diagnosis looks at the first call of each case (a multi-step case's later steps depend on the answer's own
    earlier results). known: {case index: the student's result on it} already computed. The student is called on
    the other cases only while some family can still explain every failure seen (an answer no family explains costs
    no extra call). student: whose cases, for a per-student exercise (see check)."""
    tag = ex.student_tag(student)
    cases = ex.make_cases(hidden, tag)
    expected = ex.memo(("reference", hidden, tag),
                       lambda: [trajectory(ex, ex.reference, c, steps=1) for c in cases])
    got = dict(known or {})

    def member_out(family_index, member_index, i):
        family = ex.mistakes[family_index]
        fn_ = family.members()[member_index][1]
        return ex.memo(("member", hidden, tag, family.id, member_index, i),
                       lambda: trajectory(ex, fn_, cases[i], steps=1))

    def student(i):
        if i not in got:
            got[i] = trajectory(ex, fn, cases[i], student=True, steps=1)
        return got[i]

    def fails(i):
        if student(i) is FAILED:
            return False
        if ex.judge is not None:
            return _judged(ex, cases[i].args, student(i)[0]) is not None
        return _differs(ex, cases[i], expected[i], student(i))

    alive = [(f, m) for f, family in enumerate(ex.mistakes) for m in range(len(family.members()))]
    by_property = [f for f, family in enumerate(ex.mistakes) if family.explains is not None]
    order = sorted(range(len(cases)), key=lambda i: i not in got)  # the cases already run first
    failing = []
    for i in order:
        if not fails(i):
            continue
        failing.append(i)
        alive = [(f, m) for f, m in alive
                 if _explains(ex, ex.mistakes[f], cases[i], member_out(f, m, i), student(i), expected[i])]
        by_property = [f for f in by_property if _property(ex.mistakes[f], cases[i], expected[i], student(i))]
        if not alive and not by_property:
            return None  # no family explains this failure: stop calling the student
    if not failing:
        return None
    passing = [i for i in range(len(cases)) if student(i) is not FAILED and i not in failing]
    best = {}
    for f, m in alive:
        contradictions = [i + 1 for i in passing if _differs(ex, cases[i], expected[i], member_out(f, m, i))]
        if f not in best or len(contradictions) < len(best[f][1]):
            best[f] = (m, contradictions)
    for f in by_property:
        best.setdefault(f, (0, []))
    ranked = sorted(best.items(), key=lambda item: len(item[1][1]))
    if len(ranked) > 1 and len(ranked[1][1][1]) == len(ranked[0][1][1]):
        return None  # two families explain the answers equally well: naming one would be a guess
    f, (m, contradictions) = ranked[0]
    family = ex.mistakes[f]
    params = family.members()[m][0]
    name, fix = family.describe(params)
    return Diagnosis(family.id, name, fix, params, [i + 1 for i in failing], contradictions)


@dataclass
class _Verdict:
    stage: str
    text: str


def _judged(ex, args, got):
    """A judged exercise's verdict on a result: None (good) or a _Verdict like compare's."""
    text = ex.judge(args, got)
    return None if text is None else _Verdict("values", text)


def _explains(ex, family, case, member_out, student_out, expected):
    if member_out is FAILED:
        return False
    if family.focus is not None:
        try:
            member_out = [family.focus(r) for r in member_out]
            student_out = [family.focus(r) for r in student_out]
            expected = [family.focus(r) for r in expected]
        except Exception:
            return False
        if not _differs(ex, case, expected, student_out):
            return False  # the student's error is elsewhere than this family's part of the result
    if not _differs(ex, case, expected, member_out):
        return False  # this member makes no difference here, so it cannot explain a failure
    return not _differs(ex, case, member_out, student_out, nan_equal=True)


def _property(family, case, expected, student_out):
    try:
        return all(bool(family.explains(case.args, e, g)) for e, g in zip(expected, student_out)) and len(
            expected) == len(student_out)
    except Exception:
        return False


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
