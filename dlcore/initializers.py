"""Weight initialisers. Each takes shape = (n_out, n_in) (so fan_in = shape[1]) and rng (SPEC 7).

Draws: one rng.standard_normal(shape) (or rng.uniform for glorot_uniform) per call, nothing else.
`gain` multiplies the result (the "init scale" slider of the explorers).
"""

import numpy as np

from ._validate import as_rng


def _shape(shape):
    shape = tuple(int(s) for s in shape)
    if len(shape) != 2 or min(shape) < 1:
        raise ValueError(f"shape: expected (n_out, n_in) with both >= 1; got {shape}")
    return shape


def zeros(shape, rng=None, gain=1.0):
    """All zeros: every unit computes the same thing (symmetry is never broken). Kept to show why not."""
    return np.zeros(_shape(shape))


def small_random(shape, rng=None, gain=1.0):
    """0.01 * N(0, 1): breaks symmetry, but signals shrink layer after layer in deep nets."""
    return gain * 0.01 * as_rng(rng).standard_normal(_shape(shape))


def xavier(shape, rng=None, gain=1.0):
    """N(0, 1) * sqrt(1 / n_in): Var(W) = 1 / n_in keeps Var(Z) = n_in Var(W) E[A_prev**2] steady for tanh.

    This is LeCun et al.'s 1998 rule ("Efficient BackProp"; Keras: lecun_normal). The course notes call it
    Xavier, hence the name; Glorot & Bengio's own initialisation is `glorot_uniform`.
    """
    shape = _shape(shape)
    return gain * as_rng(rng).standard_normal(shape) * np.sqrt(1.0 / shape[1])


def glorot_uniform(shape, rng=None, gain=1.0):
    """U(-limit, limit) with limit = sqrt(6 / (n_in + n_out)): Var(W) = limit**2 / 3 = 2 / (n_in + n_out),
    Glorot & Bengio's 2010 compromise between the forward (fan-in) and backward (fan-out) variances
    (PyTorch: xavier_uniform_)."""
    shape = _shape(shape)
    limit = np.sqrt(6.0 / (shape[0] + shape[1]))
    return gain * as_rng(rng).uniform(-limit, limit, size=shape)


def he(shape, rng=None, gain=1.0):
    """N(0, 1) * sqrt(2 / n_in) (He et al. 2015): after a ReLU, E[A_prev**2] is half of Var(Z_prev), so twice the
    variance of the 1 / n_in rule keeps Var(Z) steady (PyTorch: kaiming_normal_)."""
    shape = _shape(shape)
    return gain * as_rng(rng).standard_normal(shape) * np.sqrt(2.0 / shape[1])


INITIALIZERS = {
    "zeros": zeros,
    "small_random": small_random,
    "xavier": xavier,
    "glorot_uniform": glorot_uniform,
    "he": he,
}


def get(init):
    if callable(init):
        return init
    if init not in INITIALIZERS:
        raise ValueError(f"init: expected one of {sorted(INITIALIZERS)} or a function; got {init!r}")
    return INITIALIZERS[init]


def initialize_parameters(layer_dims, init="he", *, rng=None, gain=1.0):
    """Parameters {"W1", "b1", ..., "WL", "bL"} for layer_dims = [n_x, n_1, ..., n_L].

    W[l] = init((n[l], n[l-1])) drawn in order l = 1..L from one generator; b[l] = zeros((n[l], 1)).
    """
    if len(layer_dims) < 2 or any(int(n) != n or n < 1 for n in layer_dims):
        raise ValueError(f"layer_dims: expected at least two positive integers [n_x, ..., n_L]; got {layer_dims!r}")
    rng = as_rng(rng)
    init = get(init)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = init((layer_dims[l], layer_dims[l - 1]), rng, gain=gain)
        params[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return params
