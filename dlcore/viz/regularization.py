"""Regularisation pictures: train/dev curves with a marked epoch, per-layer weight norms, and a map of dev
accuracy over (lambda, keep_prob). Draw once; update with set_data / set_height / set_array."""

import numpy as np


def learning_curves(ax, epochs, curves, *, ylabel="cost", ylim=None, title=None):
    """One line per {label: values} over `epochs`, plus a vertical marker line and a dot (hidden until
    update_marker). Returns {"lines": {label: Line2D}, "vline", "dot"}."""
    lines = {label: ax.plot(epochs, values, lw=1.8, label=label)[0] for label, values in curves.items()}
    vline = ax.axvline(np.nan, color="k", ls="--", lw=1)
    dot = ax.plot([np.nan], [np.nan], "o", color="k", ms=7, zorder=5)[0]
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.set_xlim(epochs[0], epochs[-1])
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right", fontsize=9)
    return {"lines": lines, "vline": vline, "dot": dot}


def update_marker(artists, epoch, value):
    """Move the marker to (epoch, value)."""
    artists["vline"].set_xdata([epoch, epoch])
    artists["dot"].set_data([epoch], [value])
    return artists


def update_curves(artists, curves):
    for label, values in curves.items():
        artists["lines"][label].set_ydata(values)
    return artists


def weight_norm_bars(ax, n_layers, *, ylim=(0, 30), title="weight norms"):
    """One bar per layer (height ||W[l]||_F). Returns the BarContainer."""
    bars = ax.bar(np.arange(1, n_layers + 1), np.zeros(n_layers), color="C4")
    ax.set_xticks(np.arange(1, n_layers + 1))
    ax.set_xlabel("layer $l$")
    ax.set_ylabel(r"$\|W^{[l]}\|_F$")
    ax.set_ylim(*ylim)
    ax.set_title(title)
    ax.grid(alpha=0.3, axis="y")
    ax.set_axisbelow(True)  # grid under the bars (which an explorer redraws on top)
    return bars


def update_bars(bars, heights):
    for bar, h in zip(bars, heights):
        bar.set_height(h)
    return bars


def setting_map(ax, row_labels, col_labels, *, vmin=0.5, vmax=1.0, xlabel="", ylabel="", title=""):
    """A (rows, cols) image of a score per setting (NaN = not computed yet) and a marker for the current one.
    Returns {"image", "marker", "values"}; `values` is the array behind the image (update it, then set_array)."""
    values = np.full((len(row_labels), len(col_labels)), np.nan)
    image = ax.imshow(values, origin="lower", cmap="viridis", vmin=vmin, vmax=vmax, aspect="auto")
    marker = ax.plot([np.nan], [np.nan], "s", mfc="none", mec="r", ms=12, mew=2)[0]
    ax.set_xticks(range(len(col_labels)), [f"{c:g}" for c in col_labels], fontsize=8, rotation=45)
    ax.set_yticks(range(len(row_labels)), [f"{r:g}" for r in row_labels], fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    return {"image": image, "marker": marker, "values": values}


def update_setting_map(artists, row, col, value):
    artists["values"][row, col] = value
    artists["image"].set_array(artists["values"])
    artists["marker"].set_data([col], [row])
    return artists
