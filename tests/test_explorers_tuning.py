"""Notebook 07's explorers: tuning coverage/scales/zoom and the babysitting dashboard."""

import warnings  # noqa: F401

import explorer_helpers as H
import numpy as np
import pytest

from dlcore import (
    tuning,
    widgets,  # noqa: F401
)

run_code = H.run_code
make = H.make

def test_tuning_panels_equal_dlcore_tuning():
    e = widgets.tuning_explorer().explorer
    e.controls["per_axis"].value = 4
    e.controls["top_k"].value = 4
    grid = tuning.grid_points(widgets.tuning.COVERAGE_SPACE if hasattr(widgets, "tuning") else None, 4)
    np.testing.assert_allclose(e.grid["points"].get_offsets(),
                               [[p["learning_rate"], p["epsilon"]] for p in grid])
    assert "4 distinct α" in e.ax_grid.get_title() and "16 distinct α" in e.ax_rand.get_title()
    ns, _ = run_code(e)
    assert ns["fine_space"] == e.result["fine_space"]
    _, lo, hi = ns["fine_space"]["learning_rate"]
    assert e.box.get_x() == pytest.approx(lo) and e.box.get_x() + e.box.get_width() == pytest.approx(hi)
    np.testing.assert_allclose(e.rows["α = 10**uniform(-4, 0)"].get_xdata(), ns["alpha_log"])


def test_babysitting_curves_equal_train_history():
    e = widgets.babysitting_explorer(precompute=False, epochs=40).explorer
    e.controls["learning_rate"].value = 0.1
    ns, _ = run_code(e)
    np.testing.assert_allclose(e.artists["cost"].get_ydata(), ns["history"].cost)
    np.testing.assert_allclose(e.artists["val_accuracy"].get_ydata(), ns["history"].val_accuracy)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        e.controls["learning_rate"].value = 10.0
        assert "too high" in e.title.get_text() and "diverged" in e.artists["stop_text"].get_text()
        e.controls["learning_rate"].value = 1e-4
    assert "too low" in e.title.get_text()



def test_every_step_of_the_grid_slider_changes_the_trials_and_the_titles_agree():
    e = widgets.tuning_explorer().explorer
    seen = set()
    for per_axis in range(e.controls["per_axis"].min, e.controls["per_axis"].max + 1):
        e.controls["per_axis"].value = per_axis
        n = per_axis ** 2
        assert len(e.grid["points"].get_offsets()) == n == len(e.rand["points"].get_offsets())
        assert f"{n} trials ({per_axis}×{per_axis})" in e.ax_grid.get_title()
        assert f"{n} trials" in e.ax_rand.get_title()
        seen.add(n)
    assert len(seen) == e.controls["per_axis"].max - e.controls["per_axis"].min + 1
    nb = (H.ROOT / "notebooks" / "07_tuning" / "07_tuning.ipynb").read_text()
    assert "grid points per axis" in nb  # the notebook names the slider the explorer shows
