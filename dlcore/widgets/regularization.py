"""regularization_explorer (lambda and keep_prob -> boundary, accuracy, weight norms) and
early_stopping_explorer (train/dev cost curves, patience, the epoch early stopping keeps)."""

import warnings

import numpy as np

from .. import data, mlp, train
from ..training import accuracy, early_stopping_epoch
from ..viz import boundary as B
from ..viz import regularization as R
from .explorer import Background, Explorer, choice_slider, new_figure, slider

LAMBDAS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
KEEP_PROBS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def noisy_moons(m_train, m_dev, noise, rng):
    """Train and dev sets drawn from the same noisy two-moons distribution."""
    X, Y = data.make_moons(m_train + m_dev, noise=noise, rng=rng)
    return (X[:, :m_train], Y[:, :m_train]), (X[:, m_train:], Y[:, m_train:])


def drop_caches(model):
    """Forget the layers' forward caches (a pass over the boundary grid leaves megabytes in each cached model)."""
    for layer in model.layers:
        layer.cache = None


class RegularizationExplorer(Explorer):
    """A too-big net on a small noisy set; lambda (L2) and keep_prob (dropout) tame it. Each setting is trained
    once (dlcore.train, full batch, Adam) on first visit and cached (the busy note shows while it trains). 150
    epochs at a learning rate of 0.03 reach the same train/dev accuracies and weight norms as 400 at 0.01 in less
    than half the time, so a first visit stays short."""

    def __init__(self, lambd=0.0, keep_prob=1.0, *, layer_dims=(2, 64, 64, 1), m_train=80, m_dev=300, noise=0.35,
                 epochs=150, learning_rate=0.03, rng=0, resolution=80):
        self.layer_dims, self.epochs, self.learning_rate, self.seed = list(layer_dims), epochs, learning_rate, rng
        self.m_train, self.m_dev, self.noise = m_train, m_dev, noise
        (self.X, self.Y), (self.X_dev, self.Y_dev) = noisy_moons(m_train, m_dev, noise, rng)
        self.xs, self.ys, self.grid = B.boundary_grid(np.hstack([self.X, self.X_dev]), resolution=resolution)
        self.cache = {}
        self.fig = new_figure(figsize=(11.5, 4.4))
        ax_b, ax_map, ax_w = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": (1.25, 1, 0.8)})
        self.fig.subplots_adjust(left=0.05, right=0.98, top=0.83, bottom=0.17, wspace=0.3)
        blank = np.full((len(self.ys), len(self.xs)), 0.5)
        self.boundary = B.decision_boundary(ax_b, self.xs, self.ys, blank, self.X, self.Y, X_dev=self.X_dev,
                                            Y_dev=self.Y_dev)
        ax_b.legend(loc="lower left", fontsize=8)
        self.ax_b = ax_b
        self.map = R.setting_map(ax_map, KEEP_PROBS, LAMBDAS, xlabel="lambda (L2)", ylabel="keep_prob",
                                 title="dev accuracy of the settings visited", vmin=0.75,
                                 vmax=0.95)
        self.fig.colorbar(self.map["image"], ax=ax_map, fraction=0.05)
        self.bars = R.weight_norm_bars(ax_w, len(layer_dims) - 1, title="")
        self.ax_w = ax_w
        self.suptitle = self.fig.suptitle("", fontsize=11)
        # frames, ticks, labels and the colour bar are drawn once; a change redraws the boundary panel's
        # contents, the map and its marker, the bars and the three texts that change
        changing = B.boundary_dynamic(self.boundary)
        self.background = Background(self.fig, [
            *changing, ax_b.title, self.map["image"], self.map["marker"], *self.bars, ax_w.title, self.suptitle])
        self.controls = {
            "lambd": choice_slider("lambda (L2)", [(f"{v:g}", v) for v in LAMBDAS], lambd),
            "keep_prob": choice_slider("keep_prob", [(f"{v:g}", v) for v in KEEP_PROBS], keep_prob),
        }
        for w in self.controls.values():  # a move may train: a drag trains the setting it ends on, not each one
            w.continuous_update = False   # it passes (a key press still updates at once)
        self._finish()

    def busy(self, *, lambd, keep_prob):
        if (float(lambd), float(keep_prob)) not in self.cache:
            return f"training the net at lambda = {lambd:g}, keep_prob = {keep_prob:g}…"
        return None

    def result(self, lambd, keep_prob):
        """(model, P on the grid, train accuracy, dev accuracy, [||W1||, ...]) for a setting, memoised."""
        key = (float(lambd), float(keep_prob))
        if key not in self.cache:
            model = mlp(self.layer_dims, hidden="relu", keep_prob=keep_prob, rng=self.seed)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                train(model, self.X, self.Y, optimizer="adam", learning_rate=self.learning_rate,
                      epochs=self.epochs, batch_size=None, lambd=lambd, rng=self.seed, evaluate=False,
                      progress=False)
            P = B.grid_probabilities(model, self.grid, (len(self.ys), len(self.xs)))
            norms = [float(np.linalg.norm(v)) for k, v in model.parameters().items() if k.startswith("W")]
            self.cache[key] = (model, P, accuracy(model, self.X, self.Y), accuracy(model, self.X_dev, self.Y_dev),
                               norms)
            drop_caches(model)
        return self.cache[key]

    def update(self, *, lambd, keep_prob):
        model, P, acc_train, acc_dev, norms = self.result(lambd, keep_prob)
        B.update_decision_boundary(self.boundary, self.xs, self.ys, P)
        R.update_setting_map(self.map, KEEP_PROBS.index(keep_prob), LAMBDAS.index(lambd), acc_dev)
        R.update_bars(self.bars, norms)
        self.ax_b.set_title(f"train accuracy {acc_train:.0%}   dev accuracy {acc_dev:.0%}")
        self.ax_w.set_title(r"weight norms, $\sum\|W\|_F^2$ = " + f"{sum(n * n for n in norms):.0f}")
        gap = acc_train - acc_dev
        verdict = ("overfitting: train far above dev (high variance) - raise lambda or lower keep_prob"
                   if gap > 0.04 else "too much regularisation: both accuracies drop (high bias)"
                   if acc_train < 0.85 else "train and dev agree: variance under control")
        self.suptitle.set_text(f"lambda = {lambd:g}, keep_prob = {keep_prob:g}:  {verdict}")

    def code(self, *, lambd, keep_prob):
        return (
            "from dlcore import data, mlp, train\nfrom dlcore.training import accuracy\n\n"
            f"X, Y = data.make_moons({self.m_train + self.m_dev}, noise={self.noise}, rng={self.seed})\n"
            f"X_train, Y_train = X[:, :{self.m_train}], Y[:, :{self.m_train}]\n"
            f"X_dev, Y_dev = X[:, {self.m_train}:], Y[:, {self.m_train}:]\n"
            f"model = mlp({self.layer_dims}, hidden='relu', keep_prob={keep_prob!r}, rng={self.seed})\n"
            f"train(model, X_train, Y_train, optimizer='adam', learning_rate={self.learning_rate}, "
            f"epochs={self.epochs}, batch_size=None,\n      lambd={lambd!r}, rng={self.seed}, evaluate=False, "
            "progress=False)\n"
            "print('train', accuracy(model, X_train, Y_train), 'dev', accuracy(model, X_dev, Y_dev))\n")


def regularization_explorer(**kwargs):
    """lambda (L2) and keep_prob (dropout) -> decision boundary, train/dev accuracy, weight norms."""
    return RegularizationExplorer(**kwargs).widget


class EarlyStoppingExplorer(Explorer):
    """An overfitting net's train/dev cost curves; patience picks the epoch early stopping keeps, whose
    decision boundary is drawn next to the boundary after the last epoch."""

    def __init__(self, patience=20, *, layer_dims=(2, 100, 100, 1), m_train=60, m_dev=300, noise=0.4,
                 epochs=300, learning_rate=0.002, rng=0, resolution=70):
        self.layer_dims, self.epochs, self.learning_rate, self.seed = list(layer_dims), epochs, learning_rate, rng
        self.m_train, self.m_dev, self.noise = m_train, m_dev, noise
        (X, Y), (X_dev, Y_dev) = noisy_moons(m_train, m_dev, noise, rng)
        self.model = mlp(self.layer_dims, hidden="relu", rng=rng)
        # the weights after each epoch whose dev cost is a new lowest (the only epochs early stopping can keep,
        # see early_stopping_epoch) and after the last: {epoch index: params}; 300 copies would hold 25 MB
        self.snapshots = {}

        def keep(epoch_num, history, model):
            dev = history.val_cost
            if len(dev) == 1 or dev[-1] < min(dev[:-1]):
                self.snapshots[len(dev) - 1] = {k: v.copy() for k, v in model.parameters().items()}

        self.history = train(self.model, X, Y, optimizer="adam", learning_rate=learning_rate, epochs=epochs,
                             batch_size=None, validation=(X_dev, Y_dev), rng=rng, callback=keep, progress=False)
        self.snapshots[len(self.history) - 1] = {k: v.copy() for k, v in self.model.parameters().items()}
        self.xs, self.ys, self.grid = B.boundary_grid(np.hstack([X, X_dev]), resolution=resolution)
        self.shape = (len(self.ys), len(self.xs))
        self._P = {}
        h = self.history
        self.fig = new_figure(figsize=(11.5, 4.4))
        ax_c, ax_b, ax_f = self.fig.subplots(1, 3, gridspec_kw={"width_ratios": (1.4, 1, 1)})
        self.fig.subplots_adjust(left=0.05, right=0.98, top=0.83, bottom=0.13, wspace=0.25)
        top = max(max(h.val_cost), max(h.train_cost))
        self.curves = R.learning_curves(ax_c, np.array(h.epoch), {"train cost": h.train_cost, "dev cost": h.val_cost},
                                        ylim=(0, min(top, 3 * min(h.val_cost) + 0.2) * 1.05))
        # translucent, above the grid and under the curves (the grid shows through, as when the span lay under it)
        self.patience_span = ax_c.axvspan(0, 0, color="0.5", alpha=0.3, lw=0, zorder=1.6)
        self.ax_c = ax_c
        self.boundary = B.decision_boundary(ax_b, self.xs, self.ys, np.full(self.shape, 0.5), X, Y,
                                            X_dev=X_dev, Y_dev=Y_dev)
        self.ax_b = ax_b
        final = self.probabilities(len(h) - 1)
        B.decision_boundary(ax_f, self.xs, self.ys, final, X, Y, X_dev=X_dev, Y_dev=Y_dev,
                            title=f"after all {len(h)} epochs: dev accuracy {h.val_accuracy[-1]:.0%}")
        ax_f.set_ylabel("")
        self.suptitle = self.fig.suptitle("Early stopping keeps the weights of the best dev cost; the dev cost "
                                          "rises later while the train cost keeps falling (overfitting)",
                                          fontsize=11)
        # the final boundary, frames and ticks are drawn once; a change redraws the curves panel's contents
        # (the patience span lies under the curves), the kept boundary and the two titles
        c = self.curves
        changing = B.boundary_dynamic(self.boundary)
        self.background = Background(self.fig, [self.patience_span, c["vline"], c["dot"], ax_c.title, *changing,
                                                ax_b.title])
        self.controls = {"patience": slider("patience (epochs)", patience, 1, 100, 1)}
        self._finish()

    def probabilities(self, epoch):
        if epoch not in self._P:
            self.model.set_parameters(self.snapshots[epoch])
            self._P[epoch] = B.grid_probabilities(self.model, self.grid, self.shape)
            drop_caches(self.model)
        return self._P[epoch]

    def update(self, *, patience):
        h = self.history
        best = early_stopping_epoch(h.val_cost, patience)
        self.best = best
        R.update_marker(self.curves, h.epoch[best], h.val_cost[best])
        stop = min(best + patience, len(h) - 1)
        self.patience_span.set_x(h.epoch[best])
        self.patience_span.set_width(h.epoch[stop] - h.epoch[best])
        B.update_decision_boundary(self.boundary, self.xs, self.ys, self.probabilities(best))
        self.ax_b.set_title(f"kept: epoch {h.epoch[best]}, dev accuracy {h.val_accuracy[best]:.0%}")
        self.ax_c.set_title(f"dev cost is lowest at epoch {int(np.argmin(h.val_cost))}; with patience {patience} "
                            f"training stops at epoch {h.epoch[stop]}", fontsize=10)

    def code(self, *, patience):
        return (
            "from dlcore import data, mlp, train\nfrom dlcore.training import early_stopping_epoch\n\n"
            f"X, Y = data.make_moons({self.m_train + self.m_dev}, noise={self.noise}, rng={self.seed})\n"
            f"X_train, Y_train = X[:, :{self.m_train}], Y[:, :{self.m_train}]\n"
            f"X_dev, Y_dev = X[:, {self.m_train}:], Y[:, {self.m_train}:]\n"
            f"model = mlp({self.layer_dims}, hidden='relu', rng={self.seed})\n"
            f"history = train(model, X_train, Y_train, optimizer='adam', learning_rate={self.learning_rate}, "
            f"epochs={self.epochs},\n                batch_size=None, validation=(X_dev, Y_dev), rng={self.seed}, "
            "progress=False)\n"
            f"best = early_stopping_epoch(history.val_cost, patience={patience})\n"
            "print('keep epoch', best, 'dev cost', history.val_cost[best])\n")


def early_stopping_explorer(**kwargs):
    """Train/dev cost curves of an overfitting net, a patience slider and the epoch early stopping keeps."""
    return EarlyStoppingExplorer(**kwargs).widget
