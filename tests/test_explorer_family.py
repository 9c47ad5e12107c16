"""The explorer family (dlcore/widgets/explorer.py, background.py, controls.py): every live frame equals a full
redraw, the conventions every explorer follows (keyword-only update/code, rng=, one DPI, width, controls), the
render lock, the busy note and the headless fallbacks."""

import gc
import inspect
import threading
import time
import warnings

import explorer_helpers as H
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from autograder import registry
from dlcore import widgets
from dlcore.widgets import controls, explorer
from dlcore.widgets.background import Background

NAMES = [e.name for e in registry.explorers()]


def test_every_registered_explorer_has_small_test_settings():
    assert sorted(H.SMALL) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_live_frame_equals_a_full_redraw(name):
    """Move every control across its range; after each move the canvas (the cached background plus the live
    artists) must show exactly what a complete redraw of the same state shows."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, e = H.make(name)
        moves = 0
        for control_name, control in e.controls.items():
            for v in H.control_values(control):
                if v == control.value:
                    continue
                control.value = v  # the observer updates and draws (live path)
                moves += 1
                share = H.differing(H.screen(e.fig), H.full_redraw(e.fig))
                assert share < 1e-4, f"{name}: {share:.4%} of the pixels differ after {control_name}={v!r}"
    assert moves >= len(e.controls)


def _figure_with_a_legend_over_a_moving_line(with_background):
    fig = Figure(figsize=(4, 3), dpi=60)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot([0, 1], [0.5, 0.5], color="k", lw=6, zorder=3, label="static, above")
    (moving,) = ax.plot([0, 1], [0, 1], color="r", lw=10, label="moving")
    ax.legend(loc="upper left", framealpha=1)
    ax.text(0.5, 0.9, "note", transform=ax.transAxes, fontsize=14, bbox=dict(fc="w"))
    fig.suptitle("title")
    if with_background:
        Background(fig, [moving])
    return fig, ax, moving


def test_static_artists_above_a_moving_one_stay_above_it():
    """The bug of the old cache: a legend, a thick static line of higher zorder and the spines were painted
    first, so the moving line covered them. Both figures follow the same moves; pixels must agree exactly."""
    (f1, a1, m1), (f2, a2, m2) = (_figure_with_a_legend_over_a_moving_line(b) for b in (False, True))
    for xlim, y in (((0, 1), [1, 0]), ((0, 1), [0.9, 0.95]), ((-1, 2), [0.5, 0.5]), ((0, 1), [1.2, -0.3])):
        for ax, line, fig in ((a1, m1, f1), (a2, m2, f2)):
            ax.set_xlim(*xlim)
            line.set_ydata(y)
            fig.canvas.draw()
        assert H.differing(H.screen(f1), H.screen(f2), level=2) == 0
    f2.canvas.draw()  # again from the cache
    assert H.differing(H.screen(f1), H.screen(f2), level=2) == 0


def test_savefig_and_draw_without_rendering_take_the_normal_path():
    fig, ax, moving = _figure_with_a_legend_over_a_moving_line(True)
    fig.canvas.draw()
    moving.set_ydata([0.2, 0.4])
    fig.draw_without_rendering()  # must not poison the cache with a blank buffer
    fig.canvas.draw()
    assert H.differing(H.screen(fig), H.full_redraw(fig), level=2) == 0


def test_a_dynamic_artist_must_be_drawn_by_the_figure():
    fig = Figure()
    ax = fig.subplots()
    legend = ax.legend(handles=ax.plot([0, 1], [0, 1], label="a"))
    with pytest.raises(ValueError, match="dynamic"):
        Background(fig, [legend.get_texts()[0]])  # part of the legend, not a child of the axes


def test_live_frames_are_sent_whole():
    """ipympl's diff frames lose pixels when a frame replaces one the browser has not loaded: every frame drawn
    through the background asks for a full image."""
    fig, _, moving = _figure_with_a_legend_over_a_moving_line(True)
    fig.canvas._force_full = False
    for y in ([0, 1], [1, 0]):
        moving.set_ydata(y)
        fig.canvas.draw()
        assert fig.canvas._force_full is True
        fig.canvas._force_full = False


def test_updates_and_draws_never_overlap():
    """JupyterLab may deliver widget messages on another thread: refreshes are serialised by the render lock."""
    e = widgets.ewma_explorer().explorer
    inside, overlaps = [0], []
    original = e.update

    def slow_update(**values):
        inside[0] += 1
        overlaps.append(inside[0])
        time.sleep(0.02)
        original(**values)
        inside[0] -= 1

    e.update = slow_update
    threads = [threading.Thread(target=e.refresh) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert overlaps == [1, 1, 1, 1]


def test_busy_note_shows_while_an_explorer_trains():
    _, e = H.make("regularization_explorer")
    seen = []
    original = e.update

    def update(**values):
        seen.append(e.status.value)
        original(**values)

    e.update = update
    e.controls["lambd"].value = 0.1  # not trained yet
    assert "training" in seen[-1] and e.status.value == ""
    e.controls["lambd"].value = 0.0  # cached: no note
    assert seen[-1] == ""


@pytest.mark.parametrize("name", NAMES)
def test_family_conventions(name):
    factory = getattr(widgets, name)
    _, e = H.make(name)
    assert isinstance(e, explorer.Explorer)
    for method in (e.update, e.code):
        kinds = {p.kind for p in inspect.signature(method).parameters.values()}
        assert kinds <= {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}, f"{name}.{method.__name__}"
    params = inspect.signature(type(e).__init__).parameters
    assert "seed" not in params, f"{name}: randomness is rng= (SPEC 7)"
    assert e.fig.dpi == explorer.DPI and e.fig.get_figwidth() <= explorer.MAX_WIDTH
    assert isinstance(e.background, Background)
    for control_name, control in e.controls.items():
        assert control.description, f"{name}.{control_name} has no description"
        assert control.style.description_width == "initial", f"{name}.{control_name}: description cut"
        if hasattr(control, "readout"):
            assert control.layout.width == "100%", f"{name}.{control_name}: the slider must fill its cell"
    assert factory.__doc__


def test_figures_wider_than_the_output_area_are_refused():
    with pytest.raises(ValueError, match="figsize"):
        explorer.new_figure((14, 4))


def test_control_grid_cells_leave_room_for_a_150_px_track():
    assert controls.CELL_PX >= 150 + 200 + 70  # the longest description (about 200 px) and a readout


@pytest.mark.slow
def test_no_figure_leaks_when_sliders_move():
    before = set(plt.get_fignums())
    _, e = H.make("ewma_explorer")
    _, o = H.make("optimizer_explorer")
    gc.collect()
    n_figs = sum(isinstance(x, Figure) for x in gc.get_objects())
    for i in range(12):
        e.controls["beta"].value = 0.5 + 0.03 * i
        o.controls["step"].value = i
        o.controls["learning_rate"].value = 0.01 + 0.003 * i
    gc.collect()
    assert sum(isinstance(x, Figure) for x in gc.get_objects()) == n_figs
    assert set(plt.get_fignums()) == before


def test_updates_change_data_and_never_add_artists():
    _, r = H.make("capacity_explorer")
    n_artists = len(r.ax_cap.get_children())
    for i in range(6):
        r.controls["degree"].value = i % 8
    assert len(r.ax_cap.get_children()) == n_artists


def test_works_without_ipympl_and_without_a_kernel(monkeypatch):
    assert not explorer.ipympl_active()
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: shown.append(a))
    w = widgets.schedule_explorer()
    assert w.explorer._live is False and w.explorer._out in w.children
    w.explorer.controls["base"].value = 0.9
    assert shown == []  # no kernel: nothing is pushed to an output area
    # a backend that claims to be ipympl but gives a plain canvas still falls back to the output area
    monkeypatch.setattr(explorer, "ipympl_active", lambda: True)
    e = widgets.ewma_explorer().explorer
    assert e._live is False


@pytest.mark.parametrize("name", NAMES)
def test_show_code_runs(name):
    w, e = H.make(name)
    button = next(c for box in w.children if hasattr(box, "children") for c in box.children
                  if getattr(c, "description", "") == "Show code")
    button.click()  # prints into the code output area (outside a kernel it goes to stdout); must not fail
    if name not in ("batchnorm_explorer", "init_explorer", "regularization_explorer", "early_stopping_explorer"):
        H.run_code(e)
    assert np.asarray(e.fig.canvas.buffer_rgba()).std() > 0


def test_webagg_canvases_send_every_frame_whole():
    """Whichever path draws (a live frame, a save, a resize), the frame ipympl sends is a full image."""
    from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore

    fig = Figure(figsize=(3, 2), dpi=50)
    canvas = FigureCanvasWebAggCore(fig)
    (line,) = fig.subplots().plot([0, 1], [0, 1])
    Background(fig, [line])
    for y in ([0, 1], [1, 0], [1, 0]):
        line.set_ydata(y)
        FigureCanvasAgg.draw(canvas)  # the Agg part of its draw (the manager that sends it is absent here)
        canvas._force_full = False  # as a path that does not ask for a full frame leaves it
        canvas._png_is_old = True
        canvas.get_diff_image()
        assert canvas._current_image_mode == "full"
