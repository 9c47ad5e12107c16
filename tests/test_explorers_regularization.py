"""Notebook 02's explorers: L2/dropout settings and early stopping."""

import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np
import pytest

from dlcore import widgets  # noqa: F401
from dlcore.training import early_stopping_epoch
from dlcore.viz.boundary import grid_probabilities


def run_code(explorer):
    return H.run_code(explorer)[1]
make = H.make

def test_regularization_boundary_is_predict_proba_on_the_grid():
    _, e = make("regularization_explorer")
    e.controls["lambd"].value = 0.3
    e.controls["keep_prob"].value = 0.8
    model, P, acc_train, acc_dev, norms = e.result(0.3, 0.8)
    expected = model.predict_proba(e.grid).reshape(len(e.ys), len(e.xs))
    np.testing.assert_allclose(e.boundary["image"].get_array(), expected)
    np.testing.assert_allclose([b.get_height() for b in e.bars],
                               [np.linalg.norm(model.parameters()[k]) for k in ("W1", "W2")])
    from dlcore.widgets.regularization import KEEP_PROBS, LAMBDAS

    assert e.map["values"][KEEP_PROBS.index(0.8), LAMBDAS.index(0.3)] == pytest.approx(acc_dev)
    # the printed code trains the same model
    assert f"dev {acc_dev}" in run_code(e)


def test_early_stopping_marker_is_at_early_stopping_epoch():
    _, e = make("early_stopping_explorer")
    for patience in (1, 5, 30):
        e.controls["patience"].value = patience
        best = early_stopping_epoch(e.history.val_cost, patience)
        assert e.curves["vline"].get_xdata()[0] == e.history.epoch[best]
        assert e.curves["dot"].get_ydata()[0] == pytest.approx(e.history.val_cost[best])
        e.model.set_parameters(e.snapshots[best])
        np.testing.assert_allclose(e.boundary["image"].get_array(), grid_probabilities(e.model, e.grid, e.shape))
    assert f"keep epoch {early_stopping_epoch(e.history.val_cost, 30)}" in run_code(e)

