"""Perceived latency of every explorer in a real browser: key press on a slider to the canvas settling.

Starts JupyterLab and Debian's Chromium (Playwright), runs a generated notebook that builds every registered
explorer (tests/browser_lab.py), then for each slider presses the right arrow `--presses` times and the left arrow
as often, one press at a time; each press is timed from just before the key event to the last paint of the
explorer's canvas (a drawImage hook; settled = no paint for 0.6 s). Prints median and worst per explorer against
the goal (median <= 100 ms, worst <= 300 ms). Not a test: it prints numbers.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/browser_latency.py [--code-root DIR] [--presses N]

--code-root imports dlcore from another checkout (e.g. an export of an earlier commit, for before/after).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import browser_lab as L  # noqa: E402
import numpy as np  # noqa: E402

from autograder import registry  # noqa: E402

GOAL_MEDIAN, GOAL_WORST = 100, 300


def press_latencies(page, cell, presses):
    canvas = cell.locator(".jupyter-matplotlib-canvas-div canvas").first
    out = []
    sliders = cell.locator(".widget-slider")
    for i in range(sliders.count()):
        handle = sliders.nth(i).locator(".noUi-handle").first
        if handle.get_attribute("disabled") is not None:
            continue
        handle.scroll_into_view_if_needed()
        handle.focus()
        for key in ["ArrowRight"] * presses + ["ArrowLeft"] * presses:
            L.wait_settled(page, canvas, quiet=0.3)
            t0 = page.evaluate("performance.now()")
            page.keyboard.press(key)
            time.sleep(0.05)
            last = L.wait_settled(page, canvas, quiet=0.6, timeout=60)
            if last > t0:  # a value at the end of the range changes nothing
                out.append(last - t0)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code-root", default=str(L.ROOT))
    parser.add_argument("--presses", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = [e.name for e in registry.explorers()]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        root.mkdir()
        L.explorer_notebook(root / "explorers.ipynb", names)
        with L.start_lab(root, tmp, code_root=args.code_root) as lab, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=L.CHROMIUM, args=L.CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(L.PAGE_HOOKS)
            page = context.new_page()
            page.goto(f"{lab['base']}/lab/tree/explorers.ipynb?token={lab['token']}")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
            L.run_all(page)
            load = os.getloadavg()[0]
            print(f"code: {args.code_root}; Chromium {browser.version}; load average {load:.1f} on "
                  f"{os.cpu_count()} cores; {args.presses} presses each way per slider")
            print(f"{'explorer':<30} {'presses':>7} {'median ms':>10} {'worst ms':>9}   goal: median <= "
                  f"{GOAL_MEDIAN}, worst <= {GOAL_WORST}")
            every = []
            for i, name in enumerate(names):
                times = press_latencies(page, page.locator(".jp-CodeCell").nth(1 + i), args.presses)
                every += times
                if not times:
                    print(f"{name:<30} {'no slider':>7}")
                    continue
                med, worst = np.median(times), max(times)
                ok = "ok" if med <= GOAL_MEDIAN and worst <= GOAL_WORST else "OVER"
                print(f"{name:<30} {len(times):7d} {med:10.0f} {worst:9.0f}   {ok}", flush=True)
            print(f"{'all explorers':<30} {len(every):7d} {np.median(every):10.0f} {max(every):9.0f}")
            browser.close()


if __name__ == "__main__":
    main()
