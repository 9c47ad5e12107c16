"""Exponentially weighted moving averages, the idea under momentum, RMSProp, Adam and batch-norm's running stats."""

import numpy as np

from ._validate import as_array, beta_in_range


def ewma(theta, beta, *, bias_correction=True):
    """v_0 = 0;  v_t = beta * v_{t-1} + (1 - beta) * theta_t  for t = 1..T.

    With bias_correction, returns v_t / (1 - beta**t), which removes the pull towards v_0 = 0 early on.
    theta is a 1-D series; the result has the same length. v_t averages roughly the last 1/(1 - beta) values.
    """
    theta = as_array(theta, "theta", ndim=1)
    beta = beta_in_range(beta)
    v = np.empty_like(theta)
    prev = 0.0
    for i, x in enumerate(theta):
        prev = beta * prev + (1 - beta) * x
        v[i] = prev
    if bias_correction:
        t = np.arange(1, len(theta) + 1)
        v = v / (1 - beta**t)
    return v


def effective_window(beta):
    """About how many recent values an EWMA averages: 1 / (1 - beta)."""
    return 1.0 / (1.0 - beta_in_range(beta))
