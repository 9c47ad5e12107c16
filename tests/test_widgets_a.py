"""Widgets engineer A's explorers: what they draw equals what dlcore computes; no figure leaks; "Show code" runs
and reproduces the setting; everything works headless (Agg) without ipympl."""

import gc
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from dlcore import optim, schedules, tuning  # noqa: E402
from dlcore.ewma import ewma  # noqa: E402
from dlcore.gradcheck import numerical_gradient, relative_difference  # noqa: E402
from dlcore.widgets import _base  # noqa: E402
from dlcore.widgets import optimizers as wopt  # noqa: E402
from dlcore.widgets import training as wtrain  # noqa: E402

widgets = pytest.importorskip("dlcore.widgets")


def run_code(explorer):
    ns = {}
    exec(explorer.code(**explorer.values()), ns)
    return ns


def reference_path(name, surface, condition, learning_rate, hp, steps):
    """The iterates of dlcore's Optimizer (the params-dict API) on the surface's gradient."""
    _, grad = wopt.SURFACES[surface].functions(condition)
    opt = optim.Optimizer(name, **hp)
    params = {"w": np.array(wopt.SURFACES[surface].start, dtype=float)}
    state = opt.init(params)
    path = [params["w"]]
    for _ in range(steps):
        params, state = opt.update(params, {"w": grad(params["w"])}, state, learning_rate)
        if not np.all(np.isfinite(params["w"])) or np.abs(params["w"]).max() > wopt.DIVERGED:
            break
        path.append(params["w"])
    return np.array(path)


# ------------------------------------------------------------------------------------------ optimizer explorer
@pytest.fixture(scope="module")
def opt_explorer():
    return widgets.optimizer_explorer(steps=40).explorer


@pytest.mark.parametrize("surface", sorted(wopt.SURFACES))
def test_optimizer_trajectories_equal_dlcore_iterates(opt_explorer, surface):
    e = opt_explorer
    c = e.controls
    c["surface"].value = surface
    c["beta"].value, c["beta1"].value, c["beta2"].value = 0.8, 0.85, 0.99
    c["learning_rate"].value = 0.02
    c["step"].value = c["steps"].value
    v = e.values()
    for name in wopt.BUILTIN:
        hp = wopt.rule_hparams(name, None, v["beta"], v["beta1"], v["beta2"], v["epsilon"])
        expected = reference_path(name, surface, v["condition"], v["learning_rate"], hp, v["steps"])
        line, marker = e.lines[name]
        np.testing.assert_allclose(np.column_stack(line.get_data()), expected, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(np.column_stack(marker.get_data()), expected[-1:], rtol=1e-12)


def test_optimizer_step_moves_only_markers_and_state_panel(opt_explorer):
    e = opt_explorer
    e.controls["surface"].value = "bowl"
    key, paths = e._key, e.paths
    e.play.value = 7  # the Play widget drives the step slider
    assert e.controls["step"].value == 7
    assert e._key == key and e.paths is paths  # nothing recomputed
    for name, (line, marker) in e.lines.items():
        np.testing.assert_allclose(np.column_stack(marker.get_data())[0], paths[name][7])
        assert len(line.get_xdata()) == 8
    adam_state = e.runs["adam"][1][7]
    assert adam_state["t"] == 7
    assert f"{adam_state['v'][0]:.3g}" in e.state_panel.value


def test_optimizer_steps_slider_resizes_step_and_play(opt_explorer):
    e = opt_explorer
    e.controls["step"].value = e.controls["steps"].value  # at the end: the step follows the new end
    e.controls["steps"].value = 60
    assert e.controls["step"].max == e.play.max == 60
    assert e.controls["step"].value == 60
    assert all(len(p) <= 61 for p in e.paths.values())
    e.controls["steps"].value = 40


def test_optimizer_extra_rule_joins_the_race():
    def mine(w, dw, state, learning_rate, beta=0.9):
        v = beta * state["v"] + dw
        return w - learning_rate * v, {**state, "v": v}

    e = widgets.optimizer_explorer(extra_rules={"mine": mine}, steps=20).explorer
    assert "mine" in e.lines and "mine" in e.state_panel.value
    e.controls["beta"].value = 0.5
    _, grad = wopt.SURFACES["bowl"].functions(e.controls["condition"].value)
    w, state, path = np.array(wopt.SURFACES["bowl"].start), optim.init_state(np.zeros(2)), []
    path.append(w)
    for _ in range(20):
        w, state = mine(w, grad(w), state, e.controls["learning_rate"].value, beta=0.5)
        path.append(w)
    np.testing.assert_allclose(np.column_stack(e.lines["mine"][0].get_data()), np.array(path))
    ns = {"mine": mine}
    exec(e.code(**e.values()), ns)
    np.testing.assert_allclose(ns["paths"]["mine"], e.paths["mine"])
    stand_in = widgets.optimizer_explorer(extra_rules={"adam (dlcore stand-in)": optim.adam}, steps=5).explorer
    ns = run_code(stand_in)  # a dlcore rule under a free-form label is referenced as optim.adam
    np.testing.assert_allclose(ns["paths"]["adam (dlcore stand-in)"], stand_in.paths["adam"])

    def broken(w, dw, state, learning_rate):
        raise RuntimeError("oops")

    e = widgets.optimizer_explorer(extra_rules={"broken": broken}, steps=5).explorer
    assert "oops" in e.state_panel.value and len(e.paths["broken"]) == 1
    with pytest.raises(ValueError, match="extra_rules"):
        widgets.optimizer_explorer(extra_rules={"bad": 3})
    with pytest.raises(ValueError, match="surface"):
        widgets.optimizer_explorer(surface="volcano")


def test_optimizer_divergence_ends_the_line():
    e = widgets.optimizer_explorer(surface="ravine", steps=30).explorer
    e.controls["learning_rate"].value = 0.5
    assert len(e.paths["gd"]) < 31 and np.all(np.isfinite(e.paths["gd"]))
    assert "diverged" in e.state_panel.value


def test_optimizer_show_code_reproduces(opt_explorer):
    e = opt_explorer
    e.controls["surface"].value = "saddle"
    e.controls["learning_rate"].value = 0.03
    ns = run_code(e)
    for name in wopt.BUILTIN:
        np.testing.assert_allclose(ns["paths"][name], e.paths[name], rtol=1e-12)


# ------------------------------------------------------------------------------------------ EWMA
def test_ewma_line_equals_dlcore_ewma():
    e = widgets.ewma_explorer().explorer
    for beta, corrected in ((0.5, True), (0.9, False), (0.98, True), (0.995, False)):
        e.controls["beta"].value = beta
        e.controls["bias_correction"].value = corrected
        beta = e.controls["beta"].value
        np.testing.assert_allclose(e.artists["line"].get_ydata(), ewma(e.theta, beta, bias_correction=corrected))
        assert e.artists["raw"].get_visible() == corrected
        if corrected:
            np.testing.assert_allclose(e.artists["raw"].get_ydata(), ewma(e.theta, beta, bias_correction=False))
        span = e.artists["span"]
        assert span.get_width() == pytest.approx(min(1 / (1 - beta), e.window_end - 0.5))
    ns = run_code(e)
    np.testing.assert_allclose(ns["theta"], e.theta)
    np.testing.assert_allclose(ns["v"], e.artists["line"].get_ydata())


# ------------------------------------------------------------------------------------------ schedules
def test_schedule_lines_equal_dlcore_schedules():
    e = widgets.schedule_explorer().explorer
    c = e.controls
    c["learning_rate0"].value, c["decay_rate"].value, c["base"].value = 0.05, 0.5, 0.9
    c["time_interval"].value, c["period"].value, c["k"].value = 7, 13, 0.5
    v = e.values()
    ep = e.epoch_num
    expected = {
        "constant": schedules.constant(v["learning_rate0"], ep),
        "inverse_time": schedules.inverse_time_decay(v["learning_rate0"], ep, decay_rate=v["decay_rate"]),
        "exponential": schedules.exponential_decay(v["learning_rate0"], ep, base=v["base"]),
        "inverse_sqrt": schedules.inverse_sqrt_decay(v["learning_rate0"], ep, k=v["k"]),
        "staircase": schedules.staircase_decay(v["learning_rate0"], ep, decay_rate=v["decay_rate"], time_interval=7),
        "cosine": schedules.cosine_decay(v["learning_rate0"], ep, period=13, learning_rate_min=0.0),
    }
    for name, values in expected.items():
        np.testing.assert_allclose(e.lines[name].get_ydata(), values)
    assert "base=0.9 " in e.params.get_text()
    assert e.ax.get_ylim()[1] >= v["learning_rate0"]
    ns = run_code(e)
    for name, values in ns["rates"].items():
        np.testing.assert_allclose(e.lines[name].get_ydata(), values)


# ------------------------------------------------------------------------------------------ tuning
def test_tuning_panels_equal_dlcore_tuning():
    e = widgets.tuning_explorer().explorer
    e.controls["n_trials"].value = 16
    e.controls["top_k"].value = 4
    grid = tuning.grid_points(widgets.tuning.COVERAGE_SPACE if hasattr(widgets, "tuning") else None, 4)
    np.testing.assert_allclose(e.grid["points"].get_offsets(),
                               [[p["learning_rate"], p["epsilon"]] for p in grid])
    assert "4 distinct α" in e.ax_grid.get_title() and "16 distinct α" in e.ax_rand.get_title()
    ns = run_code(e)
    assert ns["fine_space"] == e.result["fine_space"]
    _, lo, hi = ns["fine_space"]["learning_rate"]
    assert e.box.get_x() == pytest.approx(lo) and e.box.get_x() + e.box.get_width() == pytest.approx(hi)
    np.testing.assert_allclose(e.rows["α = 10**uniform(-4, 0)"].get_xdata(), ns["alpha_log"])


# ------------------------------------------------------------------------------------------ gradcheck
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
    ns = run_code(e)
    assert ns["two_sided"] == pytest.approx(e.values_at_epsilon[two_label], rel=1e-9)
    assert ns["one_sided"] == pytest.approx(e.values_at_epsilon[one_label], rel=1e-9)
    # the picture's lesson: two-sided beats one-sided at a moderate epsilon
    e.controls["epsilon"].value = 1e-4
    assert e.values_at_epsilon[two_label] < e.values_at_epsilon[one_label] / 100


# ------------------------------------------------------------------------------------------ training explorers
def test_babysitting_curves_equal_train_history():
    e = widgets.babysitting_explorer(precompute=False, epochs=40).explorer
    e.controls["learning_rate"].value = 0.1
    ns = run_code(e)
    np.testing.assert_allclose(e.artists["cost"].get_ydata(), ns["history"].cost)
    np.testing.assert_allclose(e.artists["val_accuracy"].get_ydata(), ns["history"].val_accuracy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e.controls["learning_rate"].value = 10.0
        assert "too high" in e.title.get_text() and "diverged" in e.artists["stop_text"].get_text()
        e.controls["learning_rate"].value = 1e-4
    assert "too low" in e.title.get_text()


def test_batch_size_curves_equal_minibatch_runs():
    e = wtrain.BatchSizeExplorer(m=48, epochs=2)
    sgd = "SGD (1)"
    iteration_costs, epoch_costs = wtrain.minibatch_run(e.X, e.Y, batch_size=1, learning_rate=0.1, epochs=2)
    np.testing.assert_allclose(e.raw[sgd].get_ydata(), iteration_costs)
    np.testing.assert_allclose(e.epoch_lines[sgd].get_ydata(), epoch_costs)
    assert len(e.raw[f"batch GD (m={e.m})"].get_ydata()) == 2
    ns = run_code(e)  # its last loop run is SGD
    np.testing.assert_allclose(ns["epoch_costs"], epoch_costs)


def test_live_training_updates_during_train():
    from dlcore import mlp, train

    (X, Y), dev = wtrain.moons_problem(60)
    live = widgets.live_training(epochs=5, every=0.0)
    history = train(mlp([2, 4, 1], rng=0), X, Y, epochs=5, validation=dev, callback=live, progress=False)
    assert live.progress.value == 5 and "epoch 5/5" in live.status.value
    np.testing.assert_allclose(live.artists["cost"].get_ydata(), history.cost)
    np.testing.assert_allclose(live.artists["val_accuracy"].get_ydata(), history.val_accuracy)
    assert live.widget.live is live


def test_live_training_ipympl_path_draws_synchronously(monkeypatch):
    """Under ipympl the callback must render now (canvas.draw), not draw_idle, and do the frontend handshake
    once when the figure was created in the running cell."""
    live = widgets.live_training(epochs=3, every=0.0)
    canvas = live.fig.canvas
    calls = []
    canvas.syncing_data_url = True
    monkeypatch.setattr(canvas, "_handle_message", lambda c, msg, buffers: calls.append(msg["type"]),
                        raising=False)
    monkeypatch.setattr(canvas, "draw", lambda: calls.append("draw"))
    monkeypatch.setattr(canvas, "draw_idle", lambda: calls.append("draw_idle"))
    live._live = True
    h = _fake_history(2)
    live(1, h)
    live(2, h)
    assert calls == ["send_image_mode", "refresh", "initialized", "draw", "draw"]


def _fake_history(n):
    from dlcore.training import History

    h = History()
    for i in range(n):
        h.epoch.append(i)
        h.cost.append(1.0 / (i + 1))
        h.learning_rate.append(0.1)
        h.val_accuracy.append(0.5 + 0.1 * i)
    return h


# ------------------------------------------------------------------------------------------ plumbing
@pytest.mark.slow
def test_no_figure_leaks_when_sliders_move():
    before = set(plt.get_fignums())
    e = widgets.ewma_explorer().explorer
    o = widgets.optimizer_explorer(steps=20).explorer
    gc.collect()
    n_figs = sum(isinstance(x, Figure) for x in gc.get_objects())
    for i in range(12):
        e.controls["beta"].value = 0.5 + 0.03 * i
        o.controls["step"].value = i
        o.controls["learning_rate"].value = 0.01 + 0.003 * i
    gc.collect()
    assert sum(isinstance(x, Figure) for x in gc.get_objects()) == n_figs
    assert set(plt.get_fignums()) == before


def test_works_without_ipympl_and_without_a_kernel(monkeypatch):
    assert not _base.ipympl_active()
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    w = widgets.schedule_explorer()
    assert w.explorer._live is False and w.explorer._out in w.children
    w.explorer.controls["base"].value = 0.9
    assert shown == []  # no kernel: nothing is pushed to an output area
    # a backend that claims to be ipympl but gives a plain canvas still falls back to the output area
    monkeypatch.setattr(_base, "ipympl_active", lambda: True)
    e = widgets.ewma_explorer().explorer
    assert e._live is False


def test_static_background_matches_a_full_draw():
    def make(bg):
        fig = _base.new_figure(figsize=(4, 3), dpi=50)
        ax = fig.subplots()
        ax.plot([0, 1], [0, 1], color="k")
        (dyn,) = ax.plot([0, 1], [1, 0], color="r")
        ax.set_title("t")
        if bg:
            _base.StaticBackground(fig, [dyn])
        return fig, ax, dyn

    (f1, a1, d1), (f2, a2, d2) = make(False), make(True)
    for xlim, y in (((0, 1), [1, 0.5]), ((0, 1), [0.2, 0.8]), ((-1, 2), [0.3, 0.9])):
        for ax, d, f in ((a1, d1, f1), (a2, d2, f2)):
            ax.set_xlim(*xlim)
            d.set_ydata(y)
            f.canvas.draw()
        full, cached = np.asarray(f1.canvas.buffer_rgba()), np.asarray(f2.canvas.buffer_rgba())
        assert np.mean(np.any(full != cached, axis=2)) < 1e-3  # a few anti-aliased pixels at most


def test_show_code_button_prints_runnable_code():
    w = widgets.ewma_explorer()
    button = next(c for c in w.children[2].children if getattr(c, "description", "") == "Show code")
    button.click()  # prints into the code output area (outside a kernel it goes to stdout); must not fail
    exec(w.explorer.code(**w.explorer.values()), {})
