# Two commands on a fresh machine with Python 3.11:  make lab   |   make test
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Tools the venv installs (jupyter, nbgrader's alembic) must be found by the subprocesses that need them.
export PATH := $(CURDIR)/$(BIN):$(PATH)
# One BLAS/OpenMP thread: the machines are shared, and two threads collapse under load.
THREADS := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 VECLIB_MAXIMUM_THREADS=1 NUMEXPR_NUM_THREADS=1
SOURCES := $(wildcard notebooks/*/*.ipynb)

.PHONY: lab student student-config test release bench binder-lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# Student versions (release/), rebuilt only when a source notebook changed; a release copy someone edited is first
# kept in release-edited/ (autograder/release_guard.py).
release/.built: $(SOURCES) | $(VENV)/.dev-installed
	$(BIN)/python -m autograder release
	touch $@

release: release/.built

# JupyterLab at the course root: notebooks/ (instructor versions) and release/ (student versions) side by side.
lab: $(VENV)/.dev-installed release/.built
	$(THREADS) $(BIN)/jupyter lab --notebook-dir=. --ServerApp.allow_root=True --LabApp.extension_manager=readonly

# The student view: release/ alone, without the instructor's nbgrader UI (as on Binder). nbgrader's JupyterLab and
# server extensions are switched off in a Jupyter config dir of its own, so `make lab` keeps them.
STUDENT_CONFIG ?= $(CURDIR)/.student-view

student-config:
	JUPYTER_CONFIG_DIR=$(STUDENT_CONFIG) $(BIN)/python binder/hide_instructor_ui.py --user

student: $(VENV)/.dev-installed release/.built student-config
	JUPYTER_CONFIG_DIR=$(STUDENT_CONFIG) $(THREADS) $(BIN)/jupyter lab --notebook-dir=release \
	  --ServerApp.allow_root=True --LabApp.extension_manager=readonly

test: $(VENV)/.dev-installed
	$(THREADS) $(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(VENV)/.dev-installed
	for f in benchmarks/*.py; do $(THREADS) $(BIN)/python $$f || exit 1; done

# binder/requirements.txt: the exact versions Binder installs, binder/requirements.in and everything it pulls in,
# resolved in a fresh environment (run after changing requirements.in; the binder test checks the lock is whole).
binder-lock:
	rm -rf .binder-lock && $(PYTHON) -m venv .binder-lock
	.binder-lock/bin/python -m pip install --quiet -r binder/requirements.in
	{ echo "# The lock of binder/requirements.in for Python 3.11 on Linux (made by \`make binder-lock\`; do not edit by hand)."; \
	  .binder-lock/bin/python -m pip freeze --all --exclude pip --exclude setuptools --exclude wheel; } > binder/requirements.txt
	rm -rf .binder-lock

clean:
	rm -rf $(VENV) release submitted autograded feedback reports gradebook.db .pytest_cache .student-view
