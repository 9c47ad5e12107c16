"""04_gradient_checking, the pieces: dict <-> vector, the two-sided difference and the relative difference.

The notebook is declared here; checking a whole network and the bug hunt are in gradient_checking_network.py.
"""

from functools import partial

import numpy as np

from dlcore import gradcheck

from .. import objectives
from ._contract import edge, shape, waive
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook

NB = notebook(
    "04_gradient_checking", "gradient checking",
    "two-sided differences; relative difference and thresholds; dict ↔ vector; no dropout; include the penalty; a bug "
    "hunt with a bug of each student's own",
    [explorer("gradcheck_explorer", "relative difference vs epsilon: truncation vs round-off")])


# ---------------------------------------------------------------- params_to_vector / vector_to_params
def _template(rng, dims, batchnorm=False):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = normal(rng, dims[l], dims[l - 1])
        if batchnorm and l < len(dims) - 1:
            params[f"gamma{l}"], params[f"beta{l}"] = normal(rng, dims[l], 1), normal(rng, dims[l], 1)
        else:
            params[f"b{l}"] = normal(rng, dims[l], 1)
    return params


_DIMS_VISIBLE = [([3, 4, 2], False), ([2, 3, 3, 1], False)]
_DIMS_HIDDEN = [([4, 2], False), ([3, 5, 2, 2], True), ([1, 6, 1], False), ([2] * 11 + [1], False)]


def _to_vector_cases(rng):
    return [Case({"params": _template(rng, dims, bn)}) for dims, bn in _DIMS_VISIBLE]


def _to_vector_hidden(rng):
    return [Case({"params": _template(rng, dims, bn)}) for dims, bn in _DIMS_HIDDEN]


def _dict_contract(key):
    return [shape("a single layer", lambda a: len(a[key]) == 2),
            edge("batch-norm keys (gamma, beta)", holds=lambda a: any(k.startswith("gamma") for k in a[key])),
            edge("keys not in sorted order (W1, b1, W2, ...)", holds=lambda a: list(a[key]) != sorted(a[key]),
                 quote="in key order" if key == "params" else None),
            edge("ten layers or more (W10 sorts before W2)", holds=lambda a: "W10" in a[key])]


@mistake("fortran_order", "flattened each array column by column (order='F' or .T.ravel())",
         "flatten in C order, row by row: np.ravel(p) or p.reshape(-1)")
def _p2v_fortran(params):
    return np.concatenate([np.asarray(p).ravel(order="F") for p in params.values()])


@mistake("sorted_keys", "concatenated in sorted key order",
         "keep the dict's own key order (for key in params), which vector_to_params follows too")
def _p2v_sorted(params):
    return np.concatenate([np.asarray(params[k]).ravel() for k in sorted(params)])


@mistake("column_vector", "returned a column (n, 1) instead of a 1-D vector",
         "return a 1-D array of shape (n,): np.concatenate of the raveled arrays")
def _p2v_column(params):
    return np.concatenate([np.asarray(p).reshape(-1, 1) for p in params.values()])


@mistake("weights_only", "only the weights were included",
         "include every array of the dict (biases, gamma, beta too): every parameter gets checked")
def _p2v_weights(params):
    return np.concatenate([np.asarray(p).ravel() for k, p in params.items() if k.startswith("W")])


exercise("params_to_vector", gradcheck.params_to_vector, NB, 1, cases=_to_vector_cases, hidden=_to_vector_hidden,
         mistakes=[_p2v_fortran, _p2v_sorted, _p2v_column, _p2v_weights], contract=_dict_contract("params"))


def _to_params(rng, dims, bn):
    template = _template(rng, dims, bn)
    size = sum(np.size(p) for p in template.values())
    return Case({"theta": normal(rng, size), "template": template})


def _to_params_cases(rng):
    return [_to_params(rng, dims, bn) for dims, bn in _DIMS_VISIBLE]


def _to_params_hidden(rng):
    return [_to_params(rng, dims, bn) for dims, bn in _DIMS_HIDDEN] + [float32_case(_to_params(rng, [3, 2, 1], False))]


@mistake("fortran_order", "refilled each array column by column (order='F')",
         "undo params_to_vector exactly: theta[start:start + size].reshape(shape) (C order)")
def _v2p_fortran(theta, template):
    out, start = {}, 0
    for k, p in template.items():
        out[k] = theta[start:start + np.size(p)].reshape(np.shape(p), order="F").copy()
        start += np.size(p)
    return out


@mistake("sorted_keys", "cut theta in sorted key order",
         "walk the template's own key order, the order params_to_vector used")
def _v2p_sorted(theta, template):
    out, start = {}, 0
    for k in sorted(template):
        out[k] = theta[start:start + np.size(template[k])].reshape(np.shape(template[k])).copy()
        start += np.size(template[k])
    return out


@mistake("returns_list", "returned a list of arrays instead of a dict",
         "return a dict under the template's keys: {key: array, ...}")
def _v2p_list(theta, template):
    out, start = [], 0
    for p in template.values():
        out.append(theta[start:start + np.size(p)].reshape(np.shape(p)).copy())
        start += np.size(p)
    return out


exercise("vector_to_params", gradcheck.vector_to_params, NB, 2, cases=_to_params_cases, hidden=_to_params_hidden,
         mistakes=[_v2p_fortran, _v2p_sorted, _v2p_list], contract=_dict_contract("template"))


# ---------------------------------------------------------------- numerical_gradient
def _numerical(rng, n, kind, kw):
    if kind == "quartic":
        f = partial(objectives.quartic, c=rng.uniform(0.5, 2, n))
    else:
        M = normal(rng, n, n)
        f = partial(objectives.quadratic, A=M @ M.T + np.eye(n), b=normal(rng, n))
    return Case({"f": f, "theta": normal(rng, n), **kw})


def _numerical_cases(rng):
    return [_numerical(rng, *spec) for spec in [(4, "quartic", {}), (3, "quadratic", {"epsilon": 1e-4}),
                                                 (5, "quartic", {"epsilon": 1e-3})]]


def _numerical_hidden(rng):
    return [_numerical(rng, *spec) for spec in [(6, "quadratic", {}), (2, "quartic", {"epsilon": 1e-2}),
                                                 (1, "quartic", {"epsilon": 1e-5}),
                                                 (7, "quadratic", {"epsilon": 1e-3})]]


def _two_sided(f, theta, epsilon):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        plus, minus = theta.astype(float).copy(), theta.astype(float).copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
    return grad


@mistake("one_sided", "one-sided difference ({side})",
         "use the two-sided difference (f(theta + eps e_i) - f(theta - eps e_i)) / (2 * eps): its error is O(eps^2)",
         side=["forward: (f(theta + eps) - f(theta)) / eps", "backward: (f(theta) - f(theta - eps)) / eps"])
def _ng_one_sided(f, theta, epsilon=1e-7, *, side):
    grad, base = np.zeros(len(theta)), f(theta)
    sign = 1.0 if side.startswith("forward") else -1.0
    for i in range(len(theta)):
        moved = theta.astype(float).copy()
        moved[i] += sign * epsilon
        grad[i] = sign * (f(moved) - base) / epsilon
    return grad


@mistake("over_epsilon", "divided by epsilon instead of 2 * epsilon",
         "the two points are 2 * epsilon apart: divide by (2 * epsilon)")
def _ng_over_eps(f, theta, epsilon=1e-7):
    return 2 * _two_sided(f, theta, epsilon)


@mistake("precedence_slip", "f(plus) - f(minus) / (2 * eps) without parentheses",
         "parenthesise the difference: (f(plus) - f(minus)) / (2 * epsilon)")
def _ng_precedence(f, theta, epsilon=1e-7):
    grad = np.zeros(len(theta))
    for i in range(len(theta)):
        plus, minus = theta.astype(float).copy(), theta.astype(float).copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = f(plus) - f(minus) / (2 * epsilon)
    return grad


@mistake("not_restored", "each nudge is left in place (earlier entries stay at {left_at})",
         "perturb a fresh copy for each i (plus = theta.copy(); plus[i] += epsilon), or undo the nudge",
         left_at=["-epsilon", "+epsilon"])
def _ng_drift(f, theta, epsilon=1e-7, *, left_at):
    work, grad = theta.astype(float).copy(), np.zeros(len(theta))
    for i in range(len(theta)):
        work[i] += epsilon
        fp = f(work)
        work[i] -= 2 * epsilon
        fm = f(work)
        grad[i] = (fp - fm) / (2 * epsilon)
        if left_at == "+epsilon":
            work[i] += 2 * epsilon
    return grad


exercise("numerical_gradient", gradcheck.numerical_gradient, NB, 2, cases=_numerical_cases, hidden=_numerical_hidden,
         rtol=1e-5, atol=1e-6, mistakes=[_ng_one_sided, _ng_over_eps, _ng_precedence, _ng_drift],
         contract=[shape("n = 1", lambda a: a["theta"].shape == (1,)),
                   edge("epsilon large enough for one-sided and two-sided to differ", tell=_ng_one_sided.fn),
                   waive("theta is not modified", "the mutation stage checks every case's inputs are unchanged"),
                   waive("f: function of a 1-D array returning a number", "the kinds of f's own argument and "
                                                                         "result, not of an argument of ours")])


# ---------------------------------------------------------------- relative_difference
def _relative(rng, shape, noise, scale=1.0, **kw):
    grad = normal(rng, *shape, scale=scale)
    return Case({"grad": grad, "grad_approx": grad + normal(rng, *shape, scale=noise * scale), **kw})


def _relative_cases(rng):
    cases = [_relative(rng, (n,), noise) for n, noise in [(5, 1e-7), (8, 1e-3), (3, 1.0)]]
    return cases + [Case({"grad": np.zeros(4), "grad_approx": np.zeros(4)})]


def _relative_hidden(rng):
    cases = [_relative(rng, (n,), noise) for n, noise in [(12, 1e-7), (1, 1e-3), (6, 1.0), (4, 1e-7)]]
    return cases + [_relative(rng, (3, 4), 1e-2), _relative(rng, (5,), 0.5, scale=1e-4, atol=1e-2),
                    _relative(rng, (4,), 0.3, scale=1e-15), Case({"grad": np.zeros(3), "grad_approx": np.zeros(3)}),
                    Case({"grad": np.zeros(3), "grad_approx": np.array([1e-3, 0.0, -2e-3])}),
                    Case({"grad": np.array([0.25]), "grad_approx": np.array([-0.25]), "atol": 0.5})]  # norms = atol


@mistake("no_denominator", "returned ||grad - grad_approx|| without dividing",
         "divide by ||grad|| + ||grad_approx|| so the result does not depend on the gradient's scale")
def _rd_no_denominator(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx))


@mistake("grad_norm_only", "divided by ||grad|| only", "the denominator is ||grad|| + ||grad_approx||")
def _rd_grad_only(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx) / np.linalg.norm(grad))


@mistake("squared_norms", "used squared norms", "use the plain (L2) norms: np.linalg.norm(v)", guard=[True, False])
def _rd_squared(grad, grad_approx, *, atol=1e-12, guard):
    d = np.sum((grad - grad_approx) ** 2)
    denominator = np.sum(grad**2) + np.sum(grad_approx**2)
    return float(d if guard and denominator < atol else d / denominator)


@mistake("no_zero_guard", "0 / 0 = NaN when both gradients are zero",
         "when the denominator is below atol, return the numerator (the absolute difference) instead")
def _rd_nan(grad, grad_approx, *, atol=1e-12):
    return float(np.linalg.norm(grad - grad_approx) / (np.linalg.norm(grad) + np.linalg.norm(grad_approx)))


@mistake("guard_ignores_atol", "the zero guard {how}",
         "return the numerator when ||grad|| + ||grad_approx|| < atol (the atol argument), else the ratio",
         how=["uses a fixed 1e-12", "tests == 0"])
def _rd_fixed_guard(grad, grad_approx, *, atol=1e-12, how):
    numerator = np.linalg.norm(grad - grad_approx)
    denominator = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    small = denominator < 1e-12 if how.startswith("uses") else denominator == 0
    return float(numerator if small else numerator / denominator)


exercise("relative_difference", gradcheck.relative_difference, NB, 1, cases=_relative_cases, hidden=_relative_hidden,
         mistakes=[_rd_no_denominator, _rd_grad_only, _rd_squared, _rd_nan, _rd_fixed_guard],
         contract=[shape("2-D arrays", lambda a: a["grad"].ndim == 2), shape("n = 1", lambda a: a["grad"].size == 1),
                   edge("both norms zero: the absolute difference", holds=lambda a: not np.any(a["grad"]) and not
                        np.any(a["grad_approx"]), quote="the absolute difference if both norms < atol"),
                   edge("one gradient zero, the other not", holds=lambda a: not np.any(a["grad"]) and np.any(
                       a["grad_approx"])),
                   edge("the norms' sum exactly atol is not below it", holds=lambda a: a.get("atol") is not None and (
                       np.linalg.norm(a["grad"]) + np.linalg.norm(a["grad_approx"]) == a["atol"]))])
