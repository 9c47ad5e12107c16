"""Activation functions and what they do inside a deep net: g(z) and g'(z), per-layer histograms with fixed
bin edges, per-layer mean/std, per-layer gradient norms. Draw once, then update the artists' data."""

import numpy as np

from .. import activations as act

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "softmax")


def activation_and_derivative(name, z, alpha=None):
    """(g(z), g'(z)) from dlcore: g'(z) is the backward pass with dA = 1. "softmax" means the first output of
    softmax over the pair (z, 0), which is sigmoid(z) written as a two-class softmax."""
    z = np.asarray(z, dtype=float)
    if name == "softmax":
        Z = np.vstack([z, np.zeros_like(z)])
        dA = np.vstack([np.ones_like(z), np.zeros_like(z)])
        return act.softmax(Z)[0], act.softmax_backward(dA, Z)[0]
    g, g_backward = act.get(name)
    kwargs = {} if alpha is None or name not in ("leaky_relu", "elu") else {"alpha": alpha}
    return g(z, **kwargs), g_backward(np.ones_like(z), z, **kwargs)


def activation_plot(ax_g, ax_dg, z, g, dg, *, ylim=(-1.6, 3.1), dylim=(-0.1, 1.15)):
    """Two panels: g(z) and g'(z) over z, with fixed limits. Returns {"g", "dg"} lines."""
    lines = {"g": ax_g.plot(z, g, lw=2.2, color="C0")[0], "dg": ax_dg.plot(z, dg, lw=2.2, color="C3")[0]}
    for ax, ylabel, lim in ((ax_g, "$g(z)$", ylim), (ax_dg, "$g'(z)$", dylim)):
        ax.axhline(0, color="0.6", lw=0.8, zorder=1)  # under the curves (which an explorer redraws on top)
        ax.axvline(0, color="0.6", lw=0.8, zorder=1)
        ax.set_xlim(z[0], z[-1])
        ax.set_ylim(*lim)
        ax.set_xlabel("$z$")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    return lines


def update_activation_plot(lines, g, dg):
    lines["g"].set_ydata(g)
    lines["dg"].set_ydata(dg)
    return lines


# ---------------------------------------------------------------- per-layer histograms
def histogram_edges(name, bins=40):
    """Fixed bin edges for the activations of `name` (values outside are counted in the end bins)."""
    low, high = {"tanh": (-1, 1), "sigmoid": (0, 1)}.get(name, (-0.5, 3))
    return np.linspace(low, high, bins + 1)


def layer_histogram(A, edges):
    """Fraction of the values of A in each bin; values beyond the edges are clipped into the end bins."""
    counts, _ = np.histogram(np.clip(A, edges[0], edges[-1]), edges)
    return counts / max(A.size, 1)


def layer_ridge(ax, n_layers, edges, *, scale=0.85):
    """Per-layer histograms stacked in ONE axes (a ridge plot): layer l sits on the baseline n_layers - l, so
    layer 1 is on top and every layer shares the activation axis. One StepPatch (stairs) per layer, fixed edges.
    Returns the list of patches (layer 1 first)."""
    patches = []
    for l in range(1, n_layers + 1):
        base = n_layers - l
        patches.append(ax.stairs(np.full(len(edges) - 1, base), edges, baseline=base, fill=True,
                                 color=f"C{(l - 1) % 10}", alpha=0.85))
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(-0.1, n_layers)
    ax.set_yticks(np.arange(n_layers) + 0.35, [f"layer {n_layers - i}" for i in range(n_layers)], fontsize=8)
    ax.set_xlabel("activation value $a$ (fixed bins; values beyond the range fall in the end bins)")
    ax.grid(alpha=0.3, axis="x")
    ax.set_axisbelow(True)  # grid lines under the histograms (which an explorer redraws on top)
    return patches


def ridge_values(heights, base, scale=0.85):
    """What a ridge row draws: the baseline plus the histogram scaled so its second-highest bin fills `scale`
    of a row; a lone spike (ReLU's exact zeros) is cut at 1.1 * scale so it does not flatten the rest."""
    h = np.asarray(heights, dtype=float)
    top = np.sort(h)[::-1][:2]
    peak = top[1] if len(top) > 1 and top[1] > 0.01 * top[0] else top[0]
    return base + (np.minimum(scale * h / peak, 1.1 * scale) if peak > 0 else np.zeros(len(h)))


def update_layer_ridge(ax, patches, heights, edges, *, scale=0.85):
    """heights: one array per shown layer (layer 1 first); rows beyond len(heights) are hidden."""
    n = len(patches)
    for l, patch in enumerate(patches, start=1):
        base = n - l
        if l <= len(heights):
            patch.set_data(ridge_values(heights[l - 1], base, scale), edges, baseline=base)
            patch.set_visible(True)
        else:
            patch.set_visible(False)
    ax.set_xlim(edges[0], edges[-1])
    return patches


def layer_lines(ax, n_layers, *, labels, ylabel, log=False, ylim=None, title=None):
    """One line (with markers) per label, over layers 1..n_layers. Returns {label: Line2D}."""
    layers = np.arange(1, n_layers + 1)
    lines = {lab: ax.plot(layers, np.full(n_layers, np.nan), "o-", ms=4, label=lab)[0] for lab in labels}
    ax.set_xlim(0.5, n_layers + 0.5)
    ax.set_xticks(layers)
    ax.set_xlabel("layer")
    ax.set_ylabel(ylabel)
    if log:
        from matplotlib.ticker import LogLocator, NullLocator

        ax.set_yscale("log")
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    if len(labels) > 1:
        ax.legend(fontsize=8, loc="best")
    return lines


def update_layer_lines(lines, values):
    """values: {label: per-layer array}; layers past the array's length are left empty (NaN)."""
    for lab, line in lines.items():
        v = np.asarray(values[lab], dtype=float)
        n = len(line.get_xdata())
        y = np.full(n, np.nan)
        y[:len(v)] = v
        line.set_ydata(y)
    return lines
