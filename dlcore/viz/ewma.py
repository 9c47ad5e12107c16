"""An exponentially weighted moving average over a noisy series, and the weights it gives to past values."""

import numpy as np


def ewma_plot(ax, theta, v, *, v_raw=None, window_end=None, window=None, xlabel="day", ylabel="temperature (°F)"):
    """Scatter the series theta, draw the average v (and optionally the uncorrected one v_raw), and shade the
    ~window values that v averages at index window_end. Returns a dict of artists for update_ewma."""
    t = np.arange(1, len(theta) + 1)
    points = ax.scatter(t, theta, s=6, color="0.55", alpha=0.6, label="daily value θ_t", zorder=1)
    (raw,) = ax.plot(t, v if v_raw is None else v_raw, color="C3", lw=1.2, ls="--",
                     label="v_t without bias correction", zorder=2)
    (line,) = ax.plot(t, v, color="C0", lw=2.2, label="v_t (EWMA)", zorder=3)
    span = ax.axvspan(0, 1, color="C1", alpha=0.15, lw=0, label="≈ 1/(1-β) days averaged", zorder=0)
    ax.set_xlim(0, len(theta) + 1)
    lo, hi = np.nanmin(theta), np.nanmax(theta)
    pad = 0.08 * (hi - lo)
    ax.set_ylim(min(lo, 0) - pad, hi + pad)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    artists = {"points": points, "line": line, "raw": raw, "span": span}
    update_ewma(artists, v, v_raw=v_raw, window_end=window_end, window=window)
    return artists


def update_ewma(artists, v, *, v_raw=None, window_end=None, window=None):
    t = np.arange(1, len(v) + 1)
    artists["line"].set_data(t, v)
    artists["raw"].set_visible(v_raw is not None)
    if v_raw is not None:
        artists["raw"].set_data(t, v_raw)
    span = artists["span"]
    span.set_visible(window_end is not None and window is not None)
    if span.get_visible():
        start = max(window_end - window, 0.5)
        span.set_x(start)  # axvspan is a Rectangle in axes-height coordinates
        span.set_width(window_end - start)
    return artists


def ewma_weights(ax, beta, *, max_lag=220):
    """The weight v_t gives to theta_{t-k}, relative to today's: beta**k, with the 1/e point at k = 1/(1-beta)."""
    k = np.arange(max_lag + 1)
    (line,) = ax.plot(k, beta**k, color="C1", lw=2)
    marker = ax.axvline(1 / (1 - beta), color="C1", ls=":", lw=1)
    ax.axhline(np.exp(-1), color="0.5", lw=0.8, ls="--")
    ax.text(max_lag, np.exp(-1) + 0.02, "1/e ≈ 0.37", ha="right", va="bottom", fontsize=8, color="0.4")
    ax.set_xlim(0, max_lag)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("days back k")
    ax.set_ylabel("weight of θ(t−k) ÷ weight of θ(t)")
    artists = {"weights": line, "window": marker}
    update_ewma_weights(artists, beta)
    return artists


def update_ewma_weights(artists, beta):
    k = artists["weights"].get_xdata()
    artists["weights"].set_ydata(beta ** np.asarray(k, dtype=float))
    w = 1 / (1 - beta)
    artists["window"].set_xdata([w, w])
    return artists
