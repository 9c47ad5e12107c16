"""What widgets-B explorers share beyond _base: the screen resolution of their figures and their cached
background.

72 dpi keeps a 13-inch-wide figure inside a notebook column and halves the pixels Agg draws per update
compared with 100 dpi (text and images dominate the redraw time)."""

import numpy as np
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.legend import Legend
from matplotlib.text import Text

from ._base import StaticBackground

DPI = 72


class Background(StaticBackground):
    """_base.StaticBackground (static pixels cached, only `dynamic` artists redrawn), with three additions:

    - texts and legends among the dynamic artists, and the `fixed` artists (dynamic only because they lie above
      something that changes, e.g. the points over a decision-boundary image), are pasted from the pixels of an
      earlier draw with the same text at the same place (rendering text dominates an update);
    - the last few static backgrounds are kept (a dropdown that changes an axis limit and back);
    - figure-level static artists (a fixed suptitle, a caption) are always marked animated, so Figure.draw never
      draws them itself: it picks its artists before StaticBackground.draw runs, so they would be missing from a
      saved image (savefig, the inline PNG of a notebook without ipympl) and drawn twice on the next draw.

    Saving draws every artist the normal way. A stamp is keyed by the text (texts), the legend's labels
    (legends) or the axes' place and limits (fixed artists): do not restyle them between draws.
    """

    def __init__(self, fig, dynamic=(), fixed=()):
        super().__init__(fig, [*dynamic, *fixed])
        for c in self._static()[1]:
            c.set_animated(True)
        self._stamps, self._backgrounds = {}, {}  # pixels of texts/legends/fixed artists, of static states
        for a in self.dynamic:
            if isinstance(a, (Text, Legend)) or any(a is f for f in fixed):
                a.draw = self._stamped(a, a.draw)

    @staticmethod
    def _stamp_key(artist):
        if isinstance(artist, Legend):
            return artist.get_bbox_to_anchor().bounds, tuple(t.get_text() for t in artist.get_texts())
        if isinstance(artist, Text):
            return artist.get_text(), tuple(artist.get_transform().transform(artist.get_position()))
        return artist.axes.bbox.bounds, artist.axes.viewLim.bounds

    def _stamped(self, artist, draw):
        """artist.draw that pastes the pixels of an earlier draw with the same key, and otherwise draws on a blank
        canvas, keeps the pixels and pastes them."""
        def stamped_draw(renderer):
            if not artist.get_visible() or self.figure_.canvas.is_saving() or not isinstance(renderer, RendererAgg):
                return draw(renderer)
            key = (id(artist), renderer.width, renderer.height, self.figure_.dpi, self._stamp_key(artist))
            stamp = self._stamps.get(key)
            if stamp is None:
                blank = RendererAgg(renderer.width, renderer.height, self.figure_.dpi)
                draw(blank)
                on_axes = not isinstance(artist, (Text, Legend))
                box = (artist.axes.bbox if on_axes else artist.get_window_extent(blank)).padded(2)
                x0, x1 = int(max(box.x0, 0)), int(min(np.ceil(box.x1), renderer.width))
                y0, y1 = int(max(box.y0, 0)), int(min(np.ceil(box.y1), renderer.height))
                rows = np.asarray(blank.buffer_rgba())[renderer.height - y1:renderer.height - y0, x0:x1]
                stamp = (x0, y0, rows[::-1].copy())  # draw_image wants bottom-up rows
                if len(self._stamps) > 500:
                    self._stamps.clear()
                self._stamps[key] = stamp
            x0, y0, pixels = stamp
            if pixels.size:
                gc = renderer.new_gc()
                renderer.draw_image(gc, x0, y0, pixels)
                gc.restore()
        return stamped_draw

    def draw(self, renderer):
        static = self._static()
        figure_level = static[1]
        skipped = [c for c in figure_level if c.get_animated()]
        saving = self.figure_.canvas.is_saving()
        key = None if saving else repr(self._make_signature(renderer, static))
        if key is not None and key in self._backgrounds:  # a static state seen before (e.g. other x limits)
            self._signature, self._pixels = self._make_signature(renderer, static), self._backgrounds[key]
        super().draw(renderer)
        if key is not None and self._pixels is not None and key not in self._backgrounds:
            if len(self._backgrounds) >= 4:
                self._backgrounds.pop(next(iter(self._backgrounds)))
            self._backgrounds[key] = self._pixels
        for c in figure_level:
            c.set_animated(True)
        if self.figure_.canvas.is_saving():
            for c in skipped:
                c.draw(renderer)
