"""Cost contours of a 2-D function and optimizer trajectories racing on them."""

import numpy as np


def cost_grid(f, xlim, ylim, n=120):
    """Evaluate a vectorised f(x, y) on an n x n grid: returns X, Y, J (each (n, n)). Precompute this once."""
    X, Y = np.meshgrid(np.linspace(*xlim, n), np.linspace(*ylim, n))
    return X, Y, f(X, Y)


def contour_levels(J, n_levels=18):
    """Levels at quantiles of J, so any surface (bowl, ravine, plateau) shows evenly spread contours."""
    finite = J[np.isfinite(J)]
    levels = np.unique(np.quantile(finite, np.linspace(0.005, 0.97, n_levels) ** 1.5))
    return levels if len(levels) > 1 else np.linspace(finite.min(), finite.max() + 1e-12, 3)


def cost_contours(ax, X, Y, J, *, n_levels=18, cmap="Greys_r", xlabel="$w_1$", ylabel="$w_2$"):
    """Draw contour lines of J over fixed limits. Returns the ContourSet (replace it with update_contours)."""
    cs = ax.contour(X, Y, J, levels=contour_levels(J, n_levels), cmap=cmap, linewidths=0.8, alpha=0.7, zorder=1)
    ax.set_xlim(X.min(), X.max())
    ax.set_ylim(Y.min(), Y.max())
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return cs


def update_contours(ax, contour_set, X, Y, J, **kwargs):
    """Replace the contour lines (a new surface); the axes, trajectories and everything else stay."""
    contour_set.remove()
    return cost_contours(ax, X, Y, J, **kwargs)


def trajectories(ax, paths, *, colors=None, step=None):
    """One line + one marker per optimizer. paths: name -> (T+1, 2) iterates w_0..w_T (may end early).
    Returns {name: (line, marker)}; move them with update_trajectories."""
    colors = colors or {}
    artists = {}
    for i, name in enumerate(paths):
        color = colors.get(name, f"C{i}")
        (line,) = ax.plot([], [], "-", color=color, lw=1.6, label=name, zorder=3)
        (marker,) = ax.plot([], [], "o", color=color, ms=8, mec="white", mew=1.2, zorder=4)
        artists[name] = (line, marker)
    update_trajectories(artists, paths, step)
    return artists


def update_trajectories(artists, paths, step=None):
    """Show each path up to `step` (None = the whole path). Only artist data changes."""
    for name, (line, marker) in artists.items():
        path = np.asarray(paths[name])
        k = len(path) - 1 if step is None else min(int(step), len(path) - 1)
        line.set_data(path[: k + 1, 0], path[: k + 1, 1])
        marker.set_data(path[k : k + 1, 0], path[k : k + 1, 1])
    return artists


def cost_curves(ax, costs, *, colors=None, max_steps=100, ylim=(1e-6, 10.0)):
    """J(w_t) against t on a log axis, one line per optimizer, and a vertical cursor. Returns (lines, cursor)."""
    colors = colors or {}
    lines = {}
    for i, (name, J) in enumerate(costs.items()):
        (lines[name],) = ax.semilogy(np.arange(len(J)), J, color=colors.get(name, f"C{i}"), lw=1.4, label=name)
    cursor = ax.axvline(0, color="0.4", lw=0.8, ls=":")
    ax.set_xlim(0, max_steps)
    ax.set_ylim(*ylim)
    ax.set_xlabel("step t")
    ax.set_ylabel("cost J(w_t) - J(w*)")
    return lines, cursor


def update_cost_curves(lines, cursor, costs, step):
    for name, line in lines.items():
        J = np.asarray(costs[name])
        line.set_data(np.arange(len(J)), J)
    cursor.set_xdata([step, step])
