"""Learning-rate schedules as lines over the epochs."""

import numpy as np


def schedule_lines(ax, epochs, rates, *, ylim=None, labels=None):
    """rates: name -> learning rate per epoch (same length as epochs). Returns {name: Line2D} (and a legend)."""
    lines = {}
    for i, (name, lr) in enumerate(rates.items()):
        style = "-" if i < 10 else "--"
        (lines[name],) = ax.plot(epochs, lr, style, color=f"C{i % 10}", lw=1.8,
                                 label=(labels or {}).get(name, name), drawstyle="default")
    ax.set_xlim(epochs[0], epochs[-1])
    top = max(np.nanmax(r) for r in rates.values())
    ax.set_ylim(*(ylim or (0, 1.05 * top)))
    ax.set_xlabel("epoch_num")
    ax.set_ylabel("learning rate α")
    ax.legend(loc="upper right", fontsize=8)
    return lines


def update_schedule_lines(ax, lines, rates, *, labels=None, ylim=None):
    """Change each line's data (and its legend text); ylim is fixed unless given."""
    legend = ax.get_legend()
    texts = {t.get_text(): t for t in legend.get_texts()} if legend else {}
    for name, lr in rates.items():
        line = lines[name]
        old = line.get_label()
        line.set_ydata(lr)
        if labels and name in labels and old in texts:
            line.set_label(labels[name])
            texts[old].set_text(labels[name])
    if ylim is not None:
        ax.set_ylim(*ylim)
    return lines
