"""Gradient checking: compare backprop's gradient with a two-sided finite difference of the cost."""

import numpy as np

from ._validate import as_array, positive
from .layers import Dropout
from .model import compute_cost, cost_and_gradients


def params_to_vector(params):
    """Concatenate every array of a params dict, in key order, each flattened in C order, into one 1-D vector."""
    if not isinstance(params, dict) or not params:
        raise ValueError("params: expected a non-empty dict of arrays")
    return np.concatenate([np.asarray(p, dtype=float).ravel() for p in params.values()])


def vector_to_params(theta, template):
    """Inverse of params_to_vector: cut theta into arrays shaped like template's, under the same keys."""
    theta = as_array(theta, "theta", ndim=1)
    sizes = [np.size(p) for p in template.values()]
    if theta.size != sum(sizes):
        raise ValueError(f"theta: expected {sum(sizes)} entries to fill the template; got {theta.size}")
    params, start = {}, 0
    for (key, p), size in zip(template.items(), sizes):
        params[key] = theta[start:start + size].reshape(np.shape(p)).copy()
        start += size
    return params


def numerical_gradient(f, theta, epsilon=1e-7):
    """Two-sided difference: g_i = (f(theta + eps e_i) - f(theta - eps e_i)) / (2 eps); error O(eps^2).

    f maps a 1-D vector to a number; theta is not modified.
    """
    theta = as_array(theta, "theta", ndim=1).astype(float)
    positive(epsilon, "epsilon")
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (f(plus) - f(minus)) / (2 * epsilon)
    return grad


def relative_difference(grad, grad_approx, *, atol=1e-12):
    """||grad - grad_approx|| / (||grad|| + ||grad_approx||); the absolute difference when both norms are ~0.

    About 1e-7: great. About 1e-5: look closer. 1e-3 or more: almost surely a bug.
    """
    grad, grad_approx = as_array(grad, "grad"), as_array(grad_approx, "grad_approx")
    if grad.shape != grad_approx.shape:
        raise ValueError(f"grad and grad_approx must have the same shape; got {grad.shape} and {grad_approx.shape}")
    numerator = np.linalg.norm(grad - grad_approx)
    denominator = np.linalg.norm(grad) + np.linalg.norm(grad_approx)
    return float(numerator if denominator < atol else numerator / denominator)


def gradient_check(model, X, Y, *, loss=None, lambd=0.0, penalty="l2", epsilon=1e-7):
    """Relative difference between backprop's gradient and the numerical gradient of the full cost
    (mean loss + penalty) over all trainable parameters. Refuses while dropout is active (J would be random).
    Batch-norm running statistics are restored afterwards."""
    if any(isinstance(la, Dropout) and la.keep_prob < 1 for la in model.layers):
        raise ValueError("model: gradient checking needs a deterministic cost; turn dropout off (keep_prob=1) "
                         "first, check, then turn it back on")
    saved_state = [{k: v.copy() for k, v in la.state.items()} for la in model.layers]
    original = {k: v.copy() for k, v in model.parameters().items()}
    try:
        _, grads = cost_and_gradients(model, X, Y, loss=loss, lambd=lambd, penalty=penalty)
        keys = list(grads)

        def J(theta):
            model.set_parameters(vector_to_params(theta, {k: original[k] for k in keys}))
            return compute_cost(model, X, Y, loss=loss, lambd=lambd, penalty=penalty, training=True)

        approx = numerical_gradient(J, params_to_vector({k: original[k] for k in keys}), epsilon)
        return relative_difference(params_to_vector(grads), approx)
    finally:
        model.set_parameters(original)
        for layer, state in zip(model.layers, saved_state):
            layer.state.update(state)


def gradient_check_by_parameter(cost, grads, params, epsilon=1e-7):
    """Which gradient is wrong? For each key of grads, the relative difference between grads[key] and the
    numerical gradient of cost(params) with respect to params[key] alone. cost maps a params dict to J.
    Returns {key: relative difference}; the key with the largest value is the suspect."""
    result = {}
    for key in grads:
        def J_of(theta, key=key):
            return cost({**params, key: theta.reshape(np.shape(params[key]))})

        approx = numerical_gradient(J_of, np.asarray(params[key], dtype=float).ravel(), epsilon)
        result[key] = relative_difference(np.asarray(grads[key], dtype=float).ravel(), approx)
    return result
