"""What widgets-B explorers share beyond _base: the screen resolution of their figures and their cached
background.

72 dpi keeps a 13-inch-wide figure inside a notebook column and halves the pixels Agg draws per update
compared with 100 dpi (text and images dominate the redraw time)."""

from ._base import StaticBackground

DPI = 72


class Background(StaticBackground):
    """_base.StaticBackground (static pixels cached, only `dynamic` artists redrawn) whose figure-level static
    artists (a fixed suptitle, a caption) are always marked animated, so Figure.draw never draws them itself:
    Figure.draw picks its artists before StaticBackground.draw runs, so they would be missing from a saved
    image (savefig, the inline PNG of a notebook without ipympl) and drawn twice on the next screen draw."""

    def __init__(self, fig, dynamic=()):
        super().__init__(fig, dynamic)
        for c in self._static()[1]:
            c.set_animated(True)

    def draw(self, renderer):
        figure_level = self._static()[1]
        skipped = [c for c in figure_level if c.get_animated()]
        super().draw(renderer)
        for c in figure_level:
            c.set_animated(True)
        if self.figure_.canvas.is_saving():
            for c in skipped:
                c.draw(renderer)
