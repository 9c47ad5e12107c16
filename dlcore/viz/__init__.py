"""Pure matplotlib drawings for the course (testable headless with Agg).

Every function takes `ax=` (or a figure), draws, returns its artists, and never calls plt.show(). Each has an
`update_*` companion that changes the data of existing artists (set_data, stairs, fixed limits) instead of
rebuilding, so explorers answer a slider in milliseconds. One module per topic; this package re-exports them.
"""
# ruff: noqa: I001  (widgets-A and widgets-B append their re-exports in any order)
from . import contours, curves, ewma, gradcheck, schedules, tuning  # noqa: F401  (widgets-A)
from .contours import cost_contours, cost_grid, trajectories, update_contours, update_trajectories  # noqa: F401
from .curves import learning_curves, update_learning_curves  # noqa: F401  (widgets-A)
from .ewma import ewma_plot, ewma_weights, update_ewma, update_ewma_weights  # noqa: F401  (widgets-A)
from .gradcheck import relative_difference_plot, update_relative_difference  # noqa: F401  (widgets-A)
from .schedules import schedule_lines, update_schedule_lines  # noqa: F401  (widgets-A)
from .tuning import search_scatter, update_search_scatter, update_zoom_box, zoom_box  # noqa: F401  (widgets-A)
from . import activations, batchnorm, boundary, capacity, normalization, regularization  # noqa: F401,E402  (widgets-B)
from .activations import activation_plot, layer_lines, layer_ridge, update_activation_plot  # noqa: F401,E402  (B)
from .activations import update_layer_lines, update_layer_ridge  # noqa: F401,E402  (widgets-B)
from .boundary import boundary_grid, decision_boundary, update_decision_boundary  # noqa: F401,E402  (widgets-B)
from .capacity import capacity_plot, fit_plot, update_capacity_plot  # noqa: F401,E402  (widgets-B)
# widgets-B's normalization.cost_contours and regularization.learning_curves stay module-qualified (names taken)
