"""What every explorer shares: a figure that works with or without ipympl, controls, and a "Show code" button.

An explorer subclasses Explorer, builds its figure and artists once in __init__ (precomputing whatever no
slider changes), implements `update(**values)` by changing artist data only, and `code(**values)` returning
the dlcore snippet that reproduces the current setting.
"""

import ipywidgets as W
import matplotlib
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text


def ipympl_active():
    """True when the notebook uses the live ipympl canvas (%matplotlib widget)."""
    return "ipympl" in matplotlib.get_backend().lower() or "widget" in matplotlib.get_backend().lower()


def _in_kernel():
    """True inside a running IPython kernel (where an Output widget can show the redrawn image)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def new_figure(figsize=(8, 4), **kwargs):
    """A figure that is a live widget under ipympl and a plain (leak-free, pyplot-free) Figure otherwise."""
    if ipympl_active():
        import matplotlib.pyplot as plt

        with plt.ioff():
            fig = plt.figure(figsize=figsize, **kwargs)
        fig.canvas.header_visible = False
        fig.canvas.toolbar_visible = False
        fig.canvas.resizable = False
        return fig
    fig = Figure(figsize=figsize, **kwargs)
    FigureCanvasAgg(fig)  # a real renderer, so fig.canvas.draw() draws (the bare Figure canvas does nothing)
    return fig


def log_slider(description, value, min_exp, max_exp, step=0.05, **kwargs):
    """A slider over 10**min_exp .. 10**max_exp (learning rates, lambda, epsilon)."""
    return W.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step,
                            description=description, continuous_update=True, readout_format=".2e",
                            style={"description_width": "initial"}, **kwargs)


def slider(description, value, low, high, step, **kwargs):
    cls = W.IntSlider if all(isinstance(v, int) for v in (value, low, high, step)) else W.FloatSlider
    return cls(value=value, min=low, max=high, step=step, description=description, continuous_update=True,
               style={"description_width": "initial"}, **kwargs)


class Explorer:
    """Base class. Subclasses set self.fig and self.controls (name -> widget) and call self._finish()."""

    fig: Figure
    controls: dict

    def values(self):
        return {name: w.value for name, w in self.controls.items()}

    def update(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    def code(self, **values):  # pragma: no cover - abstract
        raise NotImplementedError

    def refresh(self, *_):
        """Apply the current control values and redraw."""
        self.update(**self.values())
        self._redraw()

    def _redraw(self):
        if getattr(self, "_live", False):
            self.fig.canvas.draw_idle()
            return
        self.fig.canvas.draw()
        if _in_kernel():  # outside a kernel (tests, benchmarks) the Agg draw above is all there is to do
            from IPython.display import display

            with self._out:
                self._out.clear_output(wait=True)
                display(self.fig)

    def _finish(self, extra=()):
        """Wire the controls, lay out controls | figure | code button, and draw once."""
        self._out = W.Output()
        self._code_out = W.Output(layout={"border": "1px solid #ddd"})
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
                        layout=W.Layout(grid_template_columns="repeat(3, minmax(220px, 1fr))"))
        self.widget = W.VBox([box, canvas, W.HBox([button]), self._code_out])
        self.widget.explorer = self  # reach the explorer (and its artists) from the displayed widget
        self.refresh()
        return self.widget


class StaticBackground(Artist):
    """Draw a figure's static artists (axes frames, ticks, labels, contours, legends...) once, keep the pixels,
    and on later draws paint those pixels and then only the `dynamic` artists. A slider update then costs a
    few lines instead of every tick label. Use: `self.background = StaticBackground(fig, dynamic=[...])`.

    The cached pixels are re-rendered automatically when the canvas size or dpi, an axis limit/scale, a title,
    a static text or the set of artists changes (or after `invalidate()`). Saving (savefig, the inline PNG)
    draws everything the normal way. Only artists listed as dynamic may change their data between draws.
    """

    def __init__(self, fig, dynamic=()):
        super().__init__()
        self.figure_ = fig
        self.dynamic = set()
        self.add_dynamic(*dynamic)
        self._pixels = self._signature = None
        self.set_zorder(-1e9)
        fig.add_artist(self)
        self.set_figure(fig)

    def add_dynamic(self, *artists):
        for a in artists:
            if a is not None:
                self.dynamic.add(a)
        self.invalidate()

    def invalidate(self):
        self._signature = None

    def _static(self):
        fig = self.figure_
        out = []
        for ax in sorted(fig.axes, key=lambda a: a.get_zorder()):
            children = [c for c in ax.get_children() if c is not ax.patch and c not in self.dynamic]
            if not (ax.axison and ax.get_frame_on()):
                children = [c for c in children if c not in ax.spines.values()]
            out.append((ax, sorted(children, key=lambda c: c.get_zorder())))
        figure_level = [c for c in fig.get_children() if c is not fig.patch and c is not self
                        and c not in fig.axes and c not in self.dynamic]
        return out, figure_level

    def _make_signature(self, renderer, static):
        sig = [renderer.width, renderer.height, self.figure_.dpi]
        for ax, children in static[0]:
            sig += [ax.get_position().bounds, ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                    ax.get_visible()]
            for c in children:
                sig += [id(c), c.get_visible()]
                if isinstance(c, Text):
                    sig.append(c.get_text())
                elif isinstance(c, Legend):
                    sig += [t.get_text() for t in c.get_texts()]
        sig += [id(c) for c in static[1]]
        return sig

    def draw(self, renderer):
        fig = self.figure_
        static = self._static()
        saving = fig.canvas.is_saving()
        for ax, children in static[0]:
            ax.patch.set_visible(False)  # the axes would otherwise paint over the cached pixels
            for c in children:
                c.set_animated(not saving)  # parents skip animated artists (except when saving)
        for c in static[1]:
            c.set_animated(not saving)
        if saving:
            for ax, _ in static[0]:
                ax.patch.set_visible(True)
                ax.patch.draw(renderer)
                ax.patch.set_visible(False)
            return
        signature = self._make_signature(renderer, static)
        if signature == self._signature and self._pixels is not None:
            gc = renderer.new_gc()
            renderer.draw_image(gc, 0, 0, self._pixels)
            gc.restore()
            return
        for ax, children in static[0]:
            if not ax.get_visible():
                continue
            ax.patch.set_visible(True)
            ax.patch.draw(renderer)
            ax.patch.set_visible(False)
            try:
                # place the titles as Axes.draw would, then pin them: re-placing them on every frame costs a
                # tight bbox of all tick labels; any change that could move them re-renders us (signature)
                ax._autotitlepos = True
                ax._update_title_position(renderer)
                ax._autotitlepos = False
            except AttributeError:  # pragma: no cover - older/newer matplotlib
                pass
            for c in children:
                c.draw(renderer)
        for c in static[1]:
            c.draw(renderer)
        if hasattr(renderer, "buffer_rgba"):
            self._pixels = np.asarray(renderer.buffer_rgba())[::-1].copy()  # draw_image wants bottom-up rows
            self._signature = signature


def nice_ceil(x):
    """The smallest of 1, 1.5, 2, 3, 5, 7.5 x 10**n at or above x (y limits that change rarely)."""
    n = np.floor(np.log10(x))
    for m in (1, 1.5, 2, 3, 5, 7.5, 10):
        if m * 10**n >= x:
            return float(m * 10**n)
    return float(10 ** (n + 1))  # pragma: no cover
