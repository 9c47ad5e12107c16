"""Perceived latency of every explorer in a real browser: key press on a slider to the canvas settling.

Starts JupyterLab and Debian's Chromium (Playwright), runs a generated notebook that builds every registered
explorer (tests/browser_lab.py), then for each slider a student can move presses the right arrow `--presses`
times and the left arrow as often, one press at a time. Each press is timed from just before the key event to the
last paint of the explorer's canvas once it has settled (browser_lab.press_to_settled: it waits for the first
frame however long the kernel takes, then for `--quiet` s without a paint; a drawImage hook stamps the paints).
The first presses of a slider reach values no one has visited (a training explorer trains then); the way back
revisits them. Prints median and worst per explorer against the goal (median <= 100 ms, worst <= 300 ms), the
slowest slider of each, and the load average. Not a test: it prints numbers.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/browser_latency.py [--code-root DIR] [--presses N] [names...]

--code-root imports dlcore and autograder from another checkout (e.g. `git archive` of an earlier commit), for
before/after tables. Run it alone (one Chromium at a time): `flock /tmp/chromium.lock python ...`.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import browser_lab as L  # noqa: E402
import numpy as np  # noqa: E402

from autograder import registry  # noqa: E402

GOAL_MEDIAN, GOAL_WORST = 100, 300


def slider_latencies(page, cell, presses, quiet):
    """{slider label: [ms per press that changed the value]} for one explorer's cell."""
    canvas = cell.locator(".jupyter-matplotlib-canvas-div canvas").first
    out = {}
    for label, slider in L.enabled_sliders(cell):
        handle = slider.locator(".noUi-handle").first
        handle.scroll_into_view_if_needed()
        handle.focus()
        readout = slider.locator(".widget-readout")
        times = [L.press_to_settled(page, canvas, readout, key, quiet=quiet)
                 for key in ["ArrowRight"] * presses + ["ArrowLeft"] * presses]
        out[label] = [t for t in times if t is not None]
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="explorers to measure (default: every registered one)")
    parser.add_argument("--code-root", default=str(L.ROOT))
    parser.add_argument("--presses", type=int, default=3)
    parser.add_argument("--quiet", type=float, default=0.5, help="seconds without a paint that count as settled")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    names = args.names or [e.name for e in registry.explorers()]
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
            # after Run All the kernel still draws every canvas's first frames: a press now would wait for them
            # (20 s seen on the first slider), which is no latency of that explorer
            for i in range(len(names)):
                canvas = page.locator(".jp-CodeCell").nth(1 + i).locator(".jupyter-matplotlib-canvas-div canvas")
                L.wait_settled(page, canvas.first, quiet=1.0, timeout=180)
            loads = [os.getloadavg()[0]]
            print(f"code: {args.code_root}; Chromium {browser.version}; {os.cpu_count()} cores; "
                  f"{args.presses} presses each way per slider; settled = no paint for {args.quiet} s")
            print(f"{'explorer':<30} {'presses':>7} {'median ms':>10} {'worst ms':>9}        slowest slider (median)"
                  f"   goal: median <= {GOAL_MEDIAN}, worst <= {GOAL_WORST}")
            every = []
            for i, name in enumerate(names):
                per_slider = slider_latencies(page, page.locator(".jp-CodeCell").nth(1 + i), args.presses,
                                              args.quiet)
                loads.append(os.getloadavg()[0])
                times = [t for ts in per_slider.values() for t in ts]
                every += times
                if not times:
                    print(f"{name:<30} {'no slider moved':>17}")
                    continue
                med, worst = np.median(times), max(times)
                slowest = max((k for k in per_slider if per_slider[k]), key=lambda k: np.median(per_slider[k]))
                ok = "ok  " if med <= GOAL_MEDIAN and worst <= GOAL_WORST else "OVER"
                print(f"{name:<30} {len(times):7d} {med:10.0f} {worst:9.0f}   {ok} {slowest!r} "
                      f"({np.median(per_slider[slowest]):.0f})", flush=True)
            print(f"{'all explorers':<30} {len(every):7d} {np.median(every):10.0f} {max(every):9.0f}")
            print(f"load average (1 min) during the run: {min(loads):.1f} .. {max(loads):.1f}")
            browser.close()


if __name__ == "__main__":
    main()
