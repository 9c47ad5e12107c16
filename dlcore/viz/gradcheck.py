"""Gradient checking: relative difference between backprop and finite differences as epsilon varies."""


def relative_difference_plot(ax, epsilons, curves, *, ylim=(1e-14, 1.0)):
    """Log-log lines of the relative difference against epsilon. curves: label -> values (same length as
    epsilons). Adds the 1e-7 / 1e-5 / 1e-3 guide lines and a marker per curve for the chosen epsilon.
    Returns {"lines": {label: Line2D}, "markers": {label: Line2D}, "cursor": Line2D}."""
    lines, markers = {}, {}
    for i, (label, values) in enumerate(curves.items()):
        (lines[label],) = ax.loglog(epsilons, values, "-", color=f"C{i}", lw=1.8, label=label)
        (markers[label],) = ax.loglog([], [], "o", color=f"C{i}", ms=8, mec="white")
    for level, text, color in ((1e-7, "great", "C2"), (1e-5, "inspect", "C1"), (1e-3, "bug", "C3")):
        ax.axhline(level, color=color, lw=0.8, ls=":")
        ax.text(1.01, level, f"{level:.0e}\n{text}", color=color, fontsize=8, va="center",
                transform=ax.get_yaxis_transform())
    cursor = ax.axvline(epsilons[0], color="0.4", lw=0.8, ls="--")
    ax.set_xlim(epsilons[0], epsilons[-1])
    ax.set_ylim(*ylim)
    ax.set_xlabel("epsilon ε")
    ax.set_ylabel("relative difference  ‖g − g_approx‖ / (‖g‖ + ‖g_approx‖)")
    return {"lines": lines, "markers": markers, "cursor": cursor}


def update_relative_difference(artists, epsilon, values_at_epsilon, *, visible=None):
    """Move the cursor and markers to `epsilon` (values_at_epsilon: label -> value); visible: label -> bool."""
    artists["cursor"].set_xdata([epsilon, epsilon])
    for label, marker in artists["markers"].items():
        marker.set_data([epsilon], [values_at_epsilon[label]])
        show = True if visible is None else visible.get(label, True)
        marker.set_visible(show)
        artists["lines"][label].set_visible(show)
    return artists
