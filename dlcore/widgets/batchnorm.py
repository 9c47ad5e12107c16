"""batchnorm_explorer: the same deep net with and without batch norm - a hidden layer's activation histogram
during training, the cost curves, and the final dev accuracy over a learning-rate sweep (all precomputed)."""

import warnings

import numpy as np

from .. import data, mlp, train
from ..diagnostics import hidden_activations
from ..training import accuracy
from ..viz import batchnorm as Bv
from ..viz import regularization as R
from ..viz.activations import histogram_edges
from .explorer import Background, Explorer, choice_slider, new_figure, slider

LABELS = ("plain", "batch norm")


def run(layer_dims, batchnorm, X, Y, X_dev, Y_dev, learning_rate, epochs, edges, rng):
    """Train one net with minibatch gradient descent; after every epoch record each hidden layer's activation
    histogram on the dev set (test mode). Returns (history, heights[epoch][layer], dev accuracy)."""
    model = mlp(layer_dims, hidden="relu", init="he", batchnorm=batchnorm, rng=rng)

    def histograms(model):
        with np.errstate(all="ignore"):
            return [np.histogram(np.clip(A, edges[0], edges[-1]), edges)[0] / A.size
                    for _, A in hidden_activations(model, X_dev)]

    frames = [histograms(model)]

    def record(epoch_num, history, model):
        frames.append(histograms(model))

    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        history = train(model, X, Y, optimizer="gd", learning_rate=learning_rate, epochs=epochs, batch_size=64,
                        validation=(X_dev, Y_dev), rng=rng, callback=record, progress=False)
        acc = accuracy(model, X_dev, Y_dev)
    while len(frames) < epochs + 1:  # diverged: the last state stays on screen
        frames.append(frames[-1])
    return history, frames, acc


class BatchNormExplorer(Explorer):
    """Same deep ReLU net (He init), with and without batch norm, trained with plain minibatch gradient descent."""

    def __init__(self, learning_rate=3.0, epoch=None, layer=None, *, depth=8, width=32,
                 rates=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0), epochs=15, m=800, rng=0, bins=35):
        self.layer_dims = [2] + [width] * depth + [1]
        self.rates, self.epochs, self.seed, self.m = tuple(rates), epochs, rng, m
        X, Y = data.make_moons(m, noise=0.2, rng=rng)
        (self.X, self.Y), (self.X_dev, self.Y_dev), _ = data.train_dev_test_split(X, Y, (0.75, 0.25, 0.0),
                                                                                  rng=rng)
        self.edges = histogram_edges("relu", bins)
        self.runs = {(lab, lr): run(self.layer_dims, lab == "batch norm", self.X, self.Y, self.X_dev, self.Y_dev,
                                    lr, epochs, self.edges, rng)
                     for lab in LABELS for lr in self.rates}
        self.fig = new_figure(figsize=(11.5, 4.4))
        ax_h, ax_c, ax_s = self.fig.subplots(1, 3)
        self.fig.subplots_adjust(left=0.05, right=0.98, top=0.82, bottom=0.13, wspace=0.28)
        self.ax_h, self.ax_c = ax_h, ax_c
        self.hists = Bv.overlaid_histograms(ax_h, self.edges, LABELS, ylim=(0, 0.6))
        ep = np.arange(1, epochs + 1)
        self.curves = R.learning_curves(ax_c, ep, {lab: np.full(epochs, np.nan) for lab in LABELS},
                                        ylim=(0, 1.0))
        for lab, c in zip(LABELS, ("C1", "C0")):
            self.curves["lines"][lab].set_color(c)
        ax_c.legend(loc="upper right", fontsize=8)
        ax_c.set_xlim(0, epochs)
        ax_c.set_ylabel("train cost")
        scores = {lab: [self.runs[(lab, lr)][2] for lr in self.rates] for lab in LABELS}
        self.sweep = Bv.sweep_plot(ax_s, self.rates, scores)
        ax_s.set_title("final dev accuracy: BN keeps training at large rates", fontsize=10)
        self.suptitle = self.fig.suptitle("", fontsize=11)
        # frames, ticks, the sweep's curves are drawn once; a change redraws what it moves, and the legends the
        # moving lines may cross
        c = self.curves
        self.background = Background(self.fig, [*self.hists.values(), ax_h.title, *c["lines"].values(), c["vline"],
                                                c["dot"], ax_c.title, self.sweep["vline"], self.suptitle])
        self.controls = {
            "learning_rate": choice_slider("learning rate", list(self.rates), learning_rate),
            "epoch": slider("epoch", epochs if epoch is None else epoch, 0, epochs, 1),
            "layer": slider("hidden layer", depth if layer is None else layer, 1, depth, 1),
        }
        self._finish()

    def update(self, *, learning_rate, epoch, layer):
        heights = {lab: self.runs[(lab, learning_rate)][1][epoch][layer - 1] for lab in LABELS}
        self.heights = heights
        Bv.update_overlaid_histograms(self.hists, heights, self.edges)
        notes = []
        for lab in LABELS:
            h = self.runs[(lab, learning_rate)][0]
            cost = np.full(self.epochs, np.nan)
            cost[:len(h)] = h.train_cost if h.train_cost else np.nan
            self.curves["lines"][lab].set_ydata(cost)
            if h.stopped:
                notes.append(f"{lab} diverged at epoch {len(h) - 1}")
        marker = self.runs[("batch norm", learning_rate)][0].train_cost
        R.update_marker(self.curves, epoch, marker[epoch - 1] if 0 < epoch <= len(marker) else np.nan)
        self.sweep["vline"].set_xdata([learning_rate, learning_rate])
        self.ax_h.set_title(f"hidden layer {layer} on the dev set, epoch {epoch}")
        self.ax_c.set_title(f"train cost at learning rate {learning_rate:g}")
        accs = ", ".join(f"{lab} {self.runs[(lab, learning_rate)][2]:.0%}" for lab in LABELS)
        self.suptitle.set_text(f"{len(self.layer_dims) - 2} ReLU layers, minibatch GD at rate {learning_rate:g}: "
                               f"dev accuracy {accs}" + (" - " + "; ".join(notes) if notes else ""))

    def code(self, *, learning_rate, epoch, layer):
        return (
            "import numpy as np\nfrom dlcore import data, mlp, train\nfrom dlcore.diagnostics import "
            "hidden_activations\nfrom dlcore.training import accuracy\n\n"
            f"X, Y = data.make_moons({self.m}, noise=0.2, rng={self.seed})\n"
            f"(X_train, Y_train), (X_dev, Y_dev), _ = data.train_dev_test_split(X, Y, (0.75, 0.25, 0.0), "
            f"rng={self.seed})\n"
            "for batchnorm in (False, True):\n"
            f"    model = mlp({self.layer_dims}, hidden='relu', init='he', batchnorm=batchnorm, "
            f"rng={self.seed})\n"
            f"    history = train(model, X_train, Y_train, optimizer='gd', learning_rate={learning_rate!r}, "
            f"epochs={max(epoch, 1)},\n                    batch_size=64, validation=(X_dev, Y_dev), "
            f"rng={self.seed}, progress=False)\n"
            f"    A = hidden_activations(model, X_dev)[{layer - 1}][1]   # hidden layer {layer}\n"
            f"    print(batchnorm, accuracy(model, X_dev, Y_dev), np.histogram(np.clip(A, {self.edges[0]:g}, "
            f"{self.edges[-1]:g}), np.linspace({self.edges[0]:g}, {self.edges[-1]:g}, {len(self.edges)}))[0])\n")


def batchnorm_explorer(**kwargs):
    """The same deep net with and without batch norm: activation distributions over training and accuracy
    across a learning-rate sweep."""
    return BatchNormExplorer(**kwargs).widget
