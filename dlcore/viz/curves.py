"""Learning curves: cost and accuracy per epoch (train and dev), from a History or plain lists."""

import numpy as np

CURVES = {  # History attribute -> (axes index, label, style)
    "cost": (0, "mini-batch cost (training)", dict(color="C0", lw=1.8)),
    "train_cost": (0, "train cost", dict(color="C0", lw=1.0, ls="--")),
    "val_cost": (0, "dev cost", dict(color="C1", lw=1.8)),
    "train_accuracy": (1, "train accuracy", dict(color="C0", lw=1.8)),
    "val_accuracy": (1, "dev accuracy", dict(color="C1", lw=1.8)),
}


def learning_curves(ax_cost, ax_acc, *, epochs=100, cost_max=1.0, names=tuple(CURVES)):
    """Empty cost and accuracy curves with fixed limits (x 0..epochs, accuracy 0..1). Fill them with
    update_learning_curves(artists, history). Returns a dict of artists (a line per curve + a divergence mark)."""
    axes = (ax_cost, ax_acc)
    artists = {}
    for name in names:
        i, label, style = CURVES[name]
        if axes[i] is not None:
            (artists[name],) = axes[i].plot([], [], label=label, **style)
    ax_cost.set_xlim(0, epochs)
    ax_cost.set_ylim(0, cost_max)
    ax_cost.set_xlabel("epoch")
    ax_cost.set_ylabel("cost J")
    ax_cost.legend(loc="upper right", fontsize=8)
    (artists["stop"],) = ax_cost.plot([], [], "X", color="C3", ms=11, label="_stop")
    artists["stop_text"] = ax_cost.text(0.5, 0.5, "", transform=ax_cost.transAxes, ha="center", va="center",
                                        color="C3", fontsize=10, wrap=True)
    if ax_acc is not None:
        ax_acc.set_xlim(0, epochs)
        ax_acc.set_ylim(0, 1.02)
        ax_acc.set_xlabel("epoch")
        ax_acc.set_ylabel("accuracy")
        ax_acc.legend(loc="lower right", fontsize=8)
    return artists


def update_learning_curves(artists, history, *, stop_message=None):
    """Set every curve to the history's values (epochs 1..n on x). NaN/inf costs end the line; if the run
    stopped (diverged), an X marks the last finite cost and stop_message is written on the cost axes."""
    n = len(history.epoch)
    x = np.arange(1, n + 1)
    for name, line in artists.items():
        if name in CURVES:
            y = np.asarray(getattr(history, name), dtype=float)
            line.set_data(x[: len(y)], y)
    cost = np.asarray(history.cost, dtype=float)
    finite = np.flatnonzero(np.isfinite(cost))
    diverged = stop_message is not None and n > 0
    if diverged and finite.size:
        last = finite[-1]
        ax = artists["stop"].axes
        artists["stop"].set_data([last + 1], [min(cost[last], ax.get_ylim()[1] * 0.97)])
    else:
        artists["stop"].set_data([], [])
    artists["stop_text"].set_text(stop_message or "")
    return artists
