"""live_training: learning curves drawn while train() runs (a callback), with a progress bar."""

import time

import ipywidgets as W
import numpy as np

from ..viz import curves as vcurves
from .explorer import Background, in_kernel, ipympl_active, new_figure, nice_ceil


class LiveTraining:
    """Live learning curves for `train(..., callback=live)`: `live.widget` shows a progress bar, the cost
    (mini-batch, train, dev) and the train/dev accuracy per epoch, updated while training runs.

        live = widgets.live_training(epochs=50)
        display(live.widget)            # or make live.widget the last expression of an earlier cell
        history = train(model, X, Y, epochs=50, validation=(X_dev, Y_dev), callback=live)

    With ipympl the figure is redrawn synchronously (fig.canvas.draw(), which pushes the new image to the
    browser even while the cell is still running; draw_idle would wait for the cell to end). Without ipympl
    the image in an output area is replaced. Redraws are throttled to one per `every` seconds (and the last
    epoch is always drawn). Call `live.show(history)` to draw a run that stopped early (divergence).
    """

    def __init__(self, epochs=100, *, cost_max=None, every=0.3, title="training"):
        self.epochs, self.every, self.cost_max = int(epochs), float(every), cost_max
        self.fig = new_figure(figsize=(11.5, 4.2))
        self.ax_cost, self.ax_acc = self.fig.subplots(1, 2)
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.9, wspace=0.22)
        self.artists = vcurves.learning_curves(self.ax_cost, self.ax_acc, epochs=self.epochs,
                                               cost_max=cost_max or 1.0)
        self.ax_cost.set_title("cost per epoch", fontsize=10)
        self.ax_acc.set_title("accuracy per epoch", fontsize=10)
        self.background = Background(self.fig, list(self.artists.values()))
        self.progress = W.IntProgress(value=0, min=0, max=self.epochs, description=title,
                                      style={"description_width": "initial"})
        self.status = W.HTML("waiting for the first epoch…")
        self._live = ipympl_active() and hasattr(self.fig.canvas, "on_msg")
        self._out = W.Output()
        self._last_draw = -np.inf
        self._shaken = False
        self.widget = W.VBox([W.HBox([self.progress, self.status]), self.fig.canvas if self._live else self._out])
        self.widget.live = self
        self._draw()

    def __call__(self, epoch_num, history, model=None):
        """The train() callback: record the epoch, redraw if due. Never asks train() to stop."""
        n = len(history)
        self.progress.value = min(n, self.epochs)
        parts = [f"epoch {n}/{self.epochs}", f"cost {history.cost[-1]:.4f}"]
        if history.val_accuracy:
            parts.append(f"dev accuracy {history.val_accuracy[-1]:.1%}")
        self.status.value = " · ".join(parts)
        now = time.perf_counter()
        if n >= self.epochs or n == 1 or now - self._last_draw >= self.every:
            self.show(history)
        return False

    def show(self, history):
        """Draw the curves of `history` now."""
        costs = [c for name in ("cost", "train_cost", "val_cost") for c in getattr(history, name)]
        finite = [c for c in costs if np.isfinite(c)]
        if self.cost_max is None and finite:
            top = nice_ceil(1.05 * max(finite))
            if top > self.ax_cost.get_ylim()[1] or top < 0.5 * self.ax_cost.get_ylim()[1]:
                self.ax_cost.set_ylim(0, top)
        if len(history) > self.epochs:
            self.ax_cost.set_xlim(0, len(history))
            self.ax_acc.set_xlim(0, len(history))
        vcurves.update_learning_curves(self.artists, history,
                                       stop_message="stopped: " + history.stopped.split(":")[0]
                                       if history.stopped else None)
        self._draw()

    def _draw(self):
        self._last_draw = time.perf_counter()
        if self._live:
            canvas = self.fig.canvas
            if not self._shaken and getattr(canvas, "syncing_data_url", False):
                # The browser has not said "initialized" yet (figure created in the running cell): do the
                # handshake ourselves so draws made before the cell ends reach the page (ipympl issue #290).
                for kind in ("send_image_mode", "refresh", "initialized"):
                    canvas._handle_message(canvas, {"type": kind}, [])
                self._shaken = True
            canvas.draw()  # synchronous: renders and sends the image now, even inside a running cell
            canvas.flush_events()
            return
        self.fig.canvas.draw()
        if in_kernel():
            from IPython.display import display

            with self._out:
                self._out.clear_output(wait=True)
                display(self.fig)


def live_training(epochs=100, **kwargs):
    """A LiveTraining object: show `.widget`, pass the object as train(..., callback=...)."""
    return LiveTraining(epochs, **kwargs)
