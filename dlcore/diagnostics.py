"""Diagnosis: bias vs variance from errors, and what happens inside a net (activations, gradients)."""

import numpy as np

from ._validate import columns, non_negative, positive_int
from .layers import Activation, BatchNorm

VERDICTS = ("high bias", "high variance", "high bias and high variance", "good fit")


def error_rate(Y_pred, Y):
    """Fraction of examples whose predicted label differs from the true one. Y_pred and Y are (1, m) labels."""
    Y_pred, Y = np.asarray(Y_pred), np.asarray(Y)
    if Y_pred.shape != Y.shape or Y.ndim != 2 or Y.shape[0] != 1 or Y.shape[1] == 0:
        raise ValueError(f"Y_pred and Y: expected two (1, m) label arrays of the same shape; got {Y_pred.shape} "
                         f"and {Y.shape}")
    return float(np.mean(Y_pred != Y))


def diagnose(train_error, dev_error, bayes_error=0.0, *, tolerance=0.01):
    """Avoidable bias = train_error - bayes_error; variance = dev_error - train_error.

    A gap larger than `tolerance` counts as high. Gaps are rounded to 12 decimals first, so 0.16 - 0.15 is a
    gap of exactly 0.01 (not 0.010000000000000009). Returns one of VERDICTS.
    """
    for name, value in (("train_error", train_error), ("dev_error", dev_error), ("bayes_error", bayes_error)):
        if not 0 <= value <= 1:
            raise ValueError(f"{name}: expected an error rate in [0, 1]; got {value!r}")
    tolerance = non_negative(tolerance, "tolerance")
    high_bias = round(train_error - bayes_error, 12) > tolerance
    high_variance = round(dev_error - train_error, 12) > tolerance
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "good fit"


def hidden_activations(model, X, *, training=False):
    """Outputs of each hidden Activation layer (the last layer's output excluded), in order, for X."""
    A = columns(X, "X", model.n_x).astype(model.dtype)
    outputs = []
    for layer in model.layers:
        A = layer.forward(A, training=training)
        if isinstance(layer, Activation):
            outputs.append((layer.name, A))
    return outputs[:-1] if model.output == "sigmoid" else outputs


def _saturated(name, A, threshold):
    if name == "tanh":
        return np.abs(A) > threshold
    if name == "sigmoid":
        return np.abs(2 * A - 1) > threshold
    return np.zeros(A.shape, dtype=bool)  # ReLU-like units do not saturate on the positive side


def activation_stats(model, X, *, threshold=0.99):
    """Per hidden layer: mean and std of its activations, the fraction saturated (|tanh| or |2 sigmoid - 1| above
    threshold) and the fraction of dead units (zero for every example). Returns a dict of 1-D arrays, one entry
    per hidden layer: {"mean", "std", "saturated", "dead"}."""
    stats = {"mean": [], "std": [], "saturated": [], "dead": []}
    for name, A in hidden_activations(model, X):
        stats["mean"].append(A.mean())
        stats["std"].append(A.std())
        stats["saturated"].append(_saturated(name, A, threshold).mean())
        stats["dead"].append(np.mean(np.all(A == 0, axis=1)))
    return {k: np.asarray(v, dtype=float) for k, v in stats.items()}


def gradient_norms(model):
    """{"W1": ||dW1||_F, ...} for every weight gradient from the last backward pass (vanishing / exploding)."""
    return {k: float(np.linalg.norm(g)) for k, g in model.gradients().items() if k.startswith("W")}


def expected_initial_loss(n_classes):
    """Cross-entropy of a net that still guesses uniformly: ln(n_classes) (ln 2 = 0.693 for binary)."""
    n_classes = positive_int(n_classes, "n_classes")
    if n_classes < 2:
        raise ValueError(f"n_classes: expected at least 2 classes; got {n_classes}")
    return float(np.log(n_classes))


def has_batchnorm(model):
    return any(isinstance(la, BatchNorm) for la in model.layers)
