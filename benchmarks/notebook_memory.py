"""Kernel memory per notebook: the resident set (RSS) of the kernel after Run All with the solutions in place.

Each course notebook (instructor version) runs top to bottom in its own fresh kernel (nbclient, one at a time);
a probe cell after the setup cell (the imports) and one at the end read the kernel's VmRSS and VmHWM (peak) from
/proc/self/status. Prints one row per notebook against the goal (<= 150 MB each, so a student with all of them open
fits in about 1 GB). With --trace, tracemalloc runs in the kernel from the first cell and the largest live
allocations at the end are listed by the line that made them (what holds the memory; tracemalloc slows the run
and adds its own bookkeeping, so the RSS figures of a --trace run are not the table's). Not a test: it prints
numbers.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/notebook_memory.py [--trace N] [notebook ids...]
"""

import argparse
import ast
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
GOAL_MB = 150
RSS = ("import gc as _gc; _gc.collect()\n"
       "print({k: int(v.split()[0]) // 1024 for k, v in (l.split(':', 1) for l in open('/proc/self/status'))"
       " if k in ('VmRSS', 'VmHWM')})")
TRACE_START = "import tracemalloc as _tm; _tm.start(1)"
TRACE_TOP = ("import gc as _gc; _gc.collect()\n"
             "_top = _tm.take_snapshot().statistics('lineno')[:{n}]\n"
             "print([(str(s.traceback[0]), s.size // 1024) for s in _top])")


def _printed(cell):
    return ast.literal_eval("".join(o.get("text", "") for o in cell.outputs).strip())


def measure(path, trace=0):
    """{"imports": MB after the setup cell, "rss": MB at the end, "peak": MB, "seconds", "top": [(line, KB)]}."""
    nb = nbformat.read(path, as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    cells = nb.cells[:first + 1] + [nbformat.v4.new_code_cell(RSS)] + nb.cells[first + 1:]
    cells.append(nbformat.v4.new_code_cell(RSS))
    if trace:
        cells = [nbformat.v4.new_code_cell(TRACE_START)] + cells
        cells.append(nbformat.v4.new_code_cell(TRACE_TOP.format(n=trace)))
    nb.cells = cells
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   allow_errors=False).execute()
    probes = [c for c in nb.cells if c.source == RSS]
    out = {"imports": _printed(probes[0])["VmRSS"], "rss": _printed(probes[1])["VmRSS"],
           "peak": _printed(probes[1])["VmHWM"], "seconds": time.perf_counter() - t0, "top": []}
    if trace:
        out["top"] = _printed(nb.cells[-1])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", help="notebook ids (file stems); default: all")
    parser.add_argument("--trace", type=int, default=0, metavar="N",
                        help="list the N largest live allocations at the end (tracemalloc)")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'notebook':<24} {'imports MB':>10} {'RSS MB':>7} {'peak MB':>8} {'run s':>6}   goal <= {GOAL_MB} MB")
    total = 0
    for path in sorted(ROOT.glob("notebooks/*/*.ipynb")):
        if args.notebooks and path.stem not in args.notebooks:
            continue
        m = measure(path, args.trace)
        total += m["rss"]
        print(f"{path.stem:<24} {m['imports']:10d} {m['rss']:7d} {m['peak']:8d} {m['seconds']:6.1f}   "
              f"{'ok' if m['rss'] <= GOAL_MB else 'OVER'}", flush=True)
        for line, kb in m["top"]:
            print(f"    {kb / 1024:7.1f} MB  {line}")
    print(f"{'all open together':<24} {'':>10} {total:7d}")


if __name__ == "__main__":
    main()
