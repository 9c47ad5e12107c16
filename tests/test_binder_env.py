"""Binder-equivalent check (Docker is not available here): build a fresh virtual environment from binder/ alone,
run the postBuild steps, and execute every student notebook in it, untouched: Run All reaches the end with no error
output at all (an unfinished exercise's check says "not done yet" without raising), the explorers show their widgets
and the closing summary counts 0 exercises passed."""

import os
import re
import shutil
import subprocess
import textwrap
import venv

import pytest

from student_versions import ROOT

BINDER = ROOT / "binder"


def _pins(path):
    """{normalised name: version} of the `name==version` lines of a requirements file."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"{path.name}: {line!r} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_the_binder_lock_pins_what_the_course_asks_for():
    """binder/requirements.txt (what Binder installs) keeps every pin of requirements.in, and satisfies the
    course's own requirements (the notebooks and grader extras), so `pip install --no-deps .` in postBuild works."""
    import tomllib

    from packaging.requirements import Requirement

    lock, wanted = _pins(BINDER / "requirements.txt"), _pins(BINDER / "requirements.in")
    assert {n: lock.get(n) for n in wanted} == wanted, "run `make binder-lock` after editing requirements.in"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in [*project["dependencies"], *project["optional-dependencies"]["notebooks"],
                 *project["optional-dependencies"]["grader"]]:
        req = Requirement(spec)
        if req.name == project["name"]:
            continue
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in lock, f"pyproject asks for {spec}; binder/requirements.txt does not install it"
        assert req.specifier.contains(lock[name], prereleases=True), f"{spec}: the lock has {lock[name]}"


RUN_NOTEBOOKS = textwrap.dedent("""
    import json
    from pathlib import Path
    import nbformat
    from nbclient import NotebookClient

    failures, widgets = [], {}
    for path in sorted(Path("release").glob("*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        widgets[path.name] = 0
        summary = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
        if not summary.startswith("0 of "):
            failures.append(f"{path.name}: the closing summary says {summary[:200]!r}")
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    failures.append(f"{path.name}: {out['ename']}: {out['evalue']}\\n{cell.source[:300]}")
                if "application/vnd.jupyter.widget-view+json" in out.get("data", {}):
                    widgets[path.name] += 1
    print(json.dumps({"failures": failures, "widgets": widgets}))
""")


def _copy_repo(dest):
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, files.stdout.split("\0")):
        src = ROOT / name
        if src.is_file() and not name.startswith("tests/"):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


@pytest.mark.slow
@pytest.mark.xdist_group("binder")
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

    # the lock alone, without resolving anything: a package it forgot would be missing, and pip check says so
    run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "-r", "binder/requirements.txt",
        timeout=900)
    run(str(bin_dir / "python"), "-m", "pip", "check")
    run("bash", "binder/postBuild", timeout=600)
    run(str(bin_dir / "python"), "-m", "pip", "check")

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

    out = run(str(bin_dir / "python"), "-c", RUN_NOTEBOOKS, timeout=1200)
    import json

    result = json.loads(out.strip().splitlines()[-1])
    assert not result["failures"], "\n\n".join(result["failures"][:5])
    assert all(n >= 1 for n in result["widgets"].values()), result["widgets"]

    # the README's Binder badge opens a student notebook that the build made
    urlpath = re.search(r"urlpath=lab/tree/([^)\s]+)", (ROOT / "README.md").read_text()).group(1)
    assert (repo / urlpath).is_file(), f"the README's Binder link opens {urlpath}, which the build did not make"

    # a published student repository builds on Binder too (it has no instructor sources and no release command),
    # and its own badge opens a notebook it has
    students = tmp_path / "students"
    run(str(bin_dir / "python"), "-m", "autograder", "publish", str(students), "--quiet", "--binder-repo", "uni/dnn")
    proc = subprocess.run(["bash", "binder/postBuild"], cwd=students, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, f"postBuild failed in the published repository:\n{proc.stderr[-3000:]}"
    urlpath = re.search(r"urlpath=lab/tree/([^)\s]+)", (students / "README.md").read_text()).group(1)
    assert (students / urlpath).is_file(), urlpath
    proc = subprocess.run([str(bin_dir / "python"), "-c", "import autograder, dlcore; from autograder import check; "
                           "print(autograder.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0 and "site-packages" in proc.stdout, proc.stdout + proc.stderr
