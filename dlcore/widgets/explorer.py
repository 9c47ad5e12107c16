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
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

# One resolution for every explorer: 72 dpi keeps a 12.5-inch figure (900 px) inside the output area of a
# notebook at 1280 px and keeps the pixels Agg draws per update low. Figures are at most MAX_WIDTH inches wide.
DPI = 72
MAX_WIDTH = 12.5
# Controls: a grid of cells at least CELL_PX wide; each slider fills its cell, so its track is the cell minus
# its description and readout (descriptions are kept short enough to leave a track of 150 px or more).
CELL_PX = 430
CONTROL_LAYOUT = {"width": "100%"}
STYLE = {"description_width": "initial"}


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


def log_slider(description, value, min_exp, max_exp, step=0.05, **kwargs):
    """A slider over 10**min_exp .. 10**max_exp (learning rates, lambda, epsilon)."""
    kwargs.setdefault("readout_format", ".2e")
    return W.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
                            continuous_update=True, style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def slider(description, value, low, high, step, **kwargs):
    """An IntSlider when every number is an int, else a FloatSlider; fills its cell of the control grid."""
    cls = W.IntSlider if all(isinstance(v, int) for v in (value, low, high, step)) else W.FloatSlider
    return cls(value=value, min=low, max=high, step=step, description=description, continuous_update=True,
               style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def choice_slider(description, options, value, **kwargs):
    """A slider over a few listed values (options: values or (label, value) pairs)."""
    return W.SelectionSlider(options=options, value=value, description=description, continuous_update=True,
                             style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def dropdown(description, options, value):
    return W.Dropdown(options=options, value=value, description=description, style=STYLE, layout=CONTROL_LAYOUT)


def toggle(description, options, value):
    return W.ToggleButtons(options=options, value=value, description=description, style=STYLE)


def checkbox(description, value):
    return W.Checkbox(value=value, description=description, indent=False, style=STYLE, layout=CONTROL_LAYOUT)


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
            self.fig.canvas.draw_idle()  # the browser asks for the frame once the view exists
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


class Background:
    """A figure's live frames, drawn fast and equal to a full redraw.

    Matplotlib draws each axes' artists in zorder. Here, per axes, the artists *before* the first `dynamic` one
    in that order (the axes patch, grids, ticks, contours...) are drawn once and their pixels kept; a live frame
    pastes those pixels and then draws the rest in order: the dynamic artists and every static artist that lies
    above one of them (spines, legends, points, annotations), so stacking is exactly matplotlib's. Static artists
    above the dynamic ones are pasted from a transparent stamp of an earlier draw (texts keyed by their text and
    place, others by their axes' place and limits; a legend placed "best" is always drawn, as its place follows
    the data). Figure-level artists (suptitle, captions) are drawn (stamped) over the axes.

    The kept pixels are re-rendered when the canvas size or dpi, an axes' place, limits or scale, or the set,
    visibility or text of the cached artists changes. Saving (savefig, the inline PNG) draws the normal way. Only
    artists listed as dynamic may change between draws; axes must not overlap. Under ipympl every frame is sent
    whole (ipympl 0.10's diff frames lose pixels when a frame replaces one the browser has not loaded yet).
    """

    def __init__(self, fig, dynamic):
        self.fig = fig
        self.dynamic = {id(a) for a in dynamic if a is not None}
        self.lock = threading.RLock()
        self.enabled = True
        self._pixels = self._signature = None
        self._stamps = {}
        self._full_draw = fig.draw
        fig.draw = self.draw
        found = {id(c) for c in fig.get_children()}
        for ax in fig.axes:
            found |= {id(c) for c in ax.get_children()}
        missing = self.dynamic - found
        if missing:
            raise ValueError(f"dynamic: {len(missing)} artist(s) are not children of the figure or of one of its "
                             "axes (list the container, e.g. the legend, not a part of it)")

    # ------------------------------------------------------------------ what is drawn, in matplotlib's order
    @staticmethod
    def _axes_artists(ax):
        """The children Axes.draw draws, in its order (patch first when the frame is on)."""
        artists = [c for c in ax.get_children() if c is not ax.patch and not c.get_animated()]
        if not (ax.axison and ax.get_frame_on()):
            artists = [c for c in artists if c not in ax.spines.values()]
        if not ax.axison:
            artists = [c for c in artists if c not in (ax.xaxis, ax.yaxis)]
        artists = sorted(artists, key=lambda a: a.get_zorder())
        return ([ax.patch] if ax.axison and ax.get_frame_on() else []) + artists

    def _plan(self, renderer):
        """[(kind, item, below, live)] in figure order: ('axes', ax, cached part, live part) or ('artist', a)."""
        fig = self.fig
        top = sorted((c for c in fig.get_children() if c is not fig.patch and not c.get_animated()),
                     key=lambda a: a.get_zorder())
        plan = []
        for c in top:
            if isinstance(c, Axes):
                if not c.get_visible():
                    continue
                c._unstale_viewLim()
                locator = c.get_axes_locator()
                c.apply_aspect(locator(c, renderer) if locator else None)
                artists = self._axes_artists(c)
                first = next((i for i, a in enumerate(artists) if id(a) in self.dynamic), len(artists))
                plan.append(("axes", c, artists[:first], artists[first:]))
            else:
                plan.append(("artist", c, [], []))
        return plan

    def _make_signature(self, renderer, plan):
        sig = [renderer.width, renderer.height, self.fig.dpi]
        for kind, item, below, _ in plan:
            if kind != "axes":
                continue
            sig += [item.get_position().bounds, item.get_xlim(), item.get_ylim(), item.get_xscale(),
                    item.get_yscale()]
            for a in below:
                sig += [id(a), a.get_visible()]
                if isinstance(a, Text):
                    sig.append(a.get_text())
                elif isinstance(a, Legend):
                    sig += [t.get_text() for t in a.get_texts()]
        return sig

    # ------------------------------------------------------------------ drawing
    def draw(self, renderer):
        fig = self.fig
        if (not self.enabled or fig.canvas.is_saving() or not isinstance(renderer, RendererAgg)
                or "draw_path" in vars(renderer)  # draw_without_rendering: the draw methods are no-ops
                or fig.get_layout_engine() is not None or not fig.get_visible()):
            return self._full_draw(renderer)
        with self.lock, getattr(fig, "_render_lock", self.lock):
            plan = self._plan(renderer)
            signature = self._make_signature(renderer, plan)
            buffer = np.asarray(renderer.buffer_rgba())
            if signature != self._signature or self._pixels is None or self._pixels.shape != buffer.shape:
                fig.patch.draw(renderer)
                for kind, item, below, _ in plan:
                    if kind == "axes":
                        item._update_title_position(renderer)
                        for a in below:
                            a.draw(renderer)
                self._pixels, self._signature = buffer.copy(), signature
            else:
                buffer[...] = self._pixels
            for kind, item, _, live in plan:
                for a in (live if kind == "axes" else [item]):
                    if id(a) in self.dynamic:
                        a.draw(renderer)
                    else:
                        self._paste(a, renderer)
                if kind == "axes":
                    item.stale = False
            fig.stale = False
            if hasattr(fig.canvas, "_force_full"):
                fig.canvas._force_full = True  # ipympl: send this frame whole, never as a diff
        DrawEvent("draw_event", fig.canvas, renderer)._process()

    def _stamp_key(self, a):
        if isinstance(a, Legend):
            if a._loc in (0, "best"):
                return None  # its place follows the data
            return "legend", a.get_bbox_to_anchor().bounds, tuple(t.get_text() for t in a.get_texts())
        if isinstance(a, Text):
            return "text", a.get_text(), tuple(np.round(a.get_transform().transform(a.get_position()), 3))
        ax = getattr(a, "axes", None)
        if ax is None:
            return None
        return "axes", ax.bbox.bounds, ax.viewLim.bounds, ax.get_xscale(), ax.get_yscale()

    def _paste(self, a, renderer):
        """Draw static artist `a` from a transparent stamp of an earlier draw (or draw it, if it has no key)."""
        if not a.get_visible():
            return
        key = self._stamp_key(a)
        if key is None:
            return a.draw(renderer)
        key = (id(a), renderer.width, renderer.height, self.fig.dpi, key)
        stamp = self._stamps.get(key)
        if stamp is None:
            blank = RendererAgg(renderer.width, renderer.height, self.fig.dpi)
            a.draw(blank)
            pixels = np.asarray(blank.buffer_rgba())
            alpha = pixels[..., 3]
            rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
            if rows.size == 0:
                stamp = (0, 0, None)
            else:
                r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
                # draw_image wants bottom-up rows and the lower-left corner
                stamp = (int(c0), int(renderer.height - r1), pixels[r0:r1, c0:c1][::-1].copy())
            if len(self._stamps) > 400:
                self._stamps.clear()
            self._stamps[key] = stamp
        x0, y0, pixels = stamp
        if pixels is not None:
            gc = renderer.new_gc()
            renderer.draw_image(gc, x0, y0, pixels)
            gc.restore()


def nice_ceil(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 x 10**n at or above x (y limits that change rarely)."""
    n = np.floor(np.log10(x))
    for m in (1, 1.5, 2, 3, 5, 7.5, 10):
        if m * 10**n >= x:
            return float(m * 10**n)
    return float(10 ** (n + 1))  # pragma: no cover
