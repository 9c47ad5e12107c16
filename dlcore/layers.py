"""Layers: tiny classes holding params, grads and a cache; the maths lives in the functions beside them.

Every layer has `.params` and `.grads` (dicts of arrays, same keys), `.forward(A_prev, *, training=False) -> A`
and `.backward(dA) -> dA_prev`. Columns are examples. Layers with parameters average their gradients over
the m columns of the batch (dW = dZ @ A_prev.T / m); everything else passes per-example gradients along.
"""

import numpy as np

from . import activations, initializers
from ._validate import as_rng, columns, keep_prob_in_range, positive, positive_int


class Layer:
    """Base class: no parameters, nothing to freeze."""

    trainable = True

    def __init__(self):
        self.params, self.grads, self.state, self.cache = {}, {}, {}, None

    def config(self):
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.config().items())
        return f"{type(self).__name__}({args})"


# ---------------------------------------------------------------- Dense
class Dense(Layer):
    """Z = W @ A_prev + b with W (n_out, n_in), b (n_out, 1)."""

    def __init__(self, n_in, n_out, *, init="he", use_bias=True, rng=None, dtype=np.float64, gain=1.0):
        super().__init__()
        self.n_in, self.n_out = positive_int(n_in, "n_in"), positive_int(n_out, "n_out")
        self.use_bias = use_bias
        self.params["W"] = initializers.get(init)((n_out, n_in), as_rng(rng), gain=gain).astype(dtype)
        if use_bias:
            self.params["b"] = np.zeros((n_out, 1), dtype=dtype)

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "use_bias": self.use_bias}

    def forward(self, A_prev, *, training=False):
        self.cache = A_prev
        Z = self.params["W"] @ A_prev
        if self.use_bias:
            Z += self.params["b"]
        return Z

    def backward(self, dZ, *, input_grad=True):
        A_prev, m = self.cache, dZ.shape[1]
        self.grads["W"] = (dZ @ A_prev.T) / m
        if self.use_bias:
            self.grads["b"] = dZ.sum(axis=1, keepdims=True) / m
        return self.params["W"].T @ dZ if input_grad else None


# ---------------------------------------------------------------- Activation
class Activation(Layer):
    """A = g(Z) for a named activation (see dlcore.activations)."""

    def __init__(self, name, **kwargs):
        super().__init__()
        self.name, self.kwargs = name, kwargs
        self._g, self._g_backward = activations.get(name)

    def config(self):
        return {"name": self.name, **self.kwargs}

    def forward(self, Z, *, training=False):
        self.cache = Z
        return self._g(Z, **self.kwargs)

    def backward(self, dA):
        return self._g_backward(dA, self.cache, **self.kwargs)


# ---------------------------------------------------------------- Dropout
def dropout_forward(A, keep_prob, *, rng=None):
    """Inverted dropout. Draw D = rng.random(A.shape) < keep_prob; return (A * D / keep_prob, D).

    Dividing by keep_prob keeps the expected value of each unit, so nothing changes at test time.
    """
    keep_prob = keep_prob_in_range(keep_prob)
    D = as_rng(rng).random(A.shape) < keep_prob
    return A * D / keep_prob, D


def dropout_backward(dA, D, keep_prob):
    """Gradients flow only through kept units, scaled the same way: dA * D / keep_prob."""
    keep_prob = keep_prob_in_range(keep_prob)
    if np.shape(D) != np.shape(dA):
        raise ValueError(f"D: expected the mask of shape {np.shape(dA)} from dropout_forward; got {np.shape(D)}")
    return dA * D / keep_prob


class Dropout(Layer):
    """Inverted dropout while training; the identity at test time (training=False)."""

    def __init__(self, keep_prob, *, rng=None):
        super().__init__()
        self.keep_prob = keep_prob_in_range(keep_prob)
        self.rng = as_rng(rng)

    def config(self):
        return {"keep_prob": self.keep_prob}

    def forward(self, A_prev, *, training=False):
        if not training or self.keep_prob == 1.0:
            self.cache = None
            return A_prev
        A, self.cache = dropout_forward(A_prev, self.keep_prob, rng=self.rng)
        return A

    def backward(self, dA):
        return dA if self.cache is None else dropout_backward(dA, self.cache, self.keep_prob)


# ---------------------------------------------------------------- Batch normalisation
def batchnorm_forward(Z, gamma, beta, *, epsilon=1e-5):
    """Normalise each unit over the batch, then scale and shift.

    mu = mean(Z, axis=1); var = mean((Z - mu)**2, axis=1) (biased); Z_norm = (Z - mu) / sqrt(var + epsilon);
    Z_tilde = gamma * Z_norm + beta. Returns (Z_tilde, cache) with cache = {"Z_norm", "mu", "var", "gamma",
    "epsilon"}.
    """
    Z = columns(Z, "Z", np.shape(gamma)[0])
    mu = Z.mean(axis=1, keepdims=True)
    var = ((Z - mu) ** 2).mean(axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    cache = {"Z_norm": Z_norm, "mu": mu, "var": var, "gamma": gamma, "epsilon": epsilon}
    return gamma * Z_norm + beta, cache


def batchnorm_backward(dZ_tilde, cache):
    """Backward of batchnorm_forward. Returns (dZ, dgamma, dbeta).

    dgamma = sum(dZ_tilde * Z_norm, axis=1) / m; dbeta = sum(dZ_tilde, axis=1) / m;
    dZ = gamma / sqrt(var + eps) * (dZ_tilde - mean(dZ_tilde) - Z_norm * mean(dZ_tilde * Z_norm)), means over axis=1.
    """
    Z_norm, var, gamma, epsilon = cache["Z_norm"], cache["var"], cache["gamma"], cache["epsilon"]
    m = dZ_tilde.shape[1]
    dgamma = np.sum(dZ_tilde * Z_norm, axis=1, keepdims=True) / m
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True) / m
    dZ = (gamma / np.sqrt(var + epsilon)) * (dZ_tilde - dbeta - Z_norm * dgamma)
    return dZ, dgamma, dbeta


def update_running_stats(running_mean, running_var, mu, var, momentum=0.9):
    """Exponentially weighted averages of the batch statistics, for test time:
    running = momentum * running + (1 - momentum) * batch. Returns (running_mean, running_var)."""
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum: expected a number in [0, 1); got {momentum!r}")
    return (momentum * running_mean + (1 - momentum) * mu, momentum * running_var + (1 - momentum) * var)


def batchnorm_inference(Z, gamma, beta, running_mean, running_var, *, epsilon=1e-5):
    """Test time: normalise with the running statistics instead of the batch's own."""
    Z = columns(Z, "Z", np.shape(gamma)[0])
    return gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta


class BatchNorm(Layer):
    """Batch normalisation of n units: params gamma, beta (n, 1); state running_mean, running_var (n, 1)."""

    def __init__(self, n, *, momentum=0.9, epsilon=1e-5, dtype=np.float64):
        super().__init__()
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum: expected a number in [0, 1) (0.9 keeps 90% of the running average); "
                             f"got {momentum!r}")
        self.n, self.momentum, self.epsilon = positive_int(n, "n"), momentum, positive(epsilon, "epsilon")
        self.params = {"gamma": np.ones((n, 1), dtype=dtype), "beta": np.zeros((n, 1), dtype=dtype)}
        self.state = {"running_mean": np.zeros((n, 1), dtype=dtype), "running_var": np.ones((n, 1), dtype=dtype)}

    def config(self):
        return {"n": self.n, "momentum": self.momentum, "epsilon": self.epsilon}

    def forward(self, Z, *, training=False):
        gamma, beta = self.params["gamma"], self.params["beta"]
        if not training:
            return batchnorm_inference(Z, gamma, beta, self.state["running_mean"], self.state["running_var"],
                                       epsilon=self.epsilon)
        Z_tilde, self.cache = batchnorm_forward(Z, gamma, beta, epsilon=self.epsilon)
        self.state["running_mean"], self.state["running_var"] = update_running_stats(
            self.state["running_mean"], self.state["running_var"], self.cache["mu"], self.cache["var"],
            self.momentum)
        return Z_tilde

    def backward(self, dZ_tilde):
        dZ, self.grads["gamma"], self.grads["beta"] = batchnorm_backward(dZ_tilde, self.cache)
        return dZ


# ---------------------------------------------------------------- PReLU and Maxout
class PReLU(Layer):
    """Leaky ReLU whose negative slope alpha (n, 1) is learned, one per unit."""

    def __init__(self, n, *, alpha=0.25, dtype=np.float64):
        super().__init__()
        self.n = positive_int(n, "n")
        self.params["alpha"] = np.full((n, 1), alpha, dtype=dtype)

    def config(self):
        return {"n": self.n}

    def forward(self, Z, *, training=False):
        self.cache = Z
        return np.where(Z > 0, Z, self.params["alpha"] * Z)

    def backward(self, dA):
        Z, m = self.cache, dA.shape[1]
        self.grads["alpha"] = np.sum(dA * np.minimum(Z, 0), axis=1, keepdims=True) / m
        return dA * np.where(Z > 0, 1.0, self.params["alpha"])


class Maxout(Layer):
    """n_out units, each the max of `pieces` linear functions: A = max_k (W_k @ A_prev + b_k).

    W is (pieces * n_out, n_in): rows k*n_out .. (k+1)*n_out - 1 belong to piece k.
    """

    def __init__(self, n_in, n_out, *, pieces=2, init="he", rng=None, dtype=np.float64):
        super().__init__()
        self.n_in, self.n_out = positive_int(n_in, "n_in"), positive_int(n_out, "n_out")
        self.pieces = positive_int(pieces, "pieces")
        self.params["W"] = initializers.get(init)((pieces * n_out, n_in), as_rng(rng)).astype(dtype)
        self.params["b"] = np.zeros((pieces * n_out, 1), dtype=dtype)

    def config(self):
        return {"n_in": self.n_in, "n_out": self.n_out, "pieces": self.pieces}

    def forward(self, A_prev, *, training=False):
        m = A_prev.shape[1]
        Z = (self.params["W"] @ A_prev + self.params["b"]).reshape(self.pieces, self.n_out, m)
        winner = Z.argmax(axis=0)
        self.cache = (A_prev, winner)
        return np.take_along_axis(Z, winner[None], axis=0)[0]

    def backward(self, dA, *, input_grad=True):
        A_prev, winner = self.cache
        m = dA.shape[1]
        dZ = (np.arange(self.pieces)[:, None, None] == winner[None]) * dA[None]
        dZ = dZ.reshape(self.pieces * self.n_out, m)
        self.grads["W"] = dZ @ A_prev.T / m
        self.grads["b"] = dZ.sum(axis=1, keepdims=True) / m
        return self.params["W"].T @ dZ if input_grad else None


LAYERS = {cls.__name__: cls for cls in (Dense, Activation, Dropout, BatchNorm, PReLU, Maxout)}
