"""Kernel memory per notebook: the resident set (RSS) of the kernel after Run All with the solutions in place.

Each course notebook (instructor version) runs top to bottom in its own fresh kernel (nbclient, one at a time),
then a last cell reads the kernel's VmRSS and VmHWM (peak) from /proc/self/status. Prints one row per notebook
against the goal (<= 150 MB each, so a student with all seven open fits in 1 GB). Not a test: it prints numbers.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/notebook_memory.py [notebook ids...]
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 150
PROBE = ("import gc; gc.collect()\n"
         "print({k: int(v.split()[0]) // 1024 for k, v in (l.split(':', 1) for l in open('/proc/self/status'))"
         " if k in ('VmRSS', 'VmHWM')})")


def measure(path):
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   allow_errors=False).execute()
    seconds = time.perf_counter() - t0
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    values = eval(text.strip(), {})  # the dict printed by PROBE
    return values["VmRSS"], values["VmHWM"], seconds


def main():
    wanted = sys.argv[1:]
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    print(f"{'notebook':<24} {'RSS MB':>7} {'peak MB':>8} {'run s':>6}   goal <= {GOAL_MB} MB")
    total = 0
    for path in sorted(ROOT.glob("notebooks/*/*.ipynb")):
        if wanted and path.stem not in wanted:
            continue
        rss, peak, seconds = measure(path)
        total += rss
        print(f"{path.stem:<24} {rss:7d} {peak:8d} {seconds:6.1f}   {'ok' if rss <= GOAL_MB else 'OVER'}", flush=True)
    print(f"{'all open together':<24} {total:7d}")


if __name__ == "__main__":
    main()
