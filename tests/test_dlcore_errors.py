"""Bad input gets a ValueError that names the argument (never a silent wrong answer)."""

import numpy as np
import pytest

import dlcore
from dlcore import (
    activations,
    data,
    diagnostics,
    ewma,
    gradcheck,
    initializers,
    losses,
    optim,
    schedules,
    training,
    tuning,
)
from dlcore.layers import (
    BatchNorm,
    Dense,
    Dropout,
    Maxout,
    batchnorm_forward,
    dropout_backward,
    dropout_forward,
    update_running_stats,
)
from dlcore.model import compute_cost, cost_and_gradients, mlp

X2, Y2 = np.random.default_rng(0).standard_normal((2, 10)), (np.arange(10)[None, :] % 2).astype(float)
W = np.ones((2, 3))


def _model(**kw):
    return mlp([2, 3, 1], rng=0, **kw)


def _nan_X():
    X = X2.copy()
    X[1, 4] = np.nan
    return X


def _wrong_D():
    return dropout_backward(np.ones((2, 3)), np.ones((3, 2), dtype=bool), 0.5)


# (description, call, text the message must contain)
CASES = [
    # wrong-way inputs get the transpose hint
    ("forward X.T", lambda: _model().forward(X2.T), "did you mean X.T?"),
    ("train X.T", lambda: dlcore.train(_model(), X2.T, Y2, epochs=1, progress=False), "did you mean X.T?"),
    ("predict wrong rows", lambda: _model().predict(np.ones((3, 4))), "X"),
    ("batchnorm Z.T", lambda: batchnorm_forward(np.ones((4, 3)), np.ones((3, 1)), np.zeros((3, 1))),
     "did you mean Z.T?"),
    ("standardize_apply X.T", lambda: data.standardize_apply(np.ones((5, 2)), np.zeros((2, 1)), np.ones((2, 1))),
     "did you mean X.T?"),
    ("augment wrong image size", lambda: data.augment(np.ones((63, 4))), "X"),
    # keep_prob
    ("dropout_forward keep_prob 0", lambda: dropout_forward(W, 0.0), "keep_prob"),
    ("dropout_forward keep_prob 1.5", lambda: dropout_forward(W, 1.5), "keep_prob"),
    ("dropout_backward keep_prob -0.2", lambda: dropout_backward(W, W > 0, -0.2), "keep_prob"),
    ("Dropout layer keep_prob 2", lambda: Dropout(2), "keep_prob"),
    ("mlp keep_prob 0", lambda: _model(keep_prob=0.0), "keep_prob"),
    ("mlp keep_prob list of wrong length", lambda: mlp([2, 3, 3, 1], keep_prob=[0.5]), "keep_prob"),
    ("dropout_backward mask of another shape", _wrong_D, "D"),
    # learning rates
    ("train learning_rate 0", lambda: dlcore.train(_model(), X2, Y2, learning_rate=0.0), "learning_rate"),
    ("train learning_rate -1", lambda: dlcore.train(_model(), X2, Y2, learning_rate=-1.0), "learning_rate"),
    ("update learning_rate 0", lambda: optim.Optimizer("adam").update({}, {}, {}, 0.0), "learning_rate"),
    ("update learning_rate nan", lambda: optim.Optimizer("gd").update({}, {}, {}, float("nan")), "learning_rate"),
    ("schedule learning_rate0 0", lambda: schedules.inverse_time_decay(0.0, 1), "learning_rate0"),
    # betas and other hyperparameters
    ("Optimizer beta1 1", lambda: optim.Optimizer("adam", beta1=1.0), "beta1"),
    ("Optimizer beta2 -0.1", lambda: optim.Optimizer("adam", beta2=-0.1), "beta2"),
    ("Optimizer beta 1.2", lambda: optim.Optimizer("momentum", beta=1.2), "beta"),
    ("Optimizer epsilon 0", lambda: optim.Optimizer("adam", epsilon=0.0), "epsilon"),
    ("Optimizer nesterov beta 1", lambda: optim.Optimizer("nesterov", beta=1.0), "beta"),
    ("Optimizer adagrad epsilon -1", lambda: optim.Optimizer("adagrad", epsilon=-1.0), "epsilon"),
    ("Optimizer adamw weight_decay -0.1", lambda: optim.Optimizer("adamw", weight_decay=-0.1), "weight_decay"),
    ("Optimizer adamw weight_decay nan", lambda: optim.Optimizer("adamw", weight_decay=float("nan")),
     "weight_decay"),
    ("Optimizer adamw beta2 1", lambda: optim.Optimizer("adamw", beta2=1.0), "beta2"),
    ("Optimizer hyperparameter of another rule", lambda: optim.Optimizer("adam", beta=0.9), "beta"),
    ("Optimizer weight_decay on a rule without it", lambda: optim.Optimizer("adam", weight_decay=0.1),
     "weight_decay"),
    ("Optimizer decay_mask not a function", lambda: optim.Optimizer("adamw", decay_mask={"W1"}), "decay_mask"),
    ("train adamw weight_decay -1", lambda: dlcore.train(_model(), X2, Y2,
                                                         optimizer=optim.Optimizer("adamw", weight_decay=-1)),
     "weight_decay"),
    ("stepper learning_rate 0", lambda: optim.Optimizer("adam").stepper({"W1": W}).step(
        {"W1": W}, {"W1": W}, 0.0), "learning_rate"),
    ("warmup learning_rate0 0", lambda: schedules.linear_warmup(0.0, 1), "learning_rate0"),
    ("warmup epoch_num -1", lambda: schedules.linear_warmup(0.1, -1), "epoch_num"),
    ("warmup warmup_epochs 0", lambda: schedules.linear_warmup(0.1, 1, warmup_epochs=0), "warmup_epochs"),
    ("warmup warmup_epochs 2.5", lambda: schedules.linear_warmup(0.1, 1, warmup_epochs=2.5), "warmup_epochs"),
    ("warmup then not a function", lambda: schedules.linear_warmup(0.1, 1, then=0.5), "then"),
    ("ewma beta 1", lambda: ewma.ewma([1.0, 2.0], 1.0), "beta"),
    ("ewma 2-D theta", lambda: ewma.ewma(np.ones((2, 2)), 0.9), "theta"),
    ("effective_window beta 1", lambda: ewma.effective_window(1.0), "beta"),
    ("running stats momentum 1", lambda: update_running_stats(0, 1, 0, 1, momentum=1.0), "momentum"),
    ("sample_beta high 1", lambda: tuning.sample_beta(0.9, 1.0), "high"),
    ("log_uniform low > high", lambda: tuning.log_uniform(1.0, 0.1), "low"),
    ("log_uniform low 0", lambda: tuning.log_uniform(0.0, 1.0), "low"),
    ("clip max_norm 0", lambda: optim.clip_by_norm({"a": W}, 0.0), "max_norm"),
    ("rng legacy RandomState", lambda: dropout_forward(W, 0.5, rng=np.random.RandomState(0)), "rng"),
    ("epochs 0", lambda: dlcore.train(_model(), X2, Y2, epochs=0), "epochs"),
    ("batch_size 0", lambda: dlcore.train(_model(), X2, Y2, batch_size=0), "batch_size"),
    ("epoch_num -1", lambda: schedules.exponential_decay(0.1, -1), "epoch_num"),
    ("decay_rate -1", lambda: schedules.inverse_time_decay(0.1, 1, decay_rate=-1.0), "decay_rate"),
    ("base 1.5", lambda: schedules.exponential_decay(0.1, 1, base=1.5), "base"),
    ("inverse_sqrt k 0", lambda: schedules.inverse_sqrt_decay(0.1, 1, k=0.0), "k"),
    ("time_interval 0", lambda: schedules.staircase_decay(0.1, 1, time_interval=0), "time_interval"),
    ("cosine period 0", lambda: schedules.cosine_decay(0.1, 1, period=0), "period"),
    ("lambd -1", lambda: losses.l2_penalty({"W1": W}, -1.0, 3), "lambd"),
    ("penalty m 0", lambda: losses.l1_penalty({"W1": W}, 0.1, 0), "m"),
    ("params not a dict", lambda: losses.l2_penalty([W], 0.1, 3), "params"),
    ("l1_ratio 2", lambda: losses.elastic_net_penalty({"W1": W}, 0.1, 3, l1_ratio=2.0), "l1_ratio"),
    # empty batches and shape mismatches
    ("forward empty batch", lambda: _model().forward(np.ones((2, 0))), "empty batch"),
    ("bce empty batch", lambda: losses.binary_cross_entropy(np.ones((1, 0)), np.ones((1, 0))), "empty batch"),
    ("bce AL vs Y shapes", lambda: losses.binary_cross_entropy(np.full((1, 3), 0.5), np.ones((1, 4))), "Y"),
    ("softmax CE labels instead of one-hot", lambda: losses.softmax_cross_entropy(np.ones((3, 4)), np.ones((1, 4))),
     "Y"),
    ("cost_and_gradients Y shape", lambda: cost_and_gradients(_model(), X2, np.ones((2, 10))), "Y"),
    ("softmax model with labels", lambda: cost_and_gradients(mlp([2, 3], output="softmax"), X2, Y2), "one_hot"),
    ("compute_cost Y shape", lambda: compute_cost(_model(), X2, np.ones((1, 9))), "Y"),
    ("train Y columns", lambda: dlcore.train(_model(), X2, Y2[:, :9], epochs=1), "Y"),
    ("minibatches Y columns", lambda: list(data.minibatches(X2, Y2[:, :9])), "Y"),
    ("split Y columns", lambda: data.train_dev_test_split(X2, Y2[:, :9]), "Y"),
    ("error_rate shapes", lambda: diagnostics.error_rate(np.ones((1, 3)), np.ones((1, 4))), "Y"),
    ("relative_difference shapes", lambda: gradcheck.relative_difference(np.ones(3), np.ones(4)), "grad"),
    ("vector_to_params size", lambda: gradcheck.vector_to_params(np.ones(5), {"W1": W}), "theta"),
    ("set_parameters shape", lambda: _model().set_parameters({"W1": np.ones((2, 2))}), "W1"),
    ("set_parameters unknown", lambda: _model().set_parameters({"W9": W}), "params"),
    ("one_hot of one-hot", lambda: data.one_hot(np.eye(3)), "Y"),
    # NaN where it matters
    ("train X with NaN", lambda: dlcore.train(_model(), _nan_X(), Y2, epochs=1, progress=False), "X"),
    ("train Y with NaN", lambda: dlcore.train(_model(), X2, Y2 * np.nan, epochs=1, progress=False), "Y"),
    ("diagnose NaN", lambda: diagnostics.diagnose(float("nan"), 0.1), "train_error"),
    ("one_hot NaN", lambda: data.one_hot(np.array([[0.0, np.nan]])), "Y"),
    # unknown names
    ("unknown activation", lambda: activations.get("swish"), "activation"),
    ("mlp unknown hidden", lambda: mlp([2, 3, 1], hidden="swish"), "activation"),
    ("unknown init", lambda: initializers.get("lecun"), "init"),
    ("mlp unknown init", lambda: mlp([2, 3, 1], init="lecun"), "init"),
    ("unknown loss", lambda: losses.get("hinge"), "loss"),
    ("compute_cost unknown loss", lambda: compute_cost(_model(), X2, Y2, loss="hinge"), "loss"),
    ("unknown penalty", lambda: compute_cost(_model(), X2, Y2, lambd=0.1, penalty="l3"), "penalty"),
    ("unknown rule", lambda: optim.Optimizer("sgd"), "rule"),
    ("train unknown optimizer", lambda: dlcore.train(_model(), X2, Y2, optimizer="sgd"), "rule"),
    ("unknown output", lambda: mlp([2, 3, 1], output="relu"), "output"),
    ("space scale", lambda: tuning.random_search(None, {"lr": ("exp", 1, 2)}, 3), "space"),
    # bad ratios, sizes, counts
    ("ratios sum 1.5", lambda: data.train_dev_test_split(X2, Y2, (0.5, 0.5, 0.5)), "ratios"),
    ("ratios two values", lambda: data.train_dev_test_split(X2, Y2, (0.7, 0.3)), "ratios"),
    ("ratios negative", lambda: data.train_dev_test_split(X2, Y2, (1.2, -0.1, -0.1)), "ratios"),
    ("iterations m 0", lambda: data.iterations_per_epoch(0, 10), "m"),
    ("iterations batch_size 0", lambda: data.iterations_per_epoch(10, 0), "batch_size"),
    ("iterations float m", lambda: data.iterations_per_epoch(10.5, 2), "m"),
    ("one_hot negative", lambda: data.one_hot([[0, -1]]), "Y"),
    ("one_hot C too small", lambda: data.one_hot([[0, 3]], 2), "C"),
    ("augment flip_prob", lambda: data.augment(np.ones((64, 2)), flip_prob=1.5), "flip_prob"),
    ("augment max_shift", lambda: data.augment(np.ones((64, 2)), max_shift=-1), "max_shift"),
    ("init shape", lambda: initializers.he((0, 3)), "shape"),
    ("layer_dims too short", lambda: initializers.initialize_parameters([3]), "layer_dims"),
    ("mlp layer_dims too short", lambda: mlp([3]), "layer_dims"),
    ("Dense n_out 0", lambda: Dense(3, 0), "n_out"),
    ("BatchNorm n 0", lambda: BatchNorm(0), "n"),
    ("BatchNorm epsilon -1", lambda: BatchNorm(3, epsilon=-1.0), "epsilon"),
    ("BatchNorm momentum 1.5", lambda: BatchNorm(3, momentum=1.5), "momentum"),
    ("Maxout n_in 0", lambda: Maxout(0, 3), "n_in"),
    ("expected_initial_loss 1 class", lambda: diagnostics.expected_initial_loss(1), "n_classes"),
    ("diagnose error above 1", lambda: diagnostics.diagnose(0.1, 1.5), "dev_error"),
    ("diagnose tolerance", lambda: diagnostics.diagnose(0.1, 0.2, tolerance=-1.0), "tolerance"),
    ("early_stopping empty", lambda: training.early_stopping_epoch([]), "dev_costs"),
    ("early_stopping patience 0", lambda: training.early_stopping_epoch([1.0, 2.0], patience=0), "patience"),
    ("is_diverging empty", lambda: training.is_diverging([]), "costs"),
    ("n_trials 0", lambda: tuning.random_search(None, {"lr": ("log", 1e-3, 1)}, 0), "n_trials"),
    ("coarse_to_fine no trials", lambda: tuning.coarse_to_fine([], {"lr": ("log", 1e-3, 1)}), "trials"),
    ("ensemble no models", lambda: tuning.ensemble_predict([], X2), "models"),
    ("numerical_gradient epsilon 0", lambda: gradcheck.numerical_gradient(np.sum, np.ones(2), 0.0), "epsilon"),
    ("gradient_check with dropout", lambda: gradcheck.gradient_check(_model(keep_prob=0.5), X2, Y2), "dropout"),
    ("params_to_vector empty", lambda: gradcheck.params_to_vector({}), "params"),
    ("make_moons m 0", lambda: data.make_moons(0), "m"),
    ("make_moons noise -1", lambda: data.make_moons(10, noise=-1.0), "noise"),
    ("string array", lambda: losses.mse(np.array([["a"]]), np.ones((1, 1))), "AL"),
]


@pytest.mark.parametrize("call, needle", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_dlcore_bad_input_raises_value_error_naming_the_argument(call, needle):
    with pytest.raises(ValueError) as info:
        call()
    assert needle in str(info.value), f"message {str(info.value)!r} should mention {needle!r}"


def test_dlcore_train_does_not_touch_the_model_when_input_is_bad():
    model = _model()
    before = {k: v.copy() for k, v in model.parameters().items()}
    with pytest.raises(ValueError):
        dlcore.train(model, _nan_X(), Y2, epochs=2, progress=False)
    for k, v in model.parameters().items():
        np.testing.assert_array_equal(v, before[k])
