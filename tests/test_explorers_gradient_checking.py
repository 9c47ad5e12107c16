"""Notebook 04's explorer: relative difference against epsilon."""

import warnings  # noqa: F401

import explorer_helpers as H
import pytest

from dlcore import widgets  # noqa: F401
from dlcore.gradcheck import numerical_gradient, relative_difference

run_code = H.run_code
make = H.make

def test_gradcheck_markers_equal_dlcore_relative_difference():
    e = widgets.gradcheck_explorer().explorer
    for eps in (1e-3, 1e-7, 1e-11):
        e.controls["epsilon"].value = eps
        eps = e.controls["epsilon"].value
        two = relative_difference(e.grad, numerical_gradient(e.J, e.theta, eps))
        two_label, one_label = e.curves
        assert e.artists["markers"][two_label].get_ydata()[0] == pytest.approx(two, rel=1e-9)
    e.controls["method"].value = "two-sided"
    assert not e.artists["lines"][one_label].get_visible()
    ns, _ = run_code(e)
    assert ns["two_sided"] == pytest.approx(e.values_at_epsilon[two_label], rel=1e-9)
    assert ns["one_sided"] == pytest.approx(e.values_at_epsilon[one_label], rel=1e-9)
    # the picture's lesson: two-sided beats one-sided at a moderate epsilon
    e.controls["epsilon"].value = 1e-4
    assert e.values_at_epsilon[two_label] < e.values_at_epsilon[one_label] / 100

