"""init_explorer: the same net trained from zeros, small random and He initial weights, side by side."""

import bisect
import warnings

import numpy as np

from .. import data, mlp, train
from ..viz import boundary as B
from ..viz import regularization as R
from .explorer import Background, Explorer, new_figure, slider

INITS = ("zeros", "small_random", "he")


class InitExplorer(Explorer):
    """Decision boundaries of three copies of one net that differ only in their initial weights, at a chosen
    epoch (snapshots precomputed), with the three cost curves."""

    def __init__(self, epoch=None, *, layer_dims=(2, 10, 5, 1), m=300, noise=0.08, epochs=300,
                 learning_rate=0.1, snapshot_every=10, rng=1, resolution=70):
        self.layer_dims, self.m, self.noise, self.seed = list(layer_dims), m, noise, rng
        self.epochs, self.learning_rate = epochs, learning_rate
        self.X, self.Y = data.make_circles(m, noise=noise, rng=rng)
        self.xs, self.ys, self.grid = B.boundary_grid(self.X, resolution=resolution, margin=0.3)
        shape = (len(self.ys), len(self.xs))
        self.snapshot_epochs = list(range(0, epochs + 1, snapshot_every))
        self.P = {}         # init -> [P at each snapshot epoch]
        self.histories = {}
        for init in INITS:
            model = mlp(self.layer_dims, hidden="relu", init=init, rng=rng)
            frames = [B.grid_probabilities(model, self.grid, shape)]

            def snap(epoch_num, history, model, frames=frames):
                if (epoch_num + 1) % snapshot_every == 0:
                    frames.append(B.grid_probabilities(model, self.grid, shape))

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self.histories[init] = train(model, self.X, self.Y, optimizer="gd", learning_rate=learning_rate,
                                             epochs=epochs, batch_size=None, rng=rng, callback=snap,
                                             progress=False)
            self.P[init] = frames
        self.fig = new_figure(figsize=(11.5, 3.9))
        axes = self.fig.subplots(1, 4, gridspec_kw={"width_ratios": (1, 1, 1, 1.25)})
        self.fig.subplots_adjust(left=0.045, right=0.985, top=0.74, bottom=0.14, wspace=0.3)
        self.axes = axes
        self.boundaries = {init: B.decision_boundary(ax, self.xs, self.ys, self.P[init][0], self.X, self.Y)
                           for init, ax in zip(INITS, axes)}
        ep = np.arange(1, epochs + 1)
        self.curves = R.learning_curves(axes[3], ep, {init: self.histories[init].train_cost for init in INITS},
                                        ylim=(0, 0.8), title="train cost (zeros and small_random stay flat)")
        # zeros and small_random both stay at ln 2: draw zeros dashed ON TOP so both curves show
        self.curves["lines"]["zeros"].set(linestyle="--", linewidth=2.2, zorder=3)
        axes[3].title.set_fontsize(10)  # fits above its panel
        self.fig.suptitle("Same net, same data, same learning rate - only the initial weights differ.\nZeros: every "
                          "unit stays identical (symmetry), nothing is learned.", fontsize=11)
        # frames, ticks, the cost curves and the suptitle are drawn once; a change redraws the three boundary
        # panels' contents and titles, and the epoch marker with the legend above it
        dynamic = [self.curves["vline"], self.curves["dot"]]
        for ax, artists in zip(axes, self.boundaries.values()):
            dynamic += [*B.boundary_dynamic(artists), ax.title]
        self.background = Background(self.fig, dynamic)
        last = self.snapshot_epochs[-1]
        if epoch is not None and not 0 <= epoch <= last:
            raise ValueError(f"epoch: expected 0 <= epoch <= {last}; got {epoch!r}")
        self.controls = {"epoch": slider("epoch", last if epoch is None else self.snapshot(epoch)[1], 0, last,
                                         snapshot_every)}
        self._finish()

    def snapshot(self, epoch):
        """(index, epoch) of the latest snapshot at or before `epoch`: the slider steps from snapshot to
        snapshot, but a value set from code may fall between two."""
        i = max(bisect.bisect_right(self.snapshot_epochs, epoch) - 1, 0)
        return i, self.snapshot_epochs[i]

    def update(self, *, epoch):
        i, epoch = self.snapshot(epoch)
        for init, ax in zip(INITS, self.axes):
            B.update_decision_boundary(self.boundaries[init], self.xs, self.ys, self.P[init][i])
            h = self.histories[init]
            acc = h.train_accuracy[epoch - 1] if epoch > 0 else float("nan")
            ax.set_title(f"init={init}\nepoch {epoch}" + (f": accuracy {acc:.0%}" if epoch > 0 else ""),
                         fontsize=10)
        cost = self.histories["he"].train_cost[epoch - 1] if epoch > 0 else np.nan
        R.update_marker(self.curves, epoch, cost)

    def code(self, *, epoch):
        epoch = self.snapshot(epoch)[1]
        return (
            "from dlcore import data, mlp, train\n\n"
            f"X, Y = data.make_circles({self.m}, noise={self.noise}, rng={self.seed})\n"
            f"for init in {list(INITS)}:\n"
            f"    model = mlp({self.layer_dims}, hidden='relu', init=init, rng={self.seed})\n"
            + (f"    history = train(model, X, Y, optimizer='gd', learning_rate={self.learning_rate}, "
               f"epochs={epoch}, batch_size=None,\n                    rng={self.seed}, progress=False)\n"
               "    print(init, history.train_accuracy[-1])\n" if epoch > 0 else
               "    print(init, model.parameters()['W1'][:2])\n"))


def init_explorer(**kwargs):
    """zeros / small random / He decision boundaries side by side during and after training."""
    return InitExplorer(**kwargs).widget
