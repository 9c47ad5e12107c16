"""Explorers about training runs: batch size and babysitting a learning rate (live curves: live.py)."""

import warnings

import numpy as np

from .. import data
from ..ewma import ewma
from ..model import compute_cost, cost_and_gradients, mlp
from ..optim import Optimizer
from ..training import DivergenceWarning, train
from ..viz import curves as vcurves
from .explorer import Background, Explorer, log_slider, new_figure, slider, toggle


def moons_problem(m=300, *, noise=0.25, rng=0):
    """The small problem of these explorers: make_moons, the first 2/3 for training, the rest as dev set."""
    X, Y = data.make_moons(m, noise=noise, rng=rng)
    k = 2 * m // 3
    return (X[:, :k], Y[:, :k]), (X[:, k:], Y[:, k:])


# ---------------------------------------------------------------------------------------------- batch size
def minibatch_run(X, Y, *, batch_size, learning_rate, optimizer="gd", epochs=20, layer_dims=(2, 16, 1), rng=0):
    """Train mlp(layer_dims) with mini-batches of batch_size (m = batch GD, 1 = SGD). Returns
    (costs per iteration (mini-batch cost before each update), full training cost after each epoch)."""
    model = mlp(list(layer_dims), rng=rng)
    opt = Optimizer(optimizer)
    state = opt.init(model.parameters())
    gen = np.random.default_rng(rng)
    iteration_costs, epoch_costs = [], []
    for _ in range(epochs):
        for X_batch, Y_batch in data.minibatches(X, Y, batch_size, rng=gen):
            cost, grads = cost_and_gradients(model, X_batch, Y_batch)
            params, state = opt.update(model.parameters(), grads, state, learning_rate)
            model.set_parameters(params)
            iteration_costs.append(cost)
        epoch_costs.append(compute_cost(model, X, Y))
    return np.array(iteration_costs), np.array(epoch_costs)


class BatchSizeExplorer(Explorer):
    """Batch GD (m), mini-batch (64) and SGD (1) on the same problem; runs are computed on first use and
    cached per (optimizer, learning rate)."""

    def __init__(self, *, learning_rate=0.1, optimizer="gd", epochs=20, m=256, smooth=0.95, rng=0):
        (self.X, self.Y), _ = moons_problem(int(m * 3 / 2), rng=rng)
        self.m, self.epochs, self.rng_seed = self.X.shape[1], epochs, rng
        self.sizes = {f"batch GD (m={self.m})": self.m, "mini-batch (64)": 64, "SGD (1)": 1}
        self._cache = {}
        self.controls = {
            "learning_rate": log_slider("learning rate", learning_rate, -3, 0, step=0.5),
            "optimizer": toggle("optimizer", ["gd", "momentum", "adam"], optimizer),
            "smooth": slider("EWMA β (curves)", smooth, 0.0, 0.99, 0.01),
        }
        # a new rate trains three runs: a drag trains the rate it ends on, not each one it passes
        self.controls["learning_rate"].continuous_update = False
        self.fig = new_figure(figsize=(11.5, 4.6))
        self.ax_it, self.ax_ep = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.88, wspace=0.22)
        self.raw, self.smoothed, self.epoch_lines = {}, {}, {}
        for i, name in enumerate(self.sizes):
            (self.raw[name],) = self.ax_it.plot([], [], color=f"C{i}", lw=0.5, alpha=0.15)
            (self.smoothed[name],) = self.ax_it.plot([], [], color=f"C{i}", lw=1.8, label=name)
            (self.epoch_lines[name],) = self.ax_ep.plot([], [], "o-", color=f"C{i}", ms=3, lw=1.8, label=name)
        self.ax_it.set_xscale("log")
        self.ax_it.set_xlim(1, self.epochs * self.m)
        self.ax_it.set_ylim(0, 1.2)
        self.ax_it.set_xlabel("parameter updates (iterations), log scale")
        self.ax_it.set_ylabel("mini-batch cost")
        self.ax_it.legend(loc="lower left", fontsize=8)
        self.ax_ep.set_xlim(0, self.epochs)
        self.ax_ep.set_ylim(0, 1.2)
        self.ax_ep.set_xlabel("epoch (one pass over the m examples)")
        self.ax_ep.set_ylabel("training cost J (all m examples)")
        self.ax_ep.legend(loc="upper right", fontsize=8)
        dynamic = [*self.raw.values(), *self.smoothed.values(), *self.epoch_lines.values(), self.ax_ep.title,
                   self.ax_it.title]
        self.background = Background(self.fig, dynamic)
        self._finish()

    @staticmethod
    def _key(learning_rate, optimizer):
        return round(float(np.log10(learning_rate)), 6), optimizer

    def busy(self, *, learning_rate, optimizer, smooth):
        if self._key(learning_rate, optimizer) not in self._cache:
            return f"training batch GD, mini-batch and SGD at α = {learning_rate:.3g} ({optimizer})…"
        return None

    def runs(self, learning_rate, optimizer):
        key = self._key(learning_rate, optimizer)
        if key not in self._cache:
            self._cache[key] = {
                name: minibatch_run(self.X, self.Y, batch_size=bs, learning_rate=learning_rate, optimizer=optimizer,
                                    epochs=self.epochs, rng=self.rng_seed)
                for name, bs in self.sizes.items()}
        return self._cache[key]

    def update(self, *, learning_rate, optimizer, smooth):
        runs = self.runs(learning_rate, optimizer)
        for name, (it_costs, ep_costs) in runs.items():
            x = np.arange(1, len(it_costs) + 1)
            self.raw[name].set_data(x, it_costs)
            self.smoothed[name].set_data(x, ewma(it_costs, smooth) if smooth > 0 else it_costs)
            self.epoch_lines[name].set_data(np.arange(1, len(ep_costs) + 1), ep_costs)
        counts = ", ".join(f"{len(it)}" for it, _ in runs.values())
        self.ax_it.set_title(f"per update (faint: raw, bold: EWMA β={smooth:.2f}); updates: {counts}", fontsize=10)
        last = {name: ep[-1] for name, (_, ep) in runs.items()}
        best = min(last, key=last.get)
        self.ax_ep.set_title(f"per epoch (α={learning_rate:.3g}, {optimizer}): lowest cost after "
                             f"{self.epochs} epochs: {best}", fontsize=10)

    def code(self, *, learning_rate, optimizer, smooth):
        return (
            "import numpy as np\nfrom dlcore.widgets.training import minibatch_run, moons_problem\n"
            "# minibatch_run is a plain loop: dlcore.data.minibatches + cost_and_gradients + Optimizer.update\n\n"
            f"(X, Y), _ = moons_problem({int(self.m * 3 / 2)}, rng={self.rng_seed})\n"
            f"for batch_size in ({self.m}, 64, 1):\n"
            f"    costs, epoch_costs = minibatch_run(X, Y, batch_size=batch_size, learning_rate={learning_rate!r}, "
            f"optimizer={optimizer!r}, epochs={self.epochs}, rng={self.rng_seed})\n"
            "    print(f'batch_size={batch_size:>3}: {len(costs):>5} updates, final cost {epoch_costs[-1]:.3f}')\n"
        )


def batch_size_explorer(**kwargs):
    """Cost curves of batch GD (batch = m), mini-batch (64) and SGD (1) on the same small problem, per update
    and per epoch. Returns one widget."""
    return BatchSizeExplorer(**kwargs).widget


# ---------------------------------------------------------------------------------------------- babysitting
LR_MIN, LR_MAX, LR_STEP = -4, 1.5, 0.25


def babysit_run(learning_rate, *, optimizer="gd", epochs=150, layer_dims=(2, 16, 16, 1), rng=0):
    """One full-batch training run on the moons problem; returns the History (stops if the cost diverges)."""
    (X, Y), validation = moons_problem(rng=rng)
    model = mlp(list(layer_dims), rng=rng + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DivergenceWarning)
        return train(model, X, Y, optimizer=optimizer, learning_rate=learning_rate, epochs=epochs,
                     batch_size=None, validation=validation, rng=rng + 2, progress=False)


def verdict(history):
    """Too low / too high / fine, in words, from the run's cost curve."""
    cost = np.asarray(history.cost, dtype=float)
    if history.stopped:
        return f"too high: diverged at epoch {len(cost)} (cost {cost[-1]:.3g}) → divide α by 3-10"
    if cost[-1] > 0.85 * cost[0]:
        return "too low: the cost barely moves → multiply α by 3-10"
    return f"learning: cost {cost[0]:.2f} → {cost[-1]:.2f}, dev accuracy {history.val_accuracy[-1]:.0%}"


class BabysittingExplorer(Explorer):
    """Loss and accuracy curves for a chosen learning rate; every rate on the slider's grid is trained once
    (for the chosen optimizer) so moving the slider is instant."""

    def __init__(self, *, learning_rate=0.01, optimizer="gd", epochs=150, rng=0, precompute=True):
        self.epochs, self.rng_seed = epochs, rng
        self.grid = 10 ** np.arange(LR_MIN, LR_MAX + 1e-9, LR_STEP)
        self._cache = {}
        self.controls = {
            "learning_rate": log_slider("α (learning rate)", learning_rate, LR_MIN, LR_MAX, step=LR_STEP),
            "optimizer": toggle("optimizer", ["gd", "adam"], optimizer),
        }
        if precompute:
            for lr in self.grid:
                self.history(lr, optimizer)
        self.fig = new_figure(figsize=(11.5, 4.6))
        ax_cost, ax_acc = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.86, wspace=0.2)
        self.artists = vcurves.learning_curves(ax_cost, ax_acc, epochs=epochs, cost_max=1.0,
                                               names=("cost", "val_cost", "train_accuracy", "val_accuracy"))
        self.artists["cost"].set_label("training cost")
        ax_cost.legend(loc="upper right", fontsize=8)
        self.ax_cost, self.ax_acc = ax_cost, ax_acc
        self.title = self.fig.suptitle("", fontsize=11)
        ax_acc.axhline(0.5, color="0.6", lw=0.8, ls=":")
        ax_acc.text(epochs * 0.5, 0.49, "chance level", ha="center", va="top", fontsize=8, color="0.5")
        dynamic = [a for k, a in self.artists.items()] + [self.title]
        self.background = Background(self.fig, dynamic)
        self._finish()

    def busy(self, *, learning_rate, optimizer):
        if (self._grid_rate(learning_rate), optimizer) not in self._cache:
            return f"training at α = {learning_rate:.2g} ({optimizer})…"
        return None

    def _grid_rate(self, learning_rate):
        return float(self.grid[np.argmin(np.abs(np.log10(self.grid) - np.log10(learning_rate)))])

    def history(self, learning_rate, optimizer):
        """The (cached) run at the grid rate nearest to learning_rate."""
        lr = self._grid_rate(learning_rate)
        key = (lr, optimizer)
        if key not in self._cache:
            self._cache[key] = babysit_run(lr, optimizer=optimizer, epochs=self.epochs, rng=self.rng_seed)
        return self._cache[key]

    def update(self, *, learning_rate, optimizer):
        h = self.history(learning_rate, optimizer)
        message = None
        if h.stopped:
            message = f"diverged: stopped after epoch {len(h)}\n(cost {h.cost[-1]:.3g})"
        vcurves.update_learning_curves(self.artists, h, stop_message=message)
        self.title.set_text(f"α = {learning_rate:.2g} ({optimizer}): {verdict(h)}")

    def code(self, *, learning_rate, optimizer):
        return (
            "import warnings\nfrom dlcore import mlp, train\nfrom dlcore.widgets.training import moons_problem\n\n"
            f"(X, Y), (X_dev, Y_dev) = moons_problem(rng={self.rng_seed})\n"
            f"model = mlp([2, 16, 16, 1], rng={self.rng_seed + 1})\n"
            f"history = train(model, X, Y, optimizer={optimizer!r}, learning_rate={learning_rate!r}, "
            f"epochs={self.epochs}, batch_size=None,\n"
            f"                validation=(X_dev, Y_dev), rng={self.rng_seed + 2}, progress=False)\n"
            "print(history.stopped or f'cost {history.cost[0]:.3f} -> {history.cost[-1]:.3f}, '\n"
            "      f'dev accuracy {history.val_accuracy[-1]:.2f}')\n"
        )


def babysitting_explorer(**kwargs):
    """Loss and accuracy curves for a chosen learning rate on a small problem (flat = too low, divergence stop =
    too high), precomputed over a grid of rates. Returns one widget."""
    return BabysittingExplorer(**kwargs).widget
