"""What every explorer shares: a figure that works with or without ipympl, controls, and a "Show code" button.

An explorer subclasses Explorer, builds its figure and artists once in __init__ (precomputing whatever no
slider changes), implements `update(**values)` by changing artist data only, and `code(**values)` returning
the dlcore snippet that reproduces the current setting.
"""

import ipywidgets as W
import matplotlib
from matplotlib.figure import Figure


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
    return Figure(figsize=figsize, **kwargs)


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
