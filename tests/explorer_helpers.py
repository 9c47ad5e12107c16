"""Helpers for the explorer tests (no pytest fixtures here): small settings, "Show code" runs, full redraws."""

import contextlib
import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from dlcore import widgets  # noqa: E402

# settings small enough for a unit test (the notebooks use the defaults; the browser test uses those)
SMALL = {
    "activation_explorer": dict(width=50, m=40, widths=(30, 50)),
    "activation_function_explorer": {},
    "capacity_explorer": dict(sizes=(10, 30), m_train=10, max_degree=8),
    "normalization_explorer": dict(m=50, max_steps=20, resolution=40),
    "regularization_explorer": dict(layer_dims=(2, 16, 1), m_train=40, m_dev=60, epochs=60, resolution=30),
    "early_stopping_explorer": dict(layer_dims=(2, 24, 24, 1), m_train=40, m_dev=60, epochs=80, resolution=30),
    "init_explorer": dict(m=100, epochs=40, snapshot_every=10, resolution=30),
    "batchnorm_explorer": dict(depth=3, width=12, rates=(0.1, 3.0), learning_rate=3.0, epochs=3, m=200),
    "gradcheck_explorer": {},
    "batch_size_explorer": dict(m=48, epochs=2),
    "ewma_explorer": {},
    "optimizer_explorer": dict(steps=30),
    "schedule_explorer": {},
    "tuning_explorer": {},
    "babysitting_explorer": dict(epochs=20, precompute=False),
}


def make(name, **kwargs):
    """(widget, explorer) of a small explorer."""
    w = getattr(widgets, name)(**{**SMALL[name], **kwargs})
    return w, w.explorer


def run_code(explorer):
    """Run the explorer's "Show code" text; returns (namespace, printed text)."""
    ns, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(explorer.code(**explorer.values()), ns)
    return ns, out.getvalue()


def full_redraw(fig):
    """The figure drawn the normal way (savefig draws every artist, ignoring the cached background), RGBA."""
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=fig.dpi)
    w, h = fig.canvas.get_width_height()
    return np.frombuffer(buf.getvalue(), np.uint8).reshape(h, w, 4)


def screen(fig):
    """What the canvas holds after its last (live) draw."""
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def differing(a, b, level=8):
    """Share of pixels whose channels differ by more than `level` of 255."""
    return float(np.mean(np.any(np.abs(a.astype(int) - b.astype(int)) > level, axis=-1)))


def control_values(control):
    """A few values across a control's range other than its current one (ends and middle)."""
    kind = type(control).__name__
    if getattr(control, "options", None):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        picks = [values[0], values[-1], values[len(values) // 2]]
    elif kind == "Checkbox":
        picks = [not control.value, control.value]
    elif kind == "FloatLogSlider":
        picks = [control.base ** control.min, control.base ** control.max, control.value]
    else:
        picks = [control.min, control.max, control.value]
    out = []
    for v in picks:
        if v not in out:
            out.append(v)
    return out
ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]
