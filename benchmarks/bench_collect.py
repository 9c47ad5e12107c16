"""collect on a 200-student download: seconds for a first collect, and for re-running it (nothing to change).

    .venv/bin/python benchmarks/bench_collect.py [--n 200] [--lms canvas|moodle]

Builds the fixture course (tests/fixtures) in a temporary folder and a download written the LMS's way
(tests/lms_downloads.py): every student's notebook (the fixture notebook plus --kb of plot output), every 5th student
with an older resubmission, every 7th LATE (Canvas); then times `python -m autograder collect` end to end (the
process, the gradebook included: it exists and knows the due date, as after `release`) and a second, idempotent
run. Goal: under 10 s for 200 students. (Moodle's download has no times: without the worksheet every
submission is reported as having none, so that run exits 1 by design.)
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "fixtures"))
sys.path.insert(0, str(REPO / "tests"))

FIRST = ["Élodie", "José", "Seán", "Ana", "Wei", "Amara", "Jan", "Zoë", "Mateus", "Ngozi", "Yuki", "Omar"]
LAST = ["Müller", "García", "O'Brien", "Silva", "王", "Okafor", "Nowak", "Dubois", "Souza", "Adeyemi", "佐藤", "Haddad"]


def download(path, lms_name, n, notebook, kb=0):
    import base64

    import lms_downloads as lms

    members = {}
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        plot = base64.b64encode(os.urandom(kb * 768)).decode()  # a PNG output's worth of incompressible text
        data = notebook.replace(b'"nbformat"', f'"student": {i}, "plot": "{plot}", "nbformat"'.encode(), 1)
        if lms_name == "canvas":
            name = lms.canvas_member(f"{last}, {first}", 50000 + i, 900000 + 2 * i, "fx_optim.ipynb", late=i % 7 == 0)
            members[name] = data
            if i % 5 == 0:
                older = lms.canvas_member(f"{last}, {first}", 50000 + i, 800000 + i, "fx_optim.ipynb")
                members[older] = data[:-1] + b" }"
        else:
            members[lms.moodle_member(f"{first} {last}", 1000 + i, "fx_optim.ipynb")] = data
    lms.write_zip(path, members)
    return len(members)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="number of students (200)")
    parser.add_argument("--lms", choices=["canvas", "moodle"], default="canvas")
    parser.add_argument("--kb", type=int, default=200, help="kB of plot output in each notebook (200)")
    args = parser.parse_args()

    import fixture_class as fc

    os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
    tmp = Path(tempfile.mkdtemp(prefix="bench-collect-"))
    try:
        root = fc.make_course(tmp)
        nb = json.dumps(json.loads((root / "notebooks" / "fx_optim" / "fx_optim.ipynb").read_text()), indent=1)
        members = download(tmp / "download.zip", args.lms, args.n, nb.encode(), args.kb)
        size = (tmp / "download.zip").stat().st_size
        env = dict(os.environ)
        # as after `release`: the gradebook exists and knows the due date (not timed)
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
            gb.update_or_create_assignment("fx_optim", duedate="2026-03-01 23:59:00")
        cmd = [sys.executable, "-m", "autograder", "--root", str(root), "collect", str(tmp / "download.zip"),
               "--timezone", "UTC", "--quiet"]
        print(f"collect benchmark: {args.lms} download, {args.n} students, {members} files, {size / 2**20:.1f} MiB")
        for label in ("first collect", "re-run (idempotent)"):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
            seconds = time.perf_counter() - t0
            if proc.returncode not in (0, 1) or (args.lms == "canvas" and proc.returncode):
                sys.exit(f"collect failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
            print(f"{label}: {seconds:.2f} s ({seconds / args.n * 1000:.1f} ms per student; goal < 10 s for 200)")
        got = len(list((root / "submitted").glob("*/fx_optim/fx_optim.ipynb")))
        print(f"students in submitted/: {got} of {args.n}")
        if got != args.n:
            sys.exit("some students were lost or merged")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
