"""Real-browser test: Debian's Chromium, driven by Playwright, against a real JupyterLab started here.

A student opens the optimizers notebook (the student version, with the exercises filled in), runs all cells,
drags the optimizer race's alpha slider, plays the animation and toggles the EWMA bias correction; every
change must show on the live (ipympl) canvas, no instructor UI may be visible and the browser console must stay
free of errors. Screenshots land in tests/artifacts/browser/ (look at them).
"""

import json
import re
import shutil
import time
import urllib.request
from pathlib import Path

import browser_lab as L
import nbformat
import numpy as np
import pytest

from student_versions import NOTEBOOKS, ROOT, fill_in_solutions, make_student_version

ARTIFACTS = ROOT / "tests" / "artifacts" / "browser"
ASSIGNMENT = "06_optimizers"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # one worker runs the whole module in order: one JupyterLab and one Chromium, and the console check last
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not Path(L.CHROMIUM).exists(),
                       reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)"),
    pytest.mark.skipif(not (NOTEBOOKS / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").exists(),
                       reason=f"notebooks/{ASSIGNMENT} does not exist yet"),
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab (tests/browser_lab.py) serving the student version, with the instructor UI switched off."""
    tmp = tmp_path_factory.mktemp("lab")
    release = make_student_version(ASSIGNMENT, tmp)
    root = tmp / "student"
    shutil.copytree(release, root)
    fill_in_solutions(root / f"{ASSIGNMENT}.ipynb", NOTEBOOKS / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    for source in sorted(NOTEBOOKS.glob("*/*.ipynb")):  # every notebook's text, for the math-rendering test
        (root / "all" / source.name).parent.mkdir(exist_ok=True)
        shutil.copy2(source, root / "all" / source.name)
    with L.start_lab(root, tmp) as lab:
        yield lab


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=L.CHROMIUM, args=L.CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.console_errors = []
        pg.on("console", lambda msg: pg.console_errors.append(msg.text) if msg.type == "error" else None)
        pg.on("pageerror", lambda exc: pg.console_errors.append(f"page error: {exc}"))
        pg.goto(f"{lab['base']}/lab/tree/{ASSIGNMENT}.ipynb?token={lab['token']}")
        pg.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        try:
            L.run_all(pg, timeout=240)
        except AssertionError:
            pg.screenshot(path=str(ARTIFACTS / "run_all_timeout.png"))
            raise
        yield pg
        pg.screenshot(path=str(ARTIFACTS / "final.png"), full_page=False)
        browser.close()


def _explorer_with(pg, control):
    """The explorer box (a VBox holding a canvas) that contains the given control."""
    return control.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][.//canvas][1]")


def _canvas_png(box, name, timeout=20):
    """The explorer's canvas as an RGB array, once ipympl has drawn something on it (not blank)."""
    from PIL import Image

    canvas = box.locator("canvas").first
    canvas.scroll_into_view_if_needed()
    deadline = time.time() + timeout
    while True:
        canvas.screenshot(path=str(ARTIFACTS / name))
        pixels = np.asarray(Image.open(ARTIFACTS / name).convert("RGB"), dtype=float)
        if pixels.std() > 10 or time.time() > deadline:
            assert pixels.std() > 10, f"the canvas stayed blank ({name})"
            return pixels
        time.sleep(0.5)


def _changed(before, after):
    """True when a visible part of the figure changed (not just a pixel of anti-aliasing)."""
    return before.shape != after.shape or np.mean(np.any(np.abs(before - after) > 30, axis=-1)) > 0.002


def _canvas_after(box, before, name, timeout=30):
    """The canvas once it differs from `before`, or as it is after `timeout` seconds.

    The kernel draws each change and ipympl sends the picture back, so how soon it shows depends on the load on
    the machine (CI runs this beside the notebook tests): poll instead of sleeping a fixed time."""
    deadline = time.time() + timeout
    while True:
        after = _canvas_png(box, name)
        if _changed(before, after) or time.time() > deadline:
            return after
        time.sleep(0.5)


def _slider(pg, label):
    return pg.locator(".widget-slider", has=pg.locator(".widget-label", has_text=label)).first


def test_all_cells_ran_without_errors(page):
    prompts = page.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
    missing = [i for i, p in enumerate(prompts) if not re.search(r"\[\d+\]", p)]
    assert not missing, f"code cells {missing} of {len(prompts)} did not run (JupyterLab stops Run All at an error)"
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    tracebacks = [t for t in errors.all_inner_texts() if "Traceback" in t or "Error" in t]
    page.screenshot(path=str(ARTIFACTS / "after_run_all.png"))
    assert not tracebacks, tracebacks[:2]


def test_alpha_slider_changes_the_race(page):
    alpha = _slider(page, re.compile(r"^\s*(alpha|α|learning rate)", re.I))
    box = _explorer_with(page, alpha)
    before = _canvas_png(box, "optimizer_before.png")
    handle = alpha.locator(".noUi-handle, .ui-slider-handle").first
    handle.scroll_into_view_if_needed()
    hb = handle.bounding_box()
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move(hb["x"] + hb["width"] / 2 - 70, hb["y"] + hb["height"] / 2, steps=8)
    page.mouse.up()
    after = _canvas_after(box, before, "optimizer_after_alpha.png")
    assert _changed(before, after), "dragging alpha did not change the trajectory plot"


def test_play_animates_the_race(page):
    play = page.locator(".widget-play").first
    box = _explorer_with(page, play)
    before = _canvas_png(box, "animation_before.png")
    play.locator("button").first.click()
    after = _canvas_after(box, before, "animation_after.png")
    assert _changed(before, after), "pressing play did not animate the race"


def test_ewma_bias_correction_toggle(page):
    checkbox = page.locator(".widget-checkbox", has_text=re.compile("bias correction", re.I)).first
    box = _explorer_with(page, checkbox)
    before = _canvas_png(box, "ewma_before.png")
    checkbox.locator("input").click()
    after = _canvas_after(box, before, "ewma_after.png")
    assert _changed(before, after), "toggling bias correction did not change the EWMA plot"


def test_every_notebook_renders_its_math(page, lab):
    """JupyterLab's MathJax typesets every formula of every notebook: no MathJax error, no raw TeX left."""
    problems, counts = [], {}
    context = page.context.browser.new_context(viewport={"width": 1300, "height": 1000})
    try:
        for path in sorted(NOTEBOOKS.glob("*/*.ipynb")):
            pg = context.new_page()
            pg.goto(f"{lab['base']}/lab/tree/all/{path.name}?reset&token={lab['token']}")
            pg.wait_for_selector(".jp-Notebook .jp-MarkdownCell .jp-RenderedMarkdown", timeout=60_000)
            deadline, seen = time.time() + 30, -1
            while time.time() < deadline:  # typesetting is asynchronous: wait until the count settles
                n = pg.locator(".jp-RenderedMarkdown mjx-container").count()
                if n == seen and n > 0:
                    break
                seen = n
                time.sleep(1.5)
            counts[path.stem] = seen
            problems += [f"{path.stem}: MathJax error: {t}" for t in pg.locator("mjx-merror").all_inner_texts()]
            problems += [f"{path.stem}: raw TeX left: {t[:100]!r}" for t in
                         pg.locator(".jp-RenderedMarkdown").all_inner_texts() if "$$" in t or "\\frac" in t]
            pg.close()
    finally:
        context.close()
    with_math = {p.stem for p in NOTEBOOKS.glob("*/*.ipynb")
                 if any("$" in c.source for c in nbformat.read(p, as_version=4).cells if c.cell_type == "markdown")}
    assert all(counts[name] > 0 for name in with_math), counts  # a notebook with formulas shows them typeset
    assert not problems, problems[:5]


def test_no_instructor_ui(page, lab):
    text = page.locator("#jp-top-panel, #jp-menu-panel, .lm-MenuBar").all_inner_texts()
    assert not any(re.search("nbgrader|formgrader|assignment list|course list", t, re.I) for t in text), text
    assert page.locator(".validate-button, [data-command^='nbgrader']").count() == 0
    try:
        urllib.request.urlopen(f"{lab['base']}/formgrader?token={lab['token']}", timeout=5)
        reachable = True
    except OSError:
        reachable = False
    assert not reachable, "the formgrader page is served to students"


def test_console_has_no_errors(page):
    # Runs last in this module (pytest keeps file order): it sees every interaction above.
    (ARTIFACTS / "console_errors.json").write_text(json.dumps(page.console_errors, indent=1))
    assert not page.console_errors, page.console_errors[:5]
