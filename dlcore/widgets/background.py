"""Background: the cached layer under an explorer's moving artists, so a live frame is fast and equals a full
redraw."""

import threading
from io import BytesIO

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import DrawEvent
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.legend import Legend
from matplotlib.text import Text
from PIL import Image


def full_image(canvas):
    """The frame a webagg/ipympl canvas sends, always whole: matplotlib's get_diff_image in "full" mode, with the PNG
    written at zlib level 1 (lossless like level 6, a few % larger, about half the encoding time of a live frame)."""
    if not canvas._png_is_old:
        return None
    pixels = np.asarray(canvas.get_renderer().buffer_rgba())
    canvas.set_image_mode("full")
    canvas._last_buff = pixels.view(np.uint32).squeeze(2).copy()  # the state a later diff would start from
    canvas._force_full = canvas._png_is_old = False
    with BytesIO() as png:
        Image.fromarray(pixels).save(png, format="png", compress_level=1)
        return png.getvalue()


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
        canvas = fig.canvas
        # one draw at a time, whole: JupyterLab may deliver a frame request or a save on another thread than the
        # one updating the artists, and FigureCanvasAgg.draw clears the shared buffer before it takes any lock
        for method in ("draw", "print_figure"):
            canvas.__dict__[method] = self._locked(getattr(canvas, method))
        if hasattr(canvas, "get_diff_image"):  # ipympl / webagg: every frame whole, whichever path drew it
            canvas.get_diff_image = lambda: full_image(canvas)
        found = {id(c) for c in fig.get_children()}
        for ax in fig.axes:
            found |= {id(c) for c in ax.get_children()}
        missing = self.dynamic - found
        if missing:
            raise ValueError(f"dynamic: {len(missing)} artist(s) are not children of the figure or of one of its "
                             "axes (list the container, e.g. the legend, not a part of it)")

    def _locked(self, method):
        def locked(*args, **kwargs):
            with self.lock:
                return method(*args, **kwargs)
        return locked

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
