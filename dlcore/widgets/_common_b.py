"""What widgets-B explorers share beyond _base: the screen resolution of their figures.

72 dpi keeps a 13-inch-wide figure inside a notebook column and halves the pixels Agg draws per update
compared with 100 dpi (text and images dominate the redraw time)."""

DPI = 72
