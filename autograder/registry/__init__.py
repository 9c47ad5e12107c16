"""Every graded exercise of the course: its dlcore reference, seeded cases, tolerances, points, notebook,
forbidden delegation targets and catalogue of known mistakes. One module per notebook declares its exercises.

    get(name) -> Exercise        names() -> [name, ...]        reference_for(name)        forbidden_for(name)
"""

from . import (  # noqa: F401  (each module declares its exercises on import)
    batch_norm,
    bias_variance,
    gradient_checking,
    initialization,
    optimizers,
    regularization,
    tuning,
)
from ._core import REGISTRY, Case, Exercise, Mistake, Seeded, materialize, split_args, summarize

__all__ = ["get", "names", "reference_for", "forbidden_for", "Case", "Exercise", "Mistake", "Seeded",
           "materialize", "split_args", "summarize"]


def get(name):
    """The Exercise registered under `name` (a ValueError lists the known names)."""
    if name not in REGISTRY:
        raise ValueError(f"unknown exercise {name!r}; known exercises: {', '.join(sorted(REGISTRY))}")
    return REGISTRY[name]


def names(notebook=None):
    """Exercise names by notebook, in declaration order (optionally of one notebook, e.g. "06_optimizers")."""
    ordered = sorted(REGISTRY, key=lambda n: REGISTRY[n].notebook)
    return [n for n in ordered if notebook is None or REGISTRY[n].notebook == notebook]


def reference_for(name):
    """The reference function the exercise is graded against."""
    return get(name).reference


def forbidden_for(name):
    """Dotted names of the dlcore functions a solution must not call (they do the exercise's job)."""
    return list(get(name).forbidden)
