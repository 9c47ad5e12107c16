"""Hyperparameter search: sampling on the right scale, random vs grid search, coarse to fine, ensembles.

A search space maps a name to (scale, low, high) with scale one of "log" (10**U(log10 low, log10 high)),
"beta" (1 - 10**U(log10(1 - high), log10(1 - low))), "linear" (U(low, high)) or "int" (integers low..high).
An objective takes keyword hyperparameters and returns a score to MINIMISE (e.g. dev error).
"""

import itertools

import numpy as np

from ._validate import as_rng, positive_int

SCALES = ("log", "beta", "linear", "int")


def log_uniform(low, high, size=None, *, rng=None):
    """10**r with r = rng.uniform(log10(low), log10(high), size): each decade is equally likely."""
    if not 0 < low < high:
        raise ValueError(f"low, high: expected 0 < low < high; got {low!r}, {high!r}")
    return 10 ** as_rng(rng).uniform(np.log10(low), np.log10(high), size)


def sample_beta(low=0.9, high=0.999, size=None, *, rng=None):
    """beta = 1 - 10**r with r = rng.uniform(log10(1 - high), log10(1 - low), size): uniform in the averaging
    window 1/(1 - beta) on a log scale, so 0.999 vs 0.9995 gets as much attention as 0.9 vs 0.95."""
    if not 0 <= low < high < 1:
        raise ValueError(f"low, high: expected 0 <= low < high < 1; got {low!r}, {high!r}")
    return 1 - 10 ** as_rng(rng).uniform(np.log10(1 - high), np.log10(1 - low), size)


def _check_space(space):
    if not isinstance(space, dict) or not space:
        raise ValueError("space: expected a non-empty dict name -> (scale, low, high)")
    for name, spec in space.items():
        if len(spec) != 3 or spec[0] not in SCALES:
            raise ValueError(f"space[{name!r}]: expected (scale, low, high) with scale in {SCALES}; got {spec!r}")


def sample(space, rng):
    """One point of the space: one draw per name, in the space's key order. A name whose low equals its high
    (coarse_to_fine's best trials agreed on it) is fixed at that value and takes no draw."""
    point = {}
    for name, (scale, low, high) in space.items():
        if low == high:
            point[name] = low
        elif scale == "log":
            point[name] = float(log_uniform(low, high, rng=rng))
        elif scale == "beta":
            point[name] = float(sample_beta(low, high, rng=rng))
        elif scale == "linear":
            point[name] = float(rng.uniform(low, high))
        else:
            point[name] = int(rng.integers(low, high + 1))
    return point


def random_search(objective, space, n_trials, *, rng=None):
    """Evaluate `objective` at n_trials random points (drawn one trial at a time with `sample`).
    Returns the trials in order: a list of {"params": {...}, "score": float}."""
    _check_space(space)
    n_trials, rng = positive_int(n_trials, "n_trials"), as_rng(rng)
    trials = []
    for _ in range(n_trials):
        params = sample(space, rng)
        trials.append({"params": params, "score": float(objective(**params))})
    return trials


def grid_points(space, per_axis):
    """A grid over the space with per_axis values per name (on each name's own scale)."""
    _check_space(space)
    axes = []
    for scale, low, high in space.values():
        if scale == "log":
            axes.append(np.logspace(np.log10(low), np.log10(high), per_axis))
        elif scale == "beta":
            axes.append(1 - np.logspace(np.log10(1 - low), np.log10(1 - high), per_axis))
        elif scale == "linear":
            axes.append(np.linspace(low, high, per_axis))
        else:
            axes.append(np.unique(np.linspace(low, high, per_axis).round().astype(int)))
    return [dict(zip(space, map(lambda v: v.item(), values))) for values in itertools.product(*axes)]


def grid_search(objective, space, per_axis):
    """Evaluate `objective` on grid_points(space, per_axis); same result format as random_search."""
    return [{"params": p, "score": float(objective(**p))} for p in grid_points(space, per_axis)]


def best_trial(trials):
    return min(trials, key=lambda t: t["score"])


def coarse_to_fine(trials, space, top_k=5):
    """Zoom in: a new space with the same scales whose bounds are the min and max of each hyperparameter over the
    top_k trials with the lowest scores (where they all agree, the hyperparameter is fixed: low == high)."""
    _check_space(space)
    top_k = positive_int(top_k, "top_k")
    if not trials:
        raise ValueError("trials: expected at least one trial")
    best = sorted(trials, key=lambda t: t["score"])[:top_k]
    new = {}
    for name, (scale, _, _) in space.items():
        values = [t["params"][name] for t in best]
        new[name] = (scale, min(values), max(values))
    return new


def ensemble_predict(models, X):
    """Average the models' predicted probabilities (predict_proba) and return the labels (1, m):
    p > 0.5 for sigmoid outputs, argmax over classes for softmax. Averaging reduces variance."""
    if not models:
        raise ValueError("models: expected at least one model")
    mean = sum(model.predict_proba(X) for model in models) / len(models)
    return (mean > 0.5).astype(int) if mean.shape[0] == 1 else mean.argmax(axis=0)[None, :]


def snapshot_ensemble(model_fn, X, Y, *, cycles=3, epochs_per_cycle=20, learning_rate=0.01, **train_kwargs):
    """Train one model with a cyclic cosine learning rate and keep a copy at the end of every cycle
    (a "snapshot"); returns the list of snapshot models to pass to ensemble_predict."""
    from functools import partial

    from .model import from_arrays, to_arrays
    from .schedules import cosine_decay
    from .training import train

    model = model_fn()
    snapshots, state = [], None
    for cycle in range(cycles):
        history = train(model, X, Y, learning_rate=learning_rate, epochs=epochs_per_cycle,
                        schedule=partial(cosine_decay, period=epochs_per_cycle), optimizer_state=state,
                        initial_epoch=cycle * epochs_per_cycle, **train_kwargs)
        state = history.optimizer_state
        snapshots.append(from_arrays(to_arrays(model)))
    return snapshots
