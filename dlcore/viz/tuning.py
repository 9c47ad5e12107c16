"""Hyperparameter search pictures: trials on (log) axes, their coverage of each axis, a zoom box."""

import numpy as np
from matplotlib.patches import Rectangle


def search_scatter(ax, x, y, *, color="C0", marker="o", label=None, xlog=False, ylog=False, xlim=None, ylim=None,
                   rug=True):
    """Scatter trials (x, y) and, with rug, tick marks of the x values under the axis (how many distinct values
    of the x hyperparameter were tried). Returns {"points", "rug"}; move them with update_search_scatter."""
    points = ax.scatter(x, y, s=36, color=color, marker=marker, label=label, zorder=3, edgecolor="white", lw=0.5)
    artists = {"points": points}
    if rug:
        (artists["rug"],) = ax.plot([], [], "|", color=color, ms=14, mew=1.5, zorder=2,
                                    transform=ax.get_xaxis_transform())
    if xlog:
        ax.set_xscale("log")
    if ylog:
        ax.set_yscale("log")
    if xlim:
        ax.set_xlim(*xlim)
    if ylim:
        ax.set_ylim(*ylim)
    update_search_scatter(artists, x, y)
    return artists


def update_search_scatter(artists, x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    artists["points"].set_offsets(np.column_stack([x, y]) if x.size else np.empty((0, 2)))
    if "rug" in artists:
        artists["rug"].set_data(x, np.full(x.shape, 0.03))
    return artists


def zoom_box(ax, bounds, *, color="C3", label="zoomed-in space"):
    """A rectangle (x0, x1, y0, y1) on the axes (works on log axes). Returns the Rectangle."""
    rect = Rectangle((0, 0), 1, 1, fill=False, ec=color, lw=2, ls="--", label=label, zorder=4)
    ax.add_patch(rect)
    return update_zoom_box(rect, bounds)


def update_zoom_box(rect, bounds):
    x0, x1, y0, y1 = bounds
    rect.set_xy((x0, y0))
    rect.set_width(x1 - x0)
    rect.set_height(y1 - y0)
    return rect


def strip(ax, values, row, *, color="C0", label=None):
    """Values as ticks on one horizontal row (sampling-density pictures). Returns the Line2D."""
    values = np.asarray(values, dtype=float)
    (line,) = ax.plot(values, np.full(values.shape, row), "|", ms=16, mew=1.2, color=color, label=label, alpha=0.8)
    return line


def update_strip(line, values, row):
    values = np.asarray(values, dtype=float)
    line.set_data(values, np.full(values.shape, row))
    return line
