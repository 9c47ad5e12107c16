"""05_batch_norm: batch normalisation forward, backward, running statistics and test time; softmax and its
cross-entropy gradient."""

import numpy as np

from dlcore import activations, layers, losses
from dlcore.data import one_hot

from ._contract import edge, shape
from ._core import Case, exercise, explorer, float32_case, mistake, normal, notebook

NB = notebook(
    "05_batch_norm", "batch norm",
    "normalising Z over the mini-batch; gamma and beta; its backward pass, derived; running statistics; softmax "
    "and its cross-entropy gradient",
    [explorer("batchnorm_explorer", "with vs without batch norm: activations and a learning-rate sweep", goal_ms=100)])


def _gamma_beta(rng, n):
    return 1 + normal(rng, n, 1, scale=0.5), normal(rng, n, 1, scale=0.5)


# ---------------------------------------------------------------- batchnorm_forward
def _forward(rng, shape, kw, constant=False):
    Z = 2 + normal(rng, *shape, scale=3)
    if constant:
        Z[0] = 1.5  # a unit that is constant over the batch: var = 0, epsilon keeps it finite
    gamma, beta = _gamma_beta(rng, shape[0])
    return Case({"Z": Z, "gamma": gamma, "beta": beta, **kw})


def _forward_cases(rng):
    return [_forward(rng, (3, 8), {}), _forward(rng, (2, 5), {"epsilon": 1e-3}),
            _forward(rng, (4, 6), {"epsilon": 1e-2}, True)]


def _forward_hidden(rng):
    specs = [((5, 16), {}), ((1, 7), {"epsilon": 1e-1}), ((3, 4), {"epsilon": 1e-3}, True), ((2, 9), {}),
             ((6, 6), {"epsilon": 1e-2}), ((3, 1), {"epsilon": 1e-2})]
    return [_forward(rng, *spec) for spec in specs] + [float32_case(_forward(rng, (3, 5), {"epsilon": 1e-2}))]


def _denominator(var, epsilon, where):
    """sqrt(var + epsilon), or epsilon misplaced: "added after the square root", "squared inside the square
    root", "left out"."""
    if where == "added after the square root":
        return np.sqrt(var) + epsilon
    if where == "squared inside the square root":
        return np.sqrt(var + epsilon**2)
    if where == "left out":
        return np.sqrt(var)
    return np.sqrt(var + epsilon)


EPSILON_PLACES = ["added after the square root", "squared inside the square root", "left out"]


def _bn(Z, gamma, beta, epsilon, *, ddof=0, eps_where="inside", axis=1, cache_std=False, swap=False):
    mu = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, ddof=ddof, keepdims=True)
    denom = _denominator(var, epsilon, eps_where)
    Z_norm = (Z - mu) / denom
    out = beta * Z_norm + gamma if swap else gamma * Z_norm + beta
    return out, {"Z_norm": Z_norm, "mu": mu, "var": np.sqrt(var) if cache_std else var, "gamma": gamma,
                 "epsilon": epsilon}


@mistake("ddof_one", "batch-norm variance with ddof=1",
         "use the biased variance over the batch: np.mean((Z - mu)**2, axis=1, keepdims=True) (ddof=0)")
def _bnf_ddof(Z, gamma, beta, *, epsilon=1e-5):
    return _bn(Z, gamma, beta, epsilon, ddof=1)


@mistake("epsilon_placement", "epsilon {where}", "divide by np.sqrt(var + epsilon): epsilon goes inside the root "
         "(a constant unit has var = 0)", focus=lambda r: r[0], where=EPSILON_PLACES)
def _bnf_eps(Z, gamma, beta, *, epsilon=1e-5, where):
    return _bn(Z, gamma, beta, epsilon, eps_where=where)


@mistake("wrong_axis", "normalised over {over} instead of over the batch",
         "each unit is normalised over the m examples: mean and variance with axis=1, keepdims=True",
         focus=lambda r: r[0], over=["the units (axis=0)", "the whole matrix"])
def _bnf_axis(Z, gamma, beta, *, epsilon=1e-5, over):
    return _bn(Z, gamma, beta, epsilon, axis=0 if over.startswith("the units") else None)


@mistake("std_in_cache", "stored the standard deviation under 'var'",
         "cache['var'] is the variance itself; the backward pass takes its square root with epsilon",
         focus=lambda r: r[1]["var"])
def _bnf_cache_std(Z, gamma, beta, *, epsilon=1e-5):
    return _bn(Z, gamma, beta, epsilon, cache_std=True)


@mistake("gamma_beta_swapped", "gamma and beta swapped", "scale by gamma, then shift by beta: gamma * Z_norm + beta")
def _bnf_swap(Z, gamma, beta, *, epsilon=1e-5):
    return _bn(Z, gamma, beta, epsilon, swap=True)


exercise("batchnorm_forward", layers.batchnorm_forward, NB, 3, cases=_forward_cases, hidden=_forward_hidden,
         forbidden=["dlcore.layers.batchnorm_forward", "dlcore.layers.BatchNorm.forward"],
         mistakes=[_bnf_ddof, _bnf_eps, _bnf_axis, _bnf_cache_std, _bnf_swap],
         contract=[shape("one unit", lambda a: a["Z"].shape[0] == 1), shape("m = 1", lambda a: a["Z"].shape[1] == 1),
                   shape("square Z (a wrong axis keeps the shape)", lambda a: a["Z"].shape[0] == a["Z"].shape[1]),
                   edge("a unit constant over the batch (var = 0)", holds=lambda a: bool(np.any(np.ptp(
                       a["Z"], axis=1) == 0)) and a["Z"].shape[1] > 1)])


# ---------------------------------------------------------------- batchnorm_backward
def _backward(rng, shape, epsilon):
    gamma, beta = _gamma_beta(rng, shape[0])
    _, cache = layers.batchnorm_forward(1 + normal(rng, *shape, scale=0.5), gamma, beta, epsilon=epsilon)
    return Case({"dZ_tilde": normal(rng, *shape), "cache": cache})


def _backward_cases(rng):
    return [_backward(rng, (3, 8), 1e-5), _backward(rng, (2, 5), 1e-2)]


def _backward_hidden(rng):
    specs = [((4, 6), 1e-1), ((1, 9), 1e-3), ((5, 4), 1e-5), ((3, 3), 1e-2), ((2, 1), 1e-2)]
    return [_backward(rng, *spec) for spec in specs] + [float32_case(_backward(rng, (3, 6), 1e-2))]


def _bnb(dZ_tilde, cache, *, summed=False, mean_terms=True, sums_in_dZ=False, use_gamma=True, eps_where="inside"):
    Z_norm, var, gamma, epsilon = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    dgamma_sum = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dbeta_sum = np.sum(dZ_tilde, axis=1, keepdims=True)
    scale = (gamma if use_gamma else 1.0) / _denominator(var, epsilon, eps_where)
    if not mean_terms:
        dZ = scale * dZ_tilde
    elif sums_in_dZ:
        dZ = scale * (dZ_tilde - dbeta_sum - Z_norm * dgamma_sum)
    else:
        dZ = scale * (dZ_tilde - dbeta_sum / m - Z_norm * dgamma_sum / m)
    if summed:
        return dZ, dgamma_sum, dbeta_sum
    return dZ, dgamma_sum / m, dbeta_sum / m


@mistake("param_grads_summed", "dgamma and dbeta summed over the batch instead of averaged",
         "like every parameter gradient in the course, average over the m columns: divide the sums by m")
def _bnb_summed(dZ_tilde, cache):
    return _bnb(dZ_tilde, cache, summed=True)


@mistake("mean_terms_missing", "dZ = gamma / sqrt(var + eps) * dZ_tilde (the batch-statistics terms are missing)",
         "mu and var depend on every Z in the batch: subtract mean(dZ_tilde) and Z_norm * mean(dZ_tilde * Z_norm)")
def _bnb_no_means(dZ_tilde, cache):
    return _bnb(dZ_tilde, cache, mean_terms=False)


@mistake("sums_in_dZ", "dZ uses the sums where it needs the means",
         "dZ = gamma / sqrt(var + eps) * (dZ_tilde - mean(dZ_tilde) - Z_norm * mean(dZ_tilde * Z_norm))")
def _bnb_sums(dZ_tilde, cache):
    return _bnb(dZ_tilde, cache, sums_in_dZ=True)


@mistake("gamma_forgotten", "dZ without the factor gamma",
         "Z_tilde = gamma * Z_norm + beta, so dZ_norm = gamma * dZ_tilde")
def _bnb_no_gamma(dZ_tilde, cache):
    return _bnb(dZ_tilde, cache, use_gamma=False)


@mistake("epsilon_placement", "epsilon {where} in dZ", "divide by np.sqrt(var + epsilon), as in the forward pass",
         focus=lambda r: r[0], where=EPSILON_PLACES)
def _bnb_no_eps(dZ_tilde, cache, *, where):
    return _bnb(dZ_tilde, cache, eps_where=where)


exercise("batchnorm_backward", layers.batchnorm_backward, NB, 3, cases=_backward_cases, hidden=_backward_hidden,
         contract=[shape("one unit", lambda a: a["dZ_tilde"].shape[0] == 1),
                   shape("m = 1", lambda a: a["dZ_tilde"].shape[1] == 1)],
         forbidden=["dlcore.layers.batchnorm_backward", "dlcore.layers.BatchNorm.backward"],
         mistakes=[_bnb_summed, _bnb_no_means, _bnb_sums, _bnb_no_gamma, _bnb_no_eps])


# ---------------------------------------------------------------- update_running_stats
def _running(rng, n, momentum):
    args = {"running_mean": normal(rng, n, 1), "running_var": 1 + rng.random((n, 1)),
            "mu": normal(rng, n, 1), "var": 0.5 + rng.random((n, 1))}
    return Case({**args, **({"momentum": momentum} if momentum is not None else {})})


def _running_cases(rng):
    return [_running(rng, 3, None), _running(rng, 2, 0.8)]


def _running_hidden(rng):
    return [_running(rng, *spec) for spec in [(4, 0.99), (1, 0.5), (5, None), (3, 0.0)]] + [
        float32_case(_running(rng, 3, 0.7))]


@mistake("weights_swapped", "running stats with the momentum weights swapped",
         "running = momentum * running + (1 - momentum) * batch: the OLD running value keeps weight momentum")
def _rs_swapped(running_mean, running_var, mu, var, momentum=0.9):
    return (1 - momentum) * running_mean + momentum * mu, (1 - momentum) * running_var + momentum * var


@mistake("var_from_mu", "running_var updated with the batch mean",
         "update running_var with the batch VARIANCE var")
def _rs_mu(running_mean, running_var, mu, var, momentum=0.9):
    return momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * mu


@mistake("momentum_ignored", "momentum hard-coded to 0.9", "use the momentum argument")
def _rs_fixed(running_mean, running_var, mu, var, momentum=0.9):
    return 0.9 * running_mean + 0.1 * mu, 0.9 * running_var + 0.1 * var


@mistake("batch_only", "returned the batch statistics (no averaging)",
         "average with the running values: momentum * running + (1 - momentum) * batch")
def _rs_batch(running_mean, running_var, mu, var, momentum=0.9):
    return mu.copy(), var.copy()


exercise("update_running_stats", layers.update_running_stats, NB, 1, cases=_running_cases, hidden=_running_hidden,
         contract=[shape("one unit", lambda a: a["mu"].shape[0] == 1),
                   edge("momentum = 0 (the batch statistics)", holds=lambda a: a.get("momentum") == 0.0)],
         mistakes=[_rs_swapped, _rs_mu, _rs_fixed, _rs_batch])


# ---------------------------------------------------------------- batchnorm_inference
def _inference(rng, shape, kw):
    gamma, beta = _gamma_beta(rng, shape[0])
    return Case({"Z": 1 + normal(rng, *shape, scale=2), "gamma": gamma, "beta": beta,
                 "running_mean": normal(rng, shape[0], 1), "running_var": 0.01 + 0.3 * rng.random((shape[0], 1)),
                 **kw})


def _inference_cases(rng):
    return [_inference(rng, (3, 4), {}), _inference(rng, (2, 1), {"epsilon": 1e-2})]


def _inference_hidden(rng):
    specs = [((4, 6), {"epsilon": 1e-3}), ((1, 3), {}), ((3, 5), {"epsilon": 1e-1}), ((2, 2), {"epsilon": 1e-2})]
    return [_inference(rng, *spec) for spec in specs] + [float32_case(_inference(rng, (3, 4), {"epsilon": 1e-2}))]


@mistake("batch_statistics", "normalised with the test batch's own mean and variance",
         "at test time use running_mean and running_var (a single example has no batch statistics)")
def _bni_batch(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta


@mistake("epsilon_placement", "epsilon {where}", "divide by np.sqrt(running_var + epsilon), as in training",
         where=EPSILON_PLACES)
def _bni_no_eps(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5, where):
    return gamma * (Z - running_mean) / _denominator(running_var, epsilon, where) + beta


@mistake("no_sqrt", "divided by the variance (no square root)",
         "divide by the standard deviation np.sqrt(running_var + epsilon)")
def _bni_no_sqrt(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return gamma * (Z - running_mean) / (running_var + epsilon) + beta


@mistake("gamma_beta_swapped", "gamma and beta swapped", "gamma * Z_norm + beta")
def _bni_swap(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return beta * (Z - running_mean) / np.sqrt(running_var + epsilon) + gamma


exercise("batchnorm_inference", layers.batchnorm_inference, NB, 1, cases=_inference_cases, hidden=_inference_hidden,
         contract=[shape("m = 1 (one test example)", lambda a: a["Z"].shape[1] == 1),
                   shape("one unit", lambda a: a["Z"].shape[0] == 1)],
         mistakes=[_bni_batch, _bni_no_eps, _bni_no_sqrt, _bni_swap])


# ---------------------------------------------------------------- softmax and its cross-entropy gradient
def _softmax_cases(rng):
    return [Case({"Z": normal(rng, 3, 5, scale=2)}), Case({"Z": normal(rng, 4, 1)}),
            Case({"Z": 1000 + normal(rng, 3, 4, scale=5)})]


def _softmax_hidden(rng):
    return [Case({"Z": normal(rng, 10, 3, scale=4)}), Case({"Z": normal(rng, 2, 7)}),
            Case({"Z": np.array([[800.0, -800.0], [790.0, -1000.0], [0.0, -790.0]])}),
            Case({"Z": normal(rng, 3, 3)}), float32_case(Case({"Z": normal(rng, 4, 5, scale=3)}))]


@mistake("axis_one", "softmax normalised over axis=1 (the examples)",
         "each COLUMN is one example: sum over axis=0 with keepdims=True")
def _sm_axis(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@mistake("global_sum", "divided by the sum over the whole matrix",
         "normalise each column separately: E / E.sum(axis=0, keepdims=True)")
def _sm_global(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum()


@mistake("overflow", "not numerically stable: {how}",
         "subtract the column max first: np.exp(Z - Z.max(axis=0, keepdims=True)) gives the same softmax, never inf",
         how=["np.exp overflows for large logits (no max shift)",
              "shifted by the global max (columns far below it underflow to 0 / 0)"])
def _sm_overflow(Z, *, how):
    E = np.exp(Z) if how.startswith("np.exp") else np.exp(Z - Z.max())
    return E / E.sum(axis=0, keepdims=True)


exercise("softmax", activations.softmax, NB, 1, cases=_softmax_cases, hidden=_softmax_hidden,
         contract=[shape("m = 1", lambda a: a["Z"].shape[1] == 1), shape("two classes", lambda a: a["Z"].shape[0] == 2),
                   shape("square Z (a wrong axis keeps the shape)", lambda a: a["Z"].shape[0] == a["Z"].shape[1]),
                   edge("logits large enough to overflow exp", holds=lambda a: float(np.max(np.abs(a["Z"]))) > 710)],
         forbidden=["dlcore.activations.softmax", "dlcore.losses.softmax_cross_entropy_backward"],
         mistakes=[_sm_axis, _sm_global, _sm_overflow])


def _sce(rng, C, m, offset=0.0):
    return Case({"Z": offset + normal(rng, C, m, scale=2), "Y": one_hot(rng.integers(0, C, (1, m)), C)})


def _sce_cases(rng):
    return [_sce(rng, 3, 5), _sce(rng, 4, 2)]


def _sce_hidden(rng):
    wide = np.array([[800.0, -800.0], [790.0, -1000.0], [0.0, -790.0]])  # a wide column; one far below the other
    return [_sce(rng, *spec) for spec in [(2, 6), (5, 1), (3, 8), (3, 3), (4, 4, 1000.0)]] + [
        Case({"Z": wide, "Y": np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])}), float32_case(_sce(rng, 3, 4))]


def _stable_softmax(Z, axis=0):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


@mistake("sign_flipped", "Y - Y_hat (the sign is flipped)", "dZ = Y_hat - Y with Y_hat = softmax(Z)")
def _sce_sign(Z, Y):
    return Y - _stable_softmax(Z)


@mistake("divided_by_m", "divided by m", "backward passes return per-example gradients; the layers apply 1/m")
def _sce_over_m(Z, Y):
    return (_stable_softmax(Z) - Y) / Z.shape[1]


@mistake("no_softmax", "Z - Y (the softmax is missing)", "apply softmax to the logits first: softmax(Z) - Y")
def _sce_no_softmax(Z, Y):
    return Z - Y


@mistake("axis_one", "softmax over axis=1", "softmax normalises each column (axis=0)")
def _sce_axis(Z, Y):
    return _stable_softmax(Z, axis=1) - Y


exercise("softmax_cross_entropy_backward", losses.softmax_cross_entropy_backward, NB, 1, cases=_sce_cases,
         hidden=_sce_hidden,
         contract=[shape("m = 1", lambda a: a["Z"].shape[1] == 1), shape("two classes", lambda a: a["Z"].shape[0] == 2),
                   shape("square Z", lambda a: a["Z"].shape[0] == a["Z"].shape[1]),
                   edge("large logits", holds=lambda a: float(np.max(np.abs(a["Z"]))) > 710)],
         mistakes=[_sce_sign, _sce_over_m, _sce_no_softmax, _sce_axis])
