"""Training behaviour of dlcore: what the course claims about init, optimizers, divergence, resuming, freezing."""

import math
from functools import partial

import numpy as np
import pytest

import dlcore
from dlcore import data, schedules
from dlcore.training import DivergenceWarning

LN2 = math.log(2)


@pytest.fixture(scope="module")
def dlcore_moons():
    """200 balanced moons (100 per class), 2 x 200."""
    X, Y = data.make_moons(200, noise=0.15, rng=0)
    assert Y.sum() == 100
    return X, Y


def _fit(model, X, Y, **kw):
    kw = {"epochs": 30, "batch_size": 50, "rng": 0, "progress": False, **kw}
    return dlcore.train(model, X, Y, **kw)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_dlcore_zero_init_is_stuck_at_ln2(dlcore_moons, hidden):
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 4, 1], init="zeros", hidden=hidden)
    history = _fit(model, X, Y, optimizer="gd", learning_rate=0.5)
    W1 = model.parameters()["W1"]
    assert np.allclose(W1, W1[0])                        # every hidden unit computes the same thing
    assert history.cost[-1] == pytest.approx(LN2, abs=5e-3)
    assert dlcore.diagnostics.expected_initial_loss(2) == pytest.approx(LN2)
    assert 0.45 <= history.train_accuracy[-1] <= 0.55


def test_dlcore_zero_init_never_breaks_symmetry_even_when_weights_move(dlcore_moons):
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 5, 1], init="zeros", hidden="sigmoid")
    _fit(model, X, Y, optimizer="adam", learning_rate=0.05, batch_size=16)
    W1, W2 = model.parameters()["W1"], model.parameters()["W2"]
    assert np.any(W1 != 0) and np.any(W2 != 0)          # the weights did move...
    np.testing.assert_allclose(W1, np.broadcast_to(W1[0], W1.shape), rtol=1e-10)   # ...all in lockstep
    np.testing.assert_allclose(W2, W2[0, 0], rtol=1e-10)


def test_dlcore_he_beats_small_random_on_a_deep_net(dlcore_moons):
    X, Y = dlcore_moons
    costs = {}
    for init in ("he", "small_random"):
        model = dlcore.mlp([2] + [16] * 10 + [1], init=init, rng=1)
        history = _fit(model, X, Y, optimizer="gd", learning_rate=0.05)
        costs[init] = history.cost[-1]
    assert costs["small_random"] == pytest.approx(LN2, abs=0.01)   # signals vanish: nothing is learned
    assert costs["he"] < 0.4


def test_dlcore_adam_beats_gd_at_the_same_budget(dlcore_moons):
    X, Y = dlcore_moons
    final = {}
    for rule in ("gd", "adam"):
        model = dlcore.mlp([2, 10, 10, 1], rng=1)
        final[rule] = _fit(model, X, Y, optimizer=rule, learning_rate=0.01).cost[-1]
    assert final["adam"] < 0.6 * final["gd"]


def test_dlcore_too_high_learning_rate_stops_with_a_divergence_warning(dlcore_moons):
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 10, 10, 1], rng=1)
    with pytest.warns(DivergenceWarning, match="smaller") as record:
        history = _fit(model, X, Y, optimizer="gd", learning_rate=10.0)
    assert "learning rate" in str(record[0].message)
    assert 1 <= len(history) < 30                         # stopped early, the history so far is kept
    assert history.stopped and "smaller" in history.stopped
    assert np.isfinite(history.cost[0])
    assert len(history.train_cost) == len(history.epoch)  # lists stay aligned


def test_dlcore_nan_cost_stops_training():
    X = np.random.default_rng(0).standard_normal((3, 40)) * 100
    Y = X[:1] * 5
    model = dlcore.mlp([3, 8, 1], output="linear", rng=0)
    with np.errstate(all="ignore"), pytest.warns(DivergenceWarning, match="learning rate"):
        history = _fit(model, X, Y, optimizer="gd", learning_rate=1e3, batch_size=10)
    assert len(history) < 30


def test_dlcore_resuming_with_optimizer_state_continues_the_same_run(dlcore_moons):
    X, Y = dlcore_moons
    kw = {"optimizer": "adam", "learning_rate": 0.02, "schedule": partial(schedules.inverse_time_decay,
                                                                          decay_rate=0.3)}
    one = dlcore.mlp([2, 6, 1], rng=2)
    h_one = _fit(one, X, Y, epochs=6, rng=np.random.default_rng(5), **kw)
    two, shuffles = dlcore.mlp([2, 6, 1], rng=2), np.random.default_rng(5)
    h_a = _fit(two, X, Y, epochs=3, rng=shuffles, **kw)
    h_b = _fit(two, X, Y, epochs=3, rng=shuffles, optimizer_state=h_a.optimizer_state, initial_epoch=3, **kw)
    assert h_b.epoch == [3, 4, 5]
    assert h_b.optimizer_state["W1"]["t"] == 6 * 4        # 4 steps per epoch, t kept counting
    np.testing.assert_allclose(h_a.cost + h_b.cost, h_one.cost, rtol=1e-12)
    np.testing.assert_allclose(h_a.learning_rate + h_b.learning_rate, h_one.learning_rate)
    for k, v in one.parameters().items():
        np.testing.assert_allclose(two.parameters()[k], v, rtol=1e-12)


def test_dlcore_callback_returning_true_stops(dlcore_moons):
    X, Y = dlcore_moons
    seen = []

    def callback(epoch_num, history, model):
        seen.append((epoch_num, len(history), model.n_x))
        return epoch_num == 2

    history = _fit(dlcore.mlp([2, 4, 1], rng=0), X, Y, callback=callback)
    assert len(history) == 3 and seen == [(0, 1, 2), (1, 2, 2), (2, 3, 2)]
    assert "callback" in history.stopped


def test_dlcore_frozen_blocks_do_not_change(dlcore_moons):
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 6, 5, 1], batchnorm=True, rng=0)
    model.freeze(1)
    before = {k: v.copy() for k, v in model.parameters().items()}
    _fit(model, X, Y, epochs=5)
    after = model.parameters()
    for k in ("W1", "gamma1", "beta1"):
        np.testing.assert_array_equal(after[k], before[k])
    for k in ("W2", "gamma2", "W3", "b3"):
        assert not np.allclose(after[k], before[k]), k
    model.unfreeze()
    assert "W1" in dict(dlcore.model.cost_and_gradients(model, X, Y)[1])


def test_dlcore_float32_models_train_and_stay_float32(dlcore_moons):
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 8, 8, 2], output="softmax", batchnorm=True, keep_prob=0.9, rng=0, dtype=np.float32)
    history = _fit(model, X, data.one_hot(Y, 2), epochs=20, lambd=0.01, max_norm=5.0,
                   validation=(X, data.one_hot(Y, 2)))
    assert {v.dtype for v in model.parameters().values()} == {np.dtype(np.float32)}
    assert {v.dtype for la in model.layers for v in la.state.values()} == {np.dtype(np.float32)}
    assert {s["v"].dtype for s in history.optimizer_state.values()} == {np.dtype(np.float32)}
    assert model.predict_proba(X).dtype == np.float32
    assert history.cost[-1] < 0.7 * history.cost[0]
    assert history.val_accuracy[-1] > 0.8


def test_dlcore_same_seed_same_training_run(dlcore_moons):
    X, Y = dlcore_moons
    runs = []
    for _ in range(2):
        model = dlcore.mlp([2, 8, 1], keep_prob=0.8, rng=3)      # the seed also draws the dropout masks
        runs.append((_fit(model, X, Y, epochs=5, rng=4), model))
    (h1, m1), (h2, m2) = runs
    np.testing.assert_allclose(h1.cost, h2.cost, rtol=1e-12)
    np.testing.assert_allclose(h1.train_accuracy, h2.train_accuracy)
    for k, v in m1.parameters().items():
        np.testing.assert_allclose(m2.parameters()[k], v, rtol=1e-12)
    other = _fit(dlcore.mlp([2, 8, 1], keep_prob=0.8, rng=3), X, Y, epochs=5, rng=5)
    assert not np.allclose(other.cost, h1.cost)                   # a different shuffle seed differs


def test_dlcore_validation_and_full_batch(dlcore_moons):
    X, Y = dlcore_moons
    history = _fit(dlcore.mlp([2, 6, 1], rng=0), X, Y, epochs=4, batch_size=None, validation=(X[:, :50], Y[:, :50]))
    assert len(history.val_cost) == len(history.val_accuracy) == len(history) == 4
    assert history.optimizer_state["W1"]["t"] == 4                # one step per epoch


class _PerArrayAdam(dlcore.optim.Optimizer):
    """Same rule, but a subclass: train() must then use Optimizer.update (one call per array)."""

    def update(self, params, grads, state, learning_rate):
        return super().update(params, grads, state, learning_rate)


def test_dlcore_one_call_step_gives_the_same_numbers_as_per_array_updates(dlcore_moons):
    X, Y = dlcore_moons
    runs = {}
    for name, opt in (("flat", dlcore.optim.Optimizer("adam", beta1=0.8)),
                      ("per array", _PerArrayAdam("adam", beta1=0.8))):
        model = dlcore.mlp([2, 6, 5, 1], batchnorm=True, rng=0)
        model.freeze(1)
        history = _fit(model, X, Y, epochs=3, optimizer=opt)
        runs[name] = (history, model)
    (h1, m1), (h2, m2) = runs["flat"], runs["per array"]
    np.testing.assert_allclose(h1.cost, h2.cost, rtol=1e-12)
    for k, v in m1.parameters().items():
        np.testing.assert_allclose(m2.parameters()[k], v, rtol=1e-12)
        assert v.shape == m2.parameters()[k].shape
    assert h1.optimizer_state.keys() == h2.optimizer_state.keys()
    for k, st in h2.optimizer_state.items():
        assert st["t"] == h1.optimizer_state[k]["t"]
        np.testing.assert_allclose(h1.optimizer_state[k]["v"], st["v"], rtol=1e-12)
        assert h1.optimizer_state[k]["s"].shape == st["s"].shape


def test_dlcore_one_call_step_with_a_decay_mask_gives_the_same_numbers_as_per_array_updates(dlcore_moons):
    """AdamW splits the parameters into two flat vectors (decayed W's, undecayed b's, gamma's, beta's): the
    numbers are those of one update per array, and with weight_decay = 0 those of Adam."""
    X, Y = dlcore_moons
    runs = {}
    for name, opt in (("flat", dlcore.optim.Optimizer("adamw", weight_decay=0.3)),
                      ("per array", _PerArrayAdam("adamw", weight_decay=0.3)),
                      ("no decay", dlcore.optim.Optimizer("adamw", weight_decay=0.0)),
                      ("adam", dlcore.optim.Optimizer("adam"))):
        model = dlcore.mlp([2, 6, 5, 1], batchnorm=True, rng=0)
        runs[name] = (_fit(model, X, Y, epochs=3, optimizer=opt), model)
    for a, b in (("flat", "per array"), ("no decay", "adam")):
        (h1, m1), (h2, m2) = runs[a], runs[b]
        np.testing.assert_allclose(h1.cost, h2.cost, rtol=1e-12)
        for k, v in m1.parameters().items():
            np.testing.assert_allclose(m2.parameters()[k], v, rtol=1e-12, err_msg=f"{a} vs {b}: {k}")
    decayed, plain = runs["flat"][1].parameters(), runs["adam"][1].parameters()
    assert np.linalg.norm(decayed["W2"]) < np.linalg.norm(plain["W2"])   # the decay did shrink the weights


def test_dlcore_the_stepper_calls_the_rule_once_per_group_of_hyperparameters():
    calls = []

    def counting_adamw(w, dw, state, learning_rate, weight_decay=0.0):
        calls.append(w.size)
        return dlcore.optim.adamw(w, dw, state, learning_rate, weight_decay=weight_decay)

    X, Y = data.make_moons(40, rng=0)
    for opt, per_step in ((dlcore.optim.Optimizer(counting_adamw, weight_decay=0.1), 2),   # W's | the rest
                          (dlcore.optim.Optimizer(counting_adamw, decay_mask=lambda key: True), 1)):
        calls.clear()
        history = _fit(dlcore.mlp([2, 6, 5, 1], batchnorm=True, rng=0), X, Y, epochs=2, batch_size=20,
                       optimizer=opt)
        assert len(calls) == per_step * 2 * 2                                  # 2 steps per epoch, 2 epochs
        assert sum(calls[:per_step]) == sum(st["v"].size for st in history.optimizer_state.values())


def test_dlcore_train_with_a_warmup_schedule_records_the_ramp(dlcore_moons):
    X, Y = dlcore_moons
    history = _fit(dlcore.mlp([2, 6, 1], rng=0), X, Y, epochs=6, optimizer="adamw",
                   schedule=partial(schedules.linear_warmup, warmup_epochs=3), learning_rate=0.03)
    np.testing.assert_allclose(history.learning_rate, [0.01, 0.02, 0.03, 0.03, 0.03, 0.03])


@pytest.mark.parametrize("rule", ["nesterov", "adagrad", "adamw"])
def test_dlcore_new_rules_train_the_moons(dlcore_moons, rule):
    X, Y = dlcore_moons
    history = _fit(dlcore.mlp([2, 10, 10, 1], rng=1), X, Y, optimizer=rule, learning_rate=0.05)
    assert history.stopped is None and history.cost[-1] < 0.5 * history.cost[0]


def test_dlcore_resume_with_uneven_or_missing_state_still_works(dlcore_moons):
    """States that do not join into one vector (different t) fall back to one update per array; keys missing
    from optimizer_state start fresh."""
    X, Y = dlcore_moons
    model = dlcore.mlp([2, 4, 1], rng=0)
    model.freeze(1)
    history = _fit(model, X, Y, epochs=2)
    assert history.optimizer_state["W2"]["t"] == 8
    model.unfreeze()
    resumed = _fit(model, X, Y, epochs=1, optimizer_state=history.optimizer_state, initial_epoch=2)
    state = resumed.optimizer_state
    assert state["W1"]["t"] == 4 and state["W2"]["t"] == 12                # each array kept its own count
    state.pop("b1")
    again = _fit(model, X, Y, epochs=1, optimizer_state=state, initial_epoch=3)
    assert again.optimizer_state["b1"]["t"] == 4


def test_dlcore_callback_may_replace_weights_or_unfreeze_during_training(dlcore_moons):
    X, Y = dlcore_moons

    def meddle(epoch_num, history, model):
        if epoch_num == 0:
            model.set_parameters({"W2": np.full((1, 4), 0.5)})
        if epoch_num == 1:
            model.unfreeze()

    results = []
    for opt in (dlcore.optim.Optimizer("adam"), _PerArrayAdam("adam")):
        model = dlcore.mlp([2, 4, 1], rng=0)
        model.freeze(1)
        history = _fit(model, X, Y, epochs=3, optimizer=opt, callback=meddle)
        results.append((history, model))
    (h1, m1), (h2, m2) = results
    np.testing.assert_allclose(h1.cost, h2.cost, rtol=1e-12)
    for k, v in m2.parameters().items():
        np.testing.assert_allclose(m1.parameters()[k], v, rtol=1e-12)
    assert h1.optimizer_state["W1"]["t"] == 4                  # W1 trained during the last epoch only


@pytest.mark.parametrize("hidden", sorted(set(dlcore.activations.ACTIVATIONS) - {"softmax", "linear"}))
def test_dlcore_float32_never_upcasts_inside_a_step(dlcore_moons, hidden):
    """Every activation, layer and loss keeps float32: no gradient comes back as float64."""
    X, Y = dlcore_moons
    L = dlcore.layers
    f32 = np.float32
    models = [
        (dlcore.mlp([2, 5, 4, 2], hidden=hidden, output="softmax", batchnorm=True, keep_prob=0.8, dtype=f32),
         data.one_hot(Y, 2)),
        (dlcore.model.Sequential(L.Dense(2, 4, dtype=f32), L.PReLU(4, dtype=f32), L.Maxout(4, 3, dtype=f32),
                                 L.Activation(hidden), L.Dense(3, 1, dtype=f32), L.Activation("sigmoid"),
                                 output="sigmoid"), Y),
        (dlcore.mlp([2, 4, 1], hidden=hidden, output="linear", dtype=f32), Y),
    ]
    for model, target in models:
        _, grads = dlcore.model.cost_and_gradients(model, X, target, lambd=0.1, penalty="elastic_net")
        assert {k: g.dtype for k, g in grads.items()} == {k: np.dtype(f32) for k in grads}


def test_test_time_passes_keep_no_copy_of_the_data():
    """predict, predict_proba and compute_cost at test time leave no layer cache behind (a model used on a big grid
    kept every activation over it); the results are those of forward(training=False), and training still works."""
    from dlcore import mlp, train
    from dlcore.model import compute_cost

    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 50)), (rng.random((1, 50)) < 0.5).astype(float)
    model = mlp([2, 8, 1], keep_prob=0.9, batchnorm=True, rng=0)
    for run in (lambda: model.predict_proba(X), lambda: model.predict(X), lambda: compute_cost(model, X, Y)):
        model.forward(X, training=True)
        run()
        assert all(layer.cache is None for layer in model.layers)
    expected = model.forward(X, training=False)  # (after the training passes above moved BN's running stats)
    np.testing.assert_array_equal(model.predict_proba(X), expected)
    history = train(model, X, Y, epochs=3, validation=(X, Y), rng=0, progress=False)
    assert len(history.val_cost) == 3 and np.isfinite(history.val_cost).all()
