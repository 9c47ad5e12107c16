"""Costs (means over the m examples) and their backward passes (per-example gradients, no 1/m).

The 1/m of the mean is applied once, by each layer with parameters (dW = dZ @ A_prev.T / m), so a backward
here returns dL/dAL for each column. Penalties act on weights only ("W1", "W2", ...), never on biases.
"""

import numpy as np

from ._validate import as_array, non_negative, positive_int, same_shape

_CLIP = 1e-15  # keeps log() finite when a sigmoid output rounds to exactly 0 or 1


def _pair(AL, Y, name="AL"):
    AL = as_array(AL, name, ndim=2)
    Y = as_array(Y, "Y", ndim=2)
    same_shape(AL, Y, name, "Y")
    if AL.shape[1] == 0:
        raise ValueError("Y: empty batch (m = 0 columns)")
    return AL, Y


def binary_cross_entropy(AL, Y):
    """J = -(1/m) * sum(Y * log(AL) + (1 - Y) * log(1 - AL)); AL, Y are (1, m)."""
    AL, Y = _pair(AL, Y)
    A = np.clip(AL, _CLIP, 1 - _CLIP)
    return float(-np.mean(np.sum(Y * np.log(A) + (1 - Y) * np.log1p(-A), axis=0)))


def binary_cross_entropy_backward(AL, Y):
    """dAL = -(Y / AL - (1 - Y) / (1 - AL)), per example."""
    AL, Y = _pair(AL, Y)
    A = np.clip(AL, _CLIP, 1 - _CLIP)
    return -(Y / A - (1 - Y) / (1 - A))


def softmax_cross_entropy(Z, Y):
    """J = -(1/m) * sum(Y * log softmax(Z)) from the logits Z (C, m), via a stable log-sum-exp."""
    Z, Y = _pair(Z, Y, "Z")
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_softmax = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))
    return float(-np.mean(np.sum(Y * log_softmax, axis=0)))


def softmax_cross_entropy_backward(Z, Y):
    """dZ = softmax(Z) - Y = Y_hat - Y, per example (the softmax and the log cancel)."""
    Z, Y = _pair(Z, Y, "Z")
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True) - Y


def mse(AL, Y):
    """J = (1/m) * sum over examples of 0.5 * ||AL - Y||^2."""
    AL, Y = _pair(AL, Y)
    return float(0.5 * np.mean(np.sum((AL - Y) ** 2, axis=0)))


def mse_backward(AL, Y):
    """dAL = AL - Y, per example."""
    AL, Y = _pair(AL, Y)
    return AL - Y


LOSSES = {
    "binary_cross_entropy": (binary_cross_entropy, binary_cross_entropy_backward),
    "softmax_cross_entropy": (softmax_cross_entropy, softmax_cross_entropy_backward),
    "mse": (mse, mse_backward),
}


def get(loss):
    """(cost, backward) for a loss name, or the pair itself."""
    if isinstance(loss, tuple):
        return loss
    if loss not in LOSSES:
        raise ValueError(f"loss: expected one of {sorted(LOSSES)}; got {loss!r}")
    return LOSSES[loss]


def _weights(params):
    if not isinstance(params, dict):
        raise ValueError(f"params: expected a dict like {{'W1': ..., 'b1': ...}}; got {type(params).__name__}")
    return [as_array(w, f"params[{k!r}]") for k, w in params.items() if k.startswith("W")]  # no float32 copies


def _check_penalty(lambd, m):
    return non_negative(lambd, "lambd"), positive_int(m, "m")


def l2_penalty(params, lambd, m):
    """(lambd / (2m)) * sum over weights W[l] of ||W[l]||_F^2 (biases are not penalised).

    m is the number of examples the cost averages over (the mini-batch size in mini-batch training), so the same
    lambd pulls harder on the weights with smaller batches.
    """
    lambd, m = _check_penalty(lambd, m)
    return float(lambd / (2 * m) * sum(np.sum(W * W) for W in _weights(params)))


def l2_penalty_grad(W, lambd, m):
    """d/dW of the L2 penalty: (lambd / m) * W. With plain gradient descent this is weight decay (W shrinks by
    the factor 1 - learning_rate * lambd / m each step); under Adam it is not (see dlcore.optim.adamw)."""
    lambd, m = _check_penalty(lambd, m)
    return lambd / m * as_array(W, "W")


def l1_penalty(params, lambd, m):
    """(lambd / m) * sum over weights of |W[l]| (drives weights to exactly zero: sparsity)."""
    lambd, m = _check_penalty(lambd, m)
    return float(lambd / m * sum(np.sum(np.abs(W)) for W in _weights(params)))


def l1_penalty_grad(W, lambd, m):
    """(lambd / m) * sign(W) (a subgradient: 0 at W = 0)."""
    lambd, m = _check_penalty(lambd, m)
    return lambd / m * np.sign(as_array(W, "W"))


def _check_ratio(l1_ratio):
    if not 0 <= l1_ratio <= 1:
        raise ValueError(f"l1_ratio: expected a number in [0, 1]; got {l1_ratio!r}")


def elastic_net_penalty(params, lambd, m, l1_ratio=0.5):
    """l1_ratio * L1 + (1 - l1_ratio) * L2, with the same lambd."""
    _check_ratio(l1_ratio)
    return l1_ratio * l1_penalty(params, lambd, m) + (1 - l1_ratio) * l2_penalty(params, lambd, m)


def elastic_net_penalty_grad(W, lambd, m, l1_ratio=0.5):
    _check_ratio(l1_ratio)
    return l1_ratio * l1_penalty_grad(W, lambd, m) + (1 - l1_ratio) * l2_penalty_grad(W, lambd, m)


PENALTIES = {
    "l2": (l2_penalty, l2_penalty_grad),
    "l1": (l1_penalty, l1_penalty_grad),
    "elastic_net": (elastic_net_penalty, elastic_net_penalty_grad),
}


def get_penalty(penalty):
    if penalty not in PENALTIES:
        raise ValueError(f"penalty: expected one of {sorted(PENALTIES)}; got {penalty!r}")
    return PENALTIES[penalty]
