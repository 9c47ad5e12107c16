"""The benchmark scripts still run and print their figures (tiny sizes; the figures themselves are not judged:
speed is read from the scripts' output, never asserted in a test)."""

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
ONE_THREAD = {var: "1" for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def run(script, *args):
    done = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **ONE_THREAD})
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_bench_dlcore_prints_its_ratios_and_parts():
    out = run("bench_dlcore.py", "--examples", "1024", "--repeats", "2", "--no-torch")
    for dtype in ("float64", "float32"):
        assert f"{dtype} median: dlcore" in out and "dlcore / bound =" in out
        assert f"{dtype} parts (median): forward+backward" in out and "adam rule" in out
        assert f"{dtype}: PyTorch comparison skipped (--no-torch)" in out
    assert out.startswith("dlcore epoch benchmark") and "machine: " in out


def test_bench_grading_prints_time_per_submission():
    out = run("bench_grading.py", "--n", "2")
    assert "s per submission" in out and "speed-up of --jobs 2 over --jobs 1" in out


def test_bench_collect_prints_its_times():
    out = run("bench_collect.py", "--n", "12", "--kb", "1")
    assert "first collect:" in out and "re-run (idempotent):" in out and "students in submitted/: 12 of 12" in out


def test_notebook_memory_prints_rss_per_notebook():
    out = run("notebook_memory.py", "04_gradient_checking")
    row = next(line for line in out.splitlines() if line.startswith("04_gradient_checking"))
    imports, rss, peak = (int(v) for v in row.split()[1:4])
    assert 20 < imports <= rss <= peak < 2000 and "goal <= 150 MB" in out and out.startswith("load average")


def test_browser_latency_loads_its_helpers():
    """The browser run needs Chromium and minutes; here only that the script and its browser_lab helpers import."""
    out = run("browser_latency.py", "--help")
    assert "--code-root" in out and "--presses" in out
