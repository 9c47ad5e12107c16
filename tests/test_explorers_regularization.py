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



def test_regularization_defaults_show_what_notebook_02_says():
    """02's text: as lambda grows the weight norm shrinks and train and dev accuracy approach each other; lambda
    pushed too far drops both (high bias); in this explorer (full-batch Adam) a lower keep_prob shrinks the norm."""
    e = widgets.regularization_explorer().explorer
    runs = {(lam, kp): e.result(lam, kp)[2:] for lam, kp in ((0.0, 1.0), (0.3, 1.0), (10.0, 1.0), (0.0, 0.5))}
    norm2 = {k: sum(n * n for n in v[2]) for k, v in runs.items()}
    gap = {k: v[0] - v[1] for k, v in runs.items()}
    assert norm2[(0.3, 1.0)] < norm2[(0.0, 1.0)] / 5 and norm2[(10.0, 1.0)] < norm2[(0.3, 1.0)]
    assert gap[(0.0, 1.0)] > 0.08 and abs(gap[(0.3, 1.0)]) < gap[(0.0, 1.0)] / 2  # overfitting, then tamed
    best_dev = max(e.result(lam, 1.0)[3] for lam in (0.3, 1.0))
    assert runs[(10.0, 1.0)][0] < runs[(0.0, 1.0)][0] - 0.1 and runs[(10.0, 1.0)][1] < best_dev  # both drop
    assert norm2[(0.0, 0.5)] < norm2[(0.0, 1.0)]


def test_early_stopping_keeps_the_weights_of_the_epoch_it_shows():
    """Only the epochs early stopping can pick are kept (new lowest dev cost, and the last); each snapshot equals a
    run of its own stopped after that epoch."""
    from dlcore import mlp, train
    from dlcore.widgets.regularization import noisy_moons

    _, e = make("early_stopping_explorer")
    dev = e.history.val_cost
    assert set(e.snapshots) == {i for i in range(len(dev)) if i == 0 or dev[i] < min(dev[:i])} | {len(dev) - 1}
    for patience in (1, 5, 30):
        best = early_stopping_epoch(dev, patience)
        (X, Y), (X_dev, Y_dev) = noisy_moons(e.m_train, e.m_dev, e.noise, e.seed)
        model = mlp(e.layer_dims, hidden="relu", rng=e.seed)
        train(model, X, Y, optimizer="adam", learning_rate=e.learning_rate, epochs=best + 1, batch_size=None,
              validation=(X_dev, Y_dev), rng=e.seed, progress=False)
        for k, v in model.parameters().items():
            np.testing.assert_allclose(e.snapshots[best][k], v, rtol=1e-12, atol=1e-15)
