"""The explorer family: a figure that works with or without ipympl, controls laid out the same way, a
"Show code" button, a busy note, and one cached background that keeps live frames equal to a full redraw.

An explorer subclasses Explorer, builds its figure (new_figure) and artists once in __init__ (precomputing
whatever no control changes), lists the artists an update changes in `Background(fig, dynamic=[...])`,
implements `update(self, *, name=value, ...)` by changing artist data only, and `code(self, *, ...)` returning
the dlcore snippet that reproduces the current setting.
"""

import threading

import ipywidgets as W
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .background import Background  # noqa: F401 - part of the family's API
from .controls import CELL_PX, checkbox, choice_slider, dropdown, log_slider, slider, toggle  # noqa: F401

# One resolution for every explorer: 72 dpi, and figures at most MAX_WIDTH inches (828 px) wide, which fits the
# output area of JupyterLab at 1280 px with the file browser open (848 px); fewer pixels also draw faster.
DPI = 72
MAX_WIDTH = 11.5


def ipympl_active():
    """True when the notebook uses the live ipympl canvas (%matplotlib widget)."""
    backend = matplotlib.get_backend().lower()
    return "ipympl" in backend or "widget" in backend


def in_kernel():
    """True inside a running IPython kernel (where an Output widget can show the redrawn image)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def new_figure(figsize):
    """A figure at the family's DPI: a live widget under ipympl, a plain (pyplot-free) Figure otherwise."""
    if figsize[0] > MAX_WIDTH:
        raise ValueError(f"figsize: expected a width of at most {MAX_WIDTH} inches (the output area at 1280 px); "
                         f"got {figsize[0]}")
    if ipympl_active():
        import matplotlib.pyplot as plt

        with plt.ioff():
            fig = plt.figure(figsize=figsize, dpi=DPI)
        fig.canvas.header_visible = False
        fig.canvas.toolbar_visible = False
        fig.canvas.resizable = False
        return fig
    fig = Figure(figsize=figsize, dpi=DPI)
    FigureCanvasAgg(fig)  # a real renderer, so fig.canvas.draw() draws (the bare Figure canvas does nothing)
    return fig


class Explorer:
    """Base class. Subclasses set self.fig and self.controls (name -> widget) and call self._finish().

    `busy(**values)` may return a sentence (e.g. "training 3 runs…") when an update will take long; it is shown
    next to the controls while the update runs. Updates and draws hold one lock: JupyterLab may deliver widget
    messages on another thread than the one that draws."""

    fig: Figure
    controls: dict

    def values(self):
        return {name: w.value for name, w in self.controls.items()}

    def update(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    def code(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    def busy(self, **values):
        return None

    def refresh(self, *_):
        """Apply the current control values and redraw."""
        with self._lock:
            values = self.values()
            note = self.busy(**values)
            if note:
                self.status.value = f"<span style='color:#a60'>⏳ {note}</span>"
            try:
                self.update(**values)
                self._redraw()
            finally:
                if note:
                    self.status.value = ""

    def _redraw(self):
        if self._live:
            canvas = self.fig.canvas
            if getattr(canvas, "syncing_data_url", True):
                canvas.draw_idle()  # no view yet: no frame before the browser says "initialized"
            else:
                # draw and send the frame now: with draw_idle the browser asks for a frame and ignores further
                # requests until it arrives, so the last of a quick burst of moves could be left undrawn
                canvas.draw()
            return
        self.fig.canvas.draw()
        if in_kernel():  # outside a kernel (tests, benchmarks) the Agg draw above is all there is to do
            from IPython.display import display

            with self._out:
                self._out.clear_output(wait=True)
                display(self.fig)

    def _finish(self, extra=(), below=()):
        """Wire the controls, lay out controls | figure | `below` | code button, and draw once."""
        self._lock = getattr(self, "_lock", None) or threading.RLock()
        if hasattr(self, "background"):
            self.background.lock = self._lock
        self._out = W.Output()
        self._code_out = W.Output(layout={"border": "1px solid #ddd"})
        self.status = W.HTML("")
        button = W.Button(description="Show code", icon="code", tooltip="dlcore code for the current setting")

        def show_code(_):
            with self._code_out:
                self._code_out.clear_output()
                print(self.code(**self.values()))

        button.on_click(show_code)
        for w in self.controls.values():
            w.observe(self.refresh, names="value")
        self._live = ipympl_active() and hasattr(self.fig.canvas, "on_msg")  # an ipympl canvas widget
        canvas = self.fig.canvas if self._live else self._out
        box = W.GridBox(list(self.controls.values()) + list(extra),
                        layout=W.Layout(grid_template_columns=f"repeat(auto-fill, minmax({CELL_PX}px, 1fr))",
                                        grid_gap="2px 16px", width="100%"))
        self.widget = W.VBox([box, canvas, *below, W.HBox([button, self.status]), self._code_out],
                             layout=W.Layout(max_width="100%", overflow="hidden"))
        self.widget.explorer = self  # reach the explorer (and its artists) from the displayed widget
        self.refresh()
        return self.widget


def nice_ceil(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 x 10**n at or above x (y limits that change rarely)."""
    n = np.floor(np.log10(x))
    for m in (1, 1.5, 2, 3, 5, 7.5, 10):
        if m * 10**n >= x:
            return float(m * 10**n)
    return float(10 ** (n + 1))  # pragma: no cover
