"""Notebook 03's explorers: activation functions, init schemes side by side, the deep-net experiment."""

import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np
import pytest

from dlcore import activations as act
from dlcore import (
    mlp,
    widgets,  # noqa: F401
)
from dlcore.diagnostics import activation_stats, gradient_norms, hidden_activations
from dlcore.model import cost_and_gradients
from dlcore.viz.activations import ridge_values


def run_code(explorer):
    return H.run_code(explorer)[1]
make = H.make

def test_activation_function_explorer_draws_dlcore_g_and_derivative():
    _, e = make("activation_function_explorer")
    for name in ("sigmoid", "tanh", "relu", "leaky_relu", "elu"):
        e.controls["activation"].value = name
        e.controls["alpha"].value = 0.3
        g, g_backward = act.get(name)
        kw = {"alpha": 0.3} if name in ("leaky_relu", "elu") else {}
        np.testing.assert_allclose(e.lines["g"].get_ydata(), g(e.z, **kw))
        np.testing.assert_allclose(e.lines["dg"].get_ydata(), g_backward(np.ones_like(e.z), e.z, **kw))
    e.controls["activation"].value = "softmax"  # two-class softmax = sigmoid
    np.testing.assert_allclose(e.lines["g"].get_ydata(), act.sigmoid(e.z), atol=1e-12)
    np.testing.assert_allclose(e.lines["dg"].get_ydata(), act.sigmoid_backward(np.ones_like(e.z), e.z), atol=1e-12)
    run_code(e)


@pytest.mark.parametrize("activation,init,gain", [("tanh", "small_random", 1.0), ("tanh", "xavier", 1.0),
                                                  ("relu", "he", 1.0), ("tanh", "small_random", 100.0)])
def test_activation_explorer_matches_dlcore(activation, init, gain):
    _, e = make("activation_explorer")
    for k, v in {"depth": 4, "activation": activation, "init": init, "gain": gain}.items():
        e.controls[k].value = v
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 40))
    Y = (rng.random((1, 40)) < 0.5).astype(float)
    X, Y = X.astype(np.float32), Y.astype(np.float32)
    model = mlp([50] * 5 + [1], hidden=activation, init=init, gain=gain, rng=1, dtype=np.float32)
    edges = np.linspace(*e.ax_hist.get_xlim(), e.bins + 1)
    acts = hidden_activations(model, X)
    assert len(acts) == 4 == len(e.heights)
    for l, (_, A) in enumerate(acts):
        expected = np.histogram(np.clip(A, edges[0], edges[-1]), edges)[0] / A.size
        np.testing.assert_allclose(e.heights[l], expected, atol=1e-6)
        np.testing.assert_allclose(e.patches[l].get_data().values, ridge_values(expected, 10 - (l + 1)), atol=1e-5)
    assert not e.patches[5].get_visible()
    stats = activation_stats(model, X)
    np.testing.assert_allclose(e.mean, stats["mean"], rtol=1e-4, atol=1e-7)
    np.testing.assert_allclose(e.std, stats["std"], rtol=1e-4)
    cost_and_gradients(model, X, Y)
    norms = gradient_norms(model)
    np.testing.assert_allclose(e.grad_norms, [norms[f"W{l}"] for l in range(1, 6)], rtol=1e-4)
    np.testing.assert_allclose(next(iter(e.std_lines.values())).get_ydata()[:4], e.std)


def test_init_explorer_zeros_stays_symmetric_and_boundaries_match_training():
    _, e = make("init_explorer")
    e.controls["epoch"].value = 40
    P_zero = e.boundaries["zeros"]["image"].get_array()
    assert np.ptp(P_zero) < 1e-6  # zeros: every unit identical -> constant prediction
    assert e.histories["he"].train_accuracy[-1] > e.histories["zeros"].train_accuracy[-1]
    out = run_code(e)
    assert f"he {e.histories['he'].train_accuracy[-1]}" in out


def test_init_explorer_epoch_between_snapshots_shows_the_snapshot_before():
    _, e = make("init_explorer", epochs=45)  # snapshots every 10 epochs: 0 .. 40
    assert e.controls["epoch"].max == 40
    e.controls["epoch"].value = 33  # set from code, between two snapshots
    np.testing.assert_allclose(e.boundaries["he"]["image"].get_array(), e.P["he"][3])
    assert "epoch 30" in e.axes[2].get_title()
    assert "epochs=30" in e.code(epoch=33)
    with pytest.raises(ValueError, match="epoch"):
        make("init_explorer", epoch=50)



@pytest.mark.parametrize("activation,init,gain", [("relu", "he", 30.0), ("tanh", "small_random", 0.01),
                                                  ("relu", "small_random", 1.0)])
def test_activation_explorer_limits_follow_exploding_and_vanishing_nets(activation, init, gain):
    _, e = make("activation_explorer")
    for k, v in {"depth": 10, "activation": activation, "init": init, "gain": gain}.items():
        e.controls[k].value = v
    for ax, values in ((e.std_ax, e.std), (e.grad_ax, e.grad_norms), (e.mean_ax, e.mean)):
        shown = np.asarray(values)[np.isfinite(values) & ((np.asarray(values) > 0) | (ax is e.mean_ax))]
        low, high = ax.get_ylim()
        assert np.all((shown >= low) & (shown <= high)), (ax.get_ylabel(), shown, (low, high))
