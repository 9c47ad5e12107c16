"""Cost contours of a 2-weight linear model with raw vs standardised features, with a gradient-descent path."""

import numpy as np


def cost_contours(ax, w1, w2, J, *, levels, optimum=None, title=None):
    """Filled log-spaced contours of J (len(w2), len(w1)) over the weight grid (drawn once: nothing a slider
    changes), the optimum, and an empty path. Returns {"path", "start", "optimum"} (optimum None if not given)."""
    ax.contourf(w1, w2, J, levels=levels, cmap="Blues_r", alpha=0.9)
    ax.contour(w1, w2, J, levels=levels, colors="0.35", linewidths=0.5)
    star = None
    if optimum is not None:
        star = ax.plot(*optimum, "*", color="gold", mec="k", ms=14, zorder=5, label="minimum")[0]
    path = ax.plot([], [], "o-", color="C3", ms=3, lw=1.5, label="gradient descent")[0]
    start = ax.plot([], [], "s", color="C3", ms=7)[0]
    ax.set_xlim(w1[0], w1[-1])
    ax.set_ylim(w2[0], w2[-1])
    ax.set_aspect("equal")
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    return {"path": path, "start": start, "optimum": star}


def update_path(artists, path):
    """path: (steps + 1, 2) weights visited."""
    path = np.asarray(path)
    artists["path"].set_data(path[:, 0], path[:, 1])
    artists["start"].set_data(path[:1, 0], path[:1, 1])
    return artists
