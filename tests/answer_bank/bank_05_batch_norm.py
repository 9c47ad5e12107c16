"""Answers for 05_batch_norm."""

import numpy as np

from . import valid, wrong


# ---------------------------------------------------------------- batchnorm_forward
def _forward(Z, gamma, beta, epsilon, *, var_of=None, denom=None, axis=1, store_std=False, swap=False):
    mu = Z.mean(axis=axis, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=axis, keepdims=True) if var_of is None else var_of(Z, mu)
    Z_norm = (Z - mu) / (np.sqrt(var + epsilon) if denom is None else denom(var, epsilon))
    out = beta * Z_norm + gamma if swap else gamma * Z_norm + beta
    return out, {"Z_norm": Z_norm, "mu": mu, "var": np.sqrt(var) if store_std else var, "gamma": gamma,
                 "epsilon": epsilon}


@valid("batchnorm_forward")
def batchnorm_forward__ok_1(Z, gamma, beta, *, epsilon=1e-5):
    m = Z.shape[1]
    mu = np.sum(Z, axis=1, keepdims=True) / m
    centred = Z - mu
    var = np.sum(centred * centred, axis=1, keepdims=True) / m
    Z_norm = centred / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@valid("batchnorm_forward")
def batchnorm_forward__ok_2(Z, gamma, beta, *, epsilon=1e-5):
    mu = Z.mean(axis=1)[:, None]
    var = Z.var(axis=1)[:, None]
    inv = 1.0 / np.sqrt(var + epsilon)
    Z_norm = (Z - mu) * inv
    cache = dict(Z_norm=Z_norm, mu=mu, var=var, gamma=gamma, epsilon=epsilon)
    return Z_norm * gamma + beta, cache


@wrong("batchnorm_forward", "ddof_one")
def batchnorm_forward__ddof_one_1(Z, gamma, beta, *, epsilon=1e-5):
    return _forward(Z, gamma, beta, epsilon, var_of=lambda Z, mu: Z.var(axis=1, ddof=1, keepdims=True))


@wrong("batchnorm_forward", "ddof_one")
def batchnorm_forward__ddof_one_2(Z, gamma, beta, *, epsilon=1e-5):
    m = Z.shape[1]
    return _forward(Z, gamma, beta, epsilon, var_of=lambda Z, mu: ((Z - mu) ** 2).sum(axis=1, keepdims=True) / (m - 1))


@wrong("batchnorm_forward", "ddof_one")
def batchnorm_forward__ddof_one_3(Z, gamma, beta, *, epsilon=1e-5):
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.var(Z, axis=1, ddof=1).reshape(-1, 1)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


@wrong("batchnorm_forward", "epsilon_placement")
def batchnorm_forward__epsilon_placement_1(Z, gamma, beta, *, epsilon=1e-5):
    return _forward(Z, gamma, beta, epsilon, denom=lambda var, eps: np.sqrt(var) + eps)


@wrong("batchnorm_forward", "epsilon_placement")
def batchnorm_forward__epsilon_placement_2(Z, gamma, beta, *, epsilon=1e-5):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon**2)  # epsilon squared: it all but vanishes
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": var + epsilon, "gamma": gamma,
                                   "epsilon": epsilon}


@wrong("batchnorm_forward", "epsilon_placement")
def batchnorm_forward__epsilon_placement_3(Z, gamma, beta, *, epsilon=1e-5):
    mu = Z.mean(axis=1, keepdims=True)
    std = Z.std(axis=1, keepdims=True)
    Z_norm = (Z - mu) / std
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": std**2, "gamma": gamma, "epsilon": epsilon}


@wrong("batchnorm_forward", "wrong_axis")
def batchnorm_forward__wrong_axis_1(Z, gamma, beta, *, epsilon=1e-5):
    return _forward(Z, gamma, beta, epsilon, axis=0)


@wrong("batchnorm_forward", "wrong_axis")
def batchnorm_forward__wrong_axis_2(Z, gamma, beta, *, epsilon=1e-5):
    Zt = Z.T  # examples as rows; the statistics then taken per example and transposed back
    mu = Zt.mean(axis=1, keepdims=True)
    var = Zt.var(axis=1, keepdims=True)
    Z_norm = ((Zt - mu) / np.sqrt(var + epsilon)).T
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu.T, "var": var.T, "gamma": gamma, "epsilon": epsilon}


@wrong("batchnorm_forward", "wrong_axis")
def batchnorm_forward__wrong_axis_3(Z, gamma, beta, *, epsilon=1e-5):
    mu, var = Z.mean(), Z.var()
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": np.full((Z.shape[0], 1), mu),
                                   "var": np.full((Z.shape[0], 1), var), "gamma": gamma, "epsilon": epsilon}


@wrong("batchnorm_forward", "std_in_cache")
def batchnorm_forward__std_in_cache_1(Z, gamma, beta, *, epsilon=1e-5):
    return _forward(Z, gamma, beta, epsilon, store_std=True)


@wrong("batchnorm_forward", "std_in_cache")
def batchnorm_forward__std_in_cache_2(Z, gamma, beta, *, epsilon=1e-5):
    mu = Z.mean(axis=1, keepdims=True)
    sd = Z.std(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(sd**2 + epsilon)
    return gamma * Z_norm + beta, {"Z_norm": Z_norm, "mu": mu, "var": sd, "gamma": gamma, "epsilon": epsilon}


@wrong("batchnorm_forward", "std_in_cache")
def batchnorm_forward__std_in_cache_3(Z, gamma, beta, *, epsilon=1e-5):
    out, cache = batchnorm_forward__ok_1(Z, gamma, beta, epsilon=epsilon)
    cache["var"] = np.sqrt(cache["var"])
    return out, cache


@wrong("batchnorm_forward", "gamma_beta_swapped")
def batchnorm_forward__gamma_beta_swapped_1(Z, gamma, beta, *, epsilon=1e-5):
    return _forward(Z, gamma, beta, epsilon, swap=True)


@wrong("batchnorm_forward", "gamma_beta_swapped")
def batchnorm_forward__gamma_beta_swapped_2(Z, gamma, beta, *, epsilon=1e-5):
    out, cache = batchnorm_forward__ok_2(Z, gamma, beta, epsilon=epsilon)
    return beta * cache["Z_norm"] + gamma, cache


@wrong("batchnorm_forward", "gamma_beta_swapped")
def batchnorm_forward__gamma_beta_swapped_3(Z, gamma, beta, *, epsilon=1e-5):
    scale, shift = beta, gamma
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return Z_norm * scale + shift, {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


# ---------------------------------------------------------------- batchnorm_backward
def _backward(dZ_tilde, cache, *, sums=False, terms=True, sums_in_dZ=False, gamma=True, denom=None):
    Z_norm, var, g, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    dgamma = (dZ_tilde * Z_norm).sum(axis=1, keepdims=True)
    dbeta = dZ_tilde.sum(axis=1, keepdims=True)
    k = 1 if sums_in_dZ else m
    dZ_norm = dZ_tilde * (g if gamma else 1.0)
    stddev = np.sqrt(var + eps) if denom is None else denom(var, eps)
    if terms:
        dZ = (dZ_norm - (g if gamma else 1.0) * (dbeta / k + Z_norm * dgamma / k)) / stddev
    else:
        dZ = dZ_norm / stddev
    return (dZ, dgamma, dbeta) if sums else (dZ, dgamma / m, dbeta / m)


@valid("batchnorm_backward")
def batchnorm_backward__ok_1(dZ_tilde, cache):
    Z_norm, var, gamma, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    dZ_norm = dZ_tilde * gamma
    dvar = np.sum(dZ_norm * Z_norm, axis=1, keepdims=True) * -0.5 / (var + eps)
    dmu = -np.sum(dZ_norm, axis=1, keepdims=True) / np.sqrt(var + eps)
    Zc = Z_norm * np.sqrt(var + eps)
    dZ = dZ_norm / np.sqrt(var + eps) + dvar * 2 * Zc / m + dmu / m
    return dZ, np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True), np.mean(dZ_tilde, axis=1, keepdims=True)


@valid("batchnorm_backward")
def batchnorm_backward__ok_2(dZ_tilde, cache):
    return _backward(dZ_tilde, cache)


@wrong("batchnorm_backward", "param_grads_summed")
def batchnorm_backward__param_grads_summed_1(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, sums=True)


@wrong("batchnorm_backward", "param_grads_summed")
def batchnorm_backward__param_grads_summed_2(dZ_tilde, cache):
    dZ, dgamma, dbeta = batchnorm_backward__ok_1(dZ_tilde, cache)
    m = dZ_tilde.shape[1]
    return dZ, dgamma * m, dbeta * m


@wrong("batchnorm_backward", "param_grads_summed")
def batchnorm_backward__param_grads_summed_3(dZ_tilde, cache):
    dZ, _, _ = _backward(dZ_tilde, cache)
    return dZ, np.sum(dZ_tilde * cache["Z_norm"], axis=1, keepdims=True), dZ_tilde.sum(axis=1)[:, None]


@wrong("batchnorm_backward", "mean_terms_missing")
def batchnorm_backward__mean_terms_missing_1(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, terms=False)


@wrong("batchnorm_backward", "mean_terms_missing")
def batchnorm_backward__mean_terms_missing_2(dZ_tilde, cache):
    dZ = cache["gamma"] * dZ_tilde / np.sqrt(cache["var"] + cache["epsilon"])
    return dZ, np.mean(dZ_tilde * cache["Z_norm"], axis=1, keepdims=True), np.mean(dZ_tilde, axis=1, keepdims=True)


@wrong("batchnorm_backward", "mean_terms_missing")
def batchnorm_backward__mean_terms_missing_3(dZ_tilde, cache):
    _, dgamma, dbeta = batchnorm_backward__ok_1(dZ_tilde, cache)
    return dZ_tilde * (cache["gamma"] / np.sqrt(cache["var"] + cache["epsilon"])), dgamma, dbeta


@wrong("batchnorm_backward", "sums_in_dZ")
def batchnorm_backward__sums_in_dZ_1(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, sums_in_dZ=True)


@wrong("batchnorm_backward", "sums_in_dZ")
def batchnorm_backward__sums_in_dZ_2(dZ_tilde, cache):
    Z_norm, gamma = cache["Z_norm"], cache["gamma"]
    s = gamma / np.sqrt(cache["var"] + cache["epsilon"])
    dZ = s * (dZ_tilde - dZ_tilde.sum(axis=1, keepdims=True) - Z_norm * (dZ_tilde * Z_norm).sum(axis=1, keepdims=True))
    return dZ, (dZ_tilde * Z_norm).mean(axis=1, keepdims=True), dZ_tilde.mean(axis=1, keepdims=True)


@wrong("batchnorm_backward", "sums_in_dZ")
def batchnorm_backward__sums_in_dZ_3(dZ_tilde, cache):
    m = dZ_tilde.shape[1]
    _, dgamma, dbeta = _backward(dZ_tilde, cache)
    dZ = cache["gamma"] / np.sqrt(cache["var"] + cache["epsilon"]) * (
        dZ_tilde - m * dbeta - cache["Z_norm"] * m * dgamma)
    return dZ, dgamma, dbeta


@wrong("batchnorm_backward", "gamma_forgotten")
def batchnorm_backward__gamma_forgotten_1(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, gamma=False)


@wrong("batchnorm_backward", "gamma_forgotten")
def batchnorm_backward__gamma_forgotten_2(dZ_tilde, cache):
    return batchnorm_backward__ok_1(dZ_tilde, {**cache, "gamma": np.ones_like(cache["gamma"])})


@wrong("batchnorm_backward", "gamma_forgotten")
def batchnorm_backward__gamma_forgotten_3(dZ_tilde, cache):
    Z_norm = cache["Z_norm"]
    dZ = (dZ_tilde - dZ_tilde.mean(axis=1, keepdims=True) - Z_norm * (dZ_tilde * Z_norm).mean(axis=1, keepdims=True))
    dZ = dZ / np.sqrt(cache["var"] + cache["epsilon"])
    return dZ, (dZ_tilde * Z_norm).mean(axis=1, keepdims=True), dZ_tilde.mean(axis=1, keepdims=True)


@wrong("batchnorm_backward", "epsilon_placement")
def batchnorm_backward__epsilon_placement_1(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, denom=lambda var, eps: np.sqrt(var))


@wrong("batchnorm_backward", "epsilon_placement")
def batchnorm_backward__epsilon_placement_2(dZ_tilde, cache):
    return _backward(dZ_tilde, cache, denom=lambda var, eps: np.sqrt(var) + eps)


@wrong("batchnorm_backward", "epsilon_placement")
def batchnorm_backward__epsilon_placement_3(dZ_tilde, cache):
    return batchnorm_backward__ok_1(dZ_tilde, {**cache, "epsilon": 0.0})


# ---------------------------------------------------------------- update_running_stats
@valid("update_running_stats")
def update_running_stats__ok_1(running_mean, running_var, mu, var, momentum=0.9):
    return running_mean + (1 - momentum) * (mu - running_mean), running_var + (1 - momentum) * (var - running_var)


@valid("update_running_stats")
def update_running_stats__ok_2(running_mean, running_var, mu, var, momentum=0.9):
    return [momentum * r + (1 - momentum) * b for r, b in ((running_mean, mu), (running_var, var))]


@wrong("update_running_stats", "weights_swapped")
def update_running_stats__weights_swapped_1(running_mean, running_var, mu, var, momentum=0.9):
    return (1 - momentum) * running_mean + momentum * mu, (1 - momentum) * running_var + momentum * var


@wrong("update_running_stats", "weights_swapped")
def update_running_stats__weights_swapped_2(running_mean, running_var, mu, var, momentum=0.9):
    return mu + (1 - momentum) * (running_mean - mu), var + (1 - momentum) * (running_var - var)


@wrong("update_running_stats", "weights_swapped")
def update_running_stats__weights_swapped_3(running_mean, running_var, mu, var, momentum=0.9):
    keep = 1 - momentum
    return keep * running_mean + (1 - keep) * mu, keep * running_var + (1 - keep) * var


@wrong("update_running_stats", "var_from_mu")
def update_running_stats__var_from_mu_1(running_mean, running_var, mu, var, momentum=0.9):
    return momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * mu


@wrong("update_running_stats", "var_from_mu")
def update_running_stats__var_from_mu_2(running_mean, running_var, mu, var, momentum=0.9):
    new_mean = momentum * running_mean + (1 - momentum) * mu
    return new_mean, running_var + (1 - momentum) * (mu - running_var)


@wrong("update_running_stats", "var_from_mu")
def update_running_stats__var_from_mu_3(running_mean, running_var, mu, var, momentum=0.9):
    batch = mu
    return tuple(momentum * r + (1 - momentum) * batch for r in (running_mean, running_var))


@wrong("update_running_stats", "momentum_ignored")
def update_running_stats__momentum_ignored_1(running_mean, running_var, mu, var, momentum=0.9):
    return 0.9 * running_mean + 0.1 * mu, 0.9 * running_var + 0.1 * var


@wrong("update_running_stats", "momentum_ignored")
def update_running_stats__momentum_ignored_2(running_mean, running_var, mu, var, momentum=0.9):
    beta = 0.9
    return beta * running_mean + (1 - beta) * mu, beta * running_var + (1 - beta) * var


@wrong("update_running_stats", "momentum_ignored")
def update_running_stats__momentum_ignored_3(running_mean, running_var, mu, var, momentum=0.9):
    return running_mean + 0.1 * (mu - running_mean), running_var + 0.1 * (var - running_var)


@wrong("update_running_stats", "batch_only")
def update_running_stats__batch_only_1(running_mean, running_var, mu, var, momentum=0.9):
    return mu.copy(), var.copy()


@wrong("update_running_stats", "batch_only")
def update_running_stats__batch_only_2(running_mean, running_var, mu, var, momentum=0.9):
    return np.array(mu), np.array(var)


@wrong("update_running_stats", "batch_only")
def update_running_stats__batch_only_3(running_mean, running_var, mu, var, momentum=0.9):
    return 0 * running_mean + mu, 0 * running_var + var


# ---------------------------------------------------------------- batchnorm_inference
@valid("batchnorm_inference")
def batchnorm_inference__ok_1(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    scale = gamma / np.sqrt(running_var + epsilon)
    return scale * Z + (beta - scale * running_mean)


@valid("batchnorm_inference")
def batchnorm_inference__ok_2(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    Z_norm = (Z - running_mean) / np.sqrt(running_var + epsilon)
    return np.multiply(gamma, Z_norm) + beta


@wrong("batchnorm_inference", "batch_statistics")
def batchnorm_inference__batch_statistics_1(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta


@wrong("batchnorm_inference", "batch_statistics")
def batchnorm_inference__batch_statistics_2(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    running_mean, running_var = np.mean(Z, axis=1)[:, None], np.var(Z, axis=1)[:, None]
    return gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta


@wrong("batchnorm_inference", "batch_statistics")
def batchnorm_inference__batch_statistics_3(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    centred = Z - Z.mean(axis=1, keepdims=True)
    return gamma * centred / np.sqrt((centred**2).mean(axis=1, keepdims=True) + epsilon) + beta


@wrong("batchnorm_inference", "epsilon_placement")
def batchnorm_inference__epsilon_placement_1(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return gamma * (Z - running_mean) / (np.sqrt(running_var) + epsilon) + beta


@wrong("batchnorm_inference", "epsilon_placement")
def batchnorm_inference__epsilon_placement_2(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    std = np.sqrt(running_var)
    return gamma * (Z - running_mean) / std + beta


@wrong("batchnorm_inference", "epsilon_placement")
def batchnorm_inference__epsilon_placement_3(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    scale = gamma / (running_var**0.5 + epsilon)  # the inference path written apart from training's
    return scale * Z + beta - scale * running_mean


@wrong("batchnorm_inference", "no_sqrt")
def batchnorm_inference__no_sqrt_1(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return gamma * (Z - running_mean) / (running_var + epsilon) + beta


@wrong("batchnorm_inference", "no_sqrt")
def batchnorm_inference__no_sqrt_2(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return gamma * np.divide(Z - running_mean, running_var + epsilon) + beta


@wrong("batchnorm_inference", "no_sqrt")
def batchnorm_inference__no_sqrt_3(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    scale = gamma / (running_var + epsilon)
    return scale * Z + beta - scale * running_mean


@wrong("batchnorm_inference", "gamma_beta_swapped")
def batchnorm_inference__gamma_beta_swapped_1(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return beta * (Z - running_mean) / np.sqrt(running_var + epsilon) + gamma


@wrong("batchnorm_inference", "gamma_beta_swapped")
def batchnorm_inference__gamma_beta_swapped_2(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    return batchnorm_inference__ok_2(Z, beta, gamma, running_mean, running_var, epsilon=epsilon)


@wrong("batchnorm_inference", "gamma_beta_swapped")
def batchnorm_inference__gamma_beta_swapped_3(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    Z_norm = (Z - running_mean) / np.sqrt(running_var + epsilon)
    return Z_norm * beta + gamma


# ---------------------------------------------------------------- softmax
@valid("softmax")
def softmax__ok_1(Z):
    shifted = Z - np.max(Z, axis=0)
    E = np.exp(shifted)
    return E / np.sum(E, axis=0)


@valid("softmax")
def softmax__ok_2(Z):
    log_norm = np.max(Z, axis=0, keepdims=True) + np.log(np.sum(np.exp(Z - Z.max(axis=0, keepdims=True)), axis=0,
                                                                keepdims=True))
    return np.exp(Z - log_norm)


@wrong("softmax", "axis_one")
def softmax__axis_one_1(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


@wrong("softmax", "axis_one")
def softmax__axis_one_2(Z):
    return softmax__ok_1(Z.T).T


@wrong("softmax", "axis_one")
def softmax__axis_one_3(Z):
    rows = []
    for row in Z:
        e = np.exp(row - row.max())
        rows.append(e / e.sum())
    return np.array(rows)


@wrong("softmax", "global_sum")
def softmax__global_sum_1(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum()


@wrong("softmax", "global_sum")
def softmax__global_sum_2(Z):
    E = np.exp(Z - np.max(Z))
    return E / np.sum(E, axis=None)


@wrong("softmax", "global_sum")
def softmax__global_sum_3(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=(0, 1), keepdims=True)


@wrong("softmax", "overflow")
def softmax__overflow_1(Z):
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True)


@wrong("softmax", "overflow")
def softmax__overflow_2(Z):
    E = np.exp(Z - Z.max())  # one shift for the whole matrix
    return E / E.sum(axis=0, keepdims=True)


@wrong("softmax", "overflow")
def softmax__overflow_3(Z):
    return np.exp(Z) / np.sum(np.exp(Z), axis=0)


# ---------------------------------------------------------------- softmax_cross_entropy_backward
def _sm(Z, axis=0):
    E = np.exp(Z - Z.max(axis=axis, keepdims=True))
    return E / E.sum(axis=axis, keepdims=True)


@valid("softmax_cross_entropy_backward")
def softmax_cross_entropy_backward__ok_1(Z, Y):
    return softmax__ok_2(Z) - Y


@valid("softmax_cross_entropy_backward")
def softmax_cross_entropy_backward__ok_2(Z, Y):
    dZ = _sm(Z)
    dZ[Y.astype(bool)] -= 1
    return dZ


@wrong("softmax_cross_entropy_backward", "sign_flipped")
def softmax_cross_entropy_backward__sign_flipped_1(Z, Y):
    return Y - _sm(Z)


@wrong("softmax_cross_entropy_backward", "sign_flipped")
def softmax_cross_entropy_backward__sign_flipped_2(Z, Y):
    return -(_sm(Z) - Y)


@wrong("softmax_cross_entropy_backward", "sign_flipped")
def softmax_cross_entropy_backward__sign_flipped_3(Z, Y):
    return np.subtract(Y, softmax__ok_1(Z))


@wrong("softmax_cross_entropy_backward", "divided_by_m")
def softmax_cross_entropy_backward__divided_by_m_1(Z, Y):
    return (_sm(Z) - Y) / Z.shape[1]


@wrong("softmax_cross_entropy_backward", "divided_by_m")
def softmax_cross_entropy_backward__divided_by_m_2(Z, Y):
    m = Y.shape[1]
    return (1 / m) * (softmax__ok_1(Z) - Y)


@wrong("softmax_cross_entropy_backward", "divided_by_m")
def softmax_cross_entropy_backward__divided_by_m_3(Z, Y):
    return np.divide(_sm(Z) - Y, len(Z[0]))


@wrong("softmax_cross_entropy_backward", "no_softmax")
def softmax_cross_entropy_backward__no_softmax_1(Z, Y):
    return Z - Y


@wrong("softmax_cross_entropy_backward", "no_softmax")
def softmax_cross_entropy_backward__no_softmax_2(Z, Y):
    return np.subtract(Z, Y)


@wrong("softmax_cross_entropy_backward", "no_softmax")
def softmax_cross_entropy_backward__no_softmax_3(Z, Y):
    dZ = Z.copy()
    dZ[Y == 1] -= 1
    return dZ


@wrong("softmax_cross_entropy_backward", "axis_one")
def softmax_cross_entropy_backward__axis_one_1(Z, Y):
    return _sm(Z, axis=1) - Y


@wrong("softmax_cross_entropy_backward", "axis_one")
def softmax_cross_entropy_backward__axis_one_2(Z, Y):
    return softmax__ok_1(Z.T).T - Y


@wrong("softmax_cross_entropy_backward", "axis_one")
def softmax_cross_entropy_backward__axis_one_3(Z, Y):
    E = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return E / E.sum(axis=-1, keepdims=True) - Y
