"""The controls of the explorers: sliders, dropdowns, toggles and checkboxes laid out alike (each fills its cell of
the control grid, its description shown whole)."""

import ipywidgets as W

# Controls sit in a grid of cells at least CELL_PX wide; a slider fills its cell, so its track is the cell minus
# its description and readout (descriptions are kept short enough to leave a track of 150 px or more).
CELL_PX = 430
CONTROL_LAYOUT = {"width": "100%"}
STYLE = {"description_width": "initial"}


def log_slider(description, value, min_exp, max_exp, step=0.05, **kwargs):
    """A slider over 10**min_exp .. 10**max_exp (learning rates, lambda, epsilon)."""
    kwargs.setdefault("readout_format", ".2e")
    return W.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
                            continuous_update=True, style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def slider(description, value, low, high, step, **kwargs):
    """An IntSlider when every number is an int, else a FloatSlider; fills its cell of the control grid."""
    cls = W.IntSlider if all(isinstance(v, int) for v in (value, low, high, step)) else W.FloatSlider
    return cls(value=value, min=low, max=high, step=step, description=description, continuous_update=True,
               style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def choice_slider(description, options, value, **kwargs):
    """A slider over a few listed values (options: values or (label, value) pairs)."""
    return W.SelectionSlider(options=options, value=value, description=description, continuous_update=True,
                             style=STYLE, layout=CONTROL_LAYOUT, **kwargs)


def dropdown(description, options, value):
    return W.Dropdown(options=options, value=value, description=description, style=STYLE, layout=CONTROL_LAYOUT)


def toggle(description, options, value):
    return W.ToggleButtons(options=options, value=value, description=description, style=STYLE)


def checkbox(description, value):
    return W.Checkbox(value=value, description=description, indent=False, style=STYLE, layout=CONTROL_LAYOUT)
