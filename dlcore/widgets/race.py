"""The optimizer race without widgets: the 2-D cost surfaces, which slider feeds which hyperparameter of a rule,
and the runs themselves (numpy and dlcore.optim only; the explorer in optimizers.py draws them)."""

import inspect
from dataclasses import dataclass

import numpy as np

from .. import optim


@dataclass(frozen=True)
class Surface:
    """A 2-D cost J(w1, w2) with its gradient, a start point, plot limits and a suggested learning rate.
    `source` is the Python text of cost/grad used by "Show code" (with {condition} filled in)."""

    name: str
    title: str
    source: str
    start: tuple
    xlim: tuple
    ylim: tuple
    minimum: tuple
    alpha: float

    def functions(self, condition=10.0):
        ns = {"np": np}
        exec(self.source.format(condition=condition), ns)
        return ns["cost"], ns["grad"]


SURFACES = {
    "bowl": Surface(
        "bowl", "elongated bowl: J = (w1² + κ·w2²) / 2",
        "def cost(w1, w2):\n    return 0.5 * (w1**2 + {condition!r} * w2**2)\n\n"
        "def grad(w):\n    return np.array([w[0], {condition!r} * w[1]])\n",
        (-1.8, 0.75), (-2.0, 2.0), (-1.0, 1.0), (0.0, 0.0), 0.035),
    "ravine": Surface(
        "ravine", "curved ravine (Rosenbrock): J = (1 - w1)² + 10 (w2 - w1²)²",
        "def cost(w1, w2):\n    return (1 - w1)**2 + 10 * (w2 - w1**2)**2\n\n"
        "def grad(w):\n    r = w[1] - w[0]**2\n    return np.array([-2 * (1 - w[0]) - 40 * w[0] * r, 20 * r])\n",
        (-1.5, 2.6), (-2.0, 2.0), (-1.0, 3.2), (1.0, 1.0), 0.05),
    "saddle": Surface(
        "saddle", "saddle point at 0: J = w1²/2 + w2⁴/4 - w2²/2",
        "def cost(w1, w2):\n    return 0.5 * w1**2 + 0.25 * w2**4 - 0.5 * w2**2\n\n"
        "def grad(w):\n    return np.array([w[0], w[1]**3 - w[1]])\n",
        (-1.8, 1e-3), (-2.0, 2.0), (-1.6, 1.6), (0.0, 1.0), 0.05),
    "plateau": Surface(
        "plateau", "plateau: J = 1 - exp(-(w1² + w2²)/2), nearly flat far from 0",
        "def cost(w1, w2):\n    return 1 - np.exp(-0.5 * (w1**2 + w2**2))\n\n"
        "def grad(w):\n    return w * np.exp(-0.5 * (w[0]**2 + w[1]**2))\n",
        (3.3, 2.4), (-4.0, 4.0), (-3.0, 3.0), (0.0, 0.0), 0.1),
}

DEFAULT_CONDITION = 50.0  # the bowl's κ
DIVERGED = 1e6  # stop a run once |w| exceeds this (it has left the picture for good)

# The hyperparameter sliders, one row each: slider name -> (description, default, low, high, step, log scale,
# the hyperparameters it feeds). A rule gets a slider's value for each of its keyword hyperparameters that the
# slider feeds: by name ("beta1"), or as (rule name, hyperparameter) for a rule that calls it otherwise (RMSProp's
# beta is the same squared-gradient average as Adam's beta2). A hyperparameter no slider feeds keeps the rule's
# default. Only the sliders some racer uses are shown.
HPARAM_SLIDERS = {
    "beta": ("β (momentum)", 0.9, 0.0, 0.99, 0.01, False, ("beta",)),
    "beta1": ("β1 (Adam)", 0.9, 0.0, 0.99, 0.01, False, ("beta1",)),
    "beta2": ("β2 (RMSProp, Adam)", 0.999, 0.9, 0.9999, 0.0001, False, ("beta2", ("rmsprop", "beta"))),
    "epsilon": ("ε", 1e-8, -10, -1, 0.5, True, ("epsilon",)),
    "weight_decay": ("weight decay", 0.01, 0.0, 0.5, 0.01, False, ("weight_decay",)),
}


def rule_hparams(name, rule):
    """{hyperparameter: slider name} for a rule: its keyword parameters after learning_rate that a slider feeds
    (see HPARAM_SLIDERS); a rule taking **kwargs gets every slider fed by name."""
    try:
        params = inspect.signature(rule).parameters
    except (TypeError, ValueError):
        return {}
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return {feeds: s for s, spec in HPARAM_SLIDERS.items() for feeds in spec[6] if isinstance(feeds, str)}
    names = list(params)[4:]  # after (w, dw, state, learning_rate)
    out = {}
    for hp in names:
        for slider_name, spec in HPARAM_SLIDERS.items():
            if (name, hp) in spec[6] or (hp in spec[6] and not any((name, hp) in s[6] for s in
                                                                     HPARAM_SLIDERS.values())):
                out[hp] = slider_name
                break
    return out


def hparam_values(name, rule, values):
    """The hyperparameters racer `name` gets from the slider values {slider name: value}."""
    return {hp: values[s] for hp, s in rule_hparams(name, rule).items()}


def race(rule, grad, start, steps, learning_rate, **hparams):
    """Run one rule from `start` for `steps` steps. Returns (path (T+1, 2), states list of T+1 dicts).
    Stops early if w becomes non-finite or leaves |w| < 1e6."""
    w = np.array(start, dtype=float)
    state = optim.init_state(w)
    path, states = [w], [state]
    for _ in range(steps):
        with np.errstate(all="ignore"):
            w, state = rule(w, grad(w), state, learning_rate, **hparams)
        w = np.asarray(w, dtype=float)
        if not np.all(np.isfinite(w)) or np.abs(w).max() > DIVERGED:
            break
        path.append(w)
        states.append(state)
    return np.array(path), states


def state_columns(runs):
    """The state entries worth a column: those some racer's run changed from the starting state, in the order
    the rules return them. Returns {column: set of racers whose run changed it}."""
    columns = {}
    for name, (_, states) in runs.items():
        first = states[0]
        for key in first:
            changed = any(not np.array_equal(np.asarray(s.get(key)), np.asarray(first[key])) for s in states[1:])
            columns.setdefault(key, set())
            if changed:
                columns[key].add(name)
        for s in states[1:]:
            for key in s:
                if key not in first:
                    columns.setdefault(key, set()).add(name)
    return {k: v for k, v in columns.items() if v}
