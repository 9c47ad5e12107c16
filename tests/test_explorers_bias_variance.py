"""Notebook 01's explorers: normalisation contours and paths, capacity vs train/dev error."""

import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np
import pytest

from dlcore import (
    mlp,
    widgets,  # noqa: F401
)
from dlcore.model import cost_and_gradients


def run_code(explorer):
    return H.run_code(explorer)[1]
make = H.make

def test_capacity_explorer_errors_and_curve():
    from numpy.polynomial import Polynomial

    _, e = make("capacity_explorer")
    e.controls["degree"].value = 5
    e.controls["m_train"].value = 30
    x, y = e.sets[30]
    poly = Polynomial.fit(x, y, 5)
    np.testing.assert_allclose(e.fit["fit"].get_ydata(), poly(e.x_curve), rtol=1e-8, atol=1e-8)
    assert e.cap["dots"].get_ydata()[0] == pytest.approx(np.mean((poly(x) - y) ** 2))
    assert e.verdict in run_code(e)


def test_normalization_paths_follow_dlcore_gradient_descent():
    _, e = make("normalization_explorer")
    e.controls["learning_rate"].value = 0.1
    e.controls["steps"].value = 7
    xs, ys = e.artists[1]["path"].get_data()
    assert len(xs) == 8
    model = mlp([2, 1], output="linear", init="zeros")
    W = np.array([e.starts[1]])
    for _ in range(7):
        model.set_parameters({"W1": W})
        _, grads = cost_and_gradients(model, e.X_norm, e.Y)
        W = W - 0.1 * grads["W1"]
    np.testing.assert_allclose([xs[-1], ys[-1]], W.ravel())
    assert "DIVERGES" in e.axes[0].get_title()  # 0.1 is too big for the raw features
    run_code(e)



def test_capacity_verdict_agrees_with_the_curves_everywhere():
    """For every size and degree the verdict is what the plotted train/dev errors and the Bayes line say: high
    bias iff train error exceeds Bayes error by more than the tolerance, high variance iff dev exceeds train."""
    e = widgets.capacity_explorer().explorer
    bayes = e.noise ** 2
    for m in e.sets:
        e.controls["m_train"].value = m
        for degree in range(0, int(e.degrees.max()) + 1, 3):
            e.controls["degree"].value = degree
            train = e.cap["train"].get_ydata()[degree]
            dev = e.cap["dev"].get_ydata()[degree]
            bias, variance = train - bayes > e.tolerance, dev - train > e.tolerance
            expected = {(True, True): "high bias and high variance", (True, False): "high bias",
                        (False, True): "high variance", (False, False): "good fit"}[(bias, variance)]
            assert e.verdict == expected, (m, degree, train, dev)
            assert e.fig._suptitle.get_text().startswith(expected)
