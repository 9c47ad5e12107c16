"""Binder-equivalent check (Docker is not available here): build a fresh virtual environment from binder/ alone,
run the postBuild steps, and execute every student notebook's setup and explorer cells in it."""

import os
import re
import shutil
import subprocess
import textwrap
import venv

import pytest

from student_versions import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("binder")]

EXPLORER_CELL = re.compile(r"\bwidgets\.\w+\(")

RUN_CELLS = textwrap.dedent("""
    import json, re, sys
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient

    failures, counts = [], {}
    for path in sorted(Path("release").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        keep = [c for c in nb.cells if c.cell_type == "code" and (
            c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "setup" or re.search(PATTERN, c.source))]
        nb.cells = keep
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        widgets = 0
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failures.append(f"{path.name}: {out['ename']}: {out['evalue']}\\n{cell.source[:200]}")
                if "application/vnd.jupyter.widget-view+json" in out.get("data", {}):
                    widgets += 1
        counts[path.name] = (len(keep), widgets)
    print(json.dumps({"failures": failures, "counts": counts}))
""").replace("PATTERN", repr(EXPLORER_CELL.pattern))


def _copy_repo(dest):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, files.stdout.split("\0")):
        src = ROOT / name
        if src.is_file() and not name.startswith("tests/"):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def test_binder_environment_builds_and_runs_the_explorers(tmp_path):
    repo = tmp_path / "repo"
    _copy_repo(repo)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "JUPYTER", "MPL"))}
    env.update(PATH=f"{bin_dir}:{env.get('PATH', '')}", HOME=str(tmp_path), OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", PIP_DISABLE_PIP_VERSION_CHECK="1")

    def run(*cmd, **kw):
        proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, **kw)
        assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        return proc.stdout

    run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt", timeout=900)
    run("bash", "binder/postBuild", timeout=600)

    # the student versions exist and carry no solutions or hidden tests
    notebooks = sorted((repo / "release").glob("*/*.ipynb"))
    assert len(notebooks) == len(list((ROOT / "notebooks").glob("*/*.ipynb"))) > 0
    for nb in notebooks:
        text = nb.read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text and "hidden=True" not in text

    # students' check imports without nbgrader; the instructor UI is off in this environment
    run(str(bin_dir / "python"), "-c", "import sys; sys.modules['nbgrader'] = None; from autograder import check")
    listing = subprocess.run([str(bin_dir / "jupyter"), "server", "extension", "list"], cwd=repo, env=env,
                             capture_output=True, text=True)
    combined = listing.stdout + listing.stderr
    assert re.search(r"nbgrader\.server_extensions\.formgrader\s+\S*disabled", combined), combined[-1500:]

    out = run(str(bin_dir / "python"), "-c", RUN_CELLS, timeout=900)
    import json

    result = json.loads(out.strip().splitlines()[-1])
    assert not result["failures"], "\n\n".join(result["failures"][:5])
    assert all(widgets >= 1 for _, widgets in result["counts"].values()), result["counts"]
