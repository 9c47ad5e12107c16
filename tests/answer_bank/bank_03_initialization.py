"""Answers for 03_initialization."""

import math

import numpy as np

from dlcore.diagnostics import hidden_activations
from dlcore.layers import Activation

from . import valid, wrong


def _s(Z):
    return 1 / (1 + np.exp(-Z))


# ---------------------------------------------------------------- sigmoid_backward
@valid("sigmoid_backward")
def sigmoid_backward__ok_1(dA, Z):
    e = np.exp(-Z)
    return dA * e / (1 + e) ** 2


@valid("sigmoid_backward")
def sigmoid_backward__ok_2(dA, Z):
    s = 0.5 * (1 + np.tanh(Z / 2))
    return dA * (s - s * s)


@wrong("sigmoid_backward", "no_dA")
def sigmoid_backward__no_dA_1(dA, Z):
    s = _s(Z)
    return s * (1 - s)


@wrong("sigmoid_backward", "no_dA")
def sigmoid_backward__no_dA_2(dA, Z):
    return np.exp(-Z) / (1 + np.exp(-Z)) ** 2


@wrong("sigmoid_backward", "no_dA")
def sigmoid_backward__no_dA_3(dA, Z):
    s = 1.0 / (1.0 + np.exp(-Z))
    return s - s**2


@wrong("sigmoid_backward", "used_Z")
def sigmoid_backward__used_Z_1(dA, Z):
    return dA * Z * (1 - Z)


@wrong("sigmoid_backward", "used_Z")
def sigmoid_backward__used_Z_2(dA, Z):
    A = Z  # "A" taken to be the input
    return dA * (A - A**2)


@wrong("sigmoid_backward", "used_Z")
def sigmoid_backward__used_Z_3(dA, Z):
    return dA * _s(Z) * (1 - Z)


@wrong("sigmoid_backward", "tanh_form")
def sigmoid_backward__tanh_form_1(dA, Z):
    return dA * (1 - _s(Z) ** 2)


@wrong("sigmoid_backward", "tanh_form")
def sigmoid_backward__tanh_form_2(dA, Z):
    s = 1 / (1 + np.exp(-Z))
    return dA * (1 - s) * (1 + s)


@wrong("sigmoid_backward", "tanh_form")
def sigmoid_backward__tanh_form_3(dA, Z):
    return dA - dA * np.square(_s(Z))


# ---------------------------------------------------------------- tanh_backward
@valid("tanh_backward")
def tanh_backward__ok_1(dA, Z):
    return dA / np.cosh(Z) ** 2


@valid("tanh_backward")
def tanh_backward__ok_2(dA, Z):
    A = np.tanh(Z)
    return dA * (1 - A) * (1 + A)


@wrong("tanh_backward", "no_dA")
def tanh_backward__no_dA_1(dA, Z):
    return 1 - np.tanh(Z) ** 2


@wrong("tanh_backward", "no_dA")
def tanh_backward__no_dA_2(dA, Z):
    return 1 / np.cosh(Z) ** 2


@wrong("tanh_backward", "no_dA")
def tanh_backward__no_dA_3(dA, Z):
    A = np.tanh(Z)
    return (1 - A) * (1 + A)


@wrong("tanh_backward", "used_Z")
def tanh_backward__used_Z_1(dA, Z):
    return dA * (1 - Z**2)


@wrong("tanh_backward", "used_Z")
def tanh_backward__used_Z_2(dA, Z):
    return dA - dA * Z * Z


@wrong("tanh_backward", "used_Z")
def tanh_backward__used_Z_3(dA, Z):
    A = Z
    return dA * (1 - A) * (1 + A)


@wrong("tanh_backward", "not_squared")
def tanh_backward__not_squared_1(dA, Z):
    return dA * (1 - np.tanh(Z))


@wrong("tanh_backward", "not_squared")
def tanh_backward__not_squared_2(dA, Z):
    return dA - dA * np.tanh(Z)


@wrong("tanh_backward", "not_squared")
def tanh_backward__not_squared_3(dA, Z):
    A = np.tanh(Z)
    return np.multiply(dA, 1.0 - A)


# ---------------------------------------------------------------- relu_backward
@valid("relu_backward")
def relu_backward__ok_1(dA, Z):
    return np.where(Z > 0, dA, 0.0)


@valid("relu_backward")
def relu_backward__ok_2(dA, Z):
    dZ = np.array(dA, copy=True)
    dZ[Z <= 0] = 0
    return dZ


@wrong("relu_backward", "no_dA")
def relu_backward__no_dA_1(dA, Z):
    return (Z > 0).astype(float)


@wrong("relu_backward", "no_dA")
def relu_backward__no_dA_2(dA, Z):
    return np.where(Z > 0, 1.0, 0.0)


@wrong("relu_backward", "no_dA")
def relu_backward__no_dA_3(dA, Z):
    return np.heaviside(Z, 0.0)


@wrong("relu_backward", "gradient_at_zero")
def relu_backward__gradient_at_zero_1(dA, Z):
    return dA * (Z >= 0)


@wrong("relu_backward", "gradient_at_zero")
def relu_backward__gradient_at_zero_2(dA, Z):
    dZ = dA.copy()
    dZ[Z < 0] = 0
    return dZ


@wrong("relu_backward", "gradient_at_zero")
def relu_backward__gradient_at_zero_3(dA, Z):
    return np.where(Z < 0, 0.0, dA)


@wrong("relu_backward", "times_Z")
def relu_backward__times_Z_1(dA, Z):
    return dA * np.maximum(Z, 0)


@wrong("relu_backward", "times_Z")
def relu_backward__times_Z_2(dA, Z):
    return dA * Z


@wrong("relu_backward", "times_Z")
def relu_backward__times_Z_3(dA, Z):
    A = Z.copy()
    A[A < 0] = 0
    return A * dA


@wrong("relu_backward", "mask_from_dA")
def relu_backward__mask_from_dA_1(dA, Z):
    return dA * (dA > 0)


@wrong("relu_backward", "mask_from_dA")
def relu_backward__mask_from_dA_2(dA, Z):
    return np.maximum(dA, 0)


@wrong("relu_backward", "mask_from_dA")
def relu_backward__mask_from_dA_3(dA, Z):
    return np.where(dA > 0, dA, 0.0)


# ---------------------------------------------------------------- leaky_relu_backward
@valid("leaky_relu_backward")
def leaky_relu_backward__ok_1(dA, Z, alpha=0.01):
    slope = np.full(Z.shape, alpha)
    slope[Z > 0] = 1.0
    return dA * slope


@valid("leaky_relu_backward")
def leaky_relu_backward__ok_2(dA, Z, alpha=0.01):
    positive = Z > 0
    return dA * positive + alpha * dA * ~positive


@wrong("leaky_relu_backward", "alpha_ignored")
def leaky_relu_backward__alpha_ignored_1(dA, Z, alpha=0.01):
    return dA * (Z > 0)


@wrong("leaky_relu_backward", "alpha_ignored")
def leaky_relu_backward__alpha_ignored_2(dA, Z, alpha=0.01):
    return np.where(Z > 0, dA, 0.01 * dA)


@wrong("leaky_relu_backward", "alpha_ignored")
def leaky_relu_backward__alpha_ignored_3(dA, Z, alpha=0.01):
    dZ = dA.copy()
    dZ[Z <= 0] *= 0.01
    return dZ


@wrong("leaky_relu_backward", "sides_swapped")
def leaky_relu_backward__sides_swapped_1(dA, Z, alpha=0.01):
    return dA * np.where(Z > 0, alpha, 1.0)


@wrong("leaky_relu_backward", "sides_swapped")
def leaky_relu_backward__sides_swapped_2(dA, Z, alpha=0.01):
    return np.where(Z <= 0, dA, alpha * dA)


@wrong("leaky_relu_backward", "sides_swapped")
def leaky_relu_backward__sides_swapped_3(dA, Z, alpha=0.01):
    dZ = alpha * dA
    dZ[Z <= 0] = dA[Z <= 0]
    return dZ


@wrong("leaky_relu_backward", "alpha_times_Z")
def leaky_relu_backward__alpha_times_Z_1(dA, Z, alpha=0.01):
    return dA * np.where(Z > 0, 1.0, alpha * Z)


@wrong("leaky_relu_backward", "alpha_times_Z")
def leaky_relu_backward__alpha_times_Z_2(dA, Z, alpha=0.01):
    return np.where(Z > 0, dA, alpha * Z * dA)


@wrong("leaky_relu_backward", "alpha_times_Z")
def leaky_relu_backward__alpha_times_Z_3(dA, Z, alpha=0.01):
    forward = np.where(Z > 0, 1.0, alpha * Z)
    return forward * dA


@wrong("leaky_relu_backward", "gradient_at_zero")
def leaky_relu_backward__gradient_at_zero_1(dA, Z, alpha=0.01):
    return dA * np.where(Z >= 0, 1.0, alpha)


@wrong("leaky_relu_backward", "gradient_at_zero")
def leaky_relu_backward__gradient_at_zero_2(dA, Z, alpha=0.01):
    return np.where(Z < 0, alpha * dA, dA)


@wrong("leaky_relu_backward", "gradient_at_zero")
def leaky_relu_backward__gradient_at_zero_3(dA, Z, alpha=0.01):
    dZ = dA.copy()
    dZ[Z < 0] *= alpha
    return dZ


# ---------------------------------------------------------------- elu_backward
@valid("elu_backward")
def elu_backward__ok_1(dA, Z, alpha=1.0):
    dZ = dA.copy()
    neg = Z <= 0
    dZ[neg] = dA[neg] * alpha * np.exp(Z[neg])
    return dZ


@valid("elu_backward")
def elu_backward__ok_2(dA, Z, alpha=1.0):
    A = np.where(Z > 0, Z, alpha * (np.exp(np.minimum(Z, 0)) - 1))
    return dA * np.where(Z > 0, 1.0, A + alpha)


@wrong("elu_backward", "alpha_ignored")
def elu_backward__alpha_ignored_1(dA, Z, alpha=1.0):
    return dA * np.where(Z > 0, 1.0, np.exp(np.minimum(Z, 0)))


@wrong("elu_backward", "alpha_ignored")
def elu_backward__alpha_ignored_2(dA, Z, alpha=1.0):
    dZ = dA.copy()
    dZ[Z <= 0] = dA[Z <= 0] * np.exp(Z[Z <= 0])
    return dZ


@wrong("elu_backward", "alpha_ignored")
def elu_backward__alpha_ignored_3(dA, Z, alpha=1.0):
    a = 1.0
    return np.where(Z > 0, dA, dA * a * np.exp(np.minimum(Z, 0.0)))


@wrong("elu_backward", "forward_value")
def elu_backward__forward_value_1(dA, Z, alpha=1.0):
    return dA * np.where(Z > 0, 1.0, alpha * (np.exp(np.minimum(Z, 0)) - 1))


@wrong("elu_backward", "forward_value")
def elu_backward__forward_value_2(dA, Z, alpha=1.0):
    return np.where(Z > 0, dA, dA * alpha * np.expm1(np.minimum(Z, 0)))


@wrong("elu_backward", "forward_value")
def elu_backward__forward_value_3(dA, Z, alpha=1.0):
    dZ = dA.copy()
    neg = Z <= 0
    dZ[neg] = alpha * (np.exp(Z[neg]) - 1) * dA[neg]
    return dZ


@wrong("elu_backward", "no_dA")
def elu_backward__no_dA_1(dA, Z, alpha=1.0):
    return np.where(Z > 0, 1.0, alpha * np.exp(np.minimum(Z, 0)))


@wrong("elu_backward", "no_dA")
def elu_backward__no_dA_2(dA, Z, alpha=1.0):
    g = np.ones_like(Z)
    g[Z <= 0] = alpha * np.exp(Z[Z <= 0])
    return g


@wrong("elu_backward", "no_dA")
def elu_backward__no_dA_3(dA, Z, alpha=1.0):
    return (Z > 0) + (Z <= 0) * alpha * np.exp(np.minimum(Z, 0))


@wrong("elu_backward", "gradient_at_zero")
def elu_backward__gradient_at_zero_1(dA, Z, alpha=1.0):
    return dA * np.where(Z >= 0, 1.0, alpha * np.exp(np.minimum(Z, 0)))


@wrong("elu_backward", "gradient_at_zero")
def elu_backward__gradient_at_zero_2(dA, Z, alpha=1.0):
    return np.where(Z < 0, dA * alpha * np.exp(np.minimum(Z, 0)), dA)


@wrong("elu_backward", "gradient_at_zero")
def elu_backward__gradient_at_zero_3(dA, Z, alpha=1.0):
    dZ = dA.copy()
    neg = Z < 0
    dZ[neg] = dA[neg] * alpha * np.exp(Z[neg])
    return dZ


# ---------------------------------------------------------------- initialize_parameters
def _draw(init, shape, rng, gain, scale=None):
    """A weight matrix by the course's rules; `scale` replaces a rule's std (or Glorot's limit)."""
    n_out, n_in = shape
    if init == "zeros":
        return np.zeros(shape)
    if init == "glorot_uniform":
        limit = math.sqrt(6 / (n_in + n_out)) if scale is None else scale
        return gain * rng.uniform(-limit, limit, size=shape)
    std = {"small_random": 0.01, "xavier": math.sqrt(1 / n_in), "he": math.sqrt(2 / n_in)}[init]
    return gain * (std if scale is None else scale) * rng.standard_normal(shape)


@valid("initialize_parameters")
def initialize_parameters__ok_1(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l, (n_in, n_out) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        params["W" + str(l)] = _draw(init, (n_out, n_in), rng, gain)
        params["b" + str(l)] = np.zeros((n_out, 1))
    return params


@valid("initialize_parameters")
def initialize_parameters__ok_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        if init == "zeros":
            W = np.zeros((n_out, n_in))
        elif init == "glorot_uniform":
            bound = np.sqrt(6.0) / np.sqrt(n_in + n_out)
            W = rng.uniform(-bound, bound, size=(n_out, n_in)) * gain
        else:
            var = {"small_random": 1e-4, "xavier": 1.0 / n_in, "he": 2.0 / n_in}[init]
            W = rng.normal(0.0, 1.0, size=(n_out, n_in)) * np.sqrt(var) * gain
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros((n_out, 1))
    return params


def _init_generic(layer_dims, init, rng, gain, *, scale=None, shape_of=lambda n_out, n_in: (n_out, n_in),
                  bias=None, new_rng=False):
    gen = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        if new_rng:
            gen = np.random.default_rng(rng)
        shape = shape_of(n_out, n_in)
        params[f"W{l}"] = _draw(init, shape, gen, gain, None if scale is None else scale(init, n_out, n_in))
        params[f"b{l}"] = np.zeros((n_out, 1)) if bias is None else bias(gen, n_out)
    return params


@wrong("initialize_parameters", "fan_out")
def initialize_parameters__fan_out_1(layer_dims, init="he", *, rng=None, gain=1.0):
    def scale(init, n_out, n_in):
        return {"small_random": 0.01, "xavier": np.sqrt(1 / n_out), "he": np.sqrt(2 / n_out),
                "glorot_uniform": np.sqrt(6 / (n_in + n_out))}.get(init)
    return _init_generic(layer_dims, init, rng, gain, scale=scale)


@wrong("initialize_parameters", "fan_out")
def initialize_parameters__fan_out_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        fan = layer_dims[l]  # the layer's own size
        shape = (layer_dims[l], layer_dims[l - 1])
        if init == "zeros":
            W = np.zeros(shape)
        elif init == "glorot_uniform":
            limit = np.sqrt(6 / sum(shape))
            W = gain * rng.uniform(-limit, limit, shape)
        else:
            W = gain * {"small_random": 0.01, "xavier": fan ** -0.5, "he": (2 / fan) ** 0.5}[init] * \
                rng.standard_normal(shape)
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros((shape[0], 1))
    return params


@wrong("initialize_parameters", "fan_out")
def initialize_parameters__fan_out_3(layer_dims, init="he", *, rng=None, gain=1.0):
    def scale(init, n_out, n_in):
        if init in ("xavier", "he"):
            return math.sqrt((2.0 if init == "he" else 1.0) / n_out)
        return None
    return _init_generic(layer_dims, init, rng, gain, scale=scale)


@wrong("initialize_parameters", "xavier_two")
def initialize_parameters__xavier_two_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda init, n_out, n_in: np.sqrt(2 / n_in) if init == "xavier" else None)


@wrong("initialize_parameters", "xavier_two")
def initialize_parameters__xavier_two_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    out = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        if init in ("xavier", "he"):
            W = gain * rng.standard_normal(shape) * np.sqrt(2.0 / shape[1])
        else:
            W = _draw(init, shape, rng, gain)
        out[f"W{l}"], out[f"b{l}"] = W, np.zeros((shape[0], 1))
    return out


@wrong("initialize_parameters", "xavier_two")
def initialize_parameters__xavier_two_3(layer_dims, init="he", *, rng=None, gain=1.0):
    factor = {"xavier": 2.0, "he": 2.0}
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda i, n_out, n_in: math.sqrt(factor[i] / n_in) if i in factor else None)


@wrong("initialize_parameters", "biases_random")
def initialize_parameters__biases_random_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain, bias=lambda g, n: 0.01 * g.standard_normal((n, 1)))


@wrong("initialize_parameters", "biases_random")
def initialize_parameters__biases_random_2(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain, bias=lambda g, n: g.standard_normal((n, 1)) * 0.1)


@wrong("initialize_parameters", "biases_random")
def initialize_parameters__biases_random_3(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        params[f"W{l}"] = _draw(init, (layer_dims[l], layer_dims[l - 1]), rng, gain)
        params[f"b{l}"] = _draw(init if init != "zeros" else "small_random", (layer_dims[l], 1), rng, gain)
    return params


@wrong("initialize_parameters", "small_random_unscaled")
def initialize_parameters__small_random_unscaled_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda i, n_out, n_in: 1.0 if i == "small_random" else None)


@wrong("initialize_parameters", "small_random_unscaled")
def initialize_parameters__small_random_unscaled_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        params[f"W{l}"] = gain * rng.standard_normal(shape) if init == "small_random" else _draw(init, shape, rng, gain)
        params[f"b{l}"] = np.zeros((shape[0], 1))
    return params


@wrong("initialize_parameters", "small_random_unscaled")
def initialize_parameters__small_random_unscaled_3(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda i, n_out, n_in: 0.01 * 100 if i == "small_random" else None)


@wrong("initialize_parameters", "W_transposed")
def initialize_parameters__W_transposed_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain, shape_of=lambda n_out, n_in: (n_in, n_out),
                         scale=lambda i, n_out, n_in: {"xavier": np.sqrt(1 / n_in), "he": np.sqrt(2 / n_in)}.get(i))


@wrong("initialize_parameters", "W_transposed")
def initialize_parameters__W_transposed_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_in, n_out = layer_dims[l - 1], layer_dims[l]
        if init == "zeros":
            W = np.zeros((n_in, n_out))
        elif init == "glorot_uniform":
            limit = np.sqrt(6 / (n_in + n_out))
            W = gain * rng.uniform(-limit, limit, (n_in, n_out))
        else:
            std = {"small_random": 0.01, "xavier": np.sqrt(1 / n_in), "he": np.sqrt(2 / n_in)}[init]
            W = gain * std * rng.standard_normal((n_in, n_out))
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros((n_out, 1))
    return params


@wrong("initialize_parameters", "W_transposed")
def initialize_parameters__W_transposed_3(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_in, n_out = layer_dims[l - 1], layer_dims[l]
        W = _draw(init, (n_in, n_out), rng, gain, {"xavier": np.sqrt(1 / n_in), "he": np.sqrt(2 / n_in)}.get(init))
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros((n_out, 1))
    return params


@wrong("initialize_parameters", "gain_ignored")
def initialize_parameters__gain_ignored_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, 1.0)


@wrong("initialize_parameters", "gain_ignored")
def initialize_parameters__gain_ignored_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        params[f"W{l}"] = _draw(init, shape, rng, gain=1)
        params[f"b{l}"] = np.zeros((shape[0], 1))
    return params


@wrong("initialize_parameters", "gain_ignored")
def initialize_parameters__gain_ignored_3(layer_dims, init="he", *, rng=None, gain=1.0):
    params = initialize_parameters__ok_1(layer_dims, init, rng=rng, gain=1.0)
    return {k: v.copy() for k, v in params.items()}


@wrong("initialize_parameters", "missing_sqrt")
def initialize_parameters__missing_sqrt_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain, scale=lambda i, n_out, n_in: {
        "xavier": 1 / n_in, "he": 2 / n_in, "glorot_uniform": 6 / (n_in + n_out)}.get(i))


@wrong("initialize_parameters", "missing_sqrt")
def initialize_parameters__missing_sqrt_2(layer_dims, init="he", *, rng=None, gain=1.0):
    rng = np.random.default_rng(rng)
    params = {}
    for l in range(1, len(layer_dims)):
        n_out, n_in = layer_dims[l], layer_dims[l - 1]
        if init == "he":  # the variance 2 / n_in written where its square root belongs, in He only
            W = gain * rng.standard_normal((n_out, n_in)) * (2.0 / n_in)
        else:
            W = _draw(init, (n_out, n_in), rng, gain)
        params[f"W{l}"], params[f"b{l}"] = W, np.zeros((n_out, 1))
    return params


@wrong("initialize_parameters", "missing_sqrt")
def initialize_parameters__missing_sqrt_3(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda i, n_out, n_in: 6.0 / (n_out + n_in) if i == "glorot_uniform" else None)


@wrong("initialize_parameters", "missing_sqrt")
def initialize_parameters__missing_sqrt_4(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain,
                         scale=lambda i, n_out, n_in: 1.0 / n_in if i == "xavier" else None)


@wrong("initialize_parameters", "generator_per_layer")
def initialize_parameters__generator_per_layer_1(layer_dims, init="he", *, rng=None, gain=1.0):
    return _init_generic(layer_dims, init, rng, gain, new_rng=True)


@wrong("initialize_parameters", "generator_per_layer")
def initialize_parameters__generator_per_layer_2(layer_dims, init="he", *, rng=None, gain=1.0):
    params = {}
    for l in range(1, len(layer_dims)):
        shape = (layer_dims[l], layer_dims[l - 1])
        params[f"W{l}"] = _draw(init, shape, np.random.default_rng(rng), gain)
        params[f"b{l}"] = np.zeros((shape[0], 1))
    return params


@wrong("initialize_parameters", "generator_per_layer")
def initialize_parameters__generator_per_layer_3(layer_dims, init="he", *, rng=None, gain=1.0):
    def layer(n_in, n_out):
        return _draw(init, (n_out, n_in), np.random.default_rng(rng), gain), np.zeros((n_out, 1))

    params = {}
    for l, (a, b) in enumerate(zip(layer_dims, layer_dims[1:]), 1):
        params[f"W{l}"], params[f"b{l}"] = layer(a, b)
    return params


# ---------------------------------------------------------------- clip_by_norm
def _global_norm(grads):
    return math.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))


@valid("clip_by_norm")
def clip_by_norm__ok_1(grads, max_norm):
    norm = _global_norm(grads)
    factor = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * factor if factor < 1 else g.copy() for k, g in grads.items()}


@valid("clip_by_norm")
def clip_by_norm__ok_2(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([np.ravel(g) for g in grads.values()]))
    if norm <= max_norm:
        return dict(grads)
    return {k: max_norm * g / norm for k, g in grads.items()}


@wrong("clip_by_norm", "per_array")
def clip_by_norm__per_array_1(grads, max_norm):
    out = {}
    for k, g in grads.items():
        n = np.linalg.norm(g)
        out[k] = g * (max_norm / n) if n > max_norm else g.copy()
    return out


@wrong("clip_by_norm", "per_array")
def clip_by_norm__per_array_2(grads, max_norm):
    return {k: g * min(1.0, max_norm / np.sqrt(np.sum(g**2))) for k, g in grads.items()}


@wrong("clip_by_norm", "per_array")
def clip_by_norm__per_array_3(grads, max_norm):
    out = {}
    for key in grads:
        norm = math.sqrt(float((grads[key] ** 2).sum()))
        out[key] = grads[key] / norm * max_norm if norm > max_norm else grads[key]
    return out


@wrong("clip_by_norm", "always_scales")
def clip_by_norm__always_scales_1(grads, max_norm):
    norm = _global_norm(grads)
    return {k: g * (max_norm / norm) for k, g in grads.items()}


@wrong("clip_by_norm", "always_scales")
def clip_by_norm__always_scales_2(grads, max_norm):
    norm = np.sqrt(sum(np.sum(np.square(g)) for g in grads.values()))
    return {k: max_norm * g / norm for k, g in grads.items()}


@wrong("clip_by_norm", "always_scales")
def clip_by_norm__always_scales_3(grads, max_norm):
    factor = max_norm / _global_norm(grads)
    return {k: np.multiply(g, factor) for k, g in grads.items()}


@wrong("clip_by_norm", "no_sqrt")
def clip_by_norm__no_sqrt_1(grads, max_norm):
    norm = sum(np.sum(g**2) for g in grads.values())
    return {k: g * (max_norm / norm) if norm > max_norm else g.copy() for k, g in grads.items()}


@wrong("clip_by_norm", "no_sqrt")
def clip_by_norm__no_sqrt_2(grads, max_norm):
    squared = float(np.sum([np.sum(g * g) for g in grads.values()]))
    if squared > max_norm:
        return {k: g * max_norm / squared for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


@wrong("clip_by_norm", "no_sqrt")
def clip_by_norm__no_sqrt_3(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()])) ** 2
    scale = max_norm / norm if norm > max_norm else 1.0
    return {k: g * scale for k, g in grads.items()}


@wrong("clip_by_norm", "elementwise")
def clip_by_norm__elementwise_1(grads, max_norm):
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}


@wrong("clip_by_norm", "elementwise")
def clip_by_norm__elementwise_2(grads, max_norm):
    return {k: np.minimum(np.maximum(g, -max_norm), max_norm) for k, g in grads.items()}


@wrong("clip_by_norm", "elementwise")
def clip_by_norm__elementwise_3(grads, max_norm):
    out = {}
    for k, g in grads.items():
        c = g.copy()
        c[c > max_norm] = max_norm
        c[c < -max_norm] = -max_norm
        out[k] = c
    return out


@wrong("clip_by_norm", "ratio_inverted")
def clip_by_norm__ratio_inverted_1(grads, max_norm):
    norm = _global_norm(grads)
    return {k: g * (norm / max_norm) if norm > max_norm else g.copy() for k, g in grads.items()}


@wrong("clip_by_norm", "ratio_inverted")
def clip_by_norm__ratio_inverted_2(grads, max_norm):
    norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads.values()]))
    return {k: g / (max_norm / norm) for k, g in grads.items()} if norm > max_norm else dict(grads)


@wrong("clip_by_norm", "ratio_inverted")
def clip_by_norm__ratio_inverted_3(grads, max_norm):
    norm = _global_norm(grads)
    if norm > max_norm:
        return {k: norm * g / max_norm for k, g in grads.items()}
    return {k: g.copy() for k, g in grads.items()}


# ---------------------------------------------------------------- activation_stats
def _hidden(model, X, *, with_output=False):
    if not with_output:
        return hidden_activations(model, X)
    A, outs = X, []
    for layer in model.layers:
        A = layer.forward(A)
        if isinstance(layer, Activation):
            outs.append((layer.name, A))
    return outs


def _saturated(name, A, threshold):
    if name == "tanh":
        return np.abs(A) > threshold
    if name == "sigmoid":
        return np.abs(2 * A - 1) > threshold
    return np.zeros(A.shape, dtype=bool)


@valid("activation_stats")
def activation_stats__ok_1(model, X, *, threshold=0.99):
    layers = hidden_activations(model, X)
    return {"mean": np.array([A.mean() for _, A in layers]), "std": np.array([A.std() for _, A in layers]),
            "saturated": np.array([_saturated(n, A, threshold).mean() for n, A in layers], dtype=float),
            "dead": np.array([(~A.any(axis=1)).mean() for _, A in layers], dtype=float)}


@valid("activation_stats")
def activation_stats__ok_2(model, X, *, threshold=0.99):
    stats = {"mean": [], "std": [], "saturated": [], "dead": []}
    A = X
    found = []
    for layer in model.layers:
        A = layer.forward(A)
        if isinstance(layer, Activation):
            found.append((layer.name, A))
    if model.output == "sigmoid":
        found = found[:-1]
    for name, A in found:
        stats["mean"].append(float(np.mean(A)))
        stats["std"].append(float(np.sqrt(np.mean((A - A.mean()) ** 2))))
        lo, hi = (-threshold, threshold) if name == "tanh" else ((1 - threshold) / 2, (1 + threshold) / 2)
        sat = ((A < lo) | (A > hi)).mean() if name in ("tanh", "sigmoid") else 0.0
        stats["saturated"].append(float(sat))
        stats["dead"].append(float(np.mean(np.max(np.abs(A), axis=1) == 0)))
    return {k: np.array(v, dtype=float) for k, v in stats.items()}


def _stats_with(model, X, threshold, *, dead=lambda A: np.mean(np.all(A == 0, axis=1)), std=np.std,
                saturated=_saturated, with_output=False):
    layers = _hidden(model, X, with_output=with_output)
    return {"mean": np.array([A.mean() for _, A in layers], dtype=float),
            "std": np.array([std(A) for _, A in layers], dtype=float),
            "saturated": np.array([np.mean(saturated(n, A, threshold)) for n, A in layers], dtype=float),
            "dead": np.array([dead(A) for _, A in layers], dtype=float)}


@wrong("activation_stats", "dead_over_examples")
def activation_stats__dead_over_examples_1(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, dead=lambda A: np.mean(np.all(A == 0, axis=0)))


@wrong("activation_stats", "dead_over_examples")
def activation_stats__dead_over_examples_2(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, dead=lambda A: np.mean([not col.any() for col in A.T]))


@wrong("activation_stats", "dead_over_examples")
def activation_stats__dead_over_examples_3(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, dead=lambda A: float((np.abs(A).sum(axis=0) == 0).mean()))


@wrong("activation_stats", "std_ddof_one")
def activation_stats__std_ddof_one_1(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, std=lambda A: A.std(ddof=1))


@wrong("activation_stats", "std_ddof_one")
def activation_stats__std_ddof_one_2(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, std=lambda A: np.sqrt(np.sum((A - A.mean()) ** 2) / (A.size - 1)))


@wrong("activation_stats", "std_ddof_one")
def activation_stats__std_ddof_one_3(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, std=lambda A: np.sqrt(np.var(A.ravel(), ddof=1)))


@wrong("activation_stats", "sigmoid_unshifted")
def activation_stats__sigmoid_unshifted_1(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, saturated=lambda n, A, t: np.abs(A) > t if n in ("tanh", "sigmoid")
                       else np.zeros(A.shape, bool))


@wrong("activation_stats", "sigmoid_unshifted")
def activation_stats__sigmoid_unshifted_2(model, X, *, threshold=0.99):
    def saturated(name, A, t):
        if name == "sigmoid":
            return A > t  # only the top end
        return _saturated(name, A, t)
    return _stats_with(model, X, threshold, saturated=saturated)


@wrong("activation_stats", "sigmoid_unshifted")
def activation_stats__sigmoid_unshifted_3(model, X, *, threshold=0.99):
    def saturated(name, A, t):
        return (np.abs(A) > t) if name != "relu" else np.zeros_like(A, dtype=bool)
    return _stats_with(model, X, threshold, saturated=saturated)


@wrong("activation_stats", "includes_output")
def activation_stats__includes_output_1(model, X, *, threshold=0.99):
    return _stats_with(model, X, threshold, with_output=True)


@wrong("activation_stats", "includes_output")
def activation_stats__includes_output_2(model, X, *, threshold=0.99):
    names, outs, A = [], [], X
    for layer in model.layers:
        A = layer.forward(A)
        if type(layer).__name__ == "Activation":
            names.append(layer.name)
            outs.append(A)
    return {"mean": np.array([a.mean() for a in outs]), "std": np.array([a.std() for a in outs]),
            "saturated": np.array([_saturated(n, a, threshold).mean() for n, a in zip(names, outs)], dtype=float),
            "dead": np.array([np.all(a == 0, axis=1).mean() for a in outs], dtype=float)}


@wrong("activation_stats", "includes_output")
def activation_stats__includes_output_3(model, X, *, threshold=0.99):
    stats = activation_stats__ok_1(model, X, threshold=threshold)
    if model.output != "sigmoid":
        return stats
    A = model.predict_proba(X)
    extra = {"mean": A.mean(), "std": A.std(), "saturated": np.mean(np.abs(2 * A - 1) > threshold),
             "dead": np.mean(np.all(A == 0, axis=1))}
    return {k: np.append(v, extra[k]) for k, v in stats.items()}
