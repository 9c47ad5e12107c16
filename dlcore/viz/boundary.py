"""Decision boundaries of 2-D classifiers: a precomputed grid, an image of p(y=1 | x) and the p = 0.5 line.

The grid is fixed once (`boundary_grid`); a new model only changes the image's array and the line's segments
(`update_decision_boundary`), so an explorer can redraw a boundary in a few milliseconds.
"""

import numpy as np
from matplotlib.collections import LineCollection

CLASS_COLORS = ("#1f77b4", "#d62728")  # class 0 blue, class 1 red (the image uses the same RdBu_r scale)


def _light(cmap_name, amount=0.45):
    """A colormap blended with white (cheaper to draw than an image with alpha)."""
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    colors = colormaps[cmap_name](np.linspace(0, 1, 256))
    colors[:, :3] = 1 - amount * (1 - colors[:, :3])
    return ListedColormap(colors, name=f"light_{cmap_name}")


_LIGHT_RDBU = _light("RdBu_r")


def boundary_grid(X, *, resolution=100, margin=0.5):
    """A regular grid over the range of X (2, m) plus a margin. Returns (xs, ys, grid) with grid (2, n*n)
    ordered row by row (ys outer), so probs.reshape(len(ys), len(xs)) is an image."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[0] != 2:
        raise ValueError(f"X: expected shape (2, m); got {X.shape}")
    xs = np.linspace(X[0].min() - margin, X[0].max() + margin, resolution)
    ys = np.linspace(X[1].min() - margin, X[1].max() + margin, resolution)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.stack([gx.ravel(), gy.ravel()])


def _half_level_segments(xs, ys, P):
    """Segments of the p = 0.5 contour of the image P (len(ys), len(xs)), via contourpy (matplotlib's engine)."""
    import contourpy

    if not np.isfinite(P).all() or P.min() > 0.5 or P.max() < 0.5:
        return []
    lines = contourpy.contour_generator(xs, ys, P, line_type="Separate").lines(0.5)
    return [np.asarray(seg) for seg in lines]


def decision_boundary(ax, xs, ys, P, X=None, Y=None, *, X_dev=None, Y_dev=None, title=None):
    """Draw p(y=1) on the grid (image, blue 0 .. red 1), the p = 0.5 boundary and the points.

    P is (len(ys), len(xs)) probabilities; X (2, m), Y (1, m) are training points (filled), X_dev/Y_dev dev points
    (hollow). Returns {"image", "boundary", "train", "dev"} (absent points are None).
    """
    extent = (xs[0], xs[-1], ys[0], ys[-1])
    image = ax.imshow(P, origin="lower", extent=extent, cmap=_LIGHT_RDBU, vmin=0, vmax=1, aspect="auto",
                      interpolation="nearest")
    boundary = LineCollection(_half_level_segments(xs, ys, P), colors="k", linewidths=1.5)
    ax.add_collection(boundary)
    artists = {"image": image, "boundary": boundary, "train": None, "dev": None}
    colors = np.array(CLASS_COLORS)
    if X is not None:
        y = np.asarray(Y).ravel().astype(int)
        artists["train"] = ax.scatter(X[0], X[1], c=colors[y], s=24, edgecolors="k", linewidths=0.6,
                                      label="train")
    if X_dev is not None:
        y = np.asarray(Y_dev).ravel().astype(int)
        artists["dev"] = ax.scatter(X_dev[0], X_dev[1], facecolors="none", edgecolors=colors[y], s=14,
                                    linewidths=0.8, label="dev")
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(ys[0], ys[-1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return artists


def boundary_dynamic(artists):
    """The artists of a decision_boundary that a new P changes (for a cached background): the image and the
    boundary line (the points and the legend above them do not change)."""
    return [artists["image"], artists["boundary"]]


def update_decision_boundary(artists, xs, ys, P):
    """Show new probabilities P (len(ys), len(xs)) on existing artists (no new artists)."""
    artists["image"].set_data(P)
    artists["boundary"].set_segments(_half_level_segments(xs, ys, P))
    return artists


def grid_probabilities(model, grid, shape):
    """p(y=1) of a sigmoid model (or of class 1 for softmax) on the grid, as an image of `shape`."""
    proba = model.predict_proba(grid)
    return np.asarray(proba[1] if proba.shape[0] > 1 else proba[0], dtype=float).reshape(shape)
