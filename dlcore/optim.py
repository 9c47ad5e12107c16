"""Optimizer rules: each updates ONE array and returns (new_w, new_state); nothing is changed in place.

    new_w, new_state = rule(w, dw, state, learning_rate, **hparams)

Every rule starts from the same state: v = 0, s = 0 (arrays like w) and t = 0 (see `init_state`).
`Optimizer(rule, **hparams)` applies a rule to each array of a parameter dict.
"""

import math

import numpy as np

from ._validate import as_array, beta_in_range, positive


def init_state(w):
    """The starting state of every rule: zero velocity v, zero squared-gradient average s, step t = 0."""
    return {"v": np.zeros_like(w), "s": np.zeros_like(w), "t": 0}


def gd(w, dw, state, learning_rate):
    """Plain gradient descent: w = w - learning_rate * dw."""
    return w - learning_rate * dw, state


def momentum(w, dw, state, learning_rate, beta=0.9):
    """v = beta * v + (1 - beta) * dw;  w = w - learning_rate * v."""
    v = beta * state["v"] + (1 - beta) * dw
    return w - learning_rate * v, {**state, "v": v}


def rmsprop(w, dw, state, learning_rate, beta=0.999, epsilon=1e-8):
    """s = beta * s + (1 - beta) * dw**2;  w = w - learning_rate * dw / (sqrt(s) + epsilon)."""
    s = beta * state["s"] + (1 - beta) * dw**2
    return w - learning_rate * dw / (np.sqrt(s) + epsilon), {**state, "s": s}


def adam(w, dw, state, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """Momentum + RMSProp with bias correction; t counts steps from 1."""
    t = state["t"] + 1
    v = beta1 * state["v"] + (1 - beta1) * dw
    s = beta2 * state["s"] + (1 - beta2) * dw**2
    v_corrected = v / (1 - beta1**t)
    s_corrected = s / (1 - beta2**t)
    w = w - learning_rate * v_corrected / (np.sqrt(s_corrected) + epsilon)
    return w, {"v": v, "s": s, "t": t}


RULES = {"gd": gd, "momentum": momentum, "rmsprop": rmsprop, "adam": adam}
_BETAS = ("beta", "beta1", "beta2")


def clip_by_norm(grads, max_norm):
    """Scale a gradient dict so its global L2 norm is at most max_norm (against exploding gradients).

    norm = sqrt(sum of all squared entries); if norm > max_norm every array is multiplied by max_norm / norm.
    """
    max_norm = positive(max_norm, "max_norm")
    grads = {k: as_array(g, f"grads[{k!r}]") for k, g in grads.items()}  # float32 stays float32
    norm = math.sqrt(sum(float(np.sum(np.square(g))) for g in grads.values()))  # a Python float: no upcast
    if norm <= max_norm:
        return {k: g.copy() for k, g in grads.items()}
    return {k: g * (max_norm / norm) for k, g in grads.items()}


class Optimizer:
    """Apply `rule` (a function above, or its name) to every array of a params dict.

    state = opt.init(params);  params, state = opt.update(params, grads, state, learning_rate)
    Only keys present in `grads` are updated (frozen layers simply have no gradients).
    """

    def __init__(self, rule="gd", **hparams):
        if isinstance(rule, str):
            if rule not in RULES:
                raise ValueError(f"rule: expected one of {sorted(RULES)} or a function; got {rule!r}")
            rule = RULES[rule]
        if not callable(rule):
            raise ValueError(f"rule: expected a function (w, dw, state, learning_rate, ...); got {rule!r}")
        for name in _BETAS:
            if name in hparams:
                beta_in_range(hparams[name], name)
        if "epsilon" in hparams and not hparams["epsilon"] > 0:
            raise ValueError(f"epsilon: expected a small positive number; got {hparams['epsilon']!r}")
        self.rule, self.hparams = rule, hparams

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.hparams.items())
        return f"Optimizer({self.rule.__name__}{args})"

    def init(self, params):
        return {k: init_state(w) for k, w in params.items()}

    def update(self, params, grads, state, learning_rate):
        positive(learning_rate, "learning_rate")
        new_params, new_state = dict(params), dict(state)
        for k, dw in grads.items():
            new_params[k], new_state[k] = self.rule(params[k], dw, state[k], learning_rate, **self.hparams)
        return new_params, new_state
