"""Latency of every explorer (headless, Agg): the time from setting a control's value to a finished redraw.

Each explorer is built, then each of its controls is moved through a spread of values; every change runs the
explorer's own observer (update + fig.canvas.draw()). Prints median and 95th percentile per explorer, and the
optimizer explorer's animation frame (moving the step slider) on its own. Not a test: it prints numbers.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/widget_latency.py
"""

import os
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import ipywidgets as W  # noqa: E402
import numpy as np  # noqa: E402

from autograder import registry  # noqa: E402

EXPLORERS = [(e.name, e.goal_ms) for e in registry.explorers()]  # (name, goal for the median in ms or None)
FRAME_GOAL = 20
SKIP = {"step"}  # the optimizer's step slider is measured separately as the animation frame


def spread(w, n=8):
    """Up to n values across a control's range, different from its current value."""
    def on_step(x, low, step):  # a browser only sends values on the slider's step grid
        return low + round((x - low) / step) * step

    if isinstance(w, W.FloatLogSlider):
        values = [w.base ** on_step(x, w.min, w.step) for x in np.linspace(w.min, w.max, n)]
    elif isinstance(w, (W.FloatSlider, W.IntSlider)):
        values = [on_step(x, w.min, w.step) for x in np.linspace(w.min, w.max, n)]
        if isinstance(w, W.IntSlider):
            values = sorted({int(v) for v in values})
    elif isinstance(w, W.Checkbox):
        values = [not w.value, w.value] * 2
    elif hasattr(w, "options"):
        options = [o[1] if isinstance(o, tuple) else o for o in w.options]
        values = options[1:] + options[:1]
    else:
        return []
    return values


def timed(set_value):
    """(wall ms, CPU ms of this process) of one control change."""
    w0, c0 = time.perf_counter(), time.process_time()
    set_value()
    return (time.perf_counter() - w0) * 1e3, (time.process_time() - c0) * 1e3


def drive(explorer, rounds=2):
    times, errors = [], []
    for name, w in explorer.controls.items():
        if name in SKIP:
            continue
        for _ in range(rounds):
            for v in spread(w):
                before = w.value
                try:
                    t = timed(lambda w=w, v=v: setattr(w, "value", v))
                except Exception as exc:  # an explorer bug: report it, keep measuring the others
                    errors.append(f"{name}={v!r}: {type(exc).__name__}: {exc}")
                    continue
                if w.value != before:
                    times.append(t)
    return np.array(times).reshape(-1, 2), errors


def row(label, times, goal, errors=()):
    if times.size == 0:
        print(f"{label:<40} {'no updates':>12}")
    else:
        wall, cpu = times[:, 0], times[:, 1]
        med, p95 = np.median(wall), np.percentile(wall, 95)
        verdict = "" if goal is None else ("ok" if med <= goal else "OVER")
        goal_text = "" if goal is None else f"<= {goal} ms"
        print(f"{label:<40} {med:9.1f} {p95:9.1f} {np.median(cpu):9.1f} {np.percentile(cpu, 95):9.1f} "
              f"{len(wall):5d}   {goal_text:<9} {verdict}")
    for e in errors[:3]:
        print(f"{'':<40} error: {e[:150]}")
    if len(errors) > 3:
        print(f"{'':<40} ... {len(errors) - 3} more errors")


def main():
    from dlcore import widgets

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"threads: OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}; backend Agg (no ipympl); "
          f"load average {load:.1f} on {os.cpu_count()} cores (wall times grow with load; CPU times much less)")
    print(f"{'explorer':<40} {'wall med':>9} {'wall p95':>9} {'cpu med':>9} {'cpu p95':>9} {'n':>5}   goal (wall)")
    for name, goal in EXPLORERS:
        factory = getattr(widgets, name, None)
        if factory is None:
            print(f"{name:<36} {'missing':>9}")
            continue
        t0 = time.perf_counter()
        try:
            explorer = factory().explorer
        except Exception as exc:  # report, keep going
            print(f"{name:<36} failed to build: {type(exc).__name__}: {exc}")
            continue
        build = time.perf_counter() - t0
        times, errors = drive(explorer)
        row(f"{name} (build {build:.1f} s)", times, goal, errors)
        if name == "optimizer_explorer":
            step = explorer.controls["step"]
            frames = []
            for _ in range(2):
                for k in range(step.max + 1):
                    frames.append(timed(lambda k=k, s=step: setattr(s, "value", k)))
            row("optimizer_explorer animation frame", np.array(frames[1:]), FRAME_GOAL)


if __name__ == "__main__":
    main()
