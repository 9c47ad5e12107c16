"""ipywidgets explorers built on dlcore.viz (needs matplotlib and ipywidgets; ipympl for a live canvas).

Each `*_explorer(...)` returns one displayable widget (the last expression of a cell shows it). With ipympl
(`%matplotlib widget`) the figure is a live canvas; without it the explorer redraws a static image in an
output area. Every explorer has a "Show code" button that prints the dlcore code for its current setting.
"""
from .optimizers import optimizer_explorer  # noqa: E402,F401  (widgets-A)
from .ewma import ewma_explorer  # noqa: E402,F401  (widgets-A)
from .schedules import schedule_explorer  # noqa: E402,F401  (widgets-A)
# ruff: noqa: I001  (widgets-A and widgets-B append their re-exports in any order)
from .gradcheck import gradcheck_explorer  # noqa: E402,F401  (widgets-A)
from .tuning import tuning_explorer  # noqa: E402,F401  (widgets-A)
from .training import babysitting_explorer, batch_size_explorer, live_training  # noqa: E402,F401  (widgets-A)
from .activations import activation_explorer, activation_function_explorer  # noqa: E402,F401  (widgets-B)
from .batchnorm import batchnorm_explorer  # noqa: E402,F401  (widgets-B)
from .capacity import capacity_explorer  # noqa: E402,F401  (widgets-B)
from .init import init_explorer  # noqa: E402,F401  (widgets-B)
from .normalization import normalization_explorer  # noqa: E402,F401  (widgets-B)
from .regularization import early_stopping_explorer, regularization_explorer  # noqa: E402,F401  (widgets-B)
