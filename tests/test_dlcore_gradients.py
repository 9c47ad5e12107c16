"""Gradient checks of every backward pass in dlcore, and the 1/m convention stated in dlcore/__init__.py.

One table drives the check: each case returns (inputs, J, analytic) where J(**inputs) is a scalar and analytic
maps each input name to dlcore's gradient of J. The numerical gradient is an independent two-sided difference
(written here, not dlcore's own gradcheck, so a bug there cannot hide a bug elsewhere). Float64, rectangular
shapes (n != m), and inputs kept away from the kinks of relu / leaky relu / ELU / PReLU / Maxout / L1.

The bound 1e-6 on ||g - g_num|| / (||g|| + ||g_num||): with eps = 1e-6 the truncation error is O(eps^2) ~ 1e-12
and the round-off about 1e-16 / eps ~ 1e-10, both far below it; a wrong formula gives 1e-3 or more.
"""

import numpy as np
import pytest

from dlcore import activations as act
from dlcore import gradcheck, losses
from dlcore.data import one_hot
from dlcore.layers import (
    Activation,
    BatchNorm,
    Dense,
    Maxout,
    PReLU,
    batchnorm_backward,
    batchnorm_forward,
    dropout_backward,
)
from dlcore.model import Sequential, compute_cost, cost_and_gradients, mlp

EPS = 1e-6
BOUND = 1e-6


def numerical_grad(J, inputs, name, eps=EPS):
    """Two-sided difference of J with respect to inputs[name], entry by entry (inputs are not modified)."""
    x = np.array(inputs[name], dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[idx] += eps
        minus[idx] -= eps
        grad[idx] = (J(**{**inputs, name: plus}) - J(**{**inputs, name: minus})) / (2 * eps)
    return grad


def rel_diff(a, b):
    a, b = np.ravel(a), np.ravel(b)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return np.linalg.norm(a - b) / scale if scale > 1e-12 else np.linalg.norm(a - b)  # zero gradients: absolute


def away_from_zero(rng, shape, margin=0.1):
    """Normal values with |z| >= margin, so a difference of eps never crosses a kink at 0."""
    Z = rng.standard_normal(shape)
    return np.where(Z >= 0, Z + margin, Z - margin)


# ------------------------------------------------------------------ cases
def activation_case(name, **kwargs):
    g, g_backward = act.get(name)

    def case(rng):
        Z, G = away_from_zero(rng, (4, 7)), rng.standard_normal((4, 7))

        def J(Z):
            return float(np.sum(G * g(Z, **kwargs)))

        return {"Z": Z}, J, {"Z": g_backward(G, Z, **kwargs)}

    return case


def dense_case(use_bias):
    def case(rng):
        layer = Dense(5, 3, use_bias=use_bias, rng=rng)
        W, A_prev, G = layer.params["W"].copy(), rng.standard_normal((5, 7)), rng.standard_normal((3, 7))
        b = rng.standard_normal((3, 1))
        if use_bias:
            layer.params["b"] = b.copy()
        m = A_prev.shape[1]
        layer.forward(A_prev, training=True)
        dA_prev = layer.backward(G)

        def Z_of(W, A_prev, b):
            return W @ A_prev + (b if use_bias else 0)

        # per-example convention: the layer's dW, db belong to the MEAN (1/m) sum(G * Z); dA_prev to the sum
        def J(W, A_prev, b):
            return float(np.sum(G * Z_of(W, A_prev, b))) / m

        inputs = {"W": W, "A_prev": A_prev, "b": b}
        analytic = {"W": layer.grads["W"], "A_prev": dA_prev / m}
        if use_bias:
            analytic["b"] = layer.grads["b"]
        return inputs, J, analytic

    return case


def batchnorm_case(rng):
    Z, G = rng.standard_normal((3, 6)) * 2 + 1, rng.standard_normal((3, 6))
    gamma, beta = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    m = Z.shape[1]
    _, cache = batchnorm_forward(Z, gamma, beta, epsilon=1e-5)
    dZ, dgamma, dbeta = batchnorm_backward(G, cache)

    def J(Z, gamma, beta):
        return float(np.sum(G * batchnorm_forward(Z, gamma, beta, epsilon=1e-5)[0])) / m

    return {"Z": Z, "gamma": gamma, "beta": beta}, J, {"Z": dZ / m, "gamma": dgamma, "beta": dbeta}


def batchnorm_layer_case(rng):
    """The BatchNorm layer in training mode (batch statistics) gives the same gradients."""
    layer = BatchNorm(3)
    layer.params["gamma"], layer.params["beta"] = rng.standard_normal((3, 1)), rng.standard_normal((3, 1))
    Z, G, m = rng.standard_normal((3, 5)), rng.standard_normal((3, 5)), 5
    layer.forward(Z, training=True)
    dZ = layer.backward(G)
    gamma, beta = layer.params["gamma"].copy(), layer.params["beta"].copy()

    def J(Z, gamma, beta):
        probe = BatchNorm(3)
        probe.params.update(gamma=gamma, beta=beta)
        return float(np.sum(G * probe.forward(Z, training=True))) / m

    return {"Z": Z, "gamma": gamma, "beta": beta}, J, {"Z": dZ / m, **layer.grads}


def dropout_case(rng):
    """Functional dropout with a GIVEN mask D: A -> A * D / keep_prob is linear, its backward the same map."""
    keep_prob = 0.7
    A, G = rng.standard_normal((4, 6)), rng.standard_normal((4, 6))
    D = rng.random(A.shape) < keep_prob

    def J(A):
        return float(np.sum(G * A * D / keep_prob))

    return {"A": A}, J, {"A": dropout_backward(G, D, keep_prob)}


def prelu_case(rng):
    layer = PReLU(4, alpha=0.3)
    layer.params["alpha"] = rng.uniform(0.05, 0.5, (4, 1))
    Z, G, m = away_from_zero(rng, (4, 7)), rng.standard_normal((4, 7)), 7
    layer.forward(Z, training=True)
    dZ = layer.backward(G)

    def J(Z, alpha):
        return float(np.sum(G * np.where(Z > 0, Z, alpha * Z))) / m

    return {"Z": Z, "alpha": layer.params["alpha"].copy()}, J, {"Z": dZ / m, "alpha": layer.grads["alpha"]}


def maxout_case(rng):
    layer = Maxout(5, 3, pieces=3, rng=rng)
    layer.params["b"] = rng.standard_normal(layer.params["b"].shape)
    A_prev, G, m = rng.standard_normal((5, 7)), rng.standard_normal((3, 7)), 7
    layer.forward(A_prev, training=True)
    dA_prev = layer.backward(G)
    W, b = layer.params["W"].copy(), layer.params["b"].copy()

    def J(W, b, A_prev):
        Z = (W @ A_prev + b).reshape(3, 3, -1)
        return float(np.sum(G * Z.max(axis=0))) / m

    return ({"W": W, "b": b, "A_prev": A_prev}, J,
            {"W": layer.grads["W"], "b": layer.grads["b"], "A_prev": dA_prev / m})


def loss_case(name):
    """A loss backward returns the per-example gradient: the gradient of m * J (the sum of the losses)."""
    cost, backward = losses.get(name)

    def case(rng):
        if name == "binary_cross_entropy":
            AL, Y = rng.uniform(0.05, 0.95, (1, 7)), (rng.random((1, 7)) < 0.5).astype(float)
        elif name == "softmax_cross_entropy":
            AL, Y = rng.standard_normal((4, 7)) * 3, one_hot(rng.integers(0, 4, (1, 7)), 4)
        else:
            AL, Y = rng.standard_normal((3, 7)), rng.standard_normal((3, 7))

        def J(AL):
            return AL.shape[1] * cost(AL, Y)

        return {"AL": AL}, J, {"AL": backward(AL, Y)}

    return case


def penalty_case(name, **kwargs):
    cost, grad = losses.get_penalty(name)

    def case(rng):
        params = {"W1": away_from_zero(rng, (3, 5)), "b1": rng.standard_normal((3, 1)),
                  "W2": away_from_zero(rng, (2, 3))}
        lambd, m = 0.7, 9

        def J(W1, W2, b1):
            return cost({"W1": W1, "b1": b1, "W2": W2}, lambd, m, **kwargs)

        analytic = {"W1": grad(params["W1"], lambd, m, **kwargs), "W2": grad(params["W2"], lambd, m, **kwargs),
                    "b1": np.zeros((3, 1))}  # biases are not penalised
        return params, J, analytic

    return case


def model_case(build, C, loss_kwargs=None, data_rng=7):
    """A whole model: cost_and_gradients against the numerical gradient of compute_cost (training mode)."""
    loss_kwargs = loss_kwargs or {}

    def case(rng):
        model = build(rng)
        X = np.random.default_rng(data_rng).standard_normal((model.n_x, 9))
        labels = np.random.default_rng(data_rng + 1).integers(0, max(C, 2), (1, 9))
        Y = one_hot(labels, C) if model.output == "softmax" else (
            labels.astype(float) if model.output == "sigmoid" else np.random.default_rng(3).standard_normal((C, 9)))
        _, grads = cost_and_gradients(model, X, Y, **loss_kwargs)
        params = {k: v.copy() for k, v in model.parameters().items()}

        def J(**p):
            model.set_parameters(p)
            return compute_cost(model, X, Y, training=True, **loss_kwargs)

        return params, J, grads

    return case


def prelu_maxout_model(rng):
    return Sequential(Dense(3, 5, rng=rng), PReLU(5), Maxout(5, 4, pieces=3, rng=rng),
                      Activation("elu", alpha=0.5), Dense(4, 1, rng=rng), Activation("sigmoid"), output="sigmoid")


CASES = {
    "sigmoid": activation_case("sigmoid"),
    "tanh": activation_case("tanh"),
    "relu": activation_case("relu"),
    "leaky_relu default": activation_case("leaky_relu"),
    "leaky_relu alpha=0.2": activation_case("leaky_relu", alpha=0.2),
    "elu default": activation_case("elu"),
    "elu alpha=0.4": activation_case("elu", alpha=0.4),
    "softmax (JVP)": activation_case("softmax"),
    "linear": activation_case("linear"),
    "Dense with bias": dense_case(True),
    "Dense without bias": dense_case(False),
    "batchnorm_forward/backward": batchnorm_case,
    "BatchNorm layer, training mode": batchnorm_layer_case,
    "dropout with a fixed mask": dropout_case,
    "PReLU": prelu_case,
    "Maxout": maxout_case,
    "binary cross-entropy": loss_case("binary_cross_entropy"),
    "softmax cross-entropy from logits": loss_case("softmax_cross_entropy"),
    "mse": loss_case("mse"),
    "l2 penalty": penalty_case("l2"),
    "l1 penalty": penalty_case("l1"),
    "elastic net penalty": penalty_case("elastic_net", l1_ratio=0.3),
    "mlp batchnorm + L2 + softmax": model_case(
        lambda rng: mlp([4, 6, 5, 3], output="softmax", batchnorm=True, rng=rng), 3, {"lambd": 0.7}),
    "mlp tanh, sigmoid output": model_case(lambda rng: mlp([3, 5, 4, 1], hidden="tanh", rng=rng), 1),
    "mlp sigmoid hidden + L1": model_case(lambda rng: mlp([3, 4, 1], hidden="sigmoid", rng=rng), 1,
                                          {"lambd": 0.3, "penalty": "l1"}),
    "mlp leaky_relu, linear output, mse": model_case(
        lambda rng: mlp([3, 5, 2], hidden="leaky_relu", output="linear", rng=rng), 2),
    "model with PReLU and Maxout": model_case(prelu_maxout_model, 1, {"lambd": 0.2, "penalty": "elastic_net"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_dlcore_backward_matches_numerical_gradient(case):
    inputs, J, analytic = CASES[case](np.random.default_rng(2024))
    assert set(analytic) <= set(inputs)
    for name, grad in analytic.items():
        assert np.shape(grad) == np.shape(inputs[name]), f"{case}: d{name} has the wrong shape"
        assert np.asarray(grad).dtype == np.float64
        diff = rel_diff(grad, numerical_grad(J, inputs, name))
        assert diff < BOUND, f"{case}: d{name} relative difference {diff:.2e}"


@pytest.mark.parametrize("case", ["mlp batchnorm + L2 + softmax", "model with PReLU and Maxout"])
def test_dlcore_gradient_check_of_whole_models_is_small(case):
    """dlcore's own gradient_check agrees (and restores the parameters it perturbed)."""
    kwargs = {"mlp batchnorm + L2 + softmax": {"lambd": 0.7},
              "model with PReLU and Maxout": {"lambd": 0.2, "penalty": "elastic_net"}}[case]
    rng = np.random.default_rng(5)
    if case.startswith("mlp"):
        model = mlp([4, 6, 5, 3], output="softmax", batchnorm=True, rng=rng)
        Y = one_hot(rng.integers(0, 3, (1, 9)), 3)
    else:
        model = prelu_maxout_model(rng)
        Y = (rng.random((1, 9)) < 0.5).astype(float)
    X = rng.standard_normal((model.n_x, 9))
    before = {k: v.copy() for k, v in model.parameters().items()}
    assert gradcheck.gradient_check(model, X, Y, **kwargs) < BOUND
    for k, v in model.parameters().items():
        np.testing.assert_array_equal(v, before[k])


def test_dlcore_gradient_check_catches_a_wrong_gradient():
    """The check is not vacuous: a backward with a factor-2 slip is flagged."""
    inputs, J, analytic = CASES["tanh"](np.random.default_rng(0))
    assert rel_diff(2 * analytic["Z"], numerical_grad(J, inputs, "Z")) > 0.1


# ------------------------------------------------------------------ the 1/m convention
def _per_example(model, X, Y, **kw):
    pieces = [cost_and_gradients(model, X[:, [i]], Y[:, [i]], **kw) for i in range(X.shape[1])]
    costs = [c for c, _ in pieces]
    grads = {k: np.mean([g[k] for _, g in pieces], axis=0) for k in pieces[0][1]}
    return costs, grads


def test_dlcore_batch_gradient_is_the_mean_of_per_example_gradients():
    rng = np.random.default_rng(11)
    model = Sequential(Dense(3, 5, rng=rng), Activation("tanh"), Maxout(5, 4, rng=rng), PReLU(4),
                       Dense(4, 3, rng=rng), output="softmax")
    X, Y = rng.standard_normal((3, 8)), one_hot(rng.integers(0, 3, (1, 8)), 3)
    J, grads = cost_and_gradients(model, X, Y)
    costs, mean_grads = _per_example(model, X, Y)
    assert J == pytest.approx(np.mean(costs), rel=1e-12)                    # the cost is a mean
    assert compute_cost(model, X, Y) == pytest.approx(np.mean(costs), rel=1e-12)
    for k in grads:
        np.testing.assert_allclose(grads[k], mean_grads[k], rtol=1e-10, atol=1e-14)


def test_dlcore_l2_gradient_adds_lambd_over_m_times_W():
    rng = np.random.default_rng(12)
    model = mlp([3, 4, 1], rng=rng)
    X, Y = rng.standard_normal((3, 6)), (rng.random((1, 6)) < 0.5).astype(float)
    lambd, m = 0.9, 6
    J0, g0 = cost_and_gradients(model, X, Y)
    J, g = cost_and_gradients(model, X, Y, lambd=lambd)
    W = model.parameters()
    assert J - J0 == pytest.approx(lambd / (2 * m) * (np.sum(W["W1"] ** 2) + np.sum(W["W2"] ** 2)), rel=1e-12)
    for k in ("W1", "W2"):
        np.testing.assert_allclose(g[k] - g0[k], lambd / m * W[k], rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(g["b1"], g0["b1"])                           # biases are not penalised
