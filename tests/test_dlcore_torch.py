"""dlcore against PyTorch, when PyTorch is installed (it is never a dependency: without it this file skips).

Each pair takes the same steps from the same numbers, with the hyperparameters translated between the two
conventions (the translation is the point: it is what the notebooks' "the same in PyTorch" cells teach).
"""

import numpy as np
import pytest

from dlcore import initializers, layers, optim, schedules

torch = pytest.importorskip("torch", reason="PyTorch is optional; `pip install torch` to run these cross-checks")

STEPS = 6


def _gradients(seed=0, shape=(3, 4)):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(shape), [rng.standard_normal(shape) for _ in range(STEPS)]


def _torch_path(make_optimizer, w0, grads, l2=0.0):
    p = torch.nn.Parameter(torch.tensor(w0, dtype=torch.float64))
    opt = make_optimizer([p])
    path = []
    for g in grads:
        opt.zero_grad()
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        path.append(p.detach().numpy().copy())
    return path


def _dlcore_path(rule, w0, grads, learning_rate, l2=0.0, **hparams):
    w, state, path = w0, optim.init_state(w0), []
    for g in grads:
        w, state = rule(w, g + l2 * w, state, learning_rate, **hparams)
        path.append(w)
    return path


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw",
                                  "adam + L2"])
def test_dlcore_rules_take_pytorchs_steps(name):
    w0, grads = _gradients()
    lr, beta = 0.05, 0.8
    pairs = {
        "gd": (lambda p: torch.optim.SGD(p, lr=lr), (optim.gd, {})),
        # the course's momentum averages (v = beta v + (1 - beta) dw); PyTorch's sums (buf = beta buf + dw)
        "momentum": (lambda p: torch.optim.SGD(p, lr=lr * (1 - beta), momentum=beta),
                     (optim.momentum, {"beta": beta})),
        "nesterov": (lambda p: torch.optim.SGD(p, lr=lr * (1 - beta), momentum=beta, nesterov=True),
                     (optim.nesterov, {"beta": beta})),
        "rmsprop": (lambda p: torch.optim.RMSprop(p, lr=lr, alpha=0.9, eps=1e-6),
                    (optim.rmsprop, {"beta": 0.9, "epsilon": 1e-6})),
        "adagrad": (lambda p: torch.optim.Adagrad(p, lr=lr, eps=1e-6), (optim.adagrad, {"epsilon": 1e-6})),
        "adam": (lambda p: torch.optim.Adam(p, lr=lr, betas=(0.85, 0.99)),
                 (optim.adam, {"beta1": 0.85, "beta2": 0.99})),
        "adamw": (lambda p: torch.optim.AdamW(p, lr=lr, weight_decay=0.3),
                  (optim.adamw, {"weight_decay": 0.3})),
        # torch.optim.Adam's weight_decay is L2 added to the gradient, NOT AdamW's decoupled decay
        "adam + L2": (lambda p: torch.optim.Adam(p, lr=lr, weight_decay=0.3), (optim.adam, {"l2": 0.3})),
    }
    make, (rule, hparams) = pairs[name]
    ours = _dlcore_path(rule, w0, grads, lr, **hparams)
    theirs = _torch_path(make, w0, grads)
    for step, (a, b) in enumerate(zip(ours, theirs), 1):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12, err_msg=f"{name}, step {step}")


def test_dlcore_adamw_is_not_torchs_adam_with_weight_decay():
    w0, grads = _gradients(1)
    decoupled = _dlcore_path(optim.adamw, w0, grads, 0.05, weight_decay=0.3)[-1]
    l2 = _torch_path(lambda p: torch.optim.Adam(p, lr=0.05, weight_decay=0.3), w0, grads)[-1]
    assert np.abs(decoupled - l2).max() > 1e-3


def test_dlcore_batchnorm_running_stats_match_batchnorm1d_momentum_0_1():
    """Our momentum 0.9 is PyTorch's momentum=0.1; PyTorch's running variance is the unbiased m/(m-1) one."""
    rng = np.random.default_rng(0)
    n, m = 3, 8
    bn = torch.nn.BatchNorm1d(n, momentum=0.1, eps=1e-5, dtype=torch.float64)
    layer = layers.BatchNorm(n)
    mean, var = np.zeros((n, 1)), np.ones((n, 1))
    for _ in range(5):
        Z = rng.standard_normal((n, m)) * 3 + 1
        out = bn(torch.tensor(Z.T)).detach().numpy().T            # PyTorch: examples in rows
        ours = layer.forward(Z, training=True)
        np.testing.assert_allclose(ours, out, rtol=1e-10, atol=1e-12)
        batch_mean, batch_var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
        mean, var = layers.update_running_stats(mean, var, batch_mean, batch_var * m / (m - 1), momentum=0.9)
    np.testing.assert_allclose(bn.running_mean.numpy()[:, None], mean, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.numpy()[:, None], var, rtol=1e-12)


@pytest.mark.parametrize("ours, theirs, std", [
    ("he", lambda W: torch.nn.init.kaiming_normal_(W, nonlinearity="relu"), lambda n_in, n_out: np.sqrt(2 / n_in)),
    ("xavier", lambda W: torch.nn.init.kaiming_normal_(W, nonlinearity="linear"),   # LeCun's 1 / n_in
     lambda n_in, n_out: np.sqrt(1 / n_in)),
    ("glorot_uniform", torch.nn.init.xavier_uniform_, lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))),
])
def test_dlcore_initializers_have_the_spread_of_torch_nn_init(ours, theirs, std):
    n_out, n_in = 300, 500                                   # PyTorch's Linear weight is (out, in) too
    W = torch.empty(n_out, n_in, dtype=torch.float64)
    torch.manual_seed(0)
    theirs(W)
    mine = initializers.get(ours)((n_out, n_in), rng=0)
    for sample in (W.numpy(), mine):
        assert sample.std() == pytest.approx(std(n_in, n_out), rel=0.01)


def test_dlcore_schedules_match_torch_lr_schedulers():
    p = [torch.nn.Parameter(torch.zeros(1))]
    epochs = np.arange(12)
    cases = [
        (lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9),
         schedules.exponential_decay(0.1, epochs, base=0.9)),
        (lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, T_0=4, eta_min=0.01),
         schedules.cosine_decay(0.1, epochs, period=4, learning_rate_min=0.01)),
        (lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1 / (1 + 0.5 * e)),
         schedules.inverse_time_decay(0.1, epochs, decay_rate=0.5)),
        (lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / 3, total_iters=2),
         schedules.linear_warmup(0.1, epochs, warmup_epochs=3)),
    ]
    for make, expected in cases:
        opt = torch.optim.SGD(p, lr=0.1)
        scheduler = make(opt)
        rates = []
        for _ in epochs:
            rates.append(opt.param_groups[0]["lr"])
            opt.step()
            scheduler.step()
        np.testing.assert_allclose(rates, expected, rtol=1e-12)
