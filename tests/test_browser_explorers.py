"""Every explorer of every notebook in a real browser (Debian's Chromium via Playwright, JupyterLab, ipympl).

A generated notebook builds each explorer the registry lists, in the notebooks' order. For each one, with frames
loading slowly as on a loaded machine (a frame replaced before it has loaded is never shown): move every slider
with the keyboard (three quick arrow presses), click every checkbox, set every toggle and dropdown to its next
value, and press play where there is one. Once the kernel has handled every message the page sent and the canvas
has settled, its pixels must equal a full redraw of the same state in the kernel (savefig at the canvas's size).
The threshold is calibrated on the unmoved figures. Mismatches are saved as PNGs (browser | full redraw |
difference) under tests/artifacts/explorers/, with 1280 px screenshots of each explorer before and after its
moves. Layout at 1280 and 1440 px: no figure wider than the output area, slider tracks of 150 px or more, every
description shown whole, every control reachable by keyboard.
"""

import re
import time
from pathlib import Path

import browser_lab as L
import pytest

from autograder import registry

ARTIFACTS = L.ROOT / "tests" / "artifacts" / "explorers"
EXPLORERS = [e.name for e in registry.explorers()]  # every notebook's, in the notebooks' order
LEVEL, THRESHOLD = 24, 0.002  # a pixel differs when a channel is off by more than LEVEL; at most THRESHOLD of them
SLOW_FRAMES_MS = 150
QUIET = 0.3  # s without a paint, frame or kernel message after the last frame's loading delay: settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),  # one JupyterLab and one Chromium at a time, shared with test_browser
    pytest.mark.skipif(not Path(L.CHROMIUM).exists(), reason="Chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("explorers")
    root = tmp / "root"
    root.mkdir()
    L.explorer_notebook(root / "explorers.ipynb", EXPLORERS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    with L.start_lab(root, tmp) as lab, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=L.CHROMIUM, args=L.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(L.PAGE_HOOKS)
        page = context.new_page()
        page.goto(f"{lab['base']}/lab/tree/explorers.ipynb?token={lab['token']}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        L.run_all(page)
        probe = L.KernelProbe(lab["runtime"])
        try:
            yield {"page": page, "probe": probe, "tmp": tmp}
        finally:
            probe.close()
            browser.close()


def _cell(page, name):
    return page.locator(".jp-CodeCell").nth(1 + EXPLORERS.index(name))


def _canvas(page, name):
    return _cell(page, name).locator(".jupyter-matplotlib-canvas-div canvas").first


def _compare(s, name, label):
    """Share of differing pixels between the browser's canvas, as it stands once the kernel has handled every
    message the page sent (every move) and the canvas has settled, and a full redraw in the kernel; if the page
    sent a widget change while the redraw ran (one that ipywidgets held back), again."""
    page, canvas = s["page"], _canvas(s["page"], name)
    for _ in range(5):
        L.wait_settled(page, canvas, quiet=QUIET)
        sent = L.widget_updates_sent(page)
        shown = L.canvas_pixels(canvas)  # before the redraw (saving may make ipympl send one more frame)
        full = s["probe"].full_redraw(name, s["tmp"])  # runs after every message the kernel has been sent
        if L.widget_updates_sent(page) == sent:  # none held back (ipywidgets holds none once all are handled)
            break
    else:
        raise AssertionError(f"{name}: the page kept sending widget changes to the kernel")
    share = L.differing(shown, full, LEVEL)
    if share > THRESHOLD:
        L.save_mismatch(ARTIFACTS / f"mismatch_{name}_{label}.png", shown, full)
    return share


def test_unmoved_figures_calibrate_the_threshold(session):
    """No false alarms: right after Run All every canvas equals its full redraw far below the threshold."""
    shares = {name: _compare(session, name, "unmoved") for name in EXPLORERS}
    for name in EXPLORERS:
        cell = _cell(session["page"], name)
        cell.scroll_into_view_if_needed()
        cell.screenshot(path=str(ARTIFACTS / f"explorer_{name}_1280.png"))
    print(f"unmoved: largest share of differing pixels {max(shares.values()):.4%} (threshold {THRESHOLD:.2%})")
    assert max(shares.values()) <= THRESHOLD / 4, shares


def _moves(page, cell):
    """Every control of an explorer's cell used once, as a student would, yielding a label after each: each
    enabled slider three quick steps right (keyboard), each checkbox clicked, each toggle set to its next button,
    each dropdown to its next option, and where there is a play button: play, pause mid-run, stop."""
    sliders = cell.locator(".widget-slider")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        handle = slider.locator(".noUi-handle").first
        if handle.get_attribute("disabled") is not None or "disabled" in (slider.get_attribute("class") or ""):
            continue
        handle.scroll_into_view_if_needed()
        handle.focus()
        for key in ("ArrowRight", "ArrowRight", "ArrowRight"):
            page.keyboard.press(key)
        yield slider.locator(".widget-label").inner_text().strip()
    boxes = cell.locator(".widget-checkbox")
    for i in range(boxes.count()):
        boxes.nth(i).locator("input").click()
        yield "checkbox " + boxes.nth(i).inner_text().strip()
    toggles = cell.locator(".widget-toggle-buttons")
    for i in range(toggles.count()):
        buttons = toggles.nth(i).locator("button")
        active = [j for j in range(buttons.count()) if "mod-active" in (buttons.nth(j).get_attribute("class") or "")]
        following = buttons.nth(((active[0] if active else -1) + 1) % buttons.count())
        following.click()
        yield "toggle " + following.inner_text().strip()
    dropdowns = cell.locator(".widget-dropdown")
    for i in range(dropdowns.count()):
        select = dropdowns.nth(i).locator("select")
        if select.is_disabled():
            continue
        index = select.evaluate("s => (s.selectedIndex + 1) % s.options.length")
        select.select_option(index=index)
        yield "dropdown " + dropdowns.nth(i).locator(".widget-label").inner_text().strip()
    play = cell.locator(".widget-play button")  # play/pause, stop, repeat
    if play.count():
        play.first.click()
        time.sleep(1.0)
        play.first.click()
        yield "play, paused mid-run"
        play.nth(1).click()
        yield "stop (back to the start)"


def test_every_control_move_and_play_shows_a_full_redraw(session):
    """Frames loading slowly (a frame replaced before it has loaded is never shown): after every move the canvas
    must still end on the full redraw of the kernel's state."""
    page = session["page"]
    page.evaluate(f"window.__slowFrames = {SLOW_FRAMES_MS}")
    bad, moves = [], []
    try:
        for name in EXPLORERS:
            cell = _cell(page, name)
            for label in _moves(page, cell):
                moves.append((name, label))
                share = _compare(session, name, re.sub(r"\W+", "_", label))
                if share > THRESHOLD:
                    bad.append(f"{name} after {label!r}: {share:.3%} of the pixels differ")
            cell.screenshot(path=str(ARTIFACTS / f"explorer_{name}_1280_moved.png"))
    finally:
        page.evaluate("window.__slowFrames = 0")
    print(f"{len(moves)} moves, {len(bad)} mismatches")
    assert len({n for n, _ in moves}) == len(EXPLORERS), "an explorer without a control"
    assert L.widget_updates_sent(page) >= len(moves), "the page hooks missed the widget changes"
    assert not bad, "\n".join(bad) + f"\n(of {len(moves)} moves; see {ARTIFACTS})"


@pytest.mark.parametrize("width", [1280, 1440])
def test_layout_at_laptop_widths(session, width):
    page = session["page"]
    page.set_viewport_size({"width": width, "height": 900})
    time.sleep(1.0)
    problems = []
    for name in EXPLORERS:
        cell = _cell(page, name)
        cell.scroll_into_view_if_needed()
        report = cell.evaluate(L.LAYOUT_PROBE)
        for issue in report:
            problems.append(f"{name} at {width} px: {issue}")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, "\n".join(problems)
