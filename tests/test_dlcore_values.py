"""Hand-computed values for dlcore's formulas (the numbers were worked out on paper; see the comments)."""

import math
from functools import partial

import numpy as np
import pytest

from dlcore import data, diagnostics, ewma, initializers, losses, optim, schedules, training, tuning
from dlcore.layers import batchnorm_forward, batchnorm_inference, dropout_forward, update_running_stats

approx = pytest.approx


# ------------------------------------------------------------------ optimizer rules
def test_dlcore_adam_one_step_by_hand():
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -1.0])
    new_w, state = optim.adam(w, dw, optim.init_state(w), 0.1)
    # t = 1: v = 0.1 dw, s = 0.001 dw^2, v_c = dw, s_c = dw^2 -> step = 0.1 * dw / (|dw| + 1e-8)
    assert state["t"] == 1
    np.testing.assert_allclose(state["v"], [0.05, -0.1])
    np.testing.assert_allclose(state["s"], [0.00025, 0.001])
    np.testing.assert_allclose(new_w, [1 - 0.05 / (0.5 + 1e-8), -2 + 0.1 / (1 + 1e-8)], rtol=1e-14)


def test_dlcore_adam_two_steps_by_hand_t_increments_before_use():
    w = np.array([1.0, -2.0])
    w1, state = optim.adam(w, np.array([0.5, -1.0]), optim.init_state(w), 0.1)
    w2, state = optim.adam(w1, np.array([0.25, 0.5]), state, 0.1)
    # t = 2: v = 0.9 [0.05, -0.1] + 0.1 [0.25, 0.5] = [0.07, -0.04]
    #        s = 0.999 [0.00025, 0.001] + 0.001 [0.0625, 0.25] = [0.00031225, 0.001249]
    #        v_c = v / 0.19, s_c = s / 0.001999 (1 - 0.9^2, 1 - 0.999^2)
    assert state["t"] == 2
    np.testing.assert_allclose(state["v"], [0.07, -0.04], rtol=1e-13)
    np.testing.assert_allclose(state["s"], [0.00031225, 0.001249], rtol=1e-13)
    v_c, s_c = np.array([0.07, -0.04]) / 0.19, np.array([0.00031225, 0.001249]) / 0.001999
    np.testing.assert_allclose(w2, w1 - 0.1 * v_c / (np.sqrt(s_c) + 1e-8), rtol=1e-12)
    # with t used before incrementing, v_c would be v / 0.1 and the step about twice as large
    assert abs(w2[0] - w1[0]) == approx(0.1 * 0.07 / 0.19 / math.sqrt(0.00031225 / 0.001999), rel=1e-6)


def test_dlcore_adam_non_default_hyperparameters():
    w, dw = np.array([[2.0]]), np.array([[4.0]])
    state = {"v": np.array([[1.0]]), "s": np.array([[2.0]]), "t": 3}
    new_w, new = optim.adam(w, dw, state, 0.01, beta1=0.5, beta2=0.75, epsilon=0.1)
    # t = 4: v = 0.5 + 2 = 2.5; s = 1.5 + 4 = 5.5; v_c = 2.5 / (1 - 0.0625); s_c = 5.5 / (1 - 0.31640625)
    v_c, s_c = 2.5 / 0.9375, 5.5 / 0.68359375
    assert new["t"] == 4 and new["v"][0, 0] == approx(2.5) and new["s"][0, 0] == approx(5.5)
    assert new_w[0, 0] == approx(2.0 - 0.01 * v_c / (math.sqrt(s_c) + 0.1), rel=1e-13)


def test_dlcore_momentum_two_steps_by_hand():
    w, state = np.array([1.0]), optim.init_state(np.array([1.0]))
    w, state = optim.momentum(w, np.array([2.0]), state, 0.1, beta=0.9)   # v = 0.2, w = 0.98
    assert state["v"][0] == approx(0.2) and w[0] == approx(0.98)
    w, state = optim.momentum(w, np.array([-1.0]), state, 0.1, beta=0.9)  # v = 0.18 - 0.1 = 0.08
    assert state["v"][0] == approx(0.08) and w[0] == approx(0.972)


def test_dlcore_rmsprop_step_by_hand():
    w, state = np.array([1.0]), optim.init_state(np.array([1.0]))
    w, state = optim.rmsprop(w, np.array([2.0]), state, 0.01, beta=0.9)   # s = 0.4
    assert state["s"][0] == approx(0.4)
    assert w[0] == approx(1 - 0.02 / (0.6324555320336759 + 1e-8), rel=1e-14)


def test_dlcore_nesterov_two_steps_by_hand():
    w, state = np.array([1.0]), optim.init_state(np.array([1.0]))
    # v = 0.1 * 2 = 0.2; step = 0.1 * (0.9 * 0.2 + 0.1 * 2) = 0.038
    w, state = optim.nesterov(w, np.array([2.0]), state, 0.1, beta=0.9)
    assert state["v"][0] == approx(0.2) and w[0] == approx(0.962)
    # v = 0.18 - 0.1 = 0.08; step = 0.1 * (0.9 * 0.08 - 0.1) = -0.0028
    w, state = optim.nesterov(w, np.array([-1.0]), state, 0.1, beta=0.9)
    assert state["v"][0] == approx(0.08) and w[0] == approx(0.9648)
    assert state["t"] == 0 and state["s"][0] == 0                          # the other entries are kept


def test_dlcore_adagrad_two_steps_by_hand_the_sum_is_never_forgotten():
    w, state = np.array([1.0, -1.0]), optim.init_state(np.zeros(2))
    # s = [9, 16]; w = [1 - 0.5 * 3 / (3 + 1), -1 - 0.5 * 4 / (4 + 1)] = [0.625, -1.4]
    w, state = optim.adagrad(w, np.array([3.0, 4.0]), state, 0.5, epsilon=1.0)
    np.testing.assert_allclose(state["s"], [9.0, 16.0])
    np.testing.assert_allclose(w, [0.625, -1.4], rtol=1e-14)
    # s = [9 + 16, 16 + 9] = [25, 25]; w = [0.625 - 0.5 * 4 / 6, -1.4 - 0.5 * 3 / 6]
    w, state = optim.adagrad(w, np.array([4.0, 3.0]), state, 0.5, epsilon=1.0)
    np.testing.assert_allclose(state["s"], [25.0, 25.0])
    np.testing.assert_allclose(w, [0.625 - 1 / 3, -1.65], rtol=1e-14)
    # with the default epsilon = 1e-8 the first step is learning_rate * sign(dw), like RMSProp's and Adam's
    w1, _ = optim.adagrad(np.zeros(2), np.array([3.0, -0.001]), optim.init_state(np.zeros(2)), 0.5)
    np.testing.assert_allclose(w1, [-0.5, 0.5], rtol=1e-4)


def test_dlcore_adamw_one_and_two_steps_by_hand():
    w = np.array([1.0, -2.0])
    w1, state = optim.adamw(w, np.array([0.5, -1.0]), optim.init_state(w), 0.1, weight_decay=0.1)
    # the Adam step of test_dlcore_adam_one_step_by_hand, then - 0.1 * 0.1 * w = [-0.01, +0.02]
    adam_step = np.array([-0.05 / (0.5 + 1e-8), 0.1 / (1 + 1e-8)])
    np.testing.assert_allclose(w1, w + adam_step - 0.01 * w, rtol=1e-14)          # = [0.89, -1.88] (to 1e-8)
    np.testing.assert_allclose(w1, [0.89, -1.88], atol=1e-8)
    np.testing.assert_allclose(state["v"], [0.05, -0.1])                            # the decay is not in v...
    np.testing.assert_allclose(state["s"], [0.00025, 0.001])                        # ...nor in s
    w2, state = optim.adamw(w1, np.array([0.25, 0.5]), state, 0.1, weight_decay=0.1)
    # t = 2: v_c = [0.07, -0.04] / 0.19, s_c = [0.00031225, 0.001249] / 0.001999 (as for Adam), then the decay
    v_c, s_c = np.array([0.07, -0.04]) / 0.19, np.array([0.00031225, 0.001249]) / 0.001999
    np.testing.assert_allclose(w2, w1 - 0.1 * v_c / (np.sqrt(s_c) + 1e-8) - 0.01 * w1, rtol=1e-12)
    assert state["t"] == 2


def test_dlcore_optimizer_decays_only_the_weights_by_default():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]]), "gamma1": np.array([[2.0]])}
    grads = {k: np.full_like(v, 0.25) for k, v in params.items()}
    opt = optim.Optimizer("adamw", weight_decay=0.5)
    new, _ = opt.update(params, grads, opt.init(params), 0.1)
    # t = 1: every Adam step is -0.1 * 0.25 / (0.25 + 1e-8); only W1 also loses 0.1 * 0.5 * W1
    step = -0.1 * 0.25 / (0.25 + 1e-8)
    np.testing.assert_allclose(new["W1"], params["W1"] + step - 0.05 * params["W1"], rtol=1e-14)
    np.testing.assert_allclose(new["b1"], params["b1"] + step, rtol=1e-14)
    np.testing.assert_allclose(new["gamma1"], params["gamma1"] + step, rtol=1e-14)
    everything = optim.Optimizer("adamw", weight_decay=0.5, decay_mask=lambda key: True)
    new, _ = everything.update(params, grads, everything.init(params), 0.1)
    np.testing.assert_allclose(new["b1"], params["b1"] + step - 0.05 * params["b1"], rtol=1e-14)
    # adamw's own default weight_decay (0.01) is masked too: the biases are never decayed behind your back
    default = optim.Optimizer("adamw")
    new, _ = default.update(params, grads, default.init(params), 0.1)
    np.testing.assert_allclose(new["b1"], params["b1"] + step, rtol=1e-14)
    np.testing.assert_allclose(new["W1"], params["W1"] + step - 0.001 * params["W1"], rtol=1e-14)


def test_dlcore_gd_and_optimizer_over_a_dict():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
    grads = {"W1": np.array([[1.0, -1.0]])}                               # b1 frozen: no gradient
    opt = optim.Optimizer("gd")
    new, _ = opt.update(params, grads, opt.init(params), 0.5)
    np.testing.assert_allclose(new["W1"], [[0.5, 2.5]])
    np.testing.assert_allclose(new["b1"], [[0.5]])


# ------------------------------------------------------------------ schedules
@pytest.mark.parametrize("fn, args, kwargs, expected", [
    (schedules.inverse_time_decay, (0.2, 3), {}, 0.05),                    # 0.2 / (1 + 3)
    (schedules.inverse_time_decay, (0.2, 2), {"decay_rate": 0.5}, 0.1),    # 0.2 / (1 + 1)
    (schedules.inverse_time_decay, (0.2, 0), {}, 0.2),
    (schedules.exponential_decay, (0.2, 2), {}, 0.1805),                   # 0.95^2 * 0.2
    (schedules.exponential_decay, (0.2, 3), {"base": 0.5}, 0.025),
    (schedules.inverse_sqrt_decay, (0.2, 4), {}, 0.1),                     # 1 / sqrt(4) * 0.2
    (schedules.inverse_sqrt_decay, (0.2, 0), {}, 0.2),                     # epoch 0 uses the epoch-1 value
    (schedules.inverse_sqrt_decay, (0.2, 9), {"k": 0.6}, 0.04),            # 0.6 / 3 * 0.2
    (schedules.staircase_decay, (1.0, 999), {}, 1.0),
    (schedules.staircase_decay, (1.0, 1000), {}, 0.5),
    (schedules.staircase_decay, (1.0, 2500), {}, 1 / 3),
    (schedules.staircase_decay, (0.3, 7), {"decay_rate": 2.0, "time_interval": 3}, 0.06),  # 0.3 / (1 + 2*2)
    (schedules.cosine_decay, (1.0, 0), {"period": 10}, 1.0),
    (schedules.cosine_decay, (1.0, 5), {"period": 10}, 0.5),
    (schedules.cosine_decay, (1.0, 10), {"period": 10}, 1.0),              # warm restart
    (schedules.cosine_decay, (1.0, 5), {"period": 10, "learning_rate_min": 0.1}, 0.55),
    (schedules.cosine_decay, (1.0, 12), {"period": 4}, 1.0),
    (schedules.constant, (0.3, 17), {}, 0.3),
    (schedules.linear_warmup, (0.2, 0), {"warmup_epochs": 4}, 0.05),         # 0.2 * 1 / 4
    (schedules.linear_warmup, (0.2, 2), {"warmup_epochs": 4}, 0.15),         # 0.2 * 3 / 4
    (schedules.linear_warmup, (0.2, 3), {"warmup_epochs": 4}, 0.2),
    (schedules.linear_warmup, (0.2, 40), {"warmup_epochs": 4}, 0.2),         # then constant
    (schedules.linear_warmup, (0.2, 0), {"warmup_epochs": 1}, 0.2),          # one epoch: no warm-up at all
    (schedules.linear_warmup, (0.2, 6), {"warmup_epochs": 4,                 # then 0.2 / (1 + 1 * (6 - 4))
                                         "then": partial(schedules.inverse_time_decay, decay_rate=1.0)}, 0.2 / 3),
])
def test_dlcore_schedules_by_hand(fn, args, kwargs, expected):
    assert float(fn(*args, **kwargs)) == approx(expected, rel=1e-12)


def test_dlcore_every_schedule_starts_at_learning_rate0():
    for name, fn in schedules.SCHEDULES.items():
        if name != "linear_warmup":
            assert float(fn(0.05, 0)) == approx(0.05), name


def test_dlcore_warmup_ramps_to_learning_rate0_then_hands_over():
    epochs = np.arange(12)
    then = partial(schedules.cosine_decay, period=4)
    rates = schedules.linear_warmup(0.3, epochs, warmup_epochs=3, then=then)
    np.testing.assert_allclose(rates[:3], [0.1, 0.2, 0.3])                  # a straight line up to 0.3
    np.testing.assert_allclose(rates[3:], then(0.3, np.arange(9)))          # then the cosine, from its start
    assert isinstance(schedules.linear_warmup(0.3, 1, warmup_epochs=3), float)
    assert np.all(rates > 0)                                               # epoch 0 trains too


# ------------------------------------------------------------------ EWMA
def test_dlcore_ewma_by_hand():
    theta = [10.0, 20.0, 30.0]
    # beta = 0.5: v1 = 5, v2 = 2.5 + 10 = 12.5, v3 = 6.25 + 15 = 21.25
    np.testing.assert_allclose(ewma.ewma(theta, 0.5, bias_correction=False), [5.0, 12.5, 21.25])
    # corrected by 1 - 0.5^t = 0.5, 0.75, 0.875
    np.testing.assert_allclose(ewma.ewma(theta, 0.5), [10.0, 12.5 / 0.75, 21.25 / 0.875])
    np.testing.assert_allclose(ewma.ewma(theta, 0.0), theta)               # beta = 0 is no averaging
    assert ewma.effective_window(0.9) == approx(10.0)
    assert ewma.effective_window(0.98) == approx(50.0)


def test_dlcore_ewma_bias_correction_fixes_the_constant_series():
    theta = np.full(5, 7.0)
    np.testing.assert_allclose(ewma.ewma(theta, 0.9), theta)
    assert ewma.ewma(theta, 0.9, bias_correction=False)[0] == approx(0.7)


# ------------------------------------------------------------------ losses and penalties
PARAMS = {"W1": np.array([[1.0, 2.0], [3.0, -1.0]]), "b1": np.array([[100.0], [100.0]]), "W2": np.array([[2.0]])}


def test_dlcore_penalties_by_hand():
    # sum of squares 15 + 4 = 19, sum of |W| 7 + 2 = 9; lambd = 0.5, m = 5; biases ignored
    assert losses.l2_penalty(PARAMS, 0.5, 5) == approx(0.5 / 10 * 19)
    assert losses.l1_penalty(PARAMS, 0.5, 5) == approx(0.5 / 5 * 9)
    assert losses.elastic_net_penalty(PARAMS, 0.5, 5, l1_ratio=0.25) == approx(0.25 * 0.9 + 0.75 * 0.95)
    np.testing.assert_allclose(losses.l2_penalty_grad(PARAMS["W1"], 0.5, 5), [[0.1, 0.2], [0.3, -0.1]])
    np.testing.assert_allclose(losses.l1_penalty_grad(PARAMS["W1"], 0.5, 5), [[0.1, 0.1], [0.1, -0.1]])
    assert losses.l1_penalty_grad(np.zeros((1, 1)), 0.5, 5)[0, 0] == 0.0
    assert losses.l2_penalty(PARAMS, 0.0, 5) == 0.0


def test_dlcore_binary_cross_entropy_by_hand():
    AL, Y = np.array([[0.8, 0.1]]), np.array([[1.0, 0.0]])
    assert losses.binary_cross_entropy(AL, Y) == approx((0.2231435513142098 + 0.10536051565782628) / 2)
    np.testing.assert_allclose(losses.binary_cross_entropy_backward(AL, Y), [[-1.25, 1 / 0.9]])
    # outputs that round to exactly 0 or 1 stay finite
    assert np.isfinite(losses.binary_cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]])))


def test_dlcore_softmax_cross_entropy_by_hand():
    Z = np.array([[0.0, 2.0], [np.log(3.0), 2.0]])   # softmax columns: [1/4, 3/4] and [1/2, 1/2]
    Y = np.array([[0.0, 1.0], [1.0, 0.0]])
    expected = (0.2876820724517809 + 0.6931471805599453) / 2  # -ln(3/4), -ln(1/2)
    assert losses.softmax_cross_entropy(Z, Y) == approx(expected)
    assert losses.softmax_cross_entropy(Z + 1000.0, Y) == approx(expected)   # stable for huge logits
    np.testing.assert_allclose(losses.softmax_cross_entropy_backward(Z, Y), [[0.25, -0.5], [-0.25, 0.5]])


def test_dlcore_mse_by_hand():
    assert losses.mse(np.array([[1.0, 2.0]]), np.array([[0.0, 0.0]])) == approx(1.25)
    np.testing.assert_allclose(losses.mse_backward(np.array([[1.0, 2.0]]), np.zeros((1, 2))), [[1.0, 2.0]])


# ------------------------------------------------------------------ batch norm and dropout
def test_dlcore_batchnorm_forward_tiny_batch():
    Z = np.array([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]])
    gamma, beta = np.array([[2.0], [1.0]]), np.array([[0.5], [-1.0]])
    Z_tilde, cache = batchnorm_forward(Z, gamma, beta)
    # row 1: mu = 2, biased var = 2/3; row 2: constant, var = 0 -> Z_norm = 0
    np.testing.assert_allclose(cache["mu"], [[2.0], [2.0]])
    np.testing.assert_allclose(cache["var"], [[2 / 3], [0.0]])
    np.testing.assert_allclose(Z_tilde[0], 2 * np.array([-1.0, 0.0, 1.0]) / math.sqrt(2 / 3 + 1e-5) + 0.5)
    np.testing.assert_allclose(Z_tilde[1], [-1.0, -1.0, -1.0])
    rm, rv = update_running_stats(np.zeros((2, 1)), np.ones((2, 1)), cache["mu"], cache["var"])
    np.testing.assert_allclose(rm, [[0.2], [0.2]])
    np.testing.assert_allclose(rv, [[0.9 + 0.1 * 2 / 3], [0.9]])
    out = batchnorm_inference(np.array([[4.0], [1.0]]), gamma, beta, np.array([[2.0], [1.0]]),
                              np.array([[4.0], [1.0]]), epsilon=0.0)
    np.testing.assert_allclose(out, [[2 * 1.0 + 0.5], [-1.0]])


def test_dlcore_dropout_documented_draw():
    A = np.arange(1.0, 13.0).reshape(3, 4)
    out, D = dropout_forward(A, 0.6, rng=3)
    expected_D = np.random.default_rng(3).random((3, 4)) < 0.6
    np.testing.assert_array_equal(D, expected_D)
    np.testing.assert_allclose(out, A * expected_D / 0.6)


# ------------------------------------------------------------------ initialisers
@pytest.mark.parametrize("name, std", [("he", math.sqrt(2 / 400)), ("xavier", math.sqrt(1 / 400)),
                                       ("small_random", 0.01)])
def test_dlcore_initializer_scales(name, std):
    W = initializers.get(name)((300, 400), rng=0)     # fan_in = 400 (not 300): a fan_out mix-up fails
    assert W.shape == (300, 400)
    assert abs(W.mean()) < 0.01 * std * 10
    assert W.std() == approx(std, rel=0.02)
    assert initializers.get(name)((300, 400), rng=0, gain=3.0).std() == approx(3 * std, rel=0.02)


def test_dlcore_glorot_uniform_bounds_and_zeros():
    W = initializers.glorot_uniform((100, 500), rng=1)
    limit = math.sqrt(6 / 600)
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    assert W.std() == approx(limit / math.sqrt(3), rel=0.02)             # std of U(-a, a) is a / sqrt(3)
    assert not np.any(initializers.zeros((3, 2)))


def test_dlcore_initialize_parameters_shapes_and_order():
    p = initializers.initialize_parameters([5, 4, 3], "he", rng=7)
    assert list(p) == ["W1", "b1", "W2", "b2"]
    assert p["W1"].shape == (4, 5) and p["b1"].shape == (4, 1) and p["W2"].shape == (3, 4)
    assert not np.any(p["b1"]) and not np.any(p["b2"])
    rng = np.random.default_rng(7)                                       # documented: one generator, in order
    np.testing.assert_allclose(p["W1"], rng.standard_normal((4, 5)) * math.sqrt(2 / 5))
    np.testing.assert_allclose(p["W2"], rng.standard_normal((3, 4)) * math.sqrt(2 / 4))


# ------------------------------------------------------------------ data
def test_dlcore_one_hot_and_labels():
    expected = np.array([[0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 0, 0]], dtype=float)
    np.testing.assert_array_equal(data.one_hot(np.array([[2, 0, 1]]), 4), expected)
    np.testing.assert_array_equal(data.one_hot([2, 0, 1]), expected[:3])
    np.testing.assert_array_equal(data.labels(expected), [[2, 0, 1]])


def test_dlcore_iterations_per_epoch():
    assert data.iterations_per_epoch(10_000, 200) == 50
    assert data.iterations_per_epoch(10_001, 200) == 51
    assert data.iterations_per_epoch(5, 64) == 1


def test_dlcore_train_dev_test_split_sizes():
    X, Y = np.arange(2000.0).reshape(2, 1000), np.arange(1000)[None, :]
    (Xtr, Ytr), (Xd, Yd), (Xte, Yte) = data.train_dev_test_split(X, Y, (0.98, 0.01, 0.01), rng=0)
    assert (Xtr.shape, Xd.shape, Xte.shape) == ((2, 980), (2, 10), (2, 10))
    (Xtr, Ytr), (Xd, Yd), (Xte, Yte) = data.train_dev_test_split(X, Y, rng=0)
    assert (Ytr.shape[1], Yd.shape[1], Yte.shape[1]) == (600, 200, 200)
    assert sorted(np.concatenate([Ytr, Yd, Yte], axis=1).ravel()) == list(range(1000))   # a partition
    np.testing.assert_array_equal(Xtr[1], Ytr[0] + 1000)                                  # columns stay paired


def test_dlcore_standardize():
    X = np.array([[1.0, 3.0, 5.0], [2.0, 2.0, 2.0]])
    mu, sigma = data.standardize_fit(X)
    np.testing.assert_allclose(mu, [[3.0], [2.0]])
    np.testing.assert_allclose(sigma, [[math.sqrt(8 / 3)], [1.0]])                      # constant -> 1
    np.testing.assert_allclose(data.standardize_apply(X, mu, sigma)[1], [0.0, 0.0, 0.0])


# ------------------------------------------------------------------ diagnostics and training helpers
@pytest.mark.parametrize("train_error, dev_error, bayes_error, verdict", [
    (0.01, 0.11, 0.0, "high variance"),
    (0.15, 0.16, 0.0, "high bias"),
    (0.15, 0.30, 0.0, "high bias and high variance"),
    (0.005, 0.01, 0.0, "good fit"),
    (0.15, 0.16, 0.15, "good fit"),            # 15% is all a human can do: no avoidable bias
    (0.15, 0.30, 0.15, "high variance"),
    (0.08, 0.10, 0.075, "high variance"),
])
def test_dlcore_diagnose_examples_from_the_notes(train_error, dev_error, bayes_error, verdict):
    assert diagnostics.diagnose(train_error, dev_error, bayes_error) == verdict


def test_dlcore_error_rate_and_expected_initial_loss():
    assert diagnostics.error_rate(np.array([[1, 0, 1, 1]]), np.array([[1, 1, 1, 0]])) == approx(0.5)
    assert diagnostics.expected_initial_loss(2) == approx(0.6931471805599453)
    assert diagnostics.expected_initial_loss(10) == approx(2.302585092994046)


def test_dlcore_early_stopping_epoch():
    assert training.early_stopping_epoch([5, 4, 3, 3.5, 3.2, 3.1, 3.05, 3.01], patience=5) == 2
    assert training.early_stopping_epoch([3, 2, 2.5, 1, 1.5], patience=2) == 3
    assert training.early_stopping_epoch([3, 2, 2.5, 2.4, 1.0], patience=2) == 1      # stopped before 1.0
    assert training.early_stopping_epoch([1.0]) == 0
    assert training.early_stopping_epoch([2.0, 2.0, 2.0]) == 0                        # ties do not improve


def test_dlcore_is_diverging():
    assert not training.is_diverging([1.0, 2.9])
    assert training.is_diverging([1.0, 3.1])
    assert training.is_diverging([1.0, float("nan")])
    assert training.is_diverging([1.0, float("inf")])
    assert training.is_diverging([1.0, 2.1], factor=2.0)
    assert not training.is_diverging([1.0])


def test_dlcore_coarse_to_fine():
    space = {"learning_rate": ("log", 1e-4, 1.0), "beta": ("beta", 0.9, 0.999), "units": ("int", 1, 100)}
    trials = [{"params": {"learning_rate": lr, "beta": b, "units": u}, "score": s}
              for lr, b, u, s in [(1e-3, 0.95, 10, 0.3), (1e-2, 0.99, 20, 0.1), (0.5, 0.91, 90, 0.9),
                                  (3e-3, 0.98, 30, 0.2)]]
    new = tuning.coarse_to_fine(trials, space, top_k=3)
    assert new == {"learning_rate": ("log", 1e-3, 1e-2), "beta": ("beta", 0.95, 0.99), "units": ("int", 10, 30)}


def test_dlcore_clip_by_norm():
    grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}               # global norm 5
    clipped = optim.clip_by_norm(grads, 1.0)
    np.testing.assert_allclose(clipped["a"], [0.6, 0.0])
    np.testing.assert_allclose(clipped["b"], [[0.8]])
    same = optim.clip_by_norm(grads, 10.0)
    np.testing.assert_allclose(same["a"], grads["a"])
    assert same["a"] is not grads["a"]
    assert optim.clip_by_norm({"a": np.ones(2, dtype=np.float32)}, 0.1)["a"].dtype == np.float32


def test_coarse_to_fine_then_sample_when_the_best_trials_agree():
    from dlcore.tuning import coarse_to_fine, random_search

    space = {"learning_rate": ("log", 1e-4, 1.0), "n_h": ("int", 2, 2), "beta": ("beta", 0.9, 0.999)}
    trials = random_search(lambda learning_rate, n_h, beta: abs(np.log10(learning_rate) + 2), space, 20, rng=0)
    finer = coarse_to_fine(trials, space, top_k=3)
    assert finer["n_h"] == ("int", 2, 2)
    again = random_search(lambda learning_rate, n_h, beta: 0.0, finer, 5, rng=1)
    assert all(t["params"]["n_h"] == 2 for t in again)
    assert all(finer["learning_rate"][1] <= t["params"]["learning_rate"] <= finer["learning_rate"][2] for t in again)
