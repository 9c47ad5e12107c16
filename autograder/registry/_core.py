"""The registry's building blocks: Exercise, Case, Mistake (a family of wrong variants), Notebook, Explorer, and
the helpers that declare them compactly.

An exercise is declared once, beside its cases, its contract and its mistake families:

    @mistake("epsilon_inside_sqrt", "epsilon {where}", "add epsilon after the root: ...",
             where=["inside the square root", "squared inside the square root"])
    def _adam_eps(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8, *, where): ...

    exercise("adam", optim.adam, NB, (1, 2), cases=_visible, hidden=_more, contract=[...],
             mistakes=[_adam_eps, ...], forbidden=["dlcore.optim.adam", "dlcore.optim.Optimizer.update"])

Cases. `cases(rng) -> [Case, ...]` builds the visible cases and `hidden(rng) -> [Case, ...]` the extra ones; the
hidden set is the visible cases followed by the extra ones, so hidden ⊇ visible by construction. Case arguments
are a dict keyed by the reference's parameter names; `Seeded(seed)` stands for a fresh np.random.default_rng(seed)
in every call, so the student, the reference and each mistake get identically seeded generators.

Mistakes. A mistake is a family: a rule `fn(*reference args, **member)` and a small grid of member parameters
(each combination is one member, e.g. where epsilon went), optionally a property `explains(args, expected, got)`
that recognises the mistake however it was written, and a `focus(result)` naming the part of the result the
mistake is about. checks.diagnose names the family that explains the student's failing cases best.

Contract. `contract=[...]` lists the promises of the exercise's docstring (see _contract.py); tests check that
every promise, and every promise derived from the reference's signature, has a case.
"""

import copy
import functools
import inspect
import itertools
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

REGISTRY = {}
NOTEBOOKS = {}
HIDDEN_SEED_OFFSET = 104_729


@dataclass(frozen=True)
class Seeded:
    """Placeholder for np.random.default_rng(seed), made afresh for each call."""

    seed: int


@dataclass
class Case:
    """Arguments of one call (by parameter name). A multi-step case calls `steps` times; after step k (1-based)
    `feed(args, result, k)` returns the next step's arguments (e.g. Adam's returned state goes back in).
    rtol/atol, when given, replace the exercise's tolerances for this case (float32 cases)."""

    args: dict
    steps: int = 1
    feed: Callable | None = None
    rtol: float | None = None
    atol: float | None = None


@dataclass
class Mistake:
    """A family of wrong variants. `rule(*args, **member)` computes a member's output; `grid` maps each member
    parameter to its values (no grid: one member). `name` and `fix` may use the member parameters
    ({where}). `explains(args, expected, got)`, if given, recognises a failing answer as this mistake without
    a member reproducing it. `focus(result)` is the part of a result the mistake is about (default: all)."""

    id: str
    name: str
    fix: str
    rule: Callable
    grid: dict = field(default_factory=dict)
    explains: Callable | None = None
    focus: Callable | None = None

    def members(self):
        """[(params, fn)] for every member of the family (params: {} for a family of one)."""
        keys = list(self.grid)
        out = []
        for values in itertools.product(*(self.grid[k] for k in keys)):
            params = dict(zip(keys, values))
            out.append((params, functools.partial(self.rule, **params) if params else self.rule))
        return out

    @property
    def fn(self):
        """The first member: the family's canonical wrong variant."""
        return self.members()[0][1]

    def describe(self, params=None):
        """(name, fix) with a member's parameters filled in."""
        params = params if params is not None else self.members()[0][0]
        if not params:  # a family of one: its texts are plain (braces are code, e.g. {**state, 'v': v})
            return self.name, self.fix
        return self.name.format(**params), self.fix.format(**params)


@dataclass
class Exercise:
    name: str
    reference: Callable
    notebook: str
    points: float
    cases: Callable
    hidden: Callable
    mistakes: list = field(default_factory=list)
    forbidden: tuple = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    contract: list = field(default_factory=list)
    visible_points: float = 0.0
    hidden_points: float = 0.0
    student_case: Callable | None = None
    judge: Callable | None = None
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def student_tag(self, student=None):
        """Whose cases: None for an exercise whose cases are everyone's; for a per-student exercise the student id
        (given by the grader, else the one of this environment: autograder.objectives.student_id())."""
        if self.student_case is None:
            return None
        if student is None:
            from ..objectives import student_id

            student = student_id()
        return str(student)

    def make_cases(self, hidden=False, student=None):
        """The visible cases, or (hidden=True) the visible cases followed by the extra hidden ones. A per-student
        exercise's visible cases start with the student's own (student_case(student id))."""
        tag = self.student_tag(student)
        key = ("cases", hidden, tag)
        if key not in self._cache:
            seed = zlib.crc32(self.name.encode())
            if hidden:  # the very visible cases, then the extra ones
                extra = list(self.hidden(np.random.default_rng(seed + HIDDEN_SEED_OFFSET)))
                self._cache[key] = self.make_cases(student=tag) + extra
            else:
                own = [self.student_case(tag)] if tag is not None else []
                self._cache[key] = own + list(self.cases(np.random.default_rng(seed)))
        return self._cache[key]

    def memo(self, key, compute):
        """A value computed once per exercise (reference and family outputs on the cases)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def mistake(self, mistake_id):
        return next(m for m in self.mistakes if m.id == mistake_id)


def exercise(name, reference, notebook, points, *, cases, hidden, mistakes=(), forbidden=None, rtol=1e-6,
             atol=1e-9, contract=(), student_case=None, judge=None):
    """Declare an exercise. points: a number split evenly between the visible and the hidden test cell, or
    (visible, hidden). forbidden defaults to the reference's own dotted name. student_case(student id) -> Case:
    a per-student exercise's own first case (the grader passes the id; see Exercise.student_tag).
    judge(args, result) -> None or what is wrong: grades the result itself (e.g. an accuracy threshold on held-out
    labels kept in args) instead of comparing it with the reference's; families then recognise a failure by
    their explains= property or an exactly reproduced result."""
    if notebook not in NOTEBOOKS:
        raise ValueError(f"{name}: declare notebook {notebook!r} (notebook(...)) before its exercises")
    if forbidden is None:
        forbidden = [f"{reference.__module__}.{reference.__qualname__}"]
    visible_points, hidden_points = points if isinstance(points, tuple) else (points / 2, points / 2)
    ids = [m.id for m in mistakes]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{name}: mistake ids repeat: {ids}")
    REGISTRY[name] = Exercise(name, reference, notebook, visible_points + hidden_points, cases, hidden,
                              list(mistakes), tuple(forbidden), rtol, atol, list(contract), visible_points,
                              hidden_points, student_case, judge)
    return REGISTRY[name]


def mistake(mistake_id, name, fix, *, explains=None, focus=None, **grid):
    """Decorator: turn a function implementing a wrong formula (with keyword-only member parameters for each
    entry of grid) into a catalogued mistake family."""
    def wrap(fn):
        return Mistake(mistake_id, name, fix, fn, {k: list(v) for k, v in grid.items()}, explains, focus)
    return wrap


# ---------------------------------------------------------------- notebooks and explorers
@dataclass
class Explorer:
    """A live explorer: the name of its dlcore.widgets factory, what it shows, and the latency goal of one
    update (median, ms) that benchmarks/widget_latency.py holds it to (None: measured, no goal)."""

    name: str
    shows: str
    goal_ms: float | None = None
    notebook: str = ""


@dataclass
class Notebook:
    """One assignment: notebooks/<id>/<id>.ipynb. title and teaches fill the README's syllabus table."""

    id: str
    title: str
    teaches: str
    explorers: list


def notebook(notebook_id, title, teaches, explorers=()):
    """Declare a notebook (before its exercises) and the explorers it shows, in the order it shows them."""
    explorers = [Explorer(e.name, e.shows, e.goal_ms, notebook_id) for e in explorers]
    NOTEBOOKS[notebook_id] = Notebook(notebook_id, title, teaches, explorers)
    return notebook_id


def explorer(name, shows, goal_ms=None):
    return Explorer(name, shows, goal_ms)


# ---------------------------------------------------------------- case data
def normal(rng, *shape, scale=1.0):
    """A float64 array of N(0, scale**2) draws (the usual case data)."""
    return scale * rng.standard_normal(shape)


def seeded(rng):
    """A Seeded placeholder with a seed drawn from rng."""
    return Seeded(int(rng.integers(1, 10_000)))


def as_float32(value):
    """A copy of case arguments with every float64 array (also inside dicts, lists and tuples) as float32."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value.astype(np.float32)
    if isinstance(value, dict):
        return {k: as_float32(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(as_float32(v) for v in value)
    return value


def float32_case(case):
    """The same case in float32 (the tolerances of float32 arithmetic: rtol 1e-4, atol 1e-6)."""
    feed = case.feed
    if feed is not None:
        def feed(args, result, step, inner=case.feed):
            return as_float32(inner(args, result, step))
    return Case(as_float32(case.args), case.steps, feed, rtol=1e-4, atol=1e-6)


# ---------------------------------------------------------------- calling with a case's arguments
def materialize(value):
    """A deep copy of a case's arguments with every Seeded replaced by a fresh generator."""
    if isinstance(value, Seeded):
        return np.random.default_rng(value.seed)
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(materialize(v) for v in value)
    if isinstance(value, functools.partial):
        return value  # the bound arrays are never handed to the student to change
    return copy.deepcopy(value)


def split_args(reference, args):
    """(positional, keyword) for a call: the reference's leading required parameters by position, the rest by
    name (so a student's signature only has to use the same names)."""
    positional, keyword = [], {}
    for p in inspect.signature(reference).parameters.values():
        if p.name not in args:
            continue
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty and not keyword:
            positional.append(args[p.name])
        else:
            keyword[p.name] = args[p.name]
    return positional, keyword


# ---------------------------------------------------------------- summaries for messages
def summarize(args):
    """'w (3, 4), dw (3, 4), state {v (3, 4), s (3, 4), t=2}, learning_rate=0.01, beta1=0.8'."""
    return ", ".join(_summary(v, k) for k, v in args.items()) or "no arguments"


def _summary(value, name):
    from dlcore.model import Sequential

    if isinstance(value, np.ndarray):
        dtype = "" if value.dtype in (np.float64, np.bool_) or value.dtype.kind in "iu" else f" {value.dtype}"
        if value.size > 3 or value.ndim > 1:
            return f"{name} {value.shape}{dtype}"
        return f"{name}=array({np.round(value, 4).tolist()}){dtype}"
    if isinstance(value, Seeded):
        return f"{name}=default_rng({value.seed})"
    if isinstance(value, Sequential):
        return f"{name} <{_model_summary(value)}>"
    if isinstance(value, dict):
        return f"{name} {{" + ", ".join(_summary(v, k) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, str, np.number)) for v in value) and len(value) <= 8:
            return f"{name}=" + str(type(value)(_round(v) for v in value))
        kind = "models" if value and isinstance(value[0], Sequential) else "items"
        return f"{name} [{type(value).__name__} of {len(value)} {kind}]"
    if isinstance(value, functools.partial):
        return f"{name}={value.func.__name__}"
    if callable(value):
        return f"{name}={getattr(value, '__name__', type(value).__name__)}"
    if isinstance(value, np.integer):
        return f"{name}=np.{type(value).__name__}({int(value)})"
    if isinstance(value, float):
        return f"{name}={value:.6g}"
    return f"{name}={value!r}"


def _round(v):
    return round(float(v), 6) if isinstance(v, float) else v


def _model_summary(model):
    from dlcore.layers import Activation, BatchNorm, Dense, Dropout

    sizes, parts = [], []
    for layer in model.layers:
        if isinstance(layer, Dense):
            sizes = sizes or [layer.n_in]
            sizes.append(layer.n_out)
        elif isinstance(layer, Activation) and layer.name not in parts:
            parts.append(layer.name)
        elif isinstance(layer, (BatchNorm, Dropout)) and type(layer).__name__ not in parts:
            parts.append(type(layer).__name__)
    return "model " + "-".join(map(str, sizes)) + (" " + "/".join(parts) if parts else "") + f", {model.output} output"
