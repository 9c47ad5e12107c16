"""The registry's building blocks: Exercise, Case, Mistake, and the helpers that declare them compactly.

An exercise is declared once, beside its cases and its catalogue of known mistakes:

    @mistake("no_bias_correction", "Adam without bias correction", "divide v by (1 - beta1**t) ...")
    def _adam_no_correction(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8): ...

    exercise("adam", optim.adam, "06_optimizers", 3, cases=_adam_cases, mistakes=[_adam_no_correction, ...],
             forbidden=["dlcore.optim.adam", "dlcore.optim.Optimizer.update"])

A case generator `cases(rng, hidden) -> [Case, ...]` builds seeded arguments (hidden=True asks for more and
different cases; the rng is seeded differently too). Case arguments are a dict keyed by the reference's parameter
names; `Seeded(seed)` stands for a fresh np.random.default_rng(seed) in every call, so the student, the reference
and each mistake get identically seeded generators.
"""

import copy
import functools
import inspect
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

REGISTRY = {}


@dataclass(frozen=True)
class Seeded:
    """Placeholder for np.random.default_rng(seed), made afresh for each call."""

    seed: int


@dataclass
class Case:
    """Arguments of one call (by parameter name). A multi-step case calls `steps` times; after step k (1-based)
    `feed(args, result, k)` returns the next step's arguments (e.g. Adam's returned state goes back in)."""

    args: dict
    steps: int = 1
    feed: Callable | None = None


@dataclass
class Mistake:
    id: str
    name: str
    fix: str
    fn: Callable


@dataclass
class Exercise:
    name: str
    reference: Callable
    notebook: str
    points: int
    cases: Callable
    mistakes: list = field(default_factory=list)
    forbidden: tuple = ()
    rtol: float = 1e-6
    atol: float = 1e-9

    def make_cases(self, hidden=False):
        seed = zlib.crc32(self.name.encode()) + (104_729 if hidden else 0)
        return self.cases(np.random.default_rng(seed), hidden)

    def mistake(self, mistake_id):
        return next(m for m in self.mistakes if m.id == mistake_id)


def exercise(name, reference, notebook, points, *, cases, mistakes=(), forbidden=None, rtol=1e-6, atol=1e-9):
    """Declare an exercise. forbidden defaults to the reference's own dotted name."""
    if forbidden is None:
        forbidden = [f"{reference.__module__}.{reference.__qualname__}"]
    REGISTRY[name] = Exercise(name, reference, notebook, points, cases, list(mistakes), tuple(forbidden), rtol, atol)
    return REGISTRY[name]


def mistake(mistake_id, name, fix):
    """Decorator: turn a function implementing a wrong formula into a catalogued Mistake."""
    def wrap(fn):
        return Mistake(mistake_id, name, fix, fn)
    return wrap


def normal(rng, *shape, scale=1.0):
    """A float64 array of N(0, scale**2) draws (the usual case data)."""
    return scale * rng.standard_normal(shape)


def seeded(rng):
    """A Seeded placeholder with a seed drawn from rng."""
    return Seeded(int(rng.integers(1, 10_000)))


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
        return f"{name} {value.shape}" if value.size > 3 or value.ndim > 1 else f"{name}={np.round(value, 4).tolist()}"
    if isinstance(value, Seeded):
        return f"{name}=default_rng({value.seed})"
    if isinstance(value, Sequential):
        return f"{name} <{_model_summary(value)}>"
    if isinstance(value, dict):
        return f"{name} {{" + ", ".join(_summary(v, k) for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (int, float, str, np.number)) for v in value) and len(value) <= 8:
            return f"{name}=" + str(type(value)(_round(v) for v in value))
        return f"{name} [{len(value)} {'models' if value and isinstance(value[0], Sequential) else 'items'}]"
    if isinstance(value, functools.partial):
        return f"{name}={value.func.__name__}"
    if callable(value):
        return f"{name}={getattr(value, '__name__', type(value).__name__)}"
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
