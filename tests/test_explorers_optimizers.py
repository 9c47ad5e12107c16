"""Notebook 06's explorers: the optimizer race, EWMA, schedules, batch size and live curves draw dlcore's numbers."""

import inspect
import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np
import pytest

from dlcore import optim, schedules, widgets  # noqa: F401
from dlcore.ewma import ewma
from dlcore.widgets import optimizers as wopt
from dlcore.widgets import training as wtrain

run_code = H.run_code
make = H.make

def reference_path(name, surface, condition, learning_rate, hp, steps):
    """The iterates of dlcore's Optimizer (the params-dict API) on the surface's gradient."""
    _, grad = wopt.SURFACES[surface].functions(condition)
    opt = optim.Optimizer(name, **hp)
    params = {"W1": np.array(wopt.SURFACES[surface].start, dtype=float)}
    state = opt.init(params)
    path = [params["W1"]]
    for _ in range(steps):
        params, state = opt.update(params, {"W1": grad(params["W1"])}, state, learning_rate)
        if not np.all(np.isfinite(params["W1"])) or np.abs(params["W1"]).max() > wopt.DIVERGED:
            break
        path.append(params["W1"])
    return np.array(path)


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
    for name in optim.RULES:
        hp = wopt.hparam_values(name, optim.RULES[name], v)
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
    ns, _ = run_code(stand_in)  # a dlcore rule under a free-form label is referenced as optim.adam
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
    ns, _ = run_code(e)
    for name in optim.RULES:
        np.testing.assert_allclose(ns["paths"][name], e.paths[name], rtol=1e-12)


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
    ns, _ = run_code(e)
    np.testing.assert_allclose(ns["theta"], e.theta)
    np.testing.assert_allclose(ns["v"], e.artists["line"].get_ydata())


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
    ns, _ = run_code(e)
    for name, values in ns["rates"].items():
        np.testing.assert_allclose(e.lines[name].get_ydata(), values)


def test_batch_size_curves_equal_minibatch_runs():
    e = wtrain.BatchSizeExplorer(m=48, epochs=2)
    sgd = "SGD (1)"
    iteration_costs, epoch_costs = wtrain.minibatch_run(e.X, e.Y, batch_size=1, learning_rate=0.1, epochs=2)
    np.testing.assert_allclose(e.raw[sgd].get_ydata(), iteration_costs)
    np.testing.assert_allclose(e.epoch_lines[sgd].get_ydata(), epoch_costs)
    assert len(e.raw[f"batch GD (m={e.m})"].get_ydata()) == 2
    ns, _ = run_code(e)  # its last loop run is SGD
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



# ------------------------------------------------------------------------------------------ the race is data-driven
def test_every_dlcore_rule_races_with_the_sliders_its_signature_asks_for():
    e = widgets.optimizer_explorer(steps=10).explorer
    assert set(e.lines) == set(optim.RULES)
    for name, rule in optim.RULES.items():
        hparams = list(inspect.signature(rule).parameters)[4:]
        fed = wopt.rule_hparams(name, rule)
        assert set(fed) == set(hparams), name  # every hyperparameter of dlcore's rules has a slider
        assert all(s in e.controls for s in fed.values())
    assert wopt.rule_hparams("rmsprop", optim.rmsprop) == {"beta": "beta2", "epsilon": "epsilon"}
    assert wopt.rule_hparams("adamw", optim.adamw)["weight_decay"] == "weight_decay"


def test_a_new_rule_races_without_editing_the_explorer():
    def lion(w, dw, state, learning_rate, beta1=0.9, rho=0.5):
        """A made-up rule with one known hyperparameter (beta1) and one no slider feeds (rho)."""
        m = beta1 * state["v"] + (1 - beta1) * dw
        return w - learning_rate * rho * np.sign(m), {**state, "v": m, "count": state.get("count", 0) + 1}

    e = widgets.optimizer_explorer(extra_rules={"lion": lion}, show=("gd",), steps=10).explorer
    assert set(e.controls) >= {"beta1", "learning_rate"} and "beta" not in e.controls  # only sliders in use
    e.controls["beta1"].value = 0.5
    _, grad = wopt.SURFACES["bowl"].functions(e.controls["condition"].value)
    w, state = np.array(wopt.SURFACES["bowl"].start), optim.init_state(np.zeros(2))
    for _ in range(10):
        w, state = lion(w, grad(w), state, e.controls["learning_rate"].value, beta1=0.5)  # rho keeps 0.5
    np.testing.assert_allclose(e.paths["lion"][-1], w)
    assert set(e.columns) == {"v", "count"}  # the state it changed, and a new entry it returned
    assert e.columns["v"] == {"lion"}  # gd never changes v: its cell shows a dash
    assert "<th>count</th>" in e.state_panel.value and "<th>s" not in e.state_panel.value


def test_unknown_hyperparameter_or_rule_names_are_refused():
    with pytest.raises(ValueError, match="rho"):
        widgets.optimizer_explorer(rho=0.3)
    with pytest.raises(ValueError, match="show"):
        widgets.optimizer_explorer(show=("lion",))


# ------------------------------------------------------------------------------------------ defaults vs the text
def _final_costs(e):
    return {name: costs[-1] for name, costs in e.costs.items()}


def test_the_default_race_shows_what_the_readme_caption_says():
    """README: on the default bowl GD zig-zags across the valley while momentum, Nesterov and Adam head down it
    and end closer to the minimum after the default 100 steps; AdaGrad's growing sum of squares stalls it."""
    caption = (H.ROOT / "README.md").read_text()
    assert "GD zig-zag across the valley" in caption and "AdaGrad" in caption
    e = widgets.optimizer_explorer().explorer
    gd = e.paths["gd"]
    flips = np.sign(gd[1:12, 1])
    assert np.all(flips[1:] != flips[:-1]), "GD's w2 flips sign every step: the zig-zag"
    for name in ("momentum", "nesterov", "adam"):
        path = e.paths[name]
        assert np.sum(np.sign(path[2:12, 1])[1:] != np.sign(path[2:12, 1])[:-1]) <= 2, name  # no zig-zag
    J = _final_costs(e)
    assert all(J[n] < J["gd"] for n in ("momentum", "nesterov", "adam")), J
    assert J["adagrad"] > 10 * J["gd"], J


def test_the_notebook_claims_about_the_race_hold():
    """06's "things to try": a round bowl (kappa = 1) stops GD's zig-zag; on the ravine GD at the suggested
    alpha flies off within a few steps while momentum follows the valley to the minimum; beta = 0 turns momentum
    into GD."""
    e = widgets.optimizer_explorer().explorer
    e.controls["condition"].value = 1.0
    w2 = e.paths["gd"][1:12, 1]
    assert np.all(np.sign(w2[1:]) == np.sign(w2[:-1]))
    e.controls["surface"].value = "ravine"
    assert len(e.paths["gd"]) < 10
    np.testing.assert_allclose(e.paths["momentum"][-1], wopt.SURFACES["ravine"].minimum, atol=0.05)
    e.controls["beta"].value = 0.0
    np.testing.assert_allclose(e.paths["momentum"], e.paths["gd"][:len(e.paths["momentum"])])


def test_race_one_move_is_one_redraw_of_the_new_state():
    """Moving steps (which also moves step t) or the surface (which also sets alpha) redraws once, with every
    control's new value."""
    _, e = H.make("optimizer_explorer")
    draws = []
    redraw = e._redraw
    e._redraw = lambda: (draws.append(dict(e.values())), redraw())
    e.controls["steps"].value = 60
    assert len(draws) == 1 and draws[0]["steps"] == draws[0]["step"] == 60 and len(e.paths["gd"]) <= 61
    e.controls["surface"].value = "ravine"
    assert len(draws) == 2 and draws[1]["learning_rate"] == wopt.SURFACES["ravine"].alpha
    assert e._key[:3] == ("ravine", draws[1]["condition"], wopt.SURFACES["ravine"].alpha)
