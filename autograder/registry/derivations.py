"""Derivations as graded work: a backward pass checked numerically against the student's OWN forward.

    derivation(exercise, forward, cases=..., hidden=..., cost=..., gradients=...)

`exercise` is the backward pass's exercise (its test cells call derivation_check(exercise, forward_fn, backward_fn)
beside check(...)), `forward` the name of the forward function the student wrote. For each case (a dict of
arguments), `cost(forward_fn, args) -> float` is a scalar cost computed through the student's forward, and
`gradients(backward_fn, forward_fn, args) -> {argument: array}` the gradients the student's backward gives for it;
autograder.derivations compares each with a centred difference of the cost in that argument. A failure names the
backward exercise's mistake family when its catalogue explains the answer (autograder.checks.diagnose).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from . import batch_norm, regularization  # noqa: F401  (the exercises whose backward passes are derived)
from ._core import REGISTRY, Seeded, materialize, normal

DERIVATIONS = {}


@dataclass
class Derivation:
    exercise: str
    forward: str
    cases: Callable
    hidden: Callable
    cost: Callable
    gradients: Callable

    def make_cases(self, hidden=False):
        rng = np.random.default_rng(sum(map(ord, self.exercise)))
        visible = list(self.cases(rng))
        return visible + list(self.hidden(np.random.default_rng(len(self.exercise) + 7919))) if hidden else visible


def derivation(exercise, forward, *, cases, hidden, cost, gradients):
    if exercise not in REGISTRY:
        raise ValueError(f"derivation {exercise!r}: declare the exercise first")
    DERIVATIONS[exercise] = Derivation(exercise, forward, cases, hidden, cost, gradients)
    return DERIVATIONS[exercise]


# ---------------------------------------------------------------- batch norm: J = sum(G * Z_tilde) / m
def _bn_case(rng, n, m):
    return {"Z": normal(rng, n, m, scale=2.0) + 1.0, "gamma": 1 + normal(rng, n, 1, scale=0.5),
            "beta": normal(rng, n, 1), "G": normal(rng, n, m)}


def _bn_cost(forward, a):
    Z_tilde, _ = forward(a["Z"], a["gamma"], a["beta"])
    return float(np.sum(a["G"] * np.asarray(Z_tilde))) / a["Z"].shape[1]


def _bn_gradients(backward, forward, a):
    _, cache = forward(a["Z"], a["gamma"], a["beta"])
    dZ, dgamma, dbeta = backward(a["G"], cache)
    m = a["Z"].shape[1]  # dZ is per example (m times the cost's gradient); dgamma and dbeta are averaged
    return {"Z": np.asarray(dZ) / m, "gamma": np.asarray(dgamma), "beta": np.asarray(dbeta)}


# ---------------------------------------------------------------- dropout: J = sum(G * A_dropped), same mask
def _dropout_case(rng, n, m, keep_prob):
    return {"A": normal(rng, n, m), "keep_prob": keep_prob, "rng": Seeded(int(rng.integers(1, 10_000))),
            "G": normal(rng, n, m)}


def _dropout_cost(forward, a):
    A_out, _ = forward(a["A"], a["keep_prob"], rng=materialize(a["rng"]))  # the same mask on every call
    return float(np.sum(a["G"] * np.asarray(A_out)))


def _dropout_gradients(backward, forward, a):
    _, D = forward(a["A"], a["keep_prob"], rng=materialize(a["rng"]))
    return {"A": np.asarray(backward(a["G"], D, a["keep_prob"]))}


# ---------------------------------------------------------------- L2: J = l2_penalty(params), per weight matrix
def _l2_case(rng, dims, lambd, m):
    params = {}
    for layer, (n_out, n_in) in enumerate(zip(dims[1:], dims[:-1]), 1):
        params[f"W{layer}"], params[f"b{layer}"] = normal(rng, n_out, n_in), normal(rng, n_out, 1)
    return {"params": params, "lambd": lambd, "m": m}


def _l2_cost(forward, a):
    return float(forward(a["params"], a["lambd"], a["m"]))


def _l2_gradients(backward, forward, a):
    return {f"params.{k}": np.asarray(backward(W, a["lambd"], a["m"])) for k, W in a["params"].items()
            if k.startswith("W")}


# ---------------------------------------------------------------- softmax + cross-entropy: J = -sum(Y log softmax Z)
def _ce_case(rng, C, m):
    return {"Z": normal(rng, C, m, scale=1.5), "Y": np.eye(C)[:, rng.integers(0, C, m)]}


def _ce_cost(forward, a):
    return float(-np.sum(a["Y"] * np.log(np.asarray(forward(a["Z"])))))  # summed: dZ is per example


def _ce_gradients(backward, forward, a):
    return {"Z": np.asarray(backward(a["Z"], a["Y"]))}


derivation("batchnorm_backward", "batchnorm_forward", cost=_bn_cost, gradients=_bn_gradients,
           cases=lambda rng: [_bn_case(rng, 3, 4)], hidden=lambda rng: [_bn_case(rng, 2, 6), _bn_case(rng, 4, 3)])
derivation("dropout_backward", "dropout_forward", cost=_dropout_cost, gradients=_dropout_gradients,
           cases=lambda rng: [_dropout_case(rng, 3, 4, 0.7)],
           hidden=lambda rng: [_dropout_case(rng, 2, 5, 0.5), _dropout_case(rng, 4, 2, 0.9)])
derivation("l2_penalty_grad", "l2_penalty", cost=_l2_cost, gradients=_l2_gradients,
           cases=lambda rng: [_l2_case(rng, [2, 3, 1], 0.7, 5)],
           hidden=lambda rng: [_l2_case(rng, [3, 2, 2, 1], 1.3, 8), _l2_case(rng, [1, 4], 0.2, 3)])
derivation("softmax_cross_entropy_backward", "softmax", cost=_ce_cost, gradients=_ce_gradients,
           cases=lambda rng: [_ce_case(rng, 3, 4)], hidden=lambda rng: [_ce_case(rng, 4, 3), _ce_case(rng, 2, 5)])
