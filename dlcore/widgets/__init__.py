"""ipywidgets explorers built on dlcore.viz (needs matplotlib and ipywidgets; ipympl for a live canvas).

Each `*_explorer(...)` returns one displayable widget (the last expression of a cell shows it). With ipympl
(`%matplotlib widget`) the figure is a live canvas; without it the explorer redraws a static image in an
output area. Every explorer has a "Show code" button that prints the dlcore code for its current setting.
"""
from .activations import activation_explorer, activation_function_explorer  # noqa: F401
from .batchnorm import batchnorm_explorer  # noqa: F401
from .capacity import capacity_explorer  # noqa: F401
from .ewma import ewma_explorer  # noqa: F401
from .gradcheck import gradcheck_explorer  # noqa: F401
from .init import init_explorer  # noqa: F401
from .live import live_training  # noqa: F401
from .normalization import normalization_explorer  # noqa: F401
from .optimizers import optimizer_explorer  # noqa: F401
from .regularization import early_stopping_explorer, regularization_explorer  # noqa: F401
from .schedules import schedule_explorer  # noqa: F401
from .training import babysitting_explorer, batch_size_explorer  # noqa: F401
from .tuning import tuning_explorer  # noqa: F401
