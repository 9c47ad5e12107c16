"""Batch-norm pictures: one layer's activation histogram for two nets overlaid, and accuracy over a sweep."""

import numpy as np


def overlaid_histograms(ax, edges, labels, *, colors=("C1", "C0"), ylim=(0, 0.5)):
    """One outlined StepPatch per label on the same fixed edges. Returns {label: StepPatch}."""
    patches = {lab: ax.stairs(np.zeros(len(edges) - 1), edges, fill=False, lw=2, color=c, label=lab)
               for lab, c in zip(labels, colors)}
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(*ylim)
    ax.set_xlabel("activation value")
    ax.set_ylabel("fraction of values")
    ax.legend(loc="upper center", fontsize=8)
    ax.grid(alpha=0.3)
    ax.set_axisbelow(True)  # grid under the histograms (which an explorer redraws on top)
    return patches


def update_overlaid_histograms(patches, heights, edges):
    for lab, patch in patches.items():
        patch.set_data(heights[lab], edges)
    return patches


def sweep_plot(ax, rates, scores, *, ylabel="final dev accuracy", ylim=(0.4, 1.02)):
    """Score vs learning rate (log x) for each {label: scores}, plus a marker line. Returns {"lines", "vline"}."""
    lines = {lab: ax.plot(rates, s, "o-", label=lab, color=c)[0]
             for (lab, s), c in zip(scores.items(), ("C1", "C0"))}
    vline = ax.axvline(np.nan, color="k", ls="--", lw=1)
    ax.set_xscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel(ylabel)
    ax.set_ylim(*ylim)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    return {"lines": lines, "vline": vline}
