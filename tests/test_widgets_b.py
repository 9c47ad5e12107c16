"""widgets-B explorers, headless (Agg): each slider's drawing equals what dlcore computes for that setting."""

import contextlib
import gc
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlcore import activations as act  # noqa: E402
from dlcore import mlp, widgets  # noqa: E402
from dlcore.diagnostics import activation_stats, gradient_norms, hidden_activations  # noqa: E402
from dlcore.model import cost_and_gradients  # noqa: E402
from dlcore.training import early_stopping_epoch  # noqa: E402
from dlcore.viz.activations import ridge_values  # noqa: E402
from dlcore.viz.boundary import grid_probabilities  # noqa: E402

SMALL = {
    "activation_explorer": dict(width=50, m=40, widths=(30, 50)),
    "activation_function_explorer": {},
    "capacity_explorer": dict(sizes=(10, 30), m_train=10, max_degree=8),
    "normalization_explorer": dict(m=50, max_steps=20, resolution=40),
    "regularization_explorer": dict(layer_dims=(2, 16, 1), m_train=40, m_dev=60, epochs=60, resolution=30),
    "early_stopping_explorer": dict(layer_dims=(2, 24, 24, 1), m_train=40, m_dev=60, epochs=80, resolution=30),
    "init_explorer": dict(m=100, epochs=40, snapshot_every=10, resolution=30),
    "batchnorm_explorer": dict(depth=3, width=12, rates=(0.1, 3.0), learning_rate=3.0, epochs=3, m=200),
}


def make(name, **kwargs):
    w = getattr(widgets, name)(**{**SMALL[name], **kwargs})
    return w, w.explorer


def run_code(explorer):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(explorer.code(**explorer.values()), {})
    return out.getvalue()


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


def test_init_explorer_zeros_stays_symmetric_and_boundaries_match_training():
    _, e = make("init_explorer")
    e.controls["epoch"].value = 40
    P_zero = e.boundaries["zeros"]["image"].get_array()
    assert np.ptp(P_zero) < 1e-6  # zeros: every unit identical -> constant prediction
    assert e.histories["he"].train_accuracy[-1] > e.histories["zeros"].train_accuracy[-1]
    out = run_code(e)
    assert f"he {e.histories['he'].train_accuracy[-1]}" in out


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


def test_batchnorm_explorer_histograms_and_sweep():
    _, e = make("batchnorm_explorer")
    e.controls["epoch"].value = 2
    e.controls["layer"].value = 2
    history, frames, acc = e.runs[("batch norm", 3.0)]
    np.testing.assert_allclose(e.hists["batch norm"].get_data().values, frames[2][1])
    np.testing.assert_allclose(e.sweep["lines"]["plain"].get_ydata(), [e.runs[("plain", r)][2] for r in e.rates])
    e.controls["epoch"].value = 3
    model = mlp(e.layer_dims, hidden="relu", init="he", batchnorm=True, rng=0)
    from dlcore import train

    with np.errstate(all="ignore"):
        train(model, e.X, e.Y, optimizer="gd", learning_rate=3.0, epochs=3, batch_size=64,
              validation=(e.X_dev, e.Y_dev), rng=0, progress=False)
    A = hidden_activations(model, e.X_dev)[1][1]
    np.testing.assert_allclose(e.hists["batch norm"].get_data().values,
                               np.histogram(np.clip(A, e.edges[0], e.edges[-1]), e.edges)[0] / A.size)
    run_code(e)


def test_no_figure_leak_and_no_pyplot_without_ipympl():
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    _, e = make("activation_function_explorer")
    _, r = make("capacity_explorer")
    assert isinstance(e.fig, Figure) and not e._live
    for i in range(12):
        e.controls["alpha"].value = (i % 10) / 10
        r.controls["degree"].value = i % 8
    assert len(plt.get_fignums()) == before
    n_artists = len(r.ax_cap.get_children())
    for i in range(6):
        r.controls["degree"].value = i % 8
    assert len(r.ax_cap.get_children()) == n_artists  # updates change data, never add artists
    gc.collect()


@pytest.mark.parametrize("name", list(SMALL))
def test_every_explorer_returns_one_widget_and_code_runs(name):
    import ipywidgets as W

    w, e = make(name)
    assert isinstance(w, W.Widget) and w.explorer is e
    for control in e.controls.values():  # every control triggers a full update
        opts = getattr(control, "options", None)
        if opts:
            values = [o[1] if isinstance(o, tuple) else o for o in opts]
            control.value = values[0] if control.value != values[0] else values[-1]
    e.fig.canvas.draw()
    if name not in ("batchnorm_explorer", "init_explorer", "regularization_explorer", "early_stopping_explorer"):
        run_code(e)


def _rgba(fig):
    """A full redraw of the figure (savefig draws every artist, ignoring the cached background)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=fig.dpi)
    w, h = fig.canvas.get_width_height()
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(h, w, 4)


@pytest.mark.parametrize("name", list(SMALL))
def test_blitted_update_shows_the_same_pixels_as_a_full_redraw(name):
    """Each explorer redraws only its dynamic artists over cached static pixels: after moving every control, the
    screen must equal a full redraw (nothing stale, nothing missing, same stacking order)."""
    _, e = make(name)
    for control in e.controls.values():
        opts = getattr(control, "options", None)
        if opts:
            values = [o[1] if isinstance(o, tuple) else o for o in opts]
        elif type(control).__name__ == "FloatLogSlider":
            values = [control.base ** control.min, control.base ** control.max]
        else:
            values = [control.min, control.max]
        v = values[0] if control.value != values[0] else values[-1]
        control.value = v  # the observer updates and draws (blitted)
        screen = np.asarray(e.fig.canvas.buffer_rgba()).copy()
        differ = np.any(np.abs(screen.astype(int) - _rgba(e.fig)) > 8, axis=2)
        assert differ.mean() < 1e-3, f"{name}: {differ.mean():.4f} of the pixels differ after {v!r}"


def test_init_explorer_epoch_between_snapshots_shows_the_snapshot_before():
    _, e = make("init_explorer", epochs=45)  # snapshots every 10 epochs: 0 .. 40
    assert e.controls["epoch"].max == 40
    e.controls["epoch"].value = 33  # set from code, between two snapshots
    np.testing.assert_allclose(e.boundaries["he"]["image"].get_array(), e.P["he"][3])
    assert "epoch 30" in e.axes[2].get_title()
    assert "epochs=30" in e.code(33)
    with pytest.raises(ValueError, match="epoch"):
        make("init_explorer", epoch=50)
