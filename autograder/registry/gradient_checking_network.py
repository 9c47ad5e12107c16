"""04_gradient_checking, checking a network: gradient_check, gradient_check_by_parameter and the bug hunt
(buggy_parameter, a bug of their own per student).

Declared apart from gradient_checking.py (which declares the notebook and the pieces these build on) to keep each
module short; importing that module first keeps the notebook's exercise order.
"""

from functools import partial

import numpy as np

from dlcore import gradcheck
from dlcore.data import one_hot
from dlcore.layers import BatchNorm
from dlcore.model import compute_cost, cost_and_gradients, mlp

from .. import objectives
from ._contract import edge, options, shape, waive
from ._core import Case, exercise, mistake, normal
from .gradient_checking import NB


# ---------------------------------------------------------------- gradient_check
def _check(rng, dims, act, output, bn, kw, m=5):
    model = mlp(dims, hidden=act, output=output, batchnorm=bn, rng=int(rng.integers(1, 10_000)))
    X = normal(rng, dims[0], m)
    labels = rng.integers(0, max(dims[-1], 2), (1, m))
    Y = one_hot(labels, dims[-1]) if output == "softmax" else labels.astype(float)
    return Case({"model": model, "X": X, "Y": Y, **kw})


def _check_cases(rng):
    specs = [([3, 4, 1], "tanh", "sigmoid", False, {"lambd": 0.7, "epsilon": 1e-2}),
             ([2, 3, 3], "sigmoid", "softmax", False, {"epsilon": 1e-2}),
             ([3, 4, 1], "tanh", "sigmoid", True, {"epsilon": 1e-2}),
             ([2, 3, 1], "tanh", "sigmoid", False, {})]
    return [_check(rng, *spec) for spec in specs]


def _check_hidden(rng):
    specs = [([4, 3, 2], "tanh", "softmax", False, {"lambd": 0.3, "epsilon": 1e-2}),
             ([2, 4, 3, 1], "sigmoid", "sigmoid", False, {"lambd": 1.0, "penalty": "l1", "epsilon": 1e-2}),
             ([3, 3, 2, 1], "tanh", "sigmoid", True, {"lambd": 0.5, "epsilon": 1e-2}),
             ([2, 1], "tanh", "sigmoid", False, {"lambd": 0.2, "penalty": "l2", "epsilon": 1e-3})]
    return [_check(rng, *spec) for spec in specs] + [_check(rng, [3, 2, 1], "tanh", "sigmoid", False,
                                                            {"loss": "mse", "epsilon": 1e-2}, m=1)]


def _gc(model, X, Y, loss, lambd, penalty, epsilon, *, one_sided=None, cost_lambd=None, training=True,
        denominator=True):
    """A gradient check with one ingredient changed (a wrong variant), restoring the model afterwards."""
    saved = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    original = {k: v.copy() for k, v in model.parameters().items()}
    try:
        _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
        keys = list(grads)

        def J(theta):
            model.set_parameters(gradcheck.vector_to_params(theta, {k: original[k] for k in keys}))
            return compute_cost(model, X, Y, loss=loss, lambd=lambd if cost_lambd is None else cost_lambd,
                                penalty=penalty, training=training)

        theta = gradcheck.params_to_vector({k: original[k] for k in keys})
        if one_sided:
            base, sign = J(theta), (1.0 if one_sided == "forward" else -1.0)
            approx = np.array([sign * (J(theta + sign * epsilon * np.eye(theta.size)[i]) - base) / epsilon
                               for i in range(theta.size)])
        else:
            approx = gradcheck.numerical_gradient(J, theta, epsilon)
        g = gradcheck.params_to_vector(grads)
        diff = np.linalg.norm(g - approx)
        return float(diff / (np.linalg.norm(g) + np.linalg.norm(approx)) if denominator else diff)
    finally:
        model.set_parameters(original)
        for layer, state in zip(model.layers, saved):
            layer.state.update(state)


@mistake("one_sided", "one-sided ({side}) difference in the numerical gradient",
         "use the two-sided difference (J(theta + eps) - J(theta - eps)) / (2 * eps)", side=["forward", "backward"])
def _gc_one_sided(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7, side):
    return _gc(model, X, Y, loss, lambd, penalty, epsilon, one_sided=side)


@mistake("penalty_forgotten", "the penalty is left out of the numerical cost",
         "the numerical cost must be the same J as backprop's: pass lambd and penalty to compute_cost")
def _gc_no_penalty(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _gc(model, X, Y, loss, lambd, penalty, epsilon, cost_lambd=0.0)


@mistake("epsilon_ignored", "the epsilon argument is ignored", "pass epsilon on to the numerical gradient")
def _gc_eps(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _gc(model, X, Y, loss, lambd, penalty, 1e-7)


@mistake("test_mode_cost", "the numerical cost uses test mode (training=False)",
         "backprop's gradient is of the training-mode cost (batch statistics): compute_cost(..., training=True)")
def _gc_test_mode(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    has_batchnorm = any(isinstance(la, BatchNorm) for la in model.layers)
    return _gc(model, X, Y, loss, lambd, penalty, epsilon, training=not has_batchnorm)


@mistake("no_denominator", "returned ||grad - grad_approx|| without dividing",
         "return the RELATIVE difference: divide by ||grad|| + ||grad_approx||")
def _gc_absolute(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    return _gc(model, X, Y, loss, lambd, penalty, epsilon, denominator=False)


exercise("gradient_check", gradcheck.gradient_check, NB, 3, cases=_check_cases, hidden=_check_hidden, rtol=1e-3,
         atol=1e-7, mistakes=[_gc_one_sided, _gc_no_penalty, _gc_eps, _gc_test_mode, _gc_absolute],
         contract=[options("penalty", "l2", "l1"),
                   options("model", "sigmoid", "softmax", get=lambda a: {a["model"].output}),
                   edge("a batch-norm model (training-mode cost)", holds=lambda a: any(
                       isinstance(la, BatchNorm) for la in a["model"].layers)),
                   shape("a single layer", lambda a: len(a["model"].layers) == 2), shape("m = 1", lambda a: a[
                       "X"].shape[1] == 1),
                   waive("Raises ValueError with dropout on", "raising ValueError is not scored (the notebook "
                                                              "headers say so)")])


# ---------------------------------------------------------------- gradient_check_by_parameter
def _by_parameter(rng, n_x, n_h, m, kind, kw, keys=None):
    params, X, Y = objectives.two_layer_problem(n_x, n_h, m, seed=int(rng.integers(1, 10_000)))
    grads = (objectives.buggy_cost_and_gradients(params, X, Y)[1] if kind == "buggy"
             else objectives.two_layer_gradients(params, X, Y))
    if keys:
        grads = {k: grads[k] for k in keys}
    return Case({"cost": partial(objectives.two_layer_cost, X=X, Y=Y), "grads": grads, "params": params, **kw})


def _by_parameter_cases(rng):
    return [_by_parameter(rng, *spec) for spec in [(3, 4, 6, "buggy", {"epsilon": 1e-2}),
                                                    (2, 3, 5, "correct", {"epsilon": 1e-2}), (3, 2, 4, "buggy", {})]]


def _by_parameter_hidden(rng):
    specs = [(4, 3, 7, "correct", {"epsilon": 1e-3}), (2, 5, 6, "buggy", {"epsilon": 1e-2}),
             (1, 2, 3, "buggy", {"epsilon": 1e-3}), (3, 3, 5, "buggy", {"epsilon": 1e-2}, ["W2", "b1"])]
    return [_by_parameter(rng, *spec) for spec in specs]


def _by_parameter_rule(cost, grads, params, epsilon, *, one_sided=False, relative=True):
    result = {}
    for key in grads:
        theta = np.asarray(params[key], dtype=float).ravel()
        approx = np.zeros(theta.size)
        for i in range(theta.size):
            plus, minus = theta.copy(), theta.copy()
            plus[i] += epsilon
            minus[i] -= 0 if one_sided else epsilon
            J_plus = cost({**params, key: plus.reshape(np.shape(params[key]))})
            J_minus = cost({**params, key: minus.reshape(np.shape(params[key]))})
            approx[i] = (J_plus - J_minus) / (epsilon if one_sided else 2 * epsilon)
        g = np.asarray(grads[key], dtype=float).ravel()
        diff = np.linalg.norm(g - approx)
        result[key] = float(diff / (np.linalg.norm(g) + np.linalg.norm(approx)) if relative else diff)
    return result


@mistake("one_sided", "one-sided difference", "use (J(theta + eps) - J(theta - eps)) / (2 * eps)")
def _bp_one_sided(cost, grads, params, epsilon=1e-7):
    return _by_parameter_rule(cost, grads, params, epsilon, one_sided=True)


@mistake("absolute_difference", "absolute instead of relative differences",
         "divide each ||grad - approx|| by ||grad|| + ||approx|| so keys of different scale compare fairly")
def _bp_absolute(cost, grads, params, epsilon=1e-7):
    return _by_parameter_rule(cost, grads, params, epsilon, relative=False)


@mistake("returns_key", "returned only the suspect key instead of the dict of differences",
         "return {key: relative difference} for every key; the caller picks the largest")
def _bp_key(cost, grads, params, epsilon=1e-7):
    result = _by_parameter_rule(cost, grads, params, epsilon)
    return max(result, key=result.get)


@mistake("epsilon_ignored", "the epsilon argument is ignored", "nudge each entry by the epsilon argument")
def _bp_eps(cost, grads, params, epsilon=1e-7):
    return _by_parameter_rule(cost, grads, params, 1e-7)


exercise("gradient_check_by_parameter", gradcheck.gradient_check_by_parameter, NB, 2, cases=_by_parameter_cases,
         hidden=_by_parameter_hidden, rtol=1e-3, atol=1e-7,
         mistakes=[_bp_one_sided, _bp_absolute, _bp_key, _bp_eps],
         contract=[edge("grads' keys a subset of params'", holds=lambda a: set(a["grads"]) < set(a["params"]),
                        quote="grads' keys are a subset of params'"),
                   edge("a correct gradient (every difference tiny)", holds=lambda a: True)])


# ---------------------------------------------------------------- the bug hunt: a bug of their own per student
def _bug_hunt_own(student):
    """The student's own variant (from their id): the first visible case, a different bug for different students."""
    return Case({"variant": objectives.student_variant(student)})


def _bug_hunt_cases(rng):
    """Two more variants after the student's own (two other keys), so that a diagnosis has more than one answer."""
    base = int(rng.integers(1, 1000)) * len(objectives.BUGS)
    return [Case({"variant": base + 1}), Case({"variant": base + 2})]  # a bug in b2, then in W1


def _bug_hunt_hidden(rng):
    """Every kind of bug (each key), on other data: a key that was looked up, not computed, fails here."""
    base = int(rng.integers(1, 1000)) * len(objectives.BUGS)
    return [Case({"variant": base + kind}) for kind in rng.permutation(len(objectives.BUGS))]


def _bug_hunt_differences(variant):
    params, X, Y = objectives.bug_hunt_problem(variant)
    _, grads = objectives.buggy_cost_and_gradients(params, X, Y, variant)
    return gradcheck.gradient_check_by_parameter(partial(objectives.two_layer_cost, X=X, Y=Y), grads, params)


@mistake("smallest_difference", "picked the key with the SMALLEST relative difference",
         "the wrong gradient is the one that disagrees most with the numerical one: the largest difference")
def _bug_smallest(variant):
    d = _bug_hunt_differences(variant)
    return min(d, key=d.get)


@mistake("returned_difference", "returned the difference instead of the key",
         "return the key (a string such as 'b1') whose relative difference is largest")
def _bug_value(variant):
    return max(_bug_hunt_differences(variant).values())


@mistake("same_key_for_every_variant", "the same key ({key!r}) whatever the variant",
         "every variant plants its own bug: compute the differences for the variant you are given, and return the "
         "key of the largest", key=["W1", "b1", "W2", "b2"])
def _bug_fixed(variant, *, key):
    return key


exercise("buggy_parameter", objectives.buggy_parameter, NB, 2, cases=_bug_hunt_cases, hidden=_bug_hunt_hidden,
         student_case=_bug_hunt_own, mistakes=[_bug_smallest, _bug_value, _bug_fixed],
         contract=[edge("a bug in each of W1, b1, W2 and b2", holds=lambda a: True)])
