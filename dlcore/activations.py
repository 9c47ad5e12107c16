"""Activation functions g(Z) and their backward passes dZ = dA * g'(Z).

Every backward takes the upstream gradient dA and the pre-activation Z (same shape) and returns dZ.
Softmax normalises over axis=0 (each column is one example); its backward is the Jacobian-vector product.
"""

import numpy as np


def sigmoid(Z):
    """sigma(Z) = 1 / (1 + exp(-Z)), computed as (1 + tanh(Z/2)) / 2, which never overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


def sigmoid_backward(dA, Z):
    """dZ = dA * s * (1 - s) with s = sigma(Z)."""
    s = sigmoid(Z)
    return dA * s * (1 - s)


def tanh(Z):
    """tanh(Z), zero-centred, range (-1, 1)."""
    return np.tanh(Z)


def tanh_backward(dA, Z):
    """dZ = dA * (1 - tanh(Z)**2)."""
    t = np.tanh(Z)
    return dA * (1 - t * t)


def relu(Z):
    """max(0, Z)."""
    return np.maximum(Z, 0)


def relu_backward(dA, Z):
    """dZ = dA where Z > 0, else 0 (we take g'(0) = 0)."""
    return dA * (Z > 0)


def leaky_relu(Z, alpha=0.01):
    """Z where Z > 0, else alpha * Z."""
    return np.where(Z > 0, Z, alpha * Z)


def leaky_relu_backward(dA, Z, alpha=0.01):
    """dZ = dA where Z > 0, else alpha * dA."""
    return np.where(Z > 0, dA, alpha * dA)


def elu(Z, alpha=1.0):
    """Z where Z > 0, else alpha * (exp(Z) - 1)."""
    return np.where(Z > 0, Z, alpha * np.expm1(np.minimum(Z, 0)))


def elu_backward(dA, Z, alpha=1.0):
    """dZ = dA where Z > 0, else dA * alpha * exp(Z)."""
    return dA * np.where(Z > 0, 1.0, alpha * np.exp(np.minimum(Z, 0)))


def linear(Z):
    """The identity (a regression output)."""
    return Z


def linear_backward(dA, Z):
    return dA


def softmax(Z):
    """exp(Z) / sum(exp(Z), axis=0), shifted by the column max so exp never overflows."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def softmax_backward(dA, Z):
    """Jacobian-vector product of softmax: dZ = S * (dA - sum(dA * S, axis=0)), S = softmax(Z)."""
    S = softmax(Z)
    return S * (dA - np.sum(dA * S, axis=0, keepdims=True))


ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_backward),
    "tanh": (tanh, tanh_backward),
    "relu": (relu, relu_backward),
    "leaky_relu": (leaky_relu, leaky_relu_backward),
    "elu": (elu, elu_backward),
    "softmax": (softmax, softmax_backward),
    "linear": (linear, linear_backward),
}


def get(name):
    """(forward, backward) for an activation name."""
    if name not in ACTIVATIONS:
        raise ValueError(f"activation: expected one of {sorted(ACTIVATIONS)}; got {name!r}")
    return ACTIVATIONS[name]
