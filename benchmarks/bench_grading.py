"""Grading speed: seconds per submission-notebook, and the speed-up of --jobs 2 over --jobs 1, on 20 submissions.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_grading.py [--n 20]

Builds the fixture course (tests/fixtures) in a temporary folder, releases it, writes N submissions (correct
answers and catalogued mistakes: no hostile ones, which cost their time limits by design) and grades them through
autograder.pipeline.grade with 1 and then 2 worker processes. Reference (measured on this course's prototype):
stock `nbgrader autograde` costs ~0.9 s per submission plus ~2 s per call; goal <= 1.5 s per submission-notebook.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "fixtures"))
sys.path.insert(0, str(REPO))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="number of submissions (20)")
    args = parser.parse_args()

    import fixture_class as fc

    from autograder.course import Course
    from autograder.pipeline import grade

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    tmp = Path(tempfile.mkdtemp(prefix="bench-grading-"))
    try:
        root = fc.make_course(tmp)
        subprocess.run([sys.executable, "-m", "autograder", "--root", str(root), "release", "--quiet"], check=True)
        fc.build_class(root)
        sources = sorted(p for p in (root / "submitted").iterdir()
                         if "correct" in p.name or "mistake" in p.name)
        for i in range(args.n):  # clone the benign submissions up to N students
            shutil.copytree(sources[i % len(sources)], root / "submitted" / f"student{i:02d}")
        for p in (root / "submitted").iterdir():
            if not p.name.startswith("student"):
                shutil.rmtree(p)
        course = Course(root)
        students = course.students(fc.ASSIGNMENT)
        print(f"grading {len(students)} submissions of {fc.ASSIGNMENT} "
              f"({len(fc.EXERCISES)} exercises, 8 test cells each); cores: {os.cpu_count()}")
        t0 = time.perf_counter()
        import nbgrader.api  # noqa: F401  (a one-off per run: nbgrader imports its server extensions)

        print(f"one-off per run: importing nbgrader's gradebook API took {time.perf_counter() - t0:.1f} s")
        walls = {}
        for jobs in (1, 2):
            t0 = time.perf_counter()
            results = grade(course, fc.ASSIGNMENT, students, jobs=jobs)
            walls[jobs] = time.perf_counter() - t0
            per = [r["seconds"] for r in results]
            failed = [r["student"] for r in results if r.get("error")]
            print(f"--jobs {jobs}: wall {walls[jobs]:.1f} s = {walls[jobs] / len(students):.2f} s per submission "
                  f"(inside a worker: median {statistics.median(per):.2f} s, max {max(per):.2f} s)"
                  + (f"; NOT GRADED: {failed}" if failed else ""))
        print(f"speed-up of --jobs 2 over --jobs 1: {walls[1] / walls[2]:.2f}x")
        goal = walls[1] / len(students)
        print(f"goal <= 1.5 s per submission-notebook on one core: {goal:.2f} s -> "
              f"{'met' if goal <= 1.5 else 'NOT met'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
