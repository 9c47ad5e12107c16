"""Forward/backward pairs for the derivations (autograder/derivations.py: is the backward the derivative of the
student's OWN forward?).

A right pair is a backward derived for its forward: the course's convention written another way, or another valid
convention (the unbiased variance, a mask stored scaled, the biases penalised too), and it must pass. A wrong pair
is a backward that is not the derivative of the forward it comes with, most often a right backward beside a forward
that changed, and it must fail. (The bank's wrong backward passes, WRONG[(exercise, family)], are also run through
the derivation beside the course's forward: tests/test_derivations.py.)
"""

import numpy as np

from . import derived


# ---------------------------------------------------------------- batchnorm_backward
def _bn_forward(Z, gamma, beta, epsilon=1e-5, *, ddof=0, eps_outside=False, swap=False):
    mu = Z.mean(axis=1, keepdims=True)
    var = Z.var(axis=1, ddof=ddof, keepdims=True)
    Z_norm = (Z - mu) / (np.sqrt(var) + epsilon if eps_outside else np.sqrt(var + epsilon))
    out = beta * Z_norm + gamma if swap else gamma * Z_norm + beta
    return out, {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}


def _bn_backward_chain_rule(dZ_tilde, cache):
    """The chain rule step by step (through Z_norm, the variance and the mean), for a cache with Z_norm."""
    Z_norm, var, gamma, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    inv_std = 1.0 / np.sqrt(var + eps)
    centred = Z_norm / inv_std
    dZ_norm = dZ_tilde * gamma
    dvar = np.sum(dZ_norm * centred, axis=1, keepdims=True) * -0.5 * inv_std**3
    dmu = -np.sum(dZ_norm * inv_std, axis=1, keepdims=True) - 2.0 * dvar * np.mean(centred, axis=1, keepdims=True)
    dZ = dZ_norm * inv_std + dvar * 2.0 * centred / m + dmu / m
    return dZ, np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True), np.mean(dZ_tilde, axis=1, keepdims=True)


def _bn_backward_course(dZ_tilde, cache):
    Z_norm, var, gamma, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    dgamma = np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True)
    dbeta = np.mean(dZ_tilde, axis=1, keepdims=True)
    return gamma / np.sqrt(var + eps) * (dZ_tilde - dbeta - Z_norm * dgamma), dgamma, dbeta


def _bn_backward_ddof_one(dZ_tilde, cache):
    """The derivative of the forward with the unbiased variance (divide by m - 1)."""
    Z_norm, var, gamma, eps = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    g = gamma * dZ_tilde
    dZ = (g - g.mean(axis=1, keepdims=True) - Z_norm * np.sum(g * Z_norm, axis=1, keepdims=True) / (m - 1))
    return (dZ / np.sqrt(var + eps), np.mean(dZ_tilde * Z_norm, axis=1, keepdims=True),
            np.mean(dZ_tilde, axis=1, keepdims=True))


def _bn_forward_own_epsilon(Z, gamma, beta, *, epsilon=1e-2):
    """Another epsilon (kept in the cache, as the docstring asks), so a backward that reads it stays right."""
    return _bn_forward(Z, gamma, beta, epsilon)


derived("batchnorm_backward", lambda Z, gamma, beta, *, epsilon=1e-5: _bn_forward(Z, gamma, beta, epsilon),
        _bn_backward_chain_rule, right=True, label="the chain rule through mu and var, step by step")
derived("batchnorm_backward", lambda Z, gamma, beta, *, epsilon=1e-5: _bn_forward(Z, gamma, beta, epsilon, ddof=1),
        _bn_backward_ddof_one, right=True, label="the unbiased variance, with its own derivative")
derived("batchnorm_backward", _bn_forward_own_epsilon, _bn_backward_course, right=True,
        label="another epsilon, read from the cache")
derived("batchnorm_backward", lambda Z, gamma, beta, *, epsilon=1e-5: _bn_forward(Z, gamma, beta, epsilon, ddof=1),
        _bn_backward_course, right=False, label="the course's backward beside an unbiased-variance forward")
derived("batchnorm_backward", lambda Z, gamma, beta, *, epsilon=1e-5: _bn_forward(Z, gamma, beta, epsilon, swap=True),
        _bn_backward_course, right=False, label="a forward with gamma and beta swapped")
derived("batchnorm_backward", lambda Z, gamma, beta, *, epsilon=1e-5: _bn_forward(Z, gamma, beta, 10 * epsilon),
        lambda dZ_tilde, cache: _bn_backward_course(dZ_tilde, {**cache, "epsilon": cache["epsilon"] / 10}),
        right=False, label="a backward that uses another epsilon than its forward")


# ---------------------------------------------------------------- dropout_backward
def _dropout_float_mask(A, keep_prob, *, rng=None):
    D = (np.random.default_rng(rng).random(np.shape(A)) < keep_prob).astype(float)
    return A * D / keep_prob, D


def _dropout_scaled_mask(A, keep_prob, *, rng=None):
    """Keeps D / keep_prob as the mask: another cache convention, with the backward dA * mask."""
    D = np.random.default_rng(rng).random(np.shape(A)) < keep_prob
    scaled = D / keep_prob
    return A * scaled, scaled


def _dropout_not_inverted(A, keep_prob, *, rng=None):
    D = np.random.default_rng(rng).random(np.shape(A)) < keep_prob
    return A * D, D


def _dropout_second_draw(A, keep_prob, *, rng=None):
    """Drops with one mask and returns another (two draws from the generator)."""
    rng = np.random.default_rng(rng)
    used = rng.random(np.shape(A)) < keep_prob
    return A * used / keep_prob, rng.random(np.shape(A)) < keep_prob


def _dropout_backward_course(dA, D, keep_prob):
    return dA * D / keep_prob


derived("dropout_backward", _dropout_float_mask, lambda dA, D, keep_prob: np.where(D > 0, dA / keep_prob, 0.0),
        right=True, label="a float mask and np.where")
derived("dropout_backward", _dropout_scaled_mask, lambda dA, D, keep_prob: dA * D, right=True,
        label="the mask stored already scaled by 1 / keep_prob")
derived("dropout_backward", _dropout_not_inverted, lambda dA, D, keep_prob: dA * D, right=True,
        label="the paper's dropout (no scaling in training), with its own derivative")
derived("dropout_backward", _dropout_not_inverted, _dropout_backward_course, right=False,
        label="the inverted backward beside a forward that does not scale")
derived("dropout_backward", _dropout_scaled_mask, _dropout_backward_course, right=False,
        label="the course's backward beside a mask stored scaled (1 / keep_prob twice)")
derived("dropout_backward", _dropout_second_draw, _dropout_backward_course, right=False,
        label="a forward that returns another mask than the one it used")


# ---------------------------------------------------------------- l2_penalty_grad
def _weights(params):
    return [np.asarray(W, dtype=float) for k, W in params.items() if k.startswith("W")]


def _l2_biases_too(params, lambd, m):
    return lambd / (2 * m) * sum(float(np.sum(np.asarray(p, dtype=float) ** 2)) for p in params.values())


def _l2_no_half(params, lambd, m):
    return lambd / m * sum(float(np.sum(W**2)) for W in _weights(params))


def _l2_course(params, lambd, m):
    return lambd / (2 * m) * sum(np.linalg.norm(W, "fro") ** 2 for W in _weights(params))


def _l2_not_squared(params, lambd, m):
    return lambd / (2 * m) * sum(np.linalg.norm(W, "fro") for W in _weights(params))


def _l2_first_layer_only(params, lambd, m):
    return lambd / (2 * m) * float(np.sum(np.asarray(params["W1"], dtype=float) ** 2))


derived("l2_penalty_grad", _l2_course, lambda W, lambd, m: W * (lambd / m), right=True,
        label="Frobenius norms, the factor last")
derived("l2_penalty_grad", _l2_biases_too, lambda W, lambd, m: lambd * np.asarray(W) / m, right=True,
        label="biases penalised too (their gradient is not asked for)")
derived("l2_penalty_grad", _l2_no_half, lambda W, lambd, m: 2 * lambd / m * W, right=True,
        label="no 1/2 in the penalty, so a 2 in its gradient")
derived("l2_penalty_grad", _l2_no_half, lambda W, lambd, m: lambd / m * W, right=False,
        label="the course's gradient beside a penalty without the 1/2")
derived("l2_penalty_grad", _l2_not_squared, lambda W, lambd, m: lambd / m * W, right=False,
        label="the course's gradient beside a norm that is not squared")
derived("l2_penalty_grad", _l2_first_layer_only, lambda W, lambd, m: lambd / m * W, right=False,
        label="a penalty on W1 only, with a gradient for every W")


# ---------------------------------------------------------------- softmax_cross_entropy_backward
def _softmax_logsumexp(Z):
    top = Z.max(axis=0, keepdims=True)
    return np.exp(Z - top - np.log(np.sum(np.exp(Z - top), axis=0, keepdims=True)))


def _ce_backward_jacobian(Z, Y):
    """dL/dZ through the softmax's Jacobian, column by column: J^T (-Y / Y_hat)."""
    P = _softmax_logsumexp(Z)
    dZ = np.empty_like(P)
    for j in range(Z.shape[1]):
        p = P[:, j]
        dZ[:, j] = (np.diag(p) - np.outer(p, p)).T @ (-Y[:, j] / p)
    return dZ


def _softmax_columns_loop(Z):
    out = np.empty_like(Z, dtype=float)
    for j in range(Z.shape[1]):
        e = np.exp(Z[:, j] - Z[:, j].max())
        out[:, j] = e / e.sum()
    return out


def _softmax_over_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _softmax_halved(Z):
    return _softmax_logsumexp(Z / 2)


def _ce_backward_course(Z, Y):
    return _softmax_logsumexp(Z) - Y


derived("softmax_cross_entropy_backward", _softmax_logsumexp, _ce_backward_jacobian, right=True,
        label="the full Jacobian, chained with -Y / Y_hat")
derived("softmax_cross_entropy_backward", _softmax_columns_loop, lambda Z, Y: _softmax_columns_loop(Z) - Y,
        right=True, label="a loop over the columns")
derived("softmax_cross_entropy_backward", _softmax_halved, lambda Z, Y: (_softmax_halved(Z) - Y) / 2, right=True,
        label="a softmax of Z / 2, with its own derivative")
derived("softmax_cross_entropy_backward", _softmax_over_rows, _ce_backward_course, right=False,
        label="the course's backward beside a softmax over the wrong axis")
derived("softmax_cross_entropy_backward", _softmax_halved, _ce_backward_course, right=False,
        label="the course's backward beside a softmax of Z / 2")
derived("softmax_cross_entropy_backward", lambda Z: 1 / (1 + np.exp(-Z)), _ce_backward_course, right=False,
        label="the course's backward beside an element-wise sigmoid")
