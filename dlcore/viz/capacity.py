"""Bias vs variance pictures: a fitted curve on noisy 1-D data, and train/dev error against model capacity."""

import numpy as np


def fit_plot(ax, x_train, y_train, x_dev, y_dev, x_curve, *, truth=None, ylim=(-2, 2)):
    """Points (train filled, dev hollow), the true function (dashed) and an empty fitted curve.
    Returns {"fit": Line2D, "dev": the dev points}."""
    ax.scatter(x_train, y_train, s=22, color="C0", edgecolors="k", linewidths=0.5, label="train", zorder=3)
    dev = ax.scatter(x_dev, y_dev, s=18, facecolors="none", edgecolors="C1", label="dev", zorder=3)
    if truth is not None:
        ax.plot(x_curve, truth, "--", color="0.5", lw=1.2, label="true function")
    fit = ax.plot(x_curve, np.full_like(x_curve, np.nan), color="C3", lw=2.2, label="fitted model")[0]
    ax.set_xlim(x_curve[0], x_curve[-1])
    ax.set_ylim(*ylim)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper left", fontsize=8, ncol=2)
    return {"fit": fit, "dev": dev}


def capacity_plot(ax, capacities, train_error, dev_error, *, bayes_error=None, xlabel="capacity",
                  ylim=(1e-2, 1e1)):
    """Train and dev error (log scale) against capacity, the Bayes error as a floor, and a marker for the
    current capacity. Returns {"train", "dev", "vline", "dots"}."""
    train = ax.plot(capacities, train_error, "o-", ms=4, color="C0", label="train error")[0]
    dev = ax.plot(capacities, dev_error, "o-", ms=4, color="C1", label="dev error")[0]
    if bayes_error is not None:
        ax.axhline(bayes_error, color="0.4", ls=":", label="Bayes error (noise)", zorder=1.9)  # under the curves
    vline = ax.axvline(np.nan, color="k", ls="--", lw=1)
    dots = ax.plot([np.nan, np.nan], [np.nan, np.nan], "o", color="k", ms=7, zorder=5)[0]
    ax.set_yscale("log")
    ax.set_ylim(*ylim)
    ax.set_xlim(capacities[0] - 0.5, capacities[-1] + 0.5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("mean squared error (log)")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper center", fontsize=8)
    return {"train": train, "dev": dev, "vline": vline, "dots": dots}


def update_capacity_plot(artists, train_error, dev_error, capacity, current):
    """New curves (e.g. another training-set size) and the marker at `capacity` (current = (train, dev))."""
    artists["train"].set_ydata(train_error)
    artists["dev"].set_ydata(dev_error)
    artists["vline"].set_xdata([capacity, capacity])
    artists["dots"].set_data([capacity, capacity], list(current))
    return artists
