"""Properties of dlcore (hypothesis, small examples) and the "functions never mutate their inputs" rule."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import dlcore
from dlcore import (
    activations,
    data,
    diagnostics,
    ewma,
    gradcheck,
    layers,
    losses,
    model,
    optim,
    schedules,
    training,
    tuning,
)

SMALL = settings(max_examples=25, deadline=None)
seeds = st.integers(0, 2**32 - 1)


# ------------------------------------------------------------------ dropout
@SMALL
@given(keep_prob=st.floats(0.1, 1.0), value=st.floats(0.1, 10.0), seed=seeds)
def test_dlcore_dropout_keeps_the_mean(keep_prob, value, seed):
    A = np.full((40, 50), value)
    out, D = layers.dropout_forward(A, keep_prob, rng=seed)
    n = A.size
    std_of_mean = value * np.sqrt((1 - keep_prob) / (keep_prob * n))    # each unit: value/kp with prob kp
    assert abs(out.mean() - value) <= 6 * std_of_mean + 1e-12
    assert set(np.unique(out)) <= {0.0, value / keep_prob}
    np.testing.assert_array_equal(out != 0, D)


@SMALL
@given(A=arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=st.floats(-1e3, 1e3)),
       seed=seeds)
def test_dlcore_dropout_keep_prob_one_is_the_identity(A, seed):
    out, D = layers.dropout_forward(A, 1.0, rng=seed)
    np.testing.assert_array_equal(out, A)
    assert D.all()
    np.testing.assert_array_equal(layers.dropout_backward(A, D, 1.0), A)
    layer = layers.Dropout(0.5, rng=seed)
    np.testing.assert_array_equal(layer.forward(A, training=False), A)  # off at test time


# ------------------------------------------------------------------ batch norm
@SMALL
@given(Z=arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(2, 10)), elements=st.floats(-100, 100)))
def test_dlcore_batchnorm_output_has_zero_mean_unit_variance(Z):
    n = Z.shape[0]
    Z_tilde, cache = layers.batchnorm_forward(Z, np.ones((n, 1)), np.zeros((n, 1)), epsilon=1e-5)
    var = Z.var(axis=1, keepdims=True)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-8)
    # exactly 1 up to epsilon: var / (var + epsilon) (a constant unit stays at 0)
    np.testing.assert_allclose(Z_tilde.var(axis=1, keepdims=True), var / (var + 1e-5), rtol=1e-6, atol=1e-9)
    layer = layers.BatchNorm(n)
    np.testing.assert_allclose(layer.forward(Z, training=True), Z_tilde)


# ------------------------------------------------------------------ mini-batches
@SMALL
@given(m=st.integers(1, 60), batch_size=st.integers(1, 25), seed=seeds)
def test_dlcore_minibatches_cover_every_column_once(m, batch_size, seed):
    X = np.vstack([np.arange(m, dtype=float), -np.arange(m, dtype=float)])
    Y = np.arange(m)[None, :] % 3
    batches = data.random_mini_batches(X, Y, batch_size, rng=seed)
    assert len(batches) == data.iterations_per_epoch(m, batch_size)
    sizes = [Xb.shape[1] for Xb, _ in batches]
    assert all(s == batch_size for s in sizes[:-1])
    assert sizes[-1] == (m % batch_size or batch_size)                  # the last batch holds the leftovers
    order = np.concatenate([Xb[0] for Xb, _ in batches]).astype(int)
    assert sorted(order) == list(range(m))                              # every column exactly once
    for Xb, Yb in batches:                                              # columns stay paired with labels
        np.testing.assert_array_equal(Xb[1], -Xb[0])
        np.testing.assert_array_equal(Yb[0], Xb[0].astype(int) % 3)
    expected = np.random.default_rng(seed).permutation(m)               # the documented draw
    np.testing.assert_array_equal(order, expected)
    kept = np.concatenate([Xb[0] for Xb, _ in data.minibatches(X, Y, batch_size, rng=False)])
    np.testing.assert_array_equal(kept, X[0])


# ------------------------------------------------------------------ save / load
def _variant_model(kind, dtype, rng):
    if kind == "mlp":
        return dlcore.mlp([3, 5, 4, 1], rng=rng, dtype=dtype)
    if kind == "batchnorm softmax dropout":
        return dlcore.mlp([3, 5, 3], output="softmax", batchnorm=True, keep_prob=0.7, hidden="elu", rng=rng,
                          dtype=dtype)
    return model.Sequential(layers.Dense(3, 4, rng=rng, dtype=dtype), layers.PReLU(4, dtype=dtype),
                            layers.Maxout(4, 2, pieces=3, rng=rng, dtype=dtype),
                            layers.Activation("leaky_relu", alpha=0.2), layers.Dense(2, 2, rng=rng, dtype=dtype),
                            output="linear")


@settings(max_examples=12, deadline=None)
@given(kind=st.sampled_from(["mlp", "batchnorm softmax dropout", "prelu maxout"]),
       dtype=st.sampled_from([np.float64, np.float32]), seed=seeds, freeze=st.booleans())
def test_dlcore_to_arrays_from_arrays_round_trip(kind, dtype, seed, freeze):
    rng = np.random.default_rng(seed)
    original = _variant_model(kind, dtype, rng)
    X = rng.standard_normal((3, 7))
    original.forward(X, training=True)                                  # moves batch-norm running stats
    if freeze:
        original.freeze(1)
    copy = model.from_arrays(model.to_arrays(original))
    assert repr(copy) == repr(original)
    for k, v in original.parameters().items():
        assert copy.parameters()[k].dtype == v.dtype
        np.testing.assert_array_equal(copy.parameters()[k], v)
    for a, b in zip(original.layers, copy.layers):
        assert a.trainable == b.trainable
        for k, v in a.state.items():
            np.testing.assert_array_equal(b.state[k], v)
    np.testing.assert_array_equal(copy.predict_proba(X), original.predict_proba(X))
    assert all(isinstance(v, np.ndarray) and v.dtype != object for v in model.to_arrays(original).values())


def test_dlcore_save_load_file_round_trip(tmp_path):
    m = dlcore.mlp([3, 4, 2], output="softmax", batchnorm=True, rng=0)
    model.save(m, tmp_path / "m.npz")
    X = np.random.default_rng(1).standard_normal((3, 5))
    np.testing.assert_array_equal(model.load(tmp_path / "m.npz").predict_proba(X), m.predict_proba(X))


# ------------------------------------------------------------------ sampling on the right scale
@SMALL
@given(low_exp=st.floats(-6, 1), span=st.floats(0.1, 5), seed=seeds)
def test_dlcore_log_uniform_stays_in_bounds(low_exp, span, seed):
    low, high = 10.0**low_exp, 10.0 ** (low_exp + span)
    r = tuning.log_uniform(low, high, size=50, rng=seed)
    assert r.shape == (50,)
    assert np.all((r >= low * (1 - 1e-12)) & (r <= high * (1 + 1e-12)))


@SMALL
@given(low=st.floats(0.0, 0.98), width=st.floats(0.001, 0.5), seed=seeds)
def test_dlcore_sample_beta_stays_in_bounds(low, width, seed):
    high = min(low + width, 0.9999)
    r = tuning.sample_beta(low, high, size=50, rng=seed)
    assert np.all((r >= low - 1e-12) & (r <= high + 1e-12) & (r < 1))
    point = tuning.sample({"b": ("beta", low, high), "n": ("int", 2, 4)}, np.random.default_rng(seed))
    assert low - 1e-12 <= point["b"] <= high + 1e-12 and point["n"] in (2, 3, 4)


# ------------------------------------------------------------------ optimizer rules
_vectors = arrays(np.float64, st.integers(1, 6), elements=st.floats(-10, 10))


@SMALL
@given(seed=seeds, steps=st.integers(1, 6), lr=st.floats(1e-4, 1.0), beta1=st.floats(0.0, 0.99),
       beta2=st.floats(0.0, 0.999))
def test_dlcore_adamw_with_no_weight_decay_is_adam(seed, steps, lr, beta1, beta2):
    rng = np.random.default_rng(seed)
    w = w_adam = rng.standard_normal(4)
    state = state_adam = optim.init_state(w)
    for _ in range(steps):
        dw = rng.standard_normal(4)
        w, state = optim.adamw(w, dw, state, lr, beta1, beta2, weight_decay=0.0)
        w_adam, state_adam = optim.adam(w_adam, dw, state_adam, lr, beta1, beta2)
        np.testing.assert_array_equal(w, w_adam)
        _assert_same(state, state_adam, "state")


@SMALL
@given(w=_vectors, seed=seeds, lr=st.floats(1e-4, 1.0), weight_decay=st.floats(0.0, 1.0))
def test_dlcore_adamw_is_the_adam_step_plus_a_decay_independent_of_the_gradient(w, seed, lr, weight_decay):
    rng = np.random.default_rng(seed)
    state = {"v": rng.standard_normal(w.shape), "s": rng.random(w.shape), "t": int(rng.integers(0, 50))}
    dw = 10.0 ** rng.uniform(-4, 2, w.shape) * rng.choice([-1, 1], w.shape)   # gradients of every size
    new_w, new_state = optim.adamw(w, dw, state, lr, weight_decay=weight_decay)
    adam_w, adam_state = optim.adam(w, dw, state, lr)
    np.testing.assert_allclose(new_w - adam_w, -lr * weight_decay * w, rtol=1e-9, atol=1e-12)
    _assert_same(new_state, adam_state, "state")                       # the decay never enters v, s or t


@SMALL
@given(w=_vectors, seed=seeds, lr=st.floats(1e-4, 1.0), steps=st.integers(1, 5))
def test_dlcore_nesterov_with_beta_zero_is_gradient_descent(w, seed, lr, steps):
    rng = np.random.default_rng(seed)
    w_gd, state = w, optim.init_state(w)
    for _ in range(steps):
        dw = rng.standard_normal(w.shape)
        w, state = optim.nesterov(w, dw, state, lr, beta=0.0)
        w_gd, _ = optim.gd(w_gd, dw, {}, lr)
        np.testing.assert_array_equal(w, w_gd)


def test_dlcore_adamw_differs_from_l2_under_adam_as_loshchilov_and_hutter_describe():
    """L2 added to the gradient goes through Adam's division by sqrt(s): a weight whose gradients are large is
    decayed LESS than with decoupled weight decay, one with small gradients MORE (Loshchilov & Hutter 2019,
    sec. 2). AdamW decays both by the same amount. Gradients alternate in sign with sizes 10 and 0.01 and do
    not depend on w, so each run's displacement from plain Adam is its regularisation alone."""
    sigma, lambd, lr = np.array([10.0, 0.01]), 0.1, 1e-3

    def run(rule, l2=0.0, **hparams):
        w, state = np.ones(2), optim.init_state(np.zeros(2))
        for t in range(300):
            w, state = rule(w, sigma * (-1) ** t + l2 * w, state, lr, **hparams)
        return w

    plain = run(optim.adam)
    by_l2 = run(optim.adam, l2=lambd) - plain
    decoupled = run(optim.adamw, weight_decay=lambd) - plain
    assert np.all(by_l2 < 0) and np.all(decoupled < 0)                   # both shrink both weights...
    np.testing.assert_allclose(decoupled[0], decoupled[1], rtol=1e-6)    # ...AdamW by the same amount (up to eps)
    assert abs(by_l2[0]) < 0.2 * abs(decoupled[0])                     # large gradients: far less
    assert abs(by_l2[1]) > 5 * abs(decoupled[1])                        # small gradients: far more
    assert abs(by_l2[1]) > 50 * abs(by_l2[0])                           # L2's strength depends on the gradients


# ------------------------------------------------------------------ functions never mutate their inputs
def _rng():
    return np.random.default_rng(0)


def _arr(*shape):
    return _rng().standard_normal(shape)


def _moons_model(**kw):
    return dlcore.mlp([2, 4, 1], rng=0, **kw)


_X, _Y = data.make_moons(20, rng=0)
_P = {"W1": _arr(3, 2), "b1": _arr(3, 1), "W2": _arr(1, 3)}
_S = {"v": _arr(3, 2), "s": np.abs(_arr(3, 2)), "t": 2}
_BN_CACHE = layers.batchnorm_forward(_arr(3, 5), _arr(3, 1), _arr(3, 1))[1]
_TRIALS = [{"params": {"lr": 0.1}, "score": 1.0}, {"params": {"lr": 0.01}, "score": 0.5}]

NO_MUTATION = {
    **{f"{name} forward": (fwd, (_arr(3, 4),)) for name, (fwd, _) in activations.ACTIVATIONS.items()},
    **{f"{name} backward": (bwd, (_arr(3, 4), _arr(3, 4))) for name, (_, bwd) in activations.ACTIVATIONS.items()},
    "bce": (losses.binary_cross_entropy, (np.full((1, 4), 0.3), np.ones((1, 4)))),
    "bce backward": (losses.binary_cross_entropy_backward, (np.full((1, 4), 0.3), np.ones((1, 4)))),
    "softmax CE": (losses.softmax_cross_entropy, (_arr(3, 4), np.eye(3)[:, [0, 1, 2, 0]])),
    "softmax CE backward": (losses.softmax_cross_entropy_backward, (_arr(3, 4), np.eye(3)[:, [0, 1, 2, 0]])),
    "mse backward": (losses.mse_backward, (_arr(2, 4), _arr(2, 4))),
    "l2": (losses.l2_penalty, (_P, 0.3, 5)),
    "l2 grad": (losses.l2_penalty_grad, (_arr(3, 2), 0.3, 5)),
    "l1": (losses.l1_penalty, (_P, 0.3, 5)),
    "elastic net grad": (losses.elastic_net_penalty_grad, (_arr(3, 2), 0.3, 5)),
    "gd": (optim.gd, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "momentum": (optim.momentum, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "rmsprop": (optim.rmsprop, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "adam": (optim.adam, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "nesterov": (optim.nesterov, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "adagrad": (optim.adagrad, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "adamw": (optim.adamw, (_arr(3, 2), _arr(3, 2), _S, 0.1)),
    "Optimizer.update adamw": (optim.Optimizer("adamw", weight_decay=0.1).update,
                               (_P, {"W1": _arr(3, 2), "b1": _arr(3, 1)}, {k: _S for k in _P}, 0.1)),
    "linear_warmup": (schedules.linear_warmup, (0.1, np.arange(8))),
    "Optimizer.update": (optim.Optimizer("adam").update, (_P, {"W1": _arr(3, 2)}, {k: _S for k in _P}, 0.1)),
    "clip_by_norm": (optim.clip_by_norm, ({"a": _arr(3, 2) * 10}, 1.0)),
    "batchnorm_forward": (layers.batchnorm_forward, (_arr(3, 5), _arr(3, 1), _arr(3, 1))),
    "batchnorm_backward": (layers.batchnorm_backward, (_arr(3, 5), _BN_CACHE)),
    "update_running_stats": (layers.update_running_stats, (_arr(3, 1), np.ones((3, 1)), _arr(3, 1), _arr(3, 1))),
    "batchnorm_inference": (layers.batchnorm_inference, (_arr(3, 5), _arr(3, 1), _arr(3, 1), _arr(3, 1),
                                                         np.ones((3, 1)))),
    "dropout_forward": (layers.dropout_forward, (_arr(3, 4), 0.5)),
    "dropout_backward": (layers.dropout_backward, (_arr(3, 4), _arr(3, 4) > 0, 0.5)),
    "ewma": (ewma.ewma, (_arr(6),  0.9)),
    "one_hot": (data.one_hot, (np.array([[0, 2, 1]]),)),
    "labels": (data.labels, (np.eye(3),)),
    "train_dev_test_split": (data.train_dev_test_split, (_X, _Y)),
    "standardize_fit": (data.standardize_fit, (_X,)),
    "standardize_apply": (data.standardize_apply, (_X, _arr(2, 1), np.ones((2, 1)))),
    "random_mini_batches": (data.random_mini_batches, (_X, _Y, 7)),
    "augment": (data.augment, (np.abs(_arr(64, 3)),)),
    "params_to_vector": (gradcheck.params_to_vector, (_P,)),
    "vector_to_params": (gradcheck.vector_to_params, (np.arange(12.0), _P)),
    "numerical_gradient": (gradcheck.numerical_gradient, (np.sum, _arr(4))),
    "relative_difference": (gradcheck.relative_difference, (_arr(4), _arr(4))),
    "error_rate": (diagnostics.error_rate, (np.array([[1, 0]]), np.array([[1, 1]]))),
    "diagnose": (diagnostics.diagnose, (0.1, 0.2)),
    "early_stopping_epoch": (training.early_stopping_epoch, ([3.0, 2.0, 2.5],)),
    "is_diverging": (training.is_diverging, ([1.0, 5.0],)),
    "cosine_decay": (schedules.cosine_decay, (0.1, np.arange(5))),
    "coarse_to_fine": (tuning.coarse_to_fine, (_TRIALS, {"lr": ("log", 1e-3, 1.0)})),
    "compute_cost X, Y": (lambda X, Y: model.compute_cost(_moons_model(), X, Y, lambd=0.1), (_X, _Y)),
    "cost_and_gradients X, Y": (lambda X, Y: model.cost_and_gradients(_moons_model(), X, Y), (_X, _Y)),
    "train X, Y": (lambda X, Y: dlcore.train(_moons_model(keep_prob=0.8), X, Y, epochs=2, progress=False,
                                             max_norm=1.0, validation=(X, Y)), (_X, _Y)),
    "train float32 X, Y": (lambda X, Y: dlcore.train(_moons_model(dtype=np.float32), X, Y, epochs=2,
                                                     progress=False), (_X, _Y)),
    "activation_stats": (lambda X: diagnostics.activation_stats(_moons_model(), X), (_X,)),
    "ensemble_predict": (lambda X: tuning.ensemble_predict([_moons_model()], X), (_X,)),
}


def _copy(x):
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_copy(v) for v in x)
    return x.copy() if isinstance(x, np.ndarray) else x


def _assert_same(a, b, where):
    if isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for k in a:
            _assert_same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _assert_same(x, y, f"{where}[{i}]")
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype, where
        np.testing.assert_array_equal(a, b, err_msg=where)
    else:
        assert a == b, where


@pytest.mark.parametrize("name", list(NO_MUTATION))
def test_dlcore_functions_do_not_mutate_their_inputs(name):
    fn, args = NO_MUTATION[name]
    before = _copy(args)
    fn(*args)
    _assert_same(args, before, name)


def test_dlcore_model_inference_does_not_change_the_model():
    m = dlcore.mlp([2, 4, 3], output="softmax", batchnorm=True, rng=0)
    m.forward(_X, training=True)
    params, state = _copy(m.parameters()), _copy([la.state for la in m.layers])
    m.predict(_X)
    m.predict_proba(_X)
    diagnostics.activation_stats(m, _X)
    _assert_same(m.parameters(), params, "parameters")
    _assert_same([la.state for la in m.layers], state, "batch-norm state")
